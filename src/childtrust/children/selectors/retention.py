"""Which children are past their retention date (design section 5): a child's records are kept
to the 18th birthday, to the 25th for a care leaver, and from the day after are due to be
anonymised. A child born on 29 February has its birthday on 1 March in other years (as the
law counts an age). A child with no date of birth is never due: no date can be worked out."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from childtrust.children.models import AgencyRecord, Child

ADULT_AGE = 18
CARE_LEAVER_AGE = 25


def birthday_at(date_of_birth: datetime.date, age: int) -> datetime.date:
    year = date_of_birth.year + age
    if date_of_birth.month == 2 and date_of_birth.day == 29:
        try:
            return datetime.date(year, 2, 29)
        except ValueError:
            return datetime.date(year, 3, 1)
    return date_of_birth.replace(year=year)


def retention_date(child: Child) -> datetime.date | None:
    """The last day the child's records are kept as they are."""
    if child.date_of_birth is None:
        return None
    return birthday_at(child.date_of_birth, CARE_LEAVER_AGE if child.care_leaver else ADULT_AGE)


@dataclass(frozen=True)
class RetentionDue:
    child: Child
    kept_until: datetime.date
    records: int


def _born_before(today: datetime.date, age: int) -> datetime.date:
    # A day of slack either side of 29 February; retention_date decides exactly.
    return datetime.date(today.year - age, today.month, 1) + datetime.timedelta(days=31)


def children_retention_due(today: datetime.date) -> list[RetentionDue]:
    """Children not yet anonymised (and not merged into another, whose records moved on) whose
    retention date is before `today`, oldest first, with how many agency records each has."""
    candidates = (
        Child.objects.filter(anonymised_at__isnull=True, merged_into__isnull=True)
        .filter(
            Q(care_leaver=False, date_of_birth__lt=_born_before(today, ADULT_AGE))
            | Q(care_leaver=True, date_of_birth__lt=_born_before(today, CARE_LEAVER_AGE))
        )
        .annotate(record_count=Count("records"))
        .order_by("date_of_birth", "reference")
    )
    due = []
    for child in candidates:
        kept_until = retention_date(child)
        if kept_until is not None and kept_until < today:
            due.append(RetentionDue(child, kept_until, child.record_count))
    return due


_IDS_A_QUERY = 10_000  # well within SQLite's limit on a statement's variables


def retention_records_by_agency(child_ids: list[int]) -> list[tuple[str, int]]:
    """(agency, records not yet anonymised) of these children, by agency name: how much of each
    agency's data a retention run would anonymise."""
    counted: dict[str, int] = {}
    for start in range(0, len(child_ids), _IDS_A_QUERY):
        rows = (
            AgencyRecord.objects.filter(
                child_id__in=child_ids[start : start + _IDS_A_QUERY], anonymised_at__isnull=True
            )
            .values_list("agency__name")
            .annotate(records=Count("pk"))
            .order_by()
        )
        for agency, records in rows:
            counted[agency] = counted.get(agency, 0) + records
    return sorted(counted.items())
