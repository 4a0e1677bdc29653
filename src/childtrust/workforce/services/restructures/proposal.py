"""Writes to a restructure's proposal: proposing it (its reason, establishment, proposed
redundancies, timeline, support offered and how to respond), changing it, setting its planned
first dismissal date, recording the HR1 notification, and withdrawing it.

The law (Trade Union and Labour Relations (Consolidation) Act 1992, sections 188 and 193, worked
out in selectors/consultation_law.py): where the collective duty applies, the first dismissal may
not take effect before consultation has run its minimum (30 or 45 days) nor before the same
number of days after the HR1 notification. A planned first dismissal earlier than that is
refused unless it is acknowledged with a reason, which is kept with who acknowledged it; a
change of the consultation's start or of the number of redundancies that would make the planned
date too early is refused in the same way, until the date is set again. The HR1 notification is
a fact: recorded even when late (the page then warns)."""

from __future__ import annotations

import copy
import datetime
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.core.permissions import require
from childtrust.partnership.models import Agency
from childtrust.workforce import access
from childtrust.workforce.models import Restructure, RestructureStatus
from childtrust.workforce.restructure_rules import (
    NOT_OVER,
    PLANNING,
    day_words,
    refuse_unless_status,
    tidy,
)
from childtrust.workforce.selectors.consultation_law import Assessment
from childtrust.workforce.selectors.restructures import (
    early_dismissal_acknowledged,
    restructure_assessment,
    restructure_locked,
)

RESTRUCTURE_FIELDS = (
    "title",
    "reason",
    "agency",
    "proposed_redundancies",
    "consultation_starts_on",
    "consultation_ends_on",
    "decision_on",
    "support_offered",
    "how_to_respond",
)
DISMISSAL_FIELDS = (
    "first_dismissal_on",
    "early_dismissal_reason",
    "early_dismissal_acknowledged_by",
)
HR1_FIELDS = ("hr1_notified_on", "hr1_reference")
MOST_REDUNDANCIES = 100_000


def _restructure_errors(restructure: Restructure) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not restructure.title:
        errors["title"] = "Enter the restructure's title"
    if not restructure.reason:
        errors["reason"] = "Enter why the restructure is proposed"
    if restructure.agency_id is None:
        errors["agency"] = "Choose the agency whose posts it changes"
    count = restructure.proposed_redundancies
    if not isinstance(count, int) or count < 0:
        errors["proposed_redundancies"] = "The proposed redundancies must be 0 or a whole number"
    elif count > MOST_REDUNDANCIES:
        errors["proposed_redundancies"] = (
            f"The proposed redundancies must be {MOST_REDUNDANCIES:,} or fewer"
        )
    starts, ends = restructure.consultation_starts_on, restructure.consultation_ends_on
    if starts and ends and ends < starts:
        errors["consultation_ends_on"] = (
            f"The consultation's end ({day_words(ends)}) must be on or after its start "
            f"({day_words(starts)})"
        )
    if starts and restructure.decision_on and restructure.decision_on < starts:
        errors["decision_on"] = (
            f"The decision ({day_words(restructure.decision_on)}) must be on or after "
            f"consultation starts ({day_words(starts)})"
        )
    return errors


def _assessment_with(restructure: Restructure, **values: Any) -> Assessment:
    """What the law would ask of the restructure with these values, leaving it as it is."""
    changed = copy.copy(restructure)
    for name, value in values.items():
        setattr(changed, name, value)
    return restructure_assessment(changed, timezone.localdate())


def _still_lawful_error(restructure: Restructure) -> dict[str, str]:
    """A change that makes the planned first dismissal too early is refused until the date is
    set again (and acknowledged, if it must stay early)."""
    if restructure.first_dismissal_on is None or early_dismissal_acknowledged(restructure):
        return {}
    warning = restructure_assessment(restructure, timezone.localdate()).warning
    if warning is None:
        return {}
    return {
        NON_FIELD_ERRORS: (
            f"{warning} Change the planned first dismissal date first; a date earlier than the "
            "law allows needs a reason."
        )
    }


@transaction.atomic
def restructure_create(
    *,
    actor: User,
    title: str,
    reason: str,
    agency: Agency,
    proposed_redundancies: int,
    consultation_starts_on: datetime.date | None = None,
    consultation_ends_on: datetime.date | None = None,
    decision_on: datetime.date | None = None,
    support_offered: str = "",
    how_to_respond: str = "",
) -> Restructure:
    """Propose a restructure at one agency (the establishment the law counts at)."""
    require(
        access.can_manage_restructure(actor, Restructure(agency=agency)),
        to=f"propose a restructure at {agency}",
    )
    restructure = Restructure(
        title=tidy(title),
        reason=reason.strip(),
        agency=agency,
        proposed_redundancies=proposed_redundancies,
        consultation_starts_on=consultation_starts_on,
        consultation_ends_on=consultation_ends_on,
        decision_on=decision_on,
        support_offered=support_offered.strip(),
        how_to_respond=how_to_respond.strip(),
        status=RestructureStatus.PROPOSED,
    )
    errors = _restructure_errors(restructure)
    if errors:
        raise ValidationError(errors)
    save_and_record(
        actor=actor,
        instance=restructure,
        action=AuditAction.CREATE,
        details={
            "title": restructure.title,
            "agency": {"id": agency.pk, "name": agency.name},
            "proposed_redundancies": proposed_redundancies,
        },
    )
    return restructure


@transaction.atomic
def restructure_update(
    *,
    actor: User,
    restructure: Restructure,
    title: str,
    reason: str,
    agency: Agency,
    proposed_redundancies: int,
    consultation_starts_on: datetime.date | None,
    consultation_ends_on: datetime.date | None,
    decision_on: datetime.date | None,
    support_offered: str,
    how_to_respond: str,
) -> Restructure:
    """Change a restructure's proposal and timeline. Its agency changes only while it has no
    post changes and no people (they belong to the agency), and to one the actor manages."""
    require(access.can_manage_restructure(actor, restructure), to="change this restructure")
    moving = agency.pk != restructure.agency_id
    if moving:
        require(
            access.can_manage_restructure(actor, Restructure(agency=agency)),
            to=f"move a restructure to {agency}",
        )
    refuse_unless_status(restructure_locked(restructure), NOT_OVER, so="it can no longer change")
    if moving and (restructure.post_changes.exists() or restructure.affected_people.exists()):
        raise ValidationError(
            {
                "agency": "The restructure's post changes and people belong to "
                f"{restructure.agency}: remove them before moving it to another agency"
            }
        )

    def errors() -> dict[str, str]:
        return _restructure_errors(restructure) or _still_lawful_error(restructure)

    update_and_record(
        actor=actor,
        instance=restructure,
        changes={
            "title": tidy(title),
            "reason": reason.strip(),
            "agency": agency,
            "proposed_redundancies": proposed_redundancies,
            "consultation_starts_on": consultation_starts_on,
            "consultation_ends_on": consultation_ends_on,
            "decision_on": decision_on,
            "support_offered": support_offered.strip(),
            "how_to_respond": how_to_respond.strip(),
        },
        allowed=RESTRUCTURE_FIELDS,
        errors=errors,
    )
    return restructure


@transaction.atomic
def restructure_first_dismissal_set(
    *,
    actor: User,
    restructure: Restructure,
    first_dismissal_on: datetime.date,
    early_dismissal_reason: str = "",
    acknowledged: bool = False,
) -> Restructure:
    """Set the day the first dismissal is planned to take effect. Where the collective duty
    applies and the day is earlier than the law allows, it is refused with the warning unless
    the actor acknowledges it and gives a reason, both kept; a lawful day clears them."""
    require(
        access.can_manage_restructure(actor, restructure),
        to="plan this restructure's dismissals",
    )
    refuse_unless_status(
        restructure_locked(restructure), NOT_OVER, so="its dismissal date can no longer change"
    )
    reason = early_dismissal_reason.strip()
    assessment = _assessment_with(restructure, first_dismissal_on=first_dismissal_on)
    errors: dict[str, str] = {}
    starts = restructure.consultation_starts_on
    if starts is not None and first_dismissal_on < starts:
        errors["first_dismissal_on"] = (
            f"The first dismissal ({day_words(first_dismissal_on)}) cannot take effect before "
            f"consultation starts ({day_words(starts)})"
        )
    elif assessment.warning is not None:
        if not acknowledged:
            errors["first_dismissal_on"] = (
                f"{assessment.warning} To keep this date, confirm that you know it is earlier "
                "than the law allows and say why"
            )
        if not reason:
            errors["early_dismissal_reason"] = (
                "Enter why the first dismissal must take effect earlier than the law allows"
            )
    if errors:
        raise ValidationError(errors)
    early = assessment.warning is not None
    update_and_record(
        actor=actor,
        instance=restructure,
        changes={
            "first_dismissal_on": first_dismissal_on,
            "early_dismissal_reason": reason if early else "",
            "early_dismissal_acknowledged_by": actor if early else None,
        },
        allowed=DISMISSAL_FIELDS,
        errors=dict,
    )
    return restructure


@transaction.atomic
def restructure_hr1_record(
    *,
    actor: User,
    restructure: Restructure,
    hr1_notified_on: datetime.date,
    hr1_reference: str = "",
) -> Restructure:
    """Record the notification to the Secretary of State on form HR1 (section 193): the day it
    was sent (not a day to come) and its reference. A late notification is recorded as it was;
    the restructure's page then says how late, and how it moves the earliest first dismissal."""
    require(
        access.can_manage_restructure(actor, restructure),
        to="record this restructure's HR1 notification",
    )
    refuse_unless_status(
        restructure_locked(restructure),
        (*NOT_OVER, RestructureStatus.FINISHED),
        so="its HR1 notification is not recorded",
    )
    today = timezone.localdate()
    reference = tidy(hr1_reference)
    errors: dict[str, str] = {}
    if hr1_notified_on > today:
        errors["hr1_notified_on"] = (
            f"The HR1 notification date ({day_words(hr1_notified_on)}) cannot be in the future: "
            "record it once the form has been sent"
        )
    if len(reference) > Restructure._meta.get_field("hr1_reference").max_length:  # type: ignore[operator]
        errors["hr1_reference"] = "The HR1 reference must be 60 characters or fewer"
    if errors:
        raise ValidationError(errors)
    update_and_record(
        actor=actor,
        instance=restructure,
        changes={"hr1_notified_on": hr1_notified_on, "hr1_reference": reference},
        allowed=HR1_FIELDS,
        errors=dict,
    )
    return restructure


@transaction.atomic
def restructure_withdraw(*, actor: User, restructure: Restructure) -> Restructure:
    """Withdraw a restructure before it is put in place: it proposes no dismissals any more (so
    it no longer counts towards the collective duty), and consultation closes."""
    require(access.can_manage_restructure(actor, restructure), to="withdraw this restructure")
    refuse_unless_status(
        restructure_locked(restructure), PLANNING, so="it can no longer be withdrawn"
    )
    update_and_record(
        actor=actor,
        instance=restructure,
        changes={"status": RestructureStatus.WITHDRAWN},
        allowed=("status",),
        errors=dict,
    )
    return restructure
