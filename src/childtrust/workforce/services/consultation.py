"""Writes to a restructure's consultation with each person: their individual meetings
(recorded by workforce managers), their own responses to the proposal (made by the person
themselves and no one else: a response is personal data, so the audit log keeps that it was
made, never what it says) and the answers they are given.

A person may respond while the restructure is proposed or in consultation, up to the day
consultation ends; answers may be given later. Meetings are recorded until it is over, not for a
withdrawn restructure."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.core.permissions import require
from childtrust.workforce import access
from childtrust.workforce.models import (
    AffectedPerson,
    ConsultationMeeting,
    ConsultationResponse,
    MeetingKind,
    RestructureStatus,
)
from childtrust.workforce.restructure_rules import (
    NOT_OVER,
    PLANNING,
    day_words,
    refuse_unless_status,
    tidy,
)
from childtrust.workforce.selectors.restructures import restructure_locked

LONGEST_TEXT = 10_000
ATTENDEES_LENGTH = 300


@transaction.atomic
def consultation_meeting_record(
    *,
    actor: User,
    affected: AffectedPerson,
    kind: str,
    held_on: datetime.date,
    attendees: str = "",
    notes: str = "",
) -> ConsultationMeeting:
    """Record an individual consultation meeting (or an outcome meeting, or an appeal) with an
    affected person: when, who attended and notes. A day to come records a meeting planned."""
    restructure = affected.restructure
    require(
        access.can_manage_restructure(actor, restructure),
        to="record consultation meetings in this restructure",
    )
    refuse_unless_status(
        restructure_locked(restructure), NOT_OVER, so="no more meetings are recorded"
    )
    meeting = ConsultationMeeting(
        affected=affected,
        kind=kind,
        held_on=held_on,
        attendees=tidy(attendees),
        notes=notes.strip(),
    )
    errors: dict[str, str] = {}
    if kind not in MeetingKind.values:
        errors["kind"] = "Choose the kind of meeting"
    if len(meeting.attendees) > ATTENDEES_LENGTH:
        errors["attendees"] = f"The attendees must be {ATTENDEES_LENGTH} characters or fewer"
    if len(meeting.notes) > LONGEST_TEXT:
        errors["notes"] = f"The notes must be {LONGEST_TEXT:,} characters or fewer"
    if errors:
        raise ValidationError(errors)
    save_and_record(
        actor=actor,
        instance=meeting,
        action=AuditAction.CREATE,
        details={
            "restructure": restructure.pk,
            "affected": affected.pk,
            "kind": kind,
            "held_on": held_on.isoformat(),
        },
    )
    return meeting


@transaction.atomic
def consultation_response_submit(
    *, actor: User, affected: AffectedPerson, text: str
) -> ConsultationResponse:
    """The affected person's own response to the proposal, while consultation is open."""
    restructure = affected.restructure
    require(
        access.can_respond_to_consultation(actor, affected),
        to="respond on this person's behalf",
    )
    refuse_unless_status(restructure_locked(restructure), PLANNING, so="the consultation is over")
    today = timezone.localdate()
    ends = restructure.consultation_ends_on
    if ends is not None and today > ends:
        raise ValidationError(
            f"The consultation closed on {day_words(ends)}: speak to your manager or to HR"
        )
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter your response"})
    if len(text) > LONGEST_TEXT:
        raise ValidationError(
            {"text": f"Your response must be {LONGEST_TEXT:,} characters or fewer"}
        )
    response = ConsultationResponse(affected=affected, text=text, submitted_at=timezone.now())
    save_and_record(
        actor=actor,
        instance=response,
        action=AuditAction.CREATE,
        details={"restructure": restructure.pk, "affected": affected.pk},
    )
    return response


@transaction.atomic
def consultation_response_answer(
    *, actor: User, response: ConsultationResponse, answer: str
) -> ConsultationResponse:
    """Answer a person's response (or change the answer): who answered and when are kept."""
    restructure = response.affected.restructure
    require(
        access.can_manage_restructure(actor, restructure),
        to="answer responses to this restructure",
    )
    if restructure_locked(restructure).status == RestructureStatus.WITHDRAWN:
        raise ValidationError("This restructure was withdrawn, so its responses are not answered.")
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": "Enter the answer"})
    if len(answer) > LONGEST_TEXT:
        raise ValidationError(
            {"answer": f"The answer must be {LONGEST_TEXT:,} characters or fewer"}
        )
    update_and_record(
        actor=actor,
        instance=response,
        changes={"answer": answer, "answered_by": actor, "answered_at": timezone.now()},
        allowed=("answer", "answered_by", "answered_at"),
        errors=dict,
        values_in_log=False,
    )
    return response
