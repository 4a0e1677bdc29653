"""/api/v1/plan/measures and /api/v1/plan/objectives/{id}/check-ins: every role reads, only the
objective's owner records a check-in (403 for anyone else, 400 for bad input, nothing written)."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from childtrust.accounts.models import ApiTokenScope, User
from childtrust.accounts.services import api_token_create
from childtrust.strategy.models import CheckIn, MeasureSource
from childtrust.strategy.selectors.measures import months_open
from tests.api.conftest import ApiClient
from tests.conftest import ALL_ROLES
from tests.factories import AnsweredFeedbackFactory, UserFactory
from tests.strategy.factories_measures import (
    Setting,
    indicator_with_figures,
    measure,
    plan_with_objective,
    reading,
)

pytestmark = pytest.mark.django_db

THIS_MONTH, _ = months_open(timezone.localdate())


@pytest.fixture
def setting() -> Setting:
    return plan_with_objective()


def writing_token(user: User) -> str:
    _, raw = api_token_create(user=user, name="test", scope=ApiTokenScope.READ_WRITE)
    return raw


def post(token: str, path: str, body: object) -> Any:
    return Client().post(
        f"/api/v1{path}",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_reads_the_measures_and_check_ins(
    setting: Setting, role: str, api_client_for: Callable[[str], ApiClient]
) -> None:
    made = measure(setting.objective)
    api = api_client_for(role)

    statuses = [
        api.get("/plan/measures").status_code,
        api.get(f"/plan/measures/{made.pk}").status_code,
        api.get(f"/plan/objectives/{setting.objective.pk}/check-ins").status_code,
    ]

    assert statuses == [200, 200, 200]


def test_the_list_gives_each_measure_with_its_actual_target_and_status(
    setting: Setting, api_client_for: Callable[[str], ApiClient]
) -> None:
    indicator = indicator_with_figures(value=3.6, lower=3.1, upper=4.1)
    measure(setting.objective, title="From the indicator", source="indicator", indicator=indicator)
    off = measure(setting.objective, title="By hand")
    reading(off, 3.95, datetime.date(2026, 6, 30))

    body = api_client_for("practitioner").get("/plan/measures").json()

    assert body["count"] == 2
    first, second = body["items"]
    assert (first["title"], first["status"]) == ("By hand", "off trajectory")
    assert second["actual"]["lower_95"] == 3.1
    assert second["target"] == 3.8
    assert second["status"] == "on trajectory"
    assert "includes the 2026-27 target" in second["status_reason"]


def test_one_measure_has_its_trajectory_and_readings(
    setting: Setting, api_client_for: Callable[[str], ApiClient]
) -> None:
    made = measure(setting.objective, source=MeasureSource.MANUAL)
    reading(made, 3.7, datetime.date(2026, 6, 30))

    body = api_client_for("auditor").get(f"/plan/measures/{made.pk}").json()

    assert [t["year"] for t in body["trajectory"]] == [
        "2026-27",
        "2027-28",
        "2028-29",
        "2029-30",
        "2030-31",
    ]
    assert body["readings"] == [
        {"value": 3.7, "measured_on": "2026-06-30", "source": "School census"}
    ]


def test_a_missing_measure_or_objective_is_404(
    setting: Setting, api_client_for: Callable[[str], ApiClient]
) -> None:
    api = api_client_for("practitioner")

    assert api.get("/plan/measures/999").status_code == 404
    assert api.get("/plan/objectives/999/check-ins").status_code == 404


def test_the_owner_records_a_check_in(setting: Setting, token_for: Callable[[User], str]) -> None:
    response = post(
        writing_token(setting.owner),
        f"/plan/objectives/{setting.objective.pk}/check-ins",
        {"month": THIS_MONTH.isoformat(), "confidence": 3, "happened": "Clinics opened."},
    )

    assert response.status_code == 201
    assert response.json()["confidence_words"] == "Moderate"
    assert CheckIn.objects.get().recorded_by == setting.owner


@pytest.mark.parametrize("role", ALL_ROLES)
def test_anyone_but_the_owner_is_refused_403(setting: Setting, role: str) -> None:
    other = UserFactory(username=f"api-other-{role}", role=role)

    response = post(
        writing_token(other),
        f"/plan/objectives/{setting.objective.pk}/check-ins",
        {"month": THIS_MONTH.isoformat(), "confidence": 3, "happened": "Clinics opened."},
    )

    assert response.status_code == 403
    assert not CheckIn.objects.exists()


def test_bad_input_is_refused_400_with_every_reason(
    setting: Setting,
) -> None:
    response = post(
        writing_token(setting.owner),
        f"/plan/objectives/{setting.objective.pk}/check-ins",
        {"month": "2020-01-01", "confidence": 6, "happened": ""},
    )

    detail = response.json()["detail"]
    assert response.status_code == 400
    assert "earlier months are closed" in detail
    assert "from 1 (very low) to 5 (very high)" in detail
    assert "Enter what happened this month" in detail
    assert not CheckIn.objects.exists()


def test_a_body_of_the_wrong_shape_is_refused(
    setting: Setting,
) -> None:
    response = post(
        writing_token(setting.owner),
        f"/plan/objectives/{setting.objective.pk}/check-ins",
        {"month": "not a date", "confidence": "high"},
    )

    assert response.status_code in (400, 422)
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_staff_voice_figure_is_withheld_from_those_who_may_not_see_it(
    setting: Setting, role: str, api_client_for: Callable[[str], ApiClient]
) -> None:
    AnsweredFeedbackFactory.create_batch(2)
    made = measure(
        setting.objective,
        title="Feedback answered in time",
        direction="higher",
        baseline=50.0,
        targets=(90.0, 91.0, 92.0, 93.0, 94.0),
        source=MeasureSource.FEEDBACK_ON_TIME,
    )
    api = api_client_for(role)

    listed = api.get("/plan/measures").json()["items"][0]
    one = api.get(f"/plan/measures/{made.pk}").json()

    for body in (listed, one):
        assert (body["title"], body["baseline"]) == ("Feedback answered in time", 50.0)
        if role in {"strategic_lead", "partnership_admin", "workforce_manager"}:
            assert body["actual"]["value"] == 100
            assert (body["status"], body["target"], body["improving"]) == (
                "on trajectory",
                90.0,
                True,
            )
        else:
            assert (body["actual"], body["target"], body["improving"]) == (None, None, None)
            assert body["status"] == "not shown"
            assert body["status_reason"] == ("Shown only to those who may see staff-voice results.")
    assert [t["value"] for t in one["trajectory"]] == [90.0, 91.0, 92.0, 93.0, 94.0]


def test_the_schema_lists_every_status() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    statuses = schema["components"]["schemas"]["TrajectoryStatus"]["enum"]

    assert statuses == [
        "on trajectory",
        "ahead of trajectory",
        "off trajectory",
        "not yet measured",
        "not shown",
    ]
