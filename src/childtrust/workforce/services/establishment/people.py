"""Writes about people in the establishment: a spell of sickness absence (within one census
year, 1 October to 30 September, as the national collection counts days lost by year; a spell
that crosses 30 September is recorded as two) and a caseload count on a day. Workforce managers
record them, within their remit. One audit event each."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.partnership.models import StaffMember
from childtrust.workforce import access
from childtrust.workforce.definitions import census_date
from childtrust.workforce.establishment_rules import end_date_error
from childtrust.workforce.models import Caseload, SicknessAbsence
from childtrust.workforce.selectors.establishment.people import census_year_of
from childtrust.workforce.services.establishment._checks import _day_words, _refuse_if_any

MOST_CASES = 1000  # a count above this is a typing mistake, not a caseload


def _days_lost_error(
    starts_on: datetime.date | None, ends_on: datetime.date | None, days: Decimal | None
) -> str | None:
    if days is None:
        return "Enter the working days lost, such as 5 or 2.5"
    if days < 0:
        return "The working days lost cannot be below 0"
    if days != days.quantize(Decimal("0.1")):
        return "Enter the working days lost to one decimal place, like 2.5"
    if starts_on is not None and ends_on is not None and ends_on >= starts_on:
        calendar_days = (ends_on - starts_on).days + 1
        if days > calendar_days:
            return (
                f"The working days lost ({days}) cannot be more than the {calendar_days} "
                f"day{'s' if calendar_days != 1 else ''} of the spell"
            )
    return None


def _spell_dates_error(starts_on: datetime.date | None, ends_on: datetime.date) -> str | None:
    if problem := end_date_error(starts_on, ends_on, what="last day of absence"):
        return problem
    if starts_on is not None and ends_on > census_date(census_year_of(starts_on)):
        year_end = census_date(census_year_of(starts_on))
        return (
            f"A spell of absence lies within one census year (1 October to 30 September): "
            f"record the days to {_day_words(year_end)} as one spell and those from "
            f"{_day_words(year_end + datetime.timedelta(days=1))} as another"
        )
    return None


def _absence_errors(
    staff: StaffMember,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    days: Decimal | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if starts_on is None:
        errors["starts_on"] = "Enter the first day of absence"
    if ends_on is None:
        errors["ends_on"] = "Enter the last day of absence"
    elif problem := _spell_dates_error(starts_on, ends_on):
        errors["ends_on"] = problem
    if problem := _days_lost_error(starts_on, ends_on, days):
        errors["working_days_lost"] = problem
    if errors or starts_on is None or ends_on is None:
        return errors
    overlap = (
        SicknessAbsence.objects.filter(staff=staff, starts_on__lte=ends_on, ends_on__gte=starts_on)
        .order_by("starts_on")
        .first()
    )
    if overlap is not None:
        errors["starts_on"] = (
            f"{staff} already has a spell of absence recorded from "
            f"{_day_words(overlap.starts_on)} to {_day_words(overlap.ends_on)}, which this "
            "overlaps"
        )
    return errors


@transaction.atomic
def sickness_absence_record(
    *,
    actor: User,
    staff: StaffMember,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    working_days_lost: Decimal | None,
) -> SicknessAbsence:
    """A spell of sickness absence and the working days it lost (in FTE days: a half-time
    worker off for a week loses 2.5), within one census year and overlapping no other."""
    require(
        access.can_record_sickness_absence(actor, staff),
        to="record this person's sickness absence",
    )
    _refuse_if_any(_absence_errors(staff, starts_on, ends_on, working_days_lost))
    assert starts_on is not None
    assert ends_on is not None
    assert working_days_lost is not None
    spell = SicknessAbsence(
        staff=staff, starts_on=starts_on, ends_on=ends_on, working_days_lost=working_days_lost
    )
    save_and_record(
        actor=actor,
        instance=spell,
        action=AuditAction.CREATE,
        details={
            "staff": {"id": staff.pk, "name": str(staff)},
            "starts_on": str(starts_on),
            "ends_on": str(ends_on),
            "working_days_lost": str(working_days_lost),
        },
    )
    return spell


@transaction.atomic
def caseload_record(
    *, actor: User, staff: StaffMember, counted_on: datetime.date | None, cases: int | None
) -> Caseload:
    """How many cases a person held on a day. A second count for the same day replaces the
    first (a correction), and the audit event says what it was."""
    require(access.can_record_sickness_absence(actor, staff), to="record this person's caseload")
    errors: dict[str, str] = {}
    if counted_on is None:
        errors["counted_on"] = "Enter the day the cases were counted"
    if cases is None:
        errors["cases"] = "Enter the number of cases, such as 17"
    elif cases < 0:
        errors["cases"] = "The number of cases cannot be below 0"
    elif cases > MOST_CASES:
        errors["cases"] = f"The number of cases cannot be more than {MOST_CASES}"
    _refuse_if_any(errors)
    assert counted_on is not None
    existing = (
        Caseload.objects.select_for_update().filter(staff=staff, counted_on=counted_on).first()
    )
    before = existing.cases if existing is not None else None
    count = existing or Caseload(staff=staff, counted_on=counted_on)
    count.cases = cases  # type: ignore[assignment]
    try:
        count.full_clean()
    except ValidationError as error:
        raise ValidationError({"cases": error.messages}) from error
    count.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if existing is None else AuditAction.UPDATE,
        target=count,
        details={
            "staff": {"id": staff.pk, "name": str(staff)},
            "counted_on": str(counted_on),
            "cases": cases,
            **({"from": before} if existing is not None else {}),
        },
    )
    return count
