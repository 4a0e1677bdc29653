"""The work of a Team Around the Child: its early help assessment (the three domains of the
assessment framework and the child's own views), its plan of actions with owners and due dates,
and its reviews. Who may is safeguarding/access/team_around_child.py's (the lead professional,
their line manager and the front door change the plan; an action's owner marks it done); each
write is audited in its own transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.core.home import day_words
from childtrust.core.permissions import require
from childtrust.partnership.models import StaffMember
from childtrust.safeguarding import access
from childtrust.safeguarding.models import (
    EarlyHelpAssessment,
    PlanAction,
    TeamAroundChild,
    TeamReview,
)
from childtrust.safeguarding.services.team_around_child import CHANGE

DONE = "mark this action done"


def _details(team: TeamAroundChild) -> dict[str, object]:
    # The child by reference only: the assessment's words stay out of the append-only log.
    return {"team": team.pk, "child": team.child.reference}


@transaction.atomic
def early_help_assessment_record(
    *,
    actor: User,
    team: TeamAroundChild,
    child_development: str,
    parents_and_carers: str,
    family_and_environment: str,
    child_views: str,
    completed_on: datetime.date,
) -> EarlyHelpAssessment:
    """Records an early help assessment in the three domains of the assessment framework (the
    child's development, parents and carers, family and environment) and what the child says.
    A later one is kept beside the earlier: the newest is the team's current assessment."""
    require(access.can_change_team(actor, team), to=CHANGE)
    problems: dict[str, str] = {}
    for field, text, what in (
        ("child_development", child_development, "the child's development"),
        ("parents_and_carers", parents_and_carers, "parents and carers"),
        ("family_and_environment", family_and_environment, "family and environment"),
    ):
        if not text.strip():
            problems[field] = f"Enter what the assessment found about {what}"
    if completed_on > timezone.localdate():
        problems["completed_on"] = "The date it was completed must be today or in the past"
    elif completed_on < team.started_on:
        problems["completed_on"] = (
            f"The date it was completed must be on or after {day_words(team.started_on)}, "
            "when the team started"
        )
    if problems:
        raise ValidationError(problems)
    assessment = EarlyHelpAssessment(
        team=team,
        child_development=child_development.strip(),
        parents_and_carers=parents_and_carers.strip(),
        family_and_environment=family_and_environment.strip(),
        child_views=child_views.strip(),
        completed_on=completed_on,
    )
    save_and_record(
        actor=actor, instance=assessment, action=AuditAction.CREATE, details=_details(team)
    )
    return assessment


@transaction.atomic
def plan_action_add(
    *,
    actor: User,
    team: TeamAroundChild,
    action: str,
    owner: StaffMember,
    due_on: datetime.date,
) -> PlanAction:
    """Adds an action to the team's plan, owned by a current member and due today or later."""
    require(access.can_change_team(actor, team), to=CHANGE)
    problems: dict[str, str] = {}
    if not action.strip():
        problems["action"] = "Enter the action"
    elif len(action.strip()) > 300:
        problems["action"] = "The action must be 300 characters or fewer"
    if not team.members.filter(staff=owner, left_on__isnull=True).exists():
        problems["owner"] = "Choose a current member of the team to own the action"
    if due_on < timezone.localdate():
        problems["due_on"] = "The due date must be today or in the future"
    if problems:
        raise ValidationError(problems)
    planned = PlanAction(team=team, action=action.strip(), owner=owner, due_on=due_on)
    save_and_record(
        actor=actor,
        instance=planned,
        action=AuditAction.CREATE,
        details={**_details(team), "owner": owner.pk, "due_on": str(due_on)},
    )
    return planned


@transaction.atomic
def plan_action_done(*, actor: User, action: PlanAction, done_on: datetime.date) -> PlanAction:
    """Marks an action done on a day (today or earlier): its owner, or whoever changes the
    team."""
    require(access.can_mark_action_done(actor, action), to=DONE)
    action = PlanAction.objects.select_for_update().select_related("team").get(pk=action.pk)
    problems: dict[str, str] = {}
    if action.done_on is not None:
        problems["done_on"] = f"This action was already done on {day_words(action.done_on)}"
    elif done_on > timezone.localdate():
        problems["done_on"] = "The date it was done must be today or in the past"
    elif done_on < action.team.started_on:
        problems["done_on"] = (
            f"The date it was done must be on or after {day_words(action.team.started_on)}"
        )
    if problems:
        raise ValidationError(problems)
    update_and_record(
        actor=actor,
        instance=action,
        changes={"done_on": done_on},
        allowed=("done_on",),
        errors=dict,
    )
    return action


@transaction.atomic
def review_record(
    *,
    actor: User,
    team: TeamAroundChild,
    held_on: datetime.date,
    progress: str,
    next_review_on: datetime.date | None,
) -> TeamReview:
    """Records a review of the plan: the progress made, and when the team next meets (left
    empty only when the team is to end)."""
    require(access.can_change_team(actor, team), to=CHANGE)
    problems: dict[str, str] = {}
    if not progress.strip():
        problems["progress"] = "Enter the progress made since the plan or the last review"
    if held_on > timezone.localdate():
        problems["held_on"] = "The date of the review must be today or in the past"
    elif held_on < team.started_on:
        problems["held_on"] = (
            f"The date of the review must be on or after {day_words(team.started_on)}, when "
            "the team started"
        )
    if next_review_on is not None and next_review_on <= held_on:
        problems["next_review_on"] = "The next review must be after this one"
    if problems:
        raise ValidationError(problems)
    review = TeamReview(
        team=team, held_on=held_on, progress=progress.strip(), next_review_on=next_review_on
    )
    save_and_record(
        actor=actor,
        instance=review,
        action=AuditAction.CREATE,
        details={
            **_details(team),
            "held_on": str(held_on),
            "next_review_on": str(next_review_on) if next_review_on else None,
        },
    )
    return review
