"""Writes to the strategic plan: the plan and its adopted versions, objectives, milestones and
their status. Each service checks the acting user first (strategic leads and administrators
keep the plan; an objective's owner also reports its milestones' status), then the input,
refusing with every message at once before anything is written, then writes with one audit
event. Updates keep each changed value from and to: the plan is published, no one's personal
data."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.partnership.models import Agency, Priority, StaffMember
from childtrust.strategy import access
from childtrust.strategy.models import (
    MeasureTarget,
    Milestone,
    MilestoneStatus,
    MilestoneStatusChange,
    Objective,
    PlanVersion,
    StrategicPlan,
    financial_year_label,
)
from childtrust.strategy.selectors.plan import due_date_problem
from childtrust.strategy.wording import day_words, refuse_if_any, tidy

# --- The plan -----------------------------------------------------------------------------------


def _plan_errors(plan: StrategicPlan) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not plan.title:
        errors["title"] = "Enter the plan's title"
    if not 2000 <= plan.start_year <= 2100:
        errors["start_year"] = "The plan's first year must start between 2000 and 2100"
    if plan.end_year < plan.start_year:
        errors["end_year"] = "The plan's last year must be the same as or after its first year"
    elif plan.end_year > 2100:
        errors["end_year"] = "The plan's last year must start in 2100 or before"
    if errors or plan.pk is None:
        return errors
    # A shorter period must not leave milestones outside it.
    outside = plan.objectives.filter(milestones__due_on__lt=plan.starts_on) | (
        plan.objectives.filter(milestones__due_on__gt=plan.ends_on)
    )
    if outside.exists():
        errors["end_year"] = (
            "Some milestones are due outside this period: change their due dates first"
        )
    return errors


@transaction.atomic
def strategic_plan_create(
    *, actor: User, title: str, start_year: int, end_year: int
) -> StrategicPlan:
    """Start a strategic plan over whole financial years (2026 to 2030 is 2026-27 to 2030-31)."""
    require(access.can_manage_strategy(actor), to="create a strategic plan")
    plan = StrategicPlan(title=tidy(title), start_year=start_year, end_year=end_year)
    refuse_if_any(_plan_errors(plan))
    save_and_record(
        actor=actor,
        instance=plan,
        action=AuditAction.CREATE,
        details={"title": plan.title, "start_year": start_year, "end_year": end_year},
    )
    return plan


@transaction.atomic
def strategic_plan_update(
    *, actor: User, plan: StrategicPlan, title: str, start_year: int, end_year: int
) -> StrategicPlan:
    """Change a plan's title or period; a period that would leave milestones outside it is
    refused. Measures' targets for years a shorter period no longer holds go with the change,
    in the same event, so that no trajectory keeps a year outside the plan; a longer period's
    new years have no target until each measure's trajectory is given one (the measures' pages
    say so)."""
    require(access.can_manage_strategy(actor), to="change the strategic plan")
    outside = MeasureTarget.objects.filter(measure__objective__plan=plan).exclude(
        year__range=(start_year, end_year)
    )
    trimmed = sorted(
        {financial_year_label(year) for year in outside.values_list("year", flat=True)}
    )
    update_and_record(
        actor=actor,
        instance=plan,
        changes={"title": tidy(title), "start_year": start_year, "end_year": end_year},
        allowed=("title", "start_year", "end_year"),
        errors=lambda: _plan_errors(plan),
        also_changed=[f"measures' targets for {', '.join(trimmed)} removed"] if trimmed else (),
    )
    outside.delete()
    return plan


@transaction.atomic
def plan_version_adopt(
    *, actor: User, plan: StrategicPlan, text: str, adopted_on: date, adopted_by: str
) -> PlanVersion:
    """Record a newly adopted version of the plan's text, as the shared vision's versions are
    recorded: never edited, numbered one above the current one, adopted today or in the past
    and not before the version it replaces."""
    require(access.can_manage_strategy(actor), to="record a new version of the strategic plan")
    text, adopted_by = text.strip(), tidy(adopted_by)
    current = PlanVersion.objects.select_for_update().filter(plan=plan).order_by("-version")
    latest = current.first()
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = "Enter the text of the plan"
    if not adopted_by:
        errors["adopted_by"] = "Enter who adopted the plan, such as the Children's Trust Board"
    if adopted_on > timezone.localdate():
        errors["adopted_on"] = "The date the plan was adopted must be today or in the past"
    elif latest is not None and adopted_on < latest.adopted_on:
        errors["adopted_on"] = (
            f"The date the plan was adopted must be on or after {day_words(latest.adopted_on)}, "
            f"when version {latest.version} was adopted"
        )
    refuse_if_any(errors)
    version = PlanVersion(
        plan=plan,
        version=latest.version + 1 if latest else 1,
        text=text,
        adopted_on=adopted_on,
        adopted_by=adopted_by,
        recorded_by=actor,
    )
    version.full_clean(exclude=["version"])
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError as error:
        raise ValidationError(
            "Someone else recorded a new version of the plan at the same moment. "
            "Look at the plan page, then try again if yours is still needed."
        ) from error
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=version,
        details={
            "plan": plan.pk,
            "version": version.version,
            "adopted_on": adopted_on.isoformat(),
            "adopted_by": adopted_by,
        },
    )
    return version


# --- Objectives ---------------------------------------------------------------------------------


def _objective_errors(objective: Objective, priorities: list[Priority]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not objective.title:
        errors["title"] = "Enter the objective's title"
    else:
        same = Objective.objects.filter(plan=objective.plan, title__iexact=objective.title)
        if objective.pk is not None:
            same = same.exclude(pk=objective.pk)
        if same.exists():
            errors["title"] = f"The plan already has an objective called “{objective.title}”"
    if not priorities:
        errors["priorities"] = "Choose at least one priority of the outcomes framework"
    if not objective.owner.is_active:
        errors["owner"] = f"{objective.owner} is no longer in post: choose someone who is"
    return errors


@transaction.atomic
def objective_create(
    *,
    actor: User,
    plan: StrategicPlan,
    title: str,
    description: str = "",
    owner: StaffMember,
    priorities: Iterable[Priority],
    agencies: Iterable[Agency] = (),
) -> Objective:
    """Add an objective to the plan, tied to one or more priorities of the outcomes framework,
    with an accountable owner in post and the agencies that contribute to it."""
    require(access.can_manage_strategy(actor), to="add an objective to the strategic plan")
    priorities, agencies = list(priorities), list(agencies)
    objective = Objective(
        plan=plan, title=tidy(title), description=description.strip(), owner=owner
    )
    refuse_if_any(_objective_errors(objective, priorities))
    objective.position = plan.objectives.count()
    save_and_record(
        actor=actor,
        instance=objective,
        action=AuditAction.CREATE,
        details={
            "plan": plan.pk,
            "title": objective.title,
            "owner": {"id": owner.pk, "name": str(owner)},
            "priorities": sorted(p.pk for p in priorities),
            "agencies": sorted(a.pk for a in agencies),
        },
    )
    objective.priorities.set(priorities)
    objective.agencies.set(agencies)
    return objective


@transaction.atomic
def objective_update(
    *,
    actor: User,
    objective: Objective,
    title: str,
    description: str,
    owner: StaffMember,
    priorities: Iterable[Priority],
    agencies: Iterable[Agency],
) -> Objective:
    """Change an objective: its words, owner, priorities and contributing agencies."""
    require(access.can_manage_strategy(actor), to="change an objective of the strategic plan")
    priorities, agencies = list(priorities), list(agencies)
    also = [
        name
        for name, new, old in (
            ("priorities", priorities, objective.priorities.all()),
            ("agencies", agencies, objective.agencies.all()),
        )
        if {row.pk for row in new} != {row.pk for row in old}
    ]
    update_and_record(
        actor=actor,
        instance=objective,
        changes={"title": tidy(title), "description": description.strip(), "owner": owner},
        allowed=("title", "description", "owner"),
        errors=lambda: _objective_errors(objective, priorities),
        also_changed=also,
    )
    if "priorities" in also:
        objective.priorities.set(priorities)
    if "agencies" in also:
        objective.agencies.set(agencies)
    return objective


# --- Milestones ---------------------------------------------------------------------------------


def _milestone_errors(milestone: Milestone) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not milestone.title:
        errors["title"] = "Enter the milestone's title"
    if problem := due_date_problem(milestone.objective.plan, milestone.due_on):
        errors["due_on"] = problem
    if not milestone.owner.is_active:
        errors["owner"] = f"{milestone.owner} is no longer in post: choose someone who is"
    return errors


@transaction.atomic
def milestone_create(
    *, actor: User, objective: Objective, title: str, due_on: date, owner: StaffMember
) -> Milestone:
    """Add a milestone to an objective, due within the plan's period; it starts not started."""
    require(access.can_manage_strategy(actor), to="add a milestone to the strategic plan")
    milestone = Milestone(objective=objective, title=tidy(title), due_on=due_on, owner=owner)
    refuse_if_any(_milestone_errors(milestone))
    save_and_record(
        actor=actor,
        instance=milestone,
        action=AuditAction.CREATE,
        details={
            "objective": objective.pk,
            "title": milestone.title,
            "due_on": due_on.isoformat(),
            "owner": {"id": owner.pk, "name": str(owner)},
        },
    )
    return milestone


@transaction.atomic
def milestone_update(
    *, actor: User, milestone: Milestone, title: str, due_on: date, owner: StaffMember
) -> Milestone:
    """Change a milestone's title, due date (within the plan's period) or owner."""
    require(access.can_manage_strategy(actor), to="change a milestone of the strategic plan")
    update_and_record(
        actor=actor,
        instance=milestone,
        changes={"title": tidy(title), "due_on": due_on, "owner": owner},
        allowed=("title", "due_on", "owner"),
        errors=lambda: _milestone_errors(milestone),
    )
    return milestone


@transaction.atomic
def milestone_status_change(
    *, actor: User, milestone: Milestone, status: str, note: str = ""
) -> MilestoneStatusChange:
    """Change a milestone's status, keeping the change and its note in the milestone's history.
    A dropped milestone needs the reason it was dropped (the note), so that the board can see
    why work stopped; the status must be a new one."""
    require(
        access.can_change_milestone_status(actor, milestone),
        to="change the status of this milestone",
    )
    note = note.strip()
    errors: dict[str, str] = {}
    if status not in MilestoneStatus.values:
        errors["status"] = "Choose the milestone's status"
    elif status == milestone.status:
        errors["status"] = (
            f"The milestone is already “{milestone.get_status_display()}”: choose another status"
        )
    if status == MilestoneStatus.DROPPED and not note:
        errors["note"] = "Enter why the milestone was dropped"
    refuse_if_any(errors)
    change = MilestoneStatusChange(
        milestone=milestone,
        from_status=milestone.status,
        to_status=status,
        note=note,
        changed_by=actor,
    )
    change.full_clean()
    change.save()
    # The reason stays with the milestone only while it is dropped; the history keeps it after.
    reason = note if status == MilestoneStatus.DROPPED else ""
    update_and_record(
        actor=actor,
        instance=milestone,
        changes={"status": status, "dropped_reason": reason},
        allowed=("status", "dropped_reason"),
        errors=dict,
    )
    return change
