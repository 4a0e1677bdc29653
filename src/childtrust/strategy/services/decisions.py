"""Writes to the decision log: a decision drafted, changed while a draft, and recorded as
decided, after which it is locked (the record of what the partnership decided must not move
under those who relied on it) and every change is refused with the date it was locked.
Strategic leads and administrators keep the log; one audit event for each write."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.core.permissions import require
from childtrust.resources.models import Appraisal
from childtrust.strategy import access
from childtrust.strategy.change_rules import decision_locked_message
from childtrust.strategy.models import BoardMeeting, Decision, DecisionStatus
from childtrust.strategy.wording import day_words, refuse_if_any, tidy

DECISION_FIELDS = (
    "title",
    "decision",
    "decided_by",
    "decided_on",
    "evidence",
    "appraisal",
    "meeting",
)


def _refuse_if_locked(decision: Decision) -> None:
    if decision.status == DecisionStatus.DECIDED:
        raise ValidationError(decision_locked_message(decision))


def _decision_errors(decision: Decision) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not decision.title:
        errors["title"] = "Enter the decision's title"
    if not decision.decision:
        errors["decision"] = "Enter what was decided"
    if not decision.decided_by:
        errors["decided_by"] = "Enter who decided, such as the Children's Trust Board"
    if not decision.evidence:
        errors["evidence"] = "Enter the evidence the decision rested on"
    meeting = decision.meeting
    if meeting is not None and decision.decided_on != meeting.held_on:
        errors["decided_on"] = (
            f"A decision taken at “{meeting.title}” is dated the day it met, "
            f"{day_words(meeting.held_on)}"
        )
    return errors


@transaction.atomic
def decision_create(
    *,
    actor: User,
    title: str,
    decision_text: str,
    decided_by: str,
    decided_on: datetime.date,
    evidence: str,
    appraisal: Appraisal | None = None,
    meeting: BoardMeeting | None = None,
) -> Decision:
    """Draft a decision for the log; it can be changed until it is recorded as decided."""
    require(access.can_manage_strategy(actor), to="add a decision to the decision log")
    record = Decision(
        title=tidy(title),
        decision=decision_text.strip(),
        decided_by=tidy(decided_by),
        decided_on=decided_on,
        evidence=evidence.strip(),
        appraisal=appraisal,
        meeting=meeting,
    )
    refuse_if_any(_decision_errors(record))
    save_and_record(
        actor=actor,
        instance=record,
        action=AuditAction.CREATE,
        details={
            "title": record.title,
            "decided_by": record.decided_by,
            "decided_on": decided_on.isoformat(),
            "appraisal": appraisal.pk if appraisal else None,
            "meeting": meeting.pk if meeting else None,
        },
    )
    return record


@transaction.atomic
def decision_update(
    *,
    actor: User,
    decision: Decision,
    title: str,
    decision_text: str,
    decided_by: str,
    decided_on: datetime.date,
    evidence: str,
    appraisal: Appraisal | None,
    meeting: BoardMeeting | None,
) -> Decision:
    """Change a draft decision; a decided one is locked."""
    require(access.can_manage_strategy(actor), to="change a decision in the decision log")
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    _refuse_if_locked(locked)
    update_and_record(
        actor=actor,
        instance=decision,
        changes={
            "title": tidy(title),
            "decision": decision_text.strip(),
            "decided_by": tidy(decided_by),
            "decided_on": decided_on,
            "evidence": evidence.strip(),
            "appraisal": appraisal,
            "meeting": meeting,
        },
        allowed=DECISION_FIELDS,
        errors=lambda: _decision_errors(decision),
    )
    return decision


@transaction.atomic
def decision_record_as_decided(*, actor: User, decision: Decision) -> Decision:
    """Record a draft as decided and lock it. The decision's own checks are asked again of the
    record as it stands (its meeting may have moved since it was drafted: a decision taken at
    a meeting is dated the day it met), and a decision dated in the future has not been taken
    yet: either is refused with every message, and nothing is locked."""
    require(access.can_manage_strategy(actor), to="record a decision as decided")
    locked = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=decision.pk)
    )
    _refuse_if_locked(locked)
    errors = _decision_errors(locked)
    if locked.decided_on > timezone.localdate():
        errors.setdefault(
            "decided_on",
            f"The decision is dated {day_words(locked.decided_on)}, in the future: it can be "
            "recorded as decided on or after that day",
        )
    refuse_if_any(errors)
    update_and_record(
        actor=actor,
        instance=locked,
        changes={"status": DecisionStatus.DECIDED, "locked_at": timezone.now()},
        allowed=("status", "locked_at"),
        errors=dict,
    )
    decision.status, decision.locked_at = locked.status, locked.locked_at
    return decision
