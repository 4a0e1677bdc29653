"""The objective owner's monthly check-in: how confident they are that the objective will be
met (1 "Very low" to 5 "Very high"), what happened, what is blocking and what help is needed.

Only the objective's owner in post records one (access.can_record_check_in): a check-in is
their own account, so strategic leads who do not own the objective may read but not write it.
One a month, for this month or the month before (a check-in made in the first days of a month
is often about the month just ended); earlier months are closed. Check-ins are kept, never
edited."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.strategy import access
from childtrust.strategy.models import CheckIn, Objective
from childtrust.strategy.selectors.measures import CONFIDENCE_WORDS, months_open
from childtrust.strategy.wording import refuse_if_any


def _month_words(month: datetime.date) -> str:
    return f"{month:%B %Y}"


@transaction.atomic
def check_in_create(
    *,
    actor: User,
    objective: Objective,
    month: datetime.date,
    confidence: int,
    happened: str,
    blocking: str = "",
    help_needed: str = "",
) -> CheckIn:
    """Record the owner's check-in on an objective for this month or the month before: one a
    month, confidence 1 to 5, what happened required."""
    require(access.can_record_check_in(actor, objective), to="record a check-in on this objective")
    happened, blocking, help_needed = happened.strip(), blocking.strip(), help_needed.strip()
    this, previous = months_open(timezone.localdate())
    errors: dict[str, str] = {}
    if month not in (this, previous):
        errors["month"] = (
            f"Choose {_month_words(this)} or {_month_words(previous)}: earlier months are closed"
        )
    elif objective.check_ins.filter(month=month).exists():
        errors["month"] = (
            f"A check-in for {_month_words(month)} has already been recorded: each month has one"
        )
    if confidence not in CONFIDENCE_WORDS:
        errors["confidence"] = "Choose how confident you are, from 1 (very low) to 5 (very high)"
    if not happened:
        errors["happened"] = "Enter what happened this month"
    refuse_if_any(errors)
    check_in = CheckIn(
        objective=objective,
        month=month,
        confidence=confidence,
        happened=happened,
        blocking=blocking,
        help_needed=help_needed,
        recorded_by=actor,
    )
    check_in.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            check_in.save()
    except IntegrityError as error:
        raise ValidationError(
            {"month": f"A check-in for {_month_words(month)} was recorded at the same moment"}
        ) from error
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=check_in,
        details={
            "objective": objective.pk,
            "month": month.isoformat(),
            "confidence": confidence,
            "blocking": bool(blocking),
            "help_needed": bool(help_needed),
        },
    )
    return check_in
