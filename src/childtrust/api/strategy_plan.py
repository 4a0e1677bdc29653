"""The strategic plan in the API: the plan in force with its adopted versions, its objectives
(priorities, owner, contributing agencies and rating in words), each objective with its
milestones, the milestones (filtered by status or overdue), and a milestone's change of status.

Every signed-in role reads, as on the pages. A milestone's status is changed by those who keep
the plan and by the objective's owner in post, through the same service as the page: it refuses,
and api/urls.py answers (403 for anyone else, 400 with every message for bad input), with
nothing written."""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, RequestBody, StaffPersonOut, staff_person
from childtrust.api.schemas import Message as Problem
from childtrust.core.permissions import require
from childtrust.strategy import access
from childtrust.strategy.models import Milestone, MilestoneStatus, Objective, StrategicPlan
from childtrust.strategy.selectors import plan as selectors
from childtrust.strategy.services import plan as services

router = Router(tags=["Strategic plan: objectives and milestones"])

SEE_THE_PLAN = "see the strategic plan"


class PlanVersionOut(Schema):
    version: int
    adopted_on: datetime.date
    adopted_by: str = Field(description="Such as the Children's Trust Board.")
    text: str


class PlanOut(Schema):
    id: int
    title: str
    start_year: int = Field(description="The calendar year its first financial year starts.")
    end_year: int = Field(description="The calendar year its last financial year starts.")
    period: str = Field(description="Such as 2026-27 to 2030-31.")
    starts_on: datetime.date
    ends_on: datetime.date
    versions: list[PlanVersionOut] = Field(description="Every adopted version, newest first.")


class PlanPriorityOut(Schema):
    id: int
    title: str
    outcome: str = Field(description="The Every Child Matters outcome it serves.")


class PlanAgencyOut(Schema):
    slug: str
    name: str


class ObjectiveOut(Schema):
    id: int
    title: str
    description: str
    owner: StaffPersonOut = Field(description="The accountable owner.")
    priorities: list[PlanPriorityOut]
    agencies: list[PlanAgencyOut] = Field(description="The contributing agencies.")
    rating: str = Field(
        description="Off track, At risk or On track: "
        + selectors.RAG_RULE.replace("“", "").replace("”", "")
    )
    milestones_open: int
    milestones_overdue: int
    milestones_done: int


class MilestoneOut(Schema):
    id: int
    objective_id: int
    objective: str
    title: str
    due_on: datetime.date
    owner: StaffPersonOut
    status: MilestoneStatus
    status_label: str = Field(description="The status in words, such as At risk.")
    overdue: bool = Field(description="Due before today and neither done nor dropped.")
    timing: str = Field(description="Such as Overdue by 3 days or Due in 5 days; empty if closed.")
    dropped_reason: str

    @staticmethod
    def resolve_objective(obj: Milestone) -> str:
        return obj.objective.title

    @staticmethod
    def resolve_owner(obj: Milestone) -> dict[str, Any]:
        return staff_person(obj.owner)

    @staticmethod
    def resolve_status_label(obj: Milestone) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_overdue(obj: Milestone) -> bool:
        return obj.is_overdue(timezone.localdate())

    @staticmethod
    def resolve_timing(obj: Milestone) -> str:
        return selectors.milestone_timing(obj, timezone.localdate())


class ObjectiveDetailOut(ObjectiveOut):
    milestones: list[MilestoneOut] = Field(description="Every milestone, by due date.")


class MilestoneFilter(Schema):
    status: MilestoneStatus | None = Field(None, description="Only milestones in this status.")
    overdue: bool | None = Field(None, description="true: only those overdue; false: none.")


class MilestoneStatusIn(RequestBody):
    status: str = Field(description="One of " + ", ".join(MilestoneStatus.values) + ".")
    note: str = Field("", description="What changed; required, as the reason, when dropped.")


def _plan() -> StrategicPlan:
    current = selectors.plan_current()
    if current is None:
        raise HttpError(404, "The partnership has not recorded a strategic plan yet.")
    return current


def _objective(row: selectors.ObjectiveRow) -> dict[str, Any]:
    objective: Objective = row.objective
    return {
        "id": objective.pk,
        "title": objective.title,
        "description": objective.description,
        "owner": staff_person(objective.owner),
        "priorities": [
            {"id": p.pk, "title": p.title, "outcome": str(p.outcome)}
            for p in objective.priorities.all()
        ],
        "agencies": [{"slug": a.slug, "name": a.name} for a in objective.agencies.all()],
        "rating": row.rag.value,
        "milestones_open": len(row.open),
        "milestones_overdue": len(row.overdue),
        "milestones_done": len(row.done),
    }


@router.get(
    "/plan",
    response={200: PlanOut, 404: Problem, **REFUSALS},
    summary="The strategic plan in force, with its adopted versions",
)
def plan_current(request: AuthenticatedRequest) -> dict[str, Any]:
    require(access.can_view_strategy(request.user), to=SEE_THE_PLAN)
    current = _plan()
    return {
        "id": current.pk,
        "title": current.title,
        "start_year": current.start_year,
        "end_year": current.end_year,
        "period": current.period_label,
        "starts_on": current.starts_on,
        "ends_on": current.ends_on,
        "versions": selectors.plan_versions(current),
    }


@router.get(
    "/plan/objectives",
    response={200: list[ObjectiveOut], 404: Problem, **REFUSALS},
    summary="The plan's objectives, rated",
)
@paginated
def objective_list(request: AuthenticatedRequest) -> list[dict[str, Any]]:
    """In the plan's order, each with its priorities, owner, contributing agencies, rating and
    milestone counts."""
    require(access.can_view_strategy(request.user), to=SEE_THE_PLAN)
    rows = selectors.objective_rows(_plan(), timezone.localdate())
    return [_objective(row) for row in rows]


@router.get(
    "/plan/objectives/{objective_id}",
    response={200: ObjectiveDetailOut, 404: Problem, **REFUSALS},
    summary="One objective with every milestone",
)
def objective_detail(request: AuthenticatedRequest, objective_id: int) -> dict[str, Any]:
    require(access.can_view_strategy(request.user), to=SEE_THE_PLAN)
    objective = selectors.objective_with_milestones(objective_id)
    if objective is None:
        raise HttpError(404, f"No objective has the ID {objective_id}.")
    today = timezone.localdate()
    row = selectors.objective_rating(objective, today)
    return {
        **_objective(row),
        "milestones": row.all_milestones,
    }


@router.get(
    "/plan/milestones",
    response={200: list[MilestoneOut], 404: Problem, **REFUSALS},
    summary="The plan's milestones, by due date",
)
@paginated
def milestone_list(
    request: AuthenticatedRequest, filters: Query[MilestoneFilter]
) -> QuerySet[Milestone]:
    require(access.can_view_strategy(request.user), to=SEE_THE_PLAN)
    return selectors.milestones_of(
        _plan(), timezone.localdate(), status=filters.status, overdue=filters.overdue
    )


@router.post(
    "/plan/milestones/{milestone_id}/status",
    response={200: MilestoneOut, 400: Problem, 404: Problem, **REFUSALS},
    summary="Change a milestone's status (the objective's owner, or those who keep the plan)",
)
def milestone_status_change(
    request: AuthenticatedRequest, milestone_id: int, payload: MilestoneStatusIn
) -> Milestone:
    """Kept in the milestone's history with its note; dropping needs the reason as the note.
    Refused with every message at once (400), nothing written."""
    require(access.can_view_strategy(request.user), to=SEE_THE_PLAN)
    milestone = selectors.milestone_with_objective(milestone_id)
    if milestone is None:
        raise HttpError(404, f"No milestone has the ID {milestone_id}.")
    services.milestone_status_change(
        actor=request.user, milestone=milestone, status=payload.status, note=payload.note
    )
    return milestone
