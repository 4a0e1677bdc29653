"""A child's Team Around the Child through the API, for partner systems: reading the child's
open team, starting one, and adding an action to its plan or a review. Every call reads the child
through children.access.child_for_user (404 to a caller who may not know the child exists; one
audit event per call) and the team's own rules (safeguarding.access): who sees a team (those
working with the child, its members), who starts and changes one (the services check again).

Starting a team is `POST /teams`, beside the partnership's `GET /teams` (its teams of staff):
the operation is added to that router, since two routers cannot share one address."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api import teams as partnership_teams
from childtrust.api.schemas import REFUSALS, RequestBody
from childtrust.api.schemas import Message as Problem
from childtrust.children import access as children_access
from childtrust.core.permissions import require
from childtrust.partnership.selectors.staff import staff_member_with_line
from childtrust.safeguarding import access
from childtrust.safeguarding.models import PlanAction, TeamAroundChild, TeamReview
from childtrust.safeguarding.selectors import team_around_child as selectors
from childtrust.safeguarding.services import team_around_child as services
from childtrust.safeguarding.services import team_around_child_plan as plan

router = Router(tags=["Safeguarding"])

SEE = "see this child's team around them"


class TeamAroundChildMemberOut(Schema):
    id: int
    staff_id: int
    name: str
    agency: str
    role: str
    joined_on: datetime.date
    left_on: datetime.date | None


class EarlyHelpAssessmentOut(Schema):
    completed_on: datetime.date
    child_development: str
    parents_and_carers: str
    family_and_environment: str
    child_views: str


class PlanActionOut(Schema):
    id: int
    action: str
    owner_id: int
    owner: str
    due_on: datetime.date
    done_on: datetime.date | None
    overdue: bool = Field(description="Not done and due before today.")


class TeamReviewOut(Schema):
    id: int
    held_on: datetime.date
    progress: str
    next_review_on: datetime.date | None


class StepChangeOut(Schema):
    direction: str = Field(description="up (to children's social care) or down (to early help).")
    on: datetime.date
    reason: str
    referral_id: int | None


class TeamAroundChildOut(Schema):
    id: int
    child: str = Field(description="The child's reference.")
    level: str = Field(description="early_help or social_care.")
    started_on: datetime.date
    lead_professional_id: int
    lead_professional: str
    members: list[TeamAroundChildMemberOut] = Field(
        description="Current and past members, by agency."
    )
    assessment: EarlyHelpAssessmentOut | None = Field(
        description="The newest early help assessment."
    )
    actions: list[PlanActionOut]
    reviews: list[TeamReviewOut]
    steps: list[StepChangeOut]


def _action(action: PlanAction, today: datetime.date) -> dict[str, Any]:
    return {
        "id": action.pk,
        "action": action.action,
        "owner_id": action.owner_id,
        "owner": action.owner.full_name,
        "due_on": action.due_on,
        "done_on": action.done_on,
        "overdue": action.done_on is None and action.due_on < today,
    }


def _review(review: TeamReview) -> dict[str, Any]:
    return {
        "id": review.pk,
        "held_on": review.held_on,
        "progress": review.progress,
        "next_review_on": review.next_review_on,
    }


def _team(team: TeamAroundChild) -> dict[str, Any]:
    today = timezone.localdate()
    page = selectors.team_page(team, today)
    assessment = team.assessments.first()
    return {
        "id": team.pk,
        "child": team.child.reference,
        "level": team.level,
        "started_on": team.started_on,
        "lead_professional_id": team.lead_professional_id,
        "lead_professional": team.lead_professional.full_name,
        "members": [
            {
                "id": m.pk,
                "staff_id": m.staff_id,
                "name": m.staff.full_name,
                "agency": m.agency.name,
                "role": m.role,
                "joined_on": m.joined_on,
                "left_on": m.left_on,
            }
            for m in [*page.current_members, *page.past_members]
        ],
        "assessment": {
            "completed_on": assessment.completed_on,
            "child_development": assessment.child_development,
            "parents_and_carers": assessment.parents_and_carers,
            "family_and_environment": assessment.family_and_environment,
            "child_views": assessment.child_views,
        }
        if assessment is not None
        else None,
        "actions": [_action(a, today) for a in page.actions],
        "reviews": [_review(r) for r in team.reviews.all()],
        "steps": [
            {"direction": s.direction, "on": s.on, "reason": s.reason, "referral_id": s.referral_id}
            for s in team.steps.all()
        ],
    }


def _team_for(request: AuthenticatedRequest, team_id: int, purpose: str) -> TeamAroundChild:
    """The open team by its ID, read as its child is (audited); 404 for one the caller may not
    see, as for one that does not exist."""
    team = selectors.team_with_key(team_id)
    missing = f"No open team around a child has the ID {team_id}."
    if team is None or team.ended_on is not None:
        raise Http404(missing)
    children_access.child_for_user(request.user, team.child.reference, purpose=purpose)
    if not access.can_see_team(request.user, team):
        raise Http404(missing)
    return team


@router.get(
    "/children/{reference}/team",
    response={200: TeamAroundChildOut, 404: Problem, **REFUSALS},
    summary="A child's team around them: lead, members, assessment, plan, reviews and steps",
)
def child_team(request: AuthenticatedRequest, reference: str) -> dict[str, Any]:
    """Each call is recorded in the audit log as a view of the child."""
    view = children_access.child_for_user(
        request.user, reference, purpose="View the child's team around them (API)"
    )
    team = selectors.open_team_for(view.child)
    if team is None:
        raise Http404("The child has no open team around them.")
    require(access.can_see_team(request.user, team), to=SEE)
    return _team(team)


class TeamAroundChildIn(RequestBody):
    child: str = Field(description="The child's reference, such as CT-000123.")
    lead_professional_id: int = Field(
        description="The lead professional's staff ID: they become the child's lead "
        "professional in the child index too."
    )
    lead_role: str = Field(max_length=100, description="Such as 'Family support worker'.")
    started_on: datetime.date


@partnership_teams.router.post(
    "",
    response={201: TeamAroundChildOut, 400: Problem, 404: Problem, **REFUSALS},
    summary="Start a team around a child, with its lead professional",
    tags=["Safeguarding"],
)
def team_around_child_start(
    request: AuthenticatedRequest, payload: TeamAroundChildIn
) -> Status[dict[str, Any]]:
    """One open team a child: a second is refused (400)."""
    view = children_access.child_for_user(
        request.user, payload.child, purpose="Start a team around the child (API)"
    )
    lead = staff_member_with_line(payload.lead_professional_id)
    if lead is None:
        raise Http404(f"No member of staff has the ID {payload.lead_professional_id}.")
    team = services.team_start(
        actor=request.user,
        child=view.child,
        lead_professional=lead,
        lead_role=payload.lead_role,
        started_on=payload.started_on,
    )
    return Status(201, _team(team))


class PlanActionIn(RequestBody):
    action: str = Field(max_length=300)
    owner_id: int = Field(description="A current member's staff ID.")
    due_on: datetime.date


@router.post(
    "/teams/{team_id}/actions",
    response={201: PlanActionOut, 400: Problem, 404: Problem, **REFUSALS},
    summary="Add an action to a team's plan (its lead professional, their manager, the front door)",
)
def team_action_add(
    request: AuthenticatedRequest, team_id: int, payload: PlanActionIn
) -> Status[dict[str, Any]]:
    team = _team_for(request, team_id, "Add an action to the child's plan (API)")
    owner = staff_member_with_line(payload.owner_id)
    if owner is None:
        raise Http404(f"No member of staff has the ID {payload.owner_id}.")
    action = plan.plan_action_add(
        actor=request.user, team=team, action=payload.action, owner=owner, due_on=payload.due_on
    )
    return Status(201, _action(action, timezone.localdate()))


class TeamReviewIn(RequestBody):
    held_on: datetime.date
    progress: str
    next_review_on: datetime.date | None = None


@router.post(
    "/teams/{team_id}/reviews",
    response={201: TeamReviewOut, 400: Problem, 404: Problem, **REFUSALS},
    summary="Record a review of a team's plan (its lead professional, their manager, the front "
    "door)",
)
def team_review_record(
    request: AuthenticatedRequest, team_id: int, payload: TeamReviewIn
) -> Status[dict[str, Any]]:
    team = _team_for(request, team_id, "Record a review of the child's plan (API)")
    review = plan.review_record(
        actor=request.user,
        team=team,
        held_on=payload.held_on,
        progress=payload.progress,
        next_review_on=payload.next_review_on,
    )
    return Status(201, _review(review))
