"""/api/v1/vision and /api/v1/outcomes: the shared vision and the outcomes framework."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from childtrust.core.permissions import Capability
from tests.api.conftest import ApiClient
from tests.api.refusals import assert_refused_without
from tests.factories import (
    AgencyFactory,
    CommitmentFactory,
    FrameworkIndicatorFactory,
    OutcomeFactory,
    PriorityFactory,
    VisionStatementFactory,
)

pytestmark = pytest.mark.django_db


def test_vision_gives_the_newest_version(api: ApiClient) -> None:
    VisionStatementFactory(version=1, text="Old words.")
    VisionStatementFactory(
        version=2,
        text="Every child safe, healthy and happy.",
        adopted_on=datetime.date(2025, 3, 14),
        adopted_by="Children's Trust Board",
    )

    response = api.get("/vision")

    assert response.status_code == 200
    assert response.json() == {
        "version": 2,
        "text": "Every child safe, healthy and happy.",
        "adopted_on": "2025-03-14",
        "adopted_by": "Children's Trust Board",
    }


def test_vision_before_any_is_adopted_is_404_with_a_message(api: ApiClient) -> None:
    response = api.get("/vision")

    assert response.status_code == 404
    assert response.json() == {"detail": "The partnership has not yet adopted a vision statement."}


def test_outcomes_give_priorities_indicators_and_committed_agencies_in_order(
    api: ApiClient,
) -> None:
    safe = OutcomeFactory(name="Stay safe", slug="stay-safe", position=2)
    healthy = OutcomeFactory(
        name="Be healthy", slug="be-healthy", position=1, description="Physical and mental health."
    )
    teeth = PriorityFactory(outcome=healthy, title="Fewer children with tooth decay", position=1)
    FrameworkIndicatorFactory(priority=teeth, name="Decay at age 5", description="Per cent.")
    CommitmentFactory(
        priority=teeth,
        agency=AgencyFactory(name="Community dental service", slug="dental"),
        contribution="Fluoride varnish in nurseries.",
    )
    CommitmentFactory(priority=teeth, agency=AgencyFactory(name="Bridgeford Council", slug="bcc"))
    PriorityFactory(outcome=safe, title="Fewer repeat referrals")

    response = api.get("/outcomes")

    assert response.status_code == 200
    body = response.json()["items"]
    assert [o["name"] for o in body] == ["Be healthy", "Stay safe"]
    assert body[0]["description"] == "Physical and mental health."
    priority = body[0]["priorities"][0]
    assert priority["title"] == "Fewer children with tooth decay"
    assert [(i["name"], i["description"]) for i in priority["indicators"]] == [
        ("Decay at age 5", "Per cent.")
    ]
    assert priority["commitments"] == [
        {
            "agency": {"slug": "bcc", "name": "Bridgeford Council", "short_name": ""},
            "contribution": "We will play our part.",
        },
        {
            "agency": {"slug": "dental", "name": "Community dental service", "short_name": ""},
            "contribution": "Fluoride varnish in nurseries.",
        },
    ]
    assert body[1]["priorities"][0]["commitments"] == []
    assert body[1]["priorities"][0]["indicators"] == []


def test_outcomes_cost_the_same_few_queries_however_large_the_framework(
    api: ApiClient, django_assert_max_num_queries: Callable[[int], Any]
) -> None:
    for _ in range(5):
        outcome = OutcomeFactory()
        for _ in range(3):
            priority = PriorityFactory(outcome=outcome)
            FrameworkIndicatorFactory.create_batch(2, priority=priority)
            CommitmentFactory.create_batch(2, priority=priority)

    # Token, last-used mark, the count, then outcomes, priorities, indicators and commitments.
    with django_assert_max_num_queries(7):
        response = api.get("/outcomes")

    assert len(response.json()["items"]) == 5


@pytest.mark.parametrize(
    ("path", "sentence"),
    [("/vision", "see the vision"), ("/outcomes", "see the outcomes framework")],
)
def test_the_vision_and_framework_are_refused_to_a_role_that_may_not_read_the_partnership(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch, path: str, sentence: str
) -> None:
    VisionStatementFactory()
    assert_refused_without(
        Capability.VIEW_PARTNERSHIP,
        api=api,
        path=path,
        sentence=sentence,
        monkeypatch=monkeypatch,
    )
