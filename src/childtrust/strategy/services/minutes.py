"""Writes to the partnership board's minutes: drafted after a meeting, changed while a draft,
approved at a later meeting and then locked, with the meeting's record (its details, agenda and
actions: services/board.py refuses changes to them). Strategic leads and administrators keep
the minutes (can_manage_strategy). Each service checks the acting user first, then the input,
then writes with one audit event."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.core.permissions import require
from childtrust.strategy import access
from childtrust.strategy.models import BoardMeeting, Minutes, MinutesStatus
from childtrust.strategy.wording import day_words


def _locked(minutes: Minutes) -> ValidationError:
    at = minutes.approved_at
    when = f"the meeting of {day_words(at.held_on)}" if at is not None else "a later meeting"
    return ValidationError(f"These minutes were approved at {when} and are locked")


@transaction.atomic
def minutes_save(*, actor: User, meeting: BoardMeeting, text: str) -> Minutes:
    """Draft a meeting's minutes, or change the draft. Once approved at a later meeting the
    minutes are the board's record and are locked: every change is refused."""
    require(access.can_manage_strategy(actor), to="write the partnership board's minutes")
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is not None and minutes.status == MinutesStatus.APPROVED:
        raise _locked(minutes)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the minutes"})
    if minutes is None:
        minutes = Minutes(meeting=meeting, text=text)
        save_and_record(
            actor=actor,
            instance=minutes,
            action=AuditAction.CREATE,
            details={"meeting": meeting.pk, "status": minutes.status, "text": text},
        )
        return minutes
    update_and_record(
        actor=actor, instance=minutes, changes={"text": text}, allowed=("text",), errors=dict
    )
    return minutes


@transaction.atomic
def minutes_approve(*, actor: User, minutes: Minutes, at_meeting: BoardMeeting | None) -> Minutes:
    """Record that a later meeting (held after this one, on or before today) approved the
    minutes; from then on they, and the meeting's record, are locked. Approved minutes are
    refused whatever meeting is given (None too: a locked page's form offers no choice)."""
    require(
        access.can_manage_strategy(actor),
        to="record the approval of the partnership board's minutes",
    )
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if minutes.status == MinutesStatus.APPROVED:
        raise _locked(minutes)
    meeting = minutes.meeting
    if at_meeting is None:
        raise ValidationError({"at_meeting": "Choose the meeting that approved the minutes"})
    if at_meeting.held_on <= meeting.held_on:
        raise ValidationError(
            {
                "at_meeting": f"Choose a meeting held after {day_words(meeting.held_on)}: "
                "minutes are approved at a later meeting"
            }
        )
    if at_meeting.held_on > timezone.localdate():
        raise ValidationError(
            {"at_meeting": "Choose a meeting that has been held: today or in the past"}
        )
    update_and_record(
        actor=actor,
        instance=minutes,
        changes={
            "status": MinutesStatus.APPROVED,
            "approved_at": at_meeting,
            "approved_by": actor,
        },
        allowed=("status", "approved_at", "approved_by"),
        errors=dict,
    )
    return minutes
