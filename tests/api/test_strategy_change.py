"""/api/v1/plan/risks, /plan/decisions and /plan/change-programme: read by every role, as on the
pages, refused (403) once a role may not see the strategy, 404 for what is not there."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from childtrust.core.permissions import Capability
from childtrust.strategy.models import ChangeStage, KotterStage, Objective
from tests.api.conftest import ApiClient
from tests.api.refusals import assert_refused_without
from tests.conftest import ALL_ROLES
from tests.factories import StaffMemberFactory
from tests.resources.factories_appraisal import AppraisalFactory
from tests.strategy.factories_change import (
    ClosedRiskFactory,
    DecidedDecisionFactory,
    DecisionFactory,
    MeetingFactory,
    PlanFactory,
    RiskFactory,
    rate_every_stage,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PATHS = ["/plan/risks", "/plan/decisions", "/plan/change-programme"]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_reads_the_change_programme(
    role: str, api_client_for: Callable[[str], ApiClient]
) -> None:
    PlanFactory()
    risk = RiskFactory()
    decision = DecisionFactory()
    api = api_client_for(role)

    for path in [*PATHS, f"/plan/risks/{risk.pk}", f"/plan/decisions/{decision.pk}"]:
        assert api.get(path).status_code == 200, path


@pytest.mark.parametrize("path", [*PATHS, "/plan/risks/1", "/plan/decisions/1"])
def test_a_role_that_may_not_see_the_strategy_is_refused(
    path: str, api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_refused_without(
        Capability.VIEW_STRATEGY,
        api=api,
        path=path,
        sentence="see the change programme",
        monkeypatch=monkeypatch,
    )


def test_the_register_lists_open_risks_by_residual_score_then_closed_ones(api: ApiClient) -> None:
    low = RiskFactory(residual_likelihood=1, residual_impact=1)
    high = RiskFactory(
        residual_likelihood=4, residual_impact=4, review_on=TODAY - datetime.timedelta(days=1)
    )
    closed = ClosedRiskFactory()

    everything = api.get("/plan/risks").json()
    open_only = api.get("/plan/risks", {"status": "open"}).json()
    closed_only = api.get("/plan/risks", {"status": "closed"}).json()

    assert [r["reference"] for r in everything["items"]] == [
        high.reference,
        low.reference,
        closed.reference,
    ]
    assert everything["count"] == 3
    assert [r["id"] for r in open_only["items"]] == [high.pk, low.pk]
    assert [r["id"] for r in closed_only["items"]] == [closed.pk]
    first = everything["items"][0]
    assert first["residual"] == {"likelihood": 4, "impact": 4, "score": 16, "band": "very high"}
    assert first["review_overdue"] is True
    assert everything["items"][1]["review_overdue"] is False
    assert api.get("/plan/risks", {"status": "gone"}).status_code == 422


def test_a_risk_gives_its_objectives_and_a_missing_one_is_404(api: ApiClient) -> None:
    owner = StaffMemberFactory()
    objective = Objective.objects.create(plan=PlanFactory(), title="Teeth", owner=owner)
    risk = RiskFactory(cause="Dentists leave.")
    risk.objectives.set([objective])

    body = api.get(f"/plan/risks/{risk.pk}").json()

    assert body["cause"] == "Dentists leave."
    assert body["objectives"] == [{"id": objective.pk, "title": "Teeth"}]
    assert body["inherent"]["score"] == 16
    assert api.get("/plan/risks/999").status_code == 404


def test_decisions_with_their_appraisal_and_lock(api: ApiClient) -> None:
    appraisal = AppraisalFactory(title="One trust or not")
    decided = DecidedDecisionFactory(appraisal=appraisal, decided_on=TODAY)
    draft = DecisionFactory(decided_on=TODAY - datetime.timedelta(days=5))

    listed = api.get("/plan/decisions").json()
    one = api.get(f"/plan/decisions/{decided.pk}").json()

    assert [d["id"] for d in listed["items"]] == [decided.pk, draft.pk]
    assert one["status"] == "decided"
    assert one["locked_at"] is not None
    assert (one["appraisal_id"], one["appraisal_title"]) == (appraisal.pk, "One trust or not")
    assert api.get("/plan/decisions/999").status_code == 404


def test_the_change_programme_gives_eight_stages_with_owner_and_latest_rating(
    api: ApiClient,
) -> None:
    plan = PlanFactory()
    owner = StaffMemberFactory(given_name="Nia", family_name="Owen")
    ChangeStage.objects.create(plan=plan, stage=KotterStage.BARRIERS, owner=owner)
    meeting = MeetingFactory(title="Board, autumn")
    rate_every_stage(meeting, rating=4)

    body = api.get("/plan/change-programme").json()

    assert [s["stage"] for s in body["stages"]] == list(range(1, 9))
    barriers = body["stages"][4]
    assert barriers["name"] == "Remove barriers"
    assert barriers["owner"]["name"] == "Nia Owen"
    assert barriers["latest_rating"]["rating"] == 4
    assert barriers["latest_rating"]["words"] == "Mostly achieved"
    assert barriers["latest_rating"]["meeting_title"] == "Board, autumn"
    assert body["stages"][0]["owner"] is None


def test_the_change_programme_without_a_plan_is_404(api: ApiClient) -> None:
    response = api.get("/plan/change-programme")
    assert response.status_code == 404
    assert "strategic plan" in response.json()["detail"]
