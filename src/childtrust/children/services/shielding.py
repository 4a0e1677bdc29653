"""Shielding a child (hidden from search, details only by break glass) and break glass itself:
time-limited emergency access to a shielded child with a written reason, which the data
protection lead reviews (design section 5)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import update_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children import access
from childtrust.children.models import BreakGlass, Child
from childtrust.core.permissions import require

SHIELD = "shield a child's record or lift the shield"
BREAK_GLASS = "break glass on this child's record"
REVIEW = "review break-glass events"

#: How long break glass lasts, in hours: the shortest that covers the emergency.
BREAK_GLASS_HOURS = (1, 4, 8)
DEFAULT_BREAK_GLASS_HOURS = 4
# "At least a sentence": enough words to say what the emergency is and why this record.
REASON_MIN_WORDS = 5
REASON_MIN_CHARACTERS = 25


@transaction.atomic
def child_shield(*, actor: User, child: Child, shielded: bool, reason: str) -> None:
    """Shields the child, or lifts the shield, with the reason (required either way). The
    reason itself is kept on the child, not in the append-only log: it may say who the child is
    being kept from."""
    require(access.can_shield_children(actor), to=SHIELD)
    child = Child.objects.select_for_update().get(pk=child.pk)
    if not reason.strip():
        raise ValidationError(
            {
                "reason": "Enter why the record is shielded"
                if shielded
                else "Enter why the shield is lifted"
            }
        )
    if child.shielded == shielded:
        raise ValidationError(
            {
                "reason": "The record is already shielded"
                if shielded
                else "The record is not shielded"
            }
        )
    update_and_record(
        actor=actor,
        instance=child,
        changes={
            "shielded": shielded,
            "shielded_reason": reason.strip() if shielded else "",
            "shielded_at": timezone.now() if shielded else None,
        },
        allowed=("shielded", "shielded_reason", "shielded_at"),
        errors=dict,
        values_in_log=False,
    )


def _break_glass_reason_problem(reason: str) -> str:
    words = reason.split()
    if not words:
        return "Enter why you need to see this record now"
    if len(words) < REASON_MIN_WORDS or len(reason.strip()) < REASON_MIN_CHARACTERS:
        return "Write at least a sentence saying what the emergency is and why you need this record"
    return ""


@transaction.atomic
def break_glass_start(*, actor: User, child: Child, reason: str, hours: int) -> BreakGlass:
    """Opens a shielded child's details to the actor for 1, 4 or 8 hours, with a written
    reason; every view in that time is logged as through break glass, and the event waits for
    the data protection lead's review."""
    require(access.can_start_break_glass(actor, child), to=BREAK_GLASS)
    problems: dict[str, str] = {}
    problem = _break_glass_reason_problem(reason)
    if problem:
        problems["reason"] = problem
    if hours not in BREAK_GLASS_HOURS:
        problems["hours"] = "Choose for how long: 1, 4 or 8 hours"
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    glass = BreakGlass(
        child=child,
        user=actor,
        reason=reason.strip(),
        started_at=now,
        expires_at=now + datetime.timedelta(hours=hours),
    )
    glass.full_clean()
    glass.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=glass,
        reason=glass.reason,
        details={"child": child.reference, "hours": hours},
    )
    return glass


@transaction.atomic
def break_glass_review(*, actor: User, glass: BreakGlass, note: str) -> None:
    """The data protection lead reviews a break-glass event, with a note (required)."""
    require(access.can_review_child_access(actor), to=REVIEW)
    glass = BreakGlass.objects.select_for_update().get(pk=glass.pk)
    if glass.reviewed_at is not None:
        raise ValidationError({"note": "This event has already been reviewed"})
    if not note.strip():
        raise ValidationError({"note": "Enter your review note"})
    glass.reviewed_by = actor
    glass.reviewed_at = timezone.now()
    glass.review_note = note.strip()
    glass.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=glass,
        reason="Review of a break-glass event",
        details={"changed": ["reviewed_at", "reviewed_by", "review_note"]},
    )
