"""What a decision at the front door starts: the assessment completed; the strategy discussion
of a child protection enquiry (s47), which starts the clock for the initial child protection
conference (within 15 working days); conferences, the initial one stopping that clock and a
review one stopping the review clock; a child protection plan made at a conference, with its
first review within three months and later ones within six (Working Together to Safeguard
Children; clock_dates says how months are counted). Each step in order: one out of order is
refused. Who may is access/front_door.py's; each write is audited."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record
from childtrust.audit.models import AuditAction
from childtrust.children.models import Child
from childtrust.core.permissions import require
from childtrust.partnership.models import Agency, StaffMember
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.safeguarding import access
from childtrust.safeguarding.clock_dates import (
    FIRST_REVIEW_MONTHS,
    REVIEW_MONTHS,
    initial_conference_due,
    months_after,
)
from childtrust.safeguarding.models import (
    Assessment,
    ChildProtectionPlan,
    Clock,
    ClockKind,
    Conference,
    ConferenceKind,
    Referral,
    ReferralDecision,
    ReferralStage,
    StrategyDiscussion,
)
from childtrust.safeguarding.services.clocks import _clock_start, _clocks_stop

RUN = "do this at the front door"
COMPLETE = "record that this assessment is complete"
PLAN_CATEGORIES = {
    "neglect": "Neglect",
    "physical": "Physical abuse",
    "emotional": "Emotional abuse",
    "sexual": "Sexual abuse",
}


def _not_future(day: datetime.date, field: str, what: str, problems: dict[str, str]) -> None:
    if day > timezone.localdate():
        problems[field] = f"The date {what} must be today or in the past"


def _owner(actor: User) -> StaffMember | None:
    staff = staff_record_of(actor)
    return staff if staff is not None and staff.is_active else None


@transaction.atomic
def strategy_discussion_record(
    *,
    actor: User,
    child: Child,
    held_on: datetime.date,
    agencies: Sequence[Agency],
    outcome: str,
    proceed_to_conference: bool,
    referral: Referral | None = None,
) -> StrategyDiscussion:
    """A strategy discussion, after a decision to make a child protection enquiry (s47) on the
    referral named. To proceed to an initial child protection conference starts its clock:
    due 15 working days after the discussion."""
    require(access.can_run_front_door_for(actor, child), to=RUN)
    problems: dict[str, str] = {}
    if referral is not None and (
        referral.child_id != child.pk
        or referral.decision != ReferralDecision.CHILD_PROTECTION
        or referral.stage not in (ReferralStage.DECIDED, ReferralStage.CLOSED)
    ):
        problems["__all__"] = (
            "A strategy discussion follows a decision to make a child protection enquiry "
            "(section 47) about this child"
        )
    _not_future(held_on, "held_on", "it was held", problems)
    if not agencies:
        problems["agencies"] = "Select the agencies that took part"
    if not outcome.strip():
        problems["outcome"] = "Enter what the discussion decided"
    if problems:
        raise ValidationError(problems)
    discussion = StrategyDiscussion(
        child=child,
        referral=referral,
        held_on=held_on,
        outcome=outcome.strip(),
        proceed_to_conference=proceed_to_conference,
    )
    save_and_record(
        actor=actor,
        instance=discussion,
        action=AuditAction.CREATE,
        details={"child": child.reference, "proceed_to_conference": proceed_to_conference},
    )
    discussion.agencies.set(agencies)
    if proceed_to_conference:
        _clock_start(
            actor=actor,
            child=child,
            kind=ClockKind.INITIAL_CONFERENCE,
            referral=referral,
            started_on=held_on,
            due_on=initial_conference_due(held_on),
            owner=_owner(actor),
        )
    return discussion


def _open_plan(child: Child) -> ChildProtectionPlan | None:
    return (
        ChildProtectionPlan.objects.select_for_update()
        .filter(child=child, ended_on__isnull=True)
        .first()
    )


def _running(child: Child, *kinds: ClockKind) -> bool:
    return Clock.objects.filter(child=child, kind__in=kinds, stopped_on__isnull=True).exists()


def _conference_problems(
    child: Child, kind: str, held_on: datetime.date, plan_made: bool, category: str
) -> dict[str, str]:
    problems: dict[str, str] = {}
    plan = _open_plan(child)
    if kind == ConferenceKind.INITIAL:
        if plan is not None:
            problems["kind"] = "The child has a child protection plan: record a review conference"
        elif not _running(child, ClockKind.INITIAL_CONFERENCE):
            problems["kind"] = (
                "An initial conference follows a strategy discussion that decided to hold one"
            )
        if plan_made and category not in PLAN_CATEGORIES:
            problems["category"] = "Select the category of the child protection plan"
    elif kind == ConferenceKind.REVIEW:
        if plan is None:
            problems["kind"] = "A review conference reviews a child protection plan: there is none"
        elif held_on < plan.started_on:
            problems["held_on"] = "A review must be on or after the day the plan started"
    else:
        problems["kind"] = "Select whether this is an initial or a review conference"
    _not_future(held_on, "held_on", "it was held", problems)
    return problems


@transaction.atomic
def conference_record(
    *,
    actor: User,
    child: Child,
    kind: str,
    held_on: datetime.date,
    plan_made: bool,
    category: str = "",
    notes: str = "",
) -> Conference:
    """An initial conference stops its clock; a plan made there starts the child protection
    plan and the first review's clock (three months). A review stops the review clock: the plan
    continuing starts the next (six months); ending it records the day it ended."""
    require(access.can_run_front_door_for(actor, child), to=RUN)
    problems = _conference_problems(child, kind, held_on, plan_made, category)
    if problems:
        raise ValidationError(problems)
    conference = Conference(
        child=child, kind=kind, held_on=held_on, plan_made=plan_made, notes=notes.strip()
    )
    save_and_record(
        actor=actor,
        instance=conference,
        action=AuditAction.CREATE,
        details={"child": child.reference, "kind": kind, "plan_made": plan_made},
    )
    owner = _owner(actor)
    if kind == ConferenceKind.INITIAL:
        _clocks_stop(
            actor=actor, child=child, kinds=(ClockKind.INITIAL_CONFERENCE,), stopped_on=held_on
        )
        if plan_made:
            plan = ChildProtectionPlan(child=child, category=category, started_on=held_on)
            save_and_record(
                actor=actor,
                instance=plan,
                action=AuditAction.CREATE,
                details={"child": child.reference, "category": category},
            )
            _clock_start(
                actor=actor,
                child=child,
                kind=ClockKind.FIRST_REVIEW,
                started_on=held_on,
                due_on=months_after(held_on, FIRST_REVIEW_MONTHS),
                owner=owner,
            )
        return conference
    _clocks_stop(
        actor=actor,
        child=child,
        kinds=(ClockKind.FIRST_REVIEW, ClockKind.REVIEW),
        stopped_on=held_on,
    )
    if plan_made:
        _clock_start(
            actor=actor,
            child=child,
            kind=ClockKind.REVIEW,
            started_on=held_on,
            due_on=months_after(held_on, REVIEW_MONTHS),
            owner=owner,
        )
    else:
        ending = _open_plan(child)
        assert ending is not None  # checked above, in this transaction
        ending.ended_on = held_on
        save_and_record(
            actor=actor,
            instance=ending,
            action=AuditAction.UPDATE,
            details={"changed": ["ended_on"], "ended_on": str(held_on)},
        )
    return conference


@transaction.atomic
def assessment_complete(
    *, actor: User, assessment: Assessment, completed_on: datetime.date, outcome: str
) -> Assessment:
    """Records an assessment complete, with its outcome, and stops its clock."""
    require(access.can_complete_assessment(actor, assessment), to=COMPLETE)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    problems: dict[str, str] = {}
    if assessment.completed_on is not None:
        problems["__all__"] = "This assessment is already complete"
    _not_future(completed_on, "completed_on", "it was completed", problems)
    if completed_on < assessment.started_on:
        problems["completed_on"] = "The date it was completed must be on or after it started"
    if not outcome.strip():
        problems["outcome"] = "Enter the outcome of the assessment"
    if problems:
        raise ValidationError(problems)
    assessment.completed_on, assessment.outcome = completed_on, outcome.strip()
    save_and_record(
        actor=actor,
        instance=assessment,
        action=AuditAction.UPDATE,
        details={"changed": ["completed_on", "outcome"]},
    )
    _clocks_stop(
        actor=actor,
        child=assessment.child,
        kinds=(ClockKind.ASSESSMENT,),
        stopped_on=completed_on,
        referral=assessment.referral,
    )
    return assessment
