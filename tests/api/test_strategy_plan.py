"""/api/v1/plan: the plan with its versions, its objectives rated, an objective with its
milestones, the milestones filtered, and a milestone's status changed by those the page allows
(the plan's keepers and the objective's owner), with every message for bad input and nothing
written."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from childtrust.accounts.models import ApiTokenScope, Role, User
from childtrust.accounts.services import api_token_create
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.strategy.models import (
    Milestone,
    MilestoneStatus,
    MilestoneStatusChange,
    Objective,
    PlanVersion,
    StrategicPlan,
)
from tests.api.conftest import ApiClient
from tests.factories import AgencyFactory, PriorityFactory, StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)
KEEPERS = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}
TODAY = timezone.localdate()


@pytest.fixture
def owner_user() -> User:
    return UserFactory(username="owner", role=Role.TEAM_MANAGER)


@pytest.fixture
def objective(owner_user: User) -> Objective:
    owner = StaffMemberFactory(user=owner_user, given_name="Ama", family_name="Boateng")
    plan = StrategicPlan.objects.create(
        title="Children's Plan", start_year=TODAY.year - 1, end_year=TODAY.year + 3
    )
    PlanVersion.objects.create(
        plan=plan, version=1, text="The plan.", adopted_on=TODAY, adopted_by="The Board"
    )
    objective = Objective.objects.create(plan=plan, title="Healthy teeth", owner=owner)
    objective.priorities.set([PriorityFactory(title="Improve oral health")])
    objective.agencies.set([AgencyFactory(name="Community Health")])
    for title, days, status in (
        ("Late", -3, MilestoneStatus.ON_TRACK),
        ("Soon", 10, MilestoneStatus.AT_RISK),
        ("Done", -40, MilestoneStatus.DONE),
    ):
        Milestone.objects.create(
            objective=objective,
            title=title,
            due_on=TODAY + datetime.timedelta(days=days),
            owner=owner,
            status=status,
        )
    return objective


def _writer(user: User) -> ApiClient:
    """A client whose token may write."""
    _, raw = api_token_create(user=user, name="test", scope=ApiTokenScope.READ_WRITE)
    return ApiClient(raw)


def _post(client: ApiClient, path: str, body: Any) -> Any:
    return client.client.post(
        f"/api/v1{path}",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {client.token}"},
    )


def _state() -> tuple[object, ...]:
    return (
        AuditEvent.objects.filter(object_type__startswith="strategy.").count(),
        MilestoneStatusChange.objects.count(),
        list(Milestone.objects.order_by("pk").values_list("status", "dropped_reason")),
    )


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_reads_the_plan_its_objectives_and_milestones(
    role: Role, objective: Objective, api_client_for: Callable[[str], ApiClient]
) -> None:
    api = api_client_for(role)
    plan = api.get("/plan")
    assert plan.status_code == 200
    assert plan.json()["period"] == f"{TODAY.year - 1}-{TODAY.year % 100:02d} to " + (
        f"{TODAY.year + 3}-{(TODAY.year + 4) % 100:02d}"
    )
    assert [v["adopted_by"] for v in plan.json()["versions"]] == ["The Board"]
    listed = api.get("/plan/objectives")
    assert listed.status_code == 200
    [item] = listed.json()["items"]
    assert item["rating"] == "Off track"
    assert item["owner"]["name"] == "Ama Boateng"
    assert [p["title"] for p in item["priorities"]] == ["Improve oral health"]
    assert [a["name"] for a in item["agencies"]] == ["Community Health"]
    assert (item["milestones_open"], item["milestones_overdue"], item["milestones_done"]) == (
        2,
        1,
        1,
    )
    detail = api.get(f"/plan/objectives/{objective.pk}")
    assert detail.status_code == 200
    late = next(m for m in detail.json()["milestones"] if m["title"] == "Late")
    assert late["overdue"] is True
    assert late["timing"] == "Overdue by 3 days"
    assert api.get("/plan/milestones").json()["count"] == 3


def test_anyone_without_a_token_is_refused(objective: Objective) -> None:
    for path in (
        "/plan",
        "/plan/objectives",
        f"/plan/objectives/{objective.pk}",
        "/plan/milestones",
    ):
        assert ApiClient(None).get(path).status_code == 401, path


def test_milestones_filter_by_status_and_overdue(objective: Objective, api: ApiClient) -> None:
    def titles(query: dict[str, str]) -> list[str]:
        return [m["title"] for m in api.get("/plan/milestones", query).json()["items"]]

    assert titles({"status": "at_risk"}) == ["Soon"]
    assert titles({"overdue": "true"}) == ["Late"]
    assert titles({"overdue": "false"}) == ["Done", "Soon"]
    assert titles({"status": "done", "overdue": "true"}) == []
    assert api.get("/plan/milestones", {"status": "lost"}).status_code == 422


def test_missing_plan_and_records_are_404(api: ApiClient) -> None:
    assert api.get("/plan").status_code == 404
    assert api.get("/plan/objectives").status_code == 404
    assert api.get("/plan/objectives/999").status_code == 404


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_keepers_and_the_owner_change_a_milestones_status(
    role: Role, objective: Objective
) -> None:
    milestone = objective.milestones.get(title="Soon")
    before = _state()
    response = _post(
        _writer(UserFactory(role=role)),
        f"/plan/milestones/{milestone.pk}/status",
        {"status": "on_track"},
    )
    if role in KEEPERS:
        assert response.status_code == 200
        assert response.json()["status"] == "on_track"
        assert response.json()["status_label"] == "On track"
    else:
        assert response.status_code == 403
        assert response.json() == {
            "detail": "Your role does not allow you to change the status of this milestone."
        }
        assert _state() == before


def test_a_read_only_token_may_not_change_a_status(
    objective: Objective, owner_user: User, token_for: Callable[[User], str]
) -> None:
    milestone = objective.milestones.get(title="Soon")
    before = _state()
    response = _post(
        ApiClient(token_for(owner_user)),
        f"/plan/milestones/{milestone.pk}/status",
        {"status": "done"},
    )
    assert response.status_code == 403
    assert _state() == before


def test_the_objectives_owner_drops_a_milestone_with_a_reason(
    objective: Objective, owner_user: User
) -> None:
    milestone = objective.milestones.get(title="Soon")
    response = _post(
        _writer(owner_user),
        f"/plan/milestones/{milestone.pk}/status",
        {"status": "dropped", "note": "Funding ended"},
    )
    assert response.status_code == 200
    assert response.json()["dropped_reason"] == "Funding ended"
    [change] = milestone.status_changes.all()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "at_risk",
        "dropped",
        owner_user,
    )
    [event] = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="strategy.milestone")
    assert event.actor_id == owner_user.pk


def test_bad_input_gets_every_message_and_writes_nothing(objective: Objective) -> None:
    lead = _writer(UserFactory(role=Role.STRATEGIC_LEAD))
    milestone = objective.milestones.get(title="Soon")
    before = _state()
    response = _post(lead, f"/plan/milestones/{milestone.pk}/status", {"status": "at_risk"})
    assert response.status_code == 400
    assert "already “At risk”" in response.json()["detail"]
    response = _post(lead, f"/plan/milestones/{milestone.pk}/status", {"status": "dropped"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Enter why the milestone was dropped."
    response = _post(lead, f"/plan/milestones/{milestone.pk}/status", {"status": "lost"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Choose the milestone's status."
    assert _post(lead, f"/plan/milestones/{milestone.pk}/status", {}).status_code == 422
    assert _post(lead, f"/plan/milestones/{milestone.pk}/status", ["done"]).status_code == 422
    assert _post(lead, "/plan/milestones/999/status", {"status": "done"}).status_code == 404
    assert _state() == before


def test_the_plan_is_in_the_openapi_schema(api: ApiClient) -> None:
    schema = api.client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/plan",
        "/api/v1/plan/objectives",
        "/api/v1/plan/objectives/{objective_id}",
        "/api/v1/plan/milestones",
        "/api/v1/plan/milestones/{milestone_id}/status",
    ):
        assert path in schema["paths"], path
