"""Writes to the change programme: who owns each of Kotter's stages (a change agent), and the
board's ratings of all eight stages at a meeting. Strategic leads and administrators write both.

The board rates every stage at once, 1 to 5 with its evidence: a meeting's ratings are all
eight or none, so a missing stage, a rating outside 1 to 5 or missing evidence refuses the lot
with every message at once. The ratings can be changed while the meeting's minutes are a draft;
once the minutes are approved they are the record and are locked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.partnership.models import StaffMember
from childtrust.strategy import access
from childtrust.strategy.models import (
    BoardMeeting,
    ChangeStage,
    KotterStage,
    Minutes,
    MinutesStatus,
    StageRating,
    StrategicPlan,
)

RATINGS_LOCKED = (
    "The minutes of this meeting have been approved, so its stage ratings are locked and "
    "cannot be changed"
)


@transaction.atomic
def change_stage_owner_set(
    *, actor: User, plan: StrategicPlan, stage: int, owner: StaffMember | None
) -> ChangeStage:
    """Name the leader who owns a stage of the plan's change programme (or no one)."""
    require(access.can_manage_strategy(actor), to="name the owner of a stage of the change")
    if stage not in KotterStage.values:
        raise ValidationError({"stage": "Choose one of Kotter's eight stages"})
    if owner is not None and not owner.is_active:
        raise ValidationError({"owner": f"{owner} is no longer in post: choose someone who is"})
    row = ChangeStage.objects.select_for_update().filter(plan=plan, stage=stage).first()
    if row is None:
        row = ChangeStage(plan=plan, stage=stage, owner=owner)
        save_and_record(
            actor=actor,
            instance=row,
            action=AuditAction.CREATE,
            details={
                "plan": plan.pk,
                "stage": stage,
                "owner": {"id": owner.pk, "name": str(owner)} if owner else None,
            },
        )
        return row
    update_and_record(
        actor=actor, instance=row, changes={"owner": owner}, allowed=("owner",), errors=dict
    )
    return row


def _rating_errors(ratings: Mapping[int, tuple[Any, str]]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for stage in KotterStage:
        rating, evidence = ratings.get(stage.value, (None, ""))
        if rating is None:
            errors[f"rating_{stage.value}"] = f"Choose a rating for “{stage.label}”"
        elif isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
            errors[f"rating_{stage.value}"] = (
                f"The rating for “{stage.label}” must be a whole number from 1 to 5"
            )
        if not (evidence or "").strip():
            errors[f"evidence_{stage.value}"] = f"Enter the evidence for “{stage.label}”"
    unknown = set(ratings) - set(KotterStage.values)
    if unknown:
        errors["__all__"] = "Rate Kotter's eight stages only, numbered 1 to 8"
    return errors


@transaction.atomic
def stage_ratings_record(
    *, actor: User, meeting: BoardMeeting, ratings: Mapping[int, tuple[int | None, str]]
) -> list[StageRating]:
    """Record (or change) the board's ratings of the eight stages at a meeting: `ratings` maps
    each stage (1 to 8) to its rating (1 to 5) and evidence. One audit event names the meeting
    and every rating that changed."""
    require(access.can_manage_strategy(actor), to="record the board's ratings of the stages")
    locked_meeting = BoardMeeting.objects.select_for_update().get(pk=meeting.pk)
    if Minutes.objects.filter(meeting=locked_meeting, status=MinutesStatus.APPROVED).exists():
        raise ValidationError(RATINGS_LOCKED)
    errors = _rating_errors(ratings)
    if errors:
        raise ValidationError(errors)
    existing = {r.stage: r for r in StageRating.objects.filter(meeting=meeting)}
    changed: dict[str, dict[str, Any]] = {}
    saved = []
    for stage in KotterStage:
        value, evidence = ratings[stage.value]
        assert value is not None  # checked above
        evidence = evidence.strip()
        row = existing.get(stage.value)
        if row is None:
            row = StageRating(meeting=meeting, stage=stage.value, rating=value, evidence=evidence)
            changed[str(stage.value)] = {"rating": value}
        elif (row.rating, row.evidence) != (value, evidence):
            changed[str(stage.value)] = {
                "rating": value,
                "was": row.rating,
                "evidence_changed": row.evidence != evidence,
            }
            row.rating, row.evidence = value, evidence
        else:
            saved.append(row)
            continue
        row.recorded_by = actor
        row.full_clean()
        row.save()
        saved.append(row)
    if changed:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE if existing else AuditAction.CREATE,
            target=meeting,
            details={"stage_ratings": changed},
        )
    return saved
