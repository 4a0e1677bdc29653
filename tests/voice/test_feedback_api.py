"""The feedback API: 'You said, we did' for every API user, response times for those who follow
staff voice."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.accounts.services import api_token_create
from childtrust.voice.models import FeedbackReach
from tests.factories import (
    AgencyFactory,
    AnsweredFeedbackFactory,
    FeedbackFactory,
    PublishedFeedbackFactory,
    StaffMemberFactory,
    UserFactory,
)
from tests.voice.feedback_setup import freeze_today

pytestmark = pytest.mark.django_db

STAFF_VOICE_ROLES = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN, Role.WORKFORCE_MANAGER}


def _get(path: str, *, role: str = Role.PRACTITIONER, **params: Any) -> Any:
    user: User = UserFactory(role=role)
    _, token = api_token_create(user=user, name="test")
    return Client().get(f"/api/v1{path}", params, headers={"Authorization": f"Bearer {token}"})


def test_published_feedback_is_listed_without_names_and_with_its_readers() -> None:
    raiser = StaffMemberFactory(given_name="Priya", family_name="Shah")
    agency = AgencyFactory(slug="community-health")
    published = PublishedFeedbackFactory(raised_by=raiser, agency=agency, subject="Quiet rooms")
    FeedbackReach.objects.create(feedback=published, staff=raiser, read_at=timezone.now())
    AnsweredFeedbackFactory(subject="Not published")

    response = _get("/feedback/published")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["subject"] == "Quiet rooms"
    assert item["about"] == "community-health"
    assert item["readers"] == 1
    assert "Shah" not in response.content.decode()


def test_published_feedback_needs_a_token() -> None:
    assert Client().get("/api/v1/feedback/published").status_code == 401


@pytest.mark.parametrize("role", list(Role))
def test_response_times_are_for_those_who_follow_staff_voice(role: str) -> None:
    response = _get("/feedback/response-times", role=role)
    assert response.status_code == (200 if role in STAFF_VOICE_ROLES else 403)


def test_response_times_give_the_figures_and_the_overdue_with_owners(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    freeze_today(monkeypatch, datetime.date(2025, 5, 9))
    PublishedFeedbackFactory(
        raised_on=datetime.date(2025, 4, 17),
        respond_by=datetime.date(2025, 5, 6),
        responded_at=datetime.datetime(2025, 4, 25, 12, tzinfo=datetime.UTC),
    )
    owner = StaffMemberFactory(job_title="Chief nurse", agency=AgencyFactory(slug="health"))
    late = FeedbackFactory(owner=owner, respond_by=datetime.date(2025, 5, 7))

    body = _get("/feedback/response-times", role=Role.STRATEGIC_LEAD).json()

    assert body["target_working_days"] == 10
    assert (body["responded"], body["within_target"], body["open"]) == (1, 1, 1)
    assert body["median_working_days"] == 4
    assert body["share_within_target"] == 100
    [overdue] = body["open_past_target"]
    assert overdue["id"] == late.pk
    assert overdue["owner"] == {
        "name": owner.full_name,
        "job_title": "Chief nurse",
        "agency": "health",
    }
    assert overdue["working_days_over"] == 2
    assert len(body["reach"]) == 1
