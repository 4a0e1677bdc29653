"""Writes to the shared vision and the outcomes framework: vision versions, outcomes,
priorities, indicators and agencies' commitments, and the record of the alignment matrix's
download. Each service checks the acting user first (strategic leads and partnership
administrators keep the framework), then the input, then writes with one audit event. Updates
go through audit.changes.update_and_record, their events keeping each changed value from and
to: the framework is the partnership's published plan, no one's personal data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.partnership import access
from childtrust.partnership.models import (
    Agency,
    Commitment,
    FrameworkIndicator,
    Outcome,
    Priority,
    VisionStatement,
)
from childtrust.partnership.records import others_than, refuse_if_any


def _framework_name(value: str) -> str:
    """Names compare and store without stray spaces, so "Be  healthy " is "Be healthy"."""
    return " ".join(value.split())


def _outcome_slug(name: str) -> str:
    base = slugify(name)[:72] or "outcome"
    slug, n = base, 2
    while Outcome.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _vision_current_locked() -> VisionStatement | None:
    return VisionStatement.objects.select_for_update().order_by("-version").first()


@transaction.atomic
def vision_statement_adopt(
    *, actor: User, text: str, adopted_on: date, adopted_by: str
) -> VisionStatement:
    """Record a newly adopted version of the partnership's shared vision.

    A version is never edited: the partnership must be able to show what it agreed, when and who
    agreed it, so a change is always a new version numbered one above the current one. A vision
    cannot be adopted in the future, nor before the version it replaces."""
    require(access.can_manage_framework(actor), to="record a new version of the vision")
    text, adopted_by = text.strip(), _framework_name(adopted_by)
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = "Enter the text of the vision"
    if not adopted_by:
        errors["adopted_by"] = "Enter who adopted the vision, such as the Children's Trust Board"
    current = _vision_current_locked()
    if adopted_on > timezone.localdate():
        errors["adopted_on"] = "The date the vision was adopted must be today or in the past"
    elif current is not None and adopted_on < current.adopted_on:
        errors["adopted_on"] = (
            f"The date the vision was adopted must be on or after "
            f"{date_format(current.adopted_on, 'j F Y')}, when version {current.version} "
            f"was adopted"
        )
    if errors:
        raise ValidationError(errors)
    vision = VisionStatement(
        version=current.version + 1 if current else 1,
        text=text,
        adopted_on=adopted_on,
        adopted_by=adopted_by,
        recorded_by=actor,
    )
    # The version number is the service's, not the user's: the database's unique constraint
    # guards it, and a clash is answered below in words.
    vision.full_clean(exclude=["version"])
    try:
        with transaction.atomic():
            vision.save()
    except IntegrityError as error:
        # Two people recording a version at the same moment both number it N + 1.
        raise ValidationError(
            "Someone else recorded a new version of the vision at the same moment. "
            "Look at the vision page, then try again if yours is still needed."
        ) from error
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=vision,
        details={
            "version": vision.version,
            "adopted_on": adopted_on.isoformat(),
            "adopted_by": adopted_by,
        },
    )
    return vision


def _outcome_errors(outcome: Outcome) -> dict[str, str]:
    if not outcome.name:
        return {"name": "Enter the outcome's name"}
    if others_than(Outcome.objects.filter(name__iexact=outcome.name), outcome).exists():
        return {"name": f"There is already an outcome called “{outcome.name}”"}
    return {}


def _next_position(queryset: models.QuerySet[Any]) -> int:
    highest = queryset.aggregate(highest=models.Max("position"))["highest"]
    return 0 if highest is None else highest + 1


@transaction.atomic
def outcome_create(
    *, actor: User, name: str, description: str = "", position: int | None = None
) -> Outcome:
    """Add an outcome to the framework (the partnership's are the five Every Child Matters
    outcomes). Names are unique whatever their capitals; without a position it goes last."""
    require(access.can_manage_framework(actor), to="add an outcome to the framework")
    name = _framework_name(name)
    outcome = Outcome(name=name, description=description.strip())
    refuse_if_any(_outcome_errors(outcome))
    outcome.slug = _outcome_slug(name)
    outcome.position = _next_position(Outcome.objects.all()) if position is None else position
    save_and_record(
        actor=actor, instance=outcome, action=AuditAction.CREATE, details={"name": name}
    )
    return outcome


@transaction.atomic
def outcome_update(
    *, actor: User, outcome: Outcome, name: str, description: str, position: int | None
) -> Outcome:
    """Change an outcome. Its address (slug) stays as it was, so that links keep working."""
    require(access.can_manage_framework(actor), to="change an outcome in the framework")
    update_and_record(
        actor=actor,
        instance=outcome,
        changes={
            "name": _framework_name(name),
            "description": description.strip(),
            "position": outcome.position if position is None else position,
        },
        allowed=("name", "description", "position"),
        errors=lambda: _outcome_errors(outcome),
    )
    return outcome


def _priority_errors(priority: Priority) -> dict[str, str]:
    if not priority.title:
        return {"title": "Enter the priority's title"}
    duplicates = Priority.objects.filter(outcome=priority.outcome, title__iexact=priority.title)
    if others_than(duplicates, priority).exists():
        return {"title": f"“{priority.outcome}” already has a priority called “{priority.title}”"}
    return {}


@transaction.atomic
def priority_create(
    *,
    actor: User,
    outcome: Outcome,
    title: str,
    description: str = "",
    position: int | None = None,
) -> Priority:
    """Add a priority under an outcome; titles are unique within an outcome."""
    require(access.can_manage_framework(actor), to="add a priority to the framework")
    title = _framework_name(title)
    priority = Priority(outcome=outcome, title=title, description=description.strip())
    refuse_if_any(_priority_errors(priority))
    priority.position = _next_position(outcome.priorities.all()) if position is None else position
    save_and_record(
        actor=actor,
        instance=priority,
        action=AuditAction.CREATE,
        details={"outcome": outcome.name, "title": title},
    )
    return priority


@transaction.atomic
def priority_update(
    *,
    actor: User,
    priority: Priority,
    outcome: Outcome,
    title: str,
    description: str,
    position: int | None,
) -> Priority:
    """Change a priority, or move it to another outcome (its commitments move with it)."""
    require(access.can_manage_framework(actor), to="change a priority in the framework")
    update_and_record(
        actor=actor,
        instance=priority,
        changes={
            "outcome": outcome,
            "title": _framework_name(title),
            "description": description.strip(),
            "position": priority.position if position is None else position,
        },
        allowed=("outcome", "title", "description", "position"),
        errors=lambda: _priority_errors(priority),
    )
    return priority


def _indicator_errors(indicator: FrameworkIndicator) -> dict[str, str]:
    """An indicator's name is unique in the whole framework (letter case aside), so that no
    measure is listed twice under two priorities (issue 14)."""
    if not indicator.name:
        return {"name": "Enter the indicator's name"}
    duplicates = FrameworkIndicator.objects.filter(name__iexact=indicator.name)
    other = others_than(duplicates, indicator).select_related("priority").first()
    if other is None:
        return {}
    if other.priority_id == indicator.priority_id:
        return {
            "name": f"“{indicator.priority}” already has an indicator called “{indicator.name}”"
        }
    return {
        "name": f"“{other.name}” already measures the priority “{other.priority}”: give this "
        "indicator a name that says how it differs, or change that one instead"
    }


@transaction.atomic
def framework_indicator_create(
    *, actor: User, priority: Priority, name: str, description: str = ""
) -> FrameworkIndicator:
    """Add an indicator that measures progress on a priority; names are unique within it."""
    require(access.can_manage_framework(actor), to="add an indicator to the framework")
    name = _framework_name(name)
    indicator = FrameworkIndicator(priority=priority, name=name, description=description.strip())
    refuse_if_any(_indicator_errors(indicator))
    save_and_record(
        actor=actor,
        instance=indicator,
        action=AuditAction.CREATE,
        details={"priority": priority.title, "name": name},
    )
    return indicator


@transaction.atomic
def framework_indicator_update(
    *, actor: User, indicator: FrameworkIndicator, priority: Priority, name: str, description: str
) -> FrameworkIndicator:
    require(access.can_manage_framework(actor), to="change an indicator in the framework")
    update_and_record(
        actor=actor,
        instance=indicator,
        changes={
            "priority": priority,
            "name": _framework_name(name),
            "description": description.strip(),
        },
        allowed=("priority", "name", "description"),
        errors=lambda: _indicator_errors(indicator),
    )
    return indicator


def _contribution_errors(commitment: Commitment) -> dict[str, str]:
    # A commitment that does not say what the agency will do cannot be held to account, nor
    # compared with others' for duplicated effort.
    if not commitment.contribution:
        return {
            "contribution": (
                f"Say what {commitment.agency} will do towards “{commitment.priority}”"
            )
        }
    return {}


@transaction.atomic
def commitment_create(
    *, actor: User, agency: Agency, priority: Priority, contribution: str
) -> Commitment:
    """Record that an agency commits to a priority, and what it will do towards it."""
    require(access.can_manage_framework(actor), to="change agencies' commitments")
    contribution = contribution.strip()
    commitment = Commitment(agency=agency, priority=priority, contribution=contribution)
    refuse_if_any(_contribution_errors(commitment))
    if Commitment.objects.filter(agency=agency, priority=priority).exists():
        raise ValidationError(f"{agency} has already committed to “{priority}”")
    save_and_record(
        actor=actor,
        instance=commitment,
        action=AuditAction.CREATE,
        details={
            "agency": agency.name,
            "priority": priority.title,
            "outcome": priority.outcome.name,
            "contribution": contribution,
        },
    )
    return commitment


@transaction.atomic
def commitment_update(*, actor: User, commitment: Commitment, contribution: str) -> Commitment:
    """Change what an agency says it will do towards a priority it has committed to."""
    require(access.can_manage_framework(actor), to="change agencies' commitments")
    update_and_record(
        actor=actor,
        instance=commitment,
        changes={"contribution": contribution.strip()},
        allowed=("contribution",),
        errors=lambda: _contribution_errors(commitment),
    )
    return commitment


@transaction.atomic
def commitment_delete(*, actor: User, commitment: Commitment) -> None:
    """Withdraw an agency's commitment to a priority; the audit event keeps what it said."""
    require(access.can_manage_framework(actor), to="change agencies' commitments")
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        target=commitment,
        details={
            "agency": commitment.agency.name,
            "priority": commitment.priority.title,
            "contribution": commitment.contribution,
        },
    )
    commitment.delete()


@dataclass(frozen=True)
class CommitmentChanges:
    created: int = 0
    changed: int = 0
    removed: int = 0

    @property
    def total(self) -> int:
        return self.created + self.changed + self.removed


@transaction.atomic
def agency_commitments_set(
    *, actor: User, agency: Agency, contributions: Mapping[Priority, str]
) -> CommitmentChanges:
    """Make an agency's commitments exactly the priorities given, each with what the agency will
    do towards it: new ones are created, changed ones updated, missing ones removed, each with
    its own audit event. All or nothing: one bad contribution writes none of them."""
    require(access.can_manage_framework(actor), to="change agencies' commitments")
    existing = {
        c.priority_id: c
        for c in Commitment.objects.filter(agency=agency).select_related("agency", "priority")
    }
    created = changed = removed = 0
    for priority, contribution in contributions.items():
        commitment = existing.pop(priority.pk, None)
        if commitment is None:
            commitment_create(
                actor=actor, agency=agency, priority=priority, contribution=contribution
            )
            created += 1
        elif commitment.contribution != contribution.strip():
            commitment_update(actor=actor, commitment=commitment, contribution=contribution)
            changed += 1
    for commitment in existing.values():
        commitment_delete(actor=actor, commitment=commitment)
        removed += 1
    return CommitmentChanges(created=created, changed=changed, removed=removed)


def alignment_matrix_export_record(*, actor: User, priorities: int, agencies: int) -> None:
    """Downloading the alignment matrix is an export: who took a copy, and of what, is kept."""
    require(access.can_view_partnership(actor), to="download the alignment matrix")
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="partnership.commitment",
        object_repr="Alignment matrix",
        details={"format": "csv", "priorities": priorities, "agencies": agencies},
    )
