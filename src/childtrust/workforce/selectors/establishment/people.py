"""Reads of people in the establishment: a person's own holdings, the starters and leavers of a
census year (1 October to 30 September), a person's sickness absence and caseload counts. All of
it is staff's personal data: pages read it only through the `*_for_user` functions of
workforce.access, which check the reader and audit the read."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Min, Q, QuerySet

from childtrust.partnership.models import StaffMember
from childtrust.workforce.definitions import census_date, census_year_start
from childtrust.workforce.models import (
    Caseload,
    Holding,
    Post,
    SicknessAbsence,
    WorkforceRemit,
)

ZERO = Decimal("0.00")


def census_year_of(day: datetime.date) -> int:
    """The census year a day falls in, named by the 30 September it ends on: 1 October 2024 to
    30 September 2025 is 2025."""
    return day.year + 1 if day.month >= 10 else day.year


def census_years_to(today: datetime.date) -> list[int]:
    """The census years from the first holding's to today's, latest first."""
    first = Holding.objects.aggregate(first=Min("starts_on"))["first"]
    latest = census_year_of(today)
    earliest = census_year_of(first) if first is not None else latest
    return list(range(latest, min(earliest, latest) - 1, -1))


def holdings_of_staff(staff: StaffMember) -> list[Holding]:
    """A person's holdings, current first, with their posts' agency and team."""
    return sorted(
        Holding.objects.filter(staff=staff).select_related(
            "post", "post__agency", "post__team", "post__locality"
        ),
        key=lambda h: (h.ends_on is not None, -(h.ends_on or h.starts_on).toordinal(), h.pk),
    )


@dataclass(frozen=True)
class Movement:
    """A starter or a leaver: the holding, and its leaving reason's words when the reader may
    see them (None: not shown)."""

    holding: Holding
    reason: str | None


@dataclass(frozen=True)
class StartersLeavers:
    year: int
    starts_on: datetime.date
    ends_on: datetime.date
    starters: list[Movement]
    leavers: list[Movement]
    reasons_shown: bool  # whether every leaver's reason could be shown

    @property
    def starters_fte(self) -> Decimal:
        return sum((m.holding.fte for m in self.starters), ZERO)

    @property
    def leavers_fte(self) -> Decimal:
        return sum((m.holding.fte for m in self.leavers), ZERO)

    def leavers_by_reason(self) -> list[tuple[str, int, Decimal]]:
        """(reason, headcount, FTE) of the leavers whose reason is shown, most first."""
        counts: dict[str, tuple[int, Decimal]] = {}
        for movement in self.leavers:
            if movement.reason is not None:
                people, fte = counts.get(movement.reason, (0, ZERO))
                counts[movement.reason] = (people + 1, fte + movement.holding.fte)
        return sorted(
            ((reason, people, fte) for reason, (people, fte) in counts.items()),
            key=lambda row: (-row[1], row[0]),
        )


def starters_and_leavers(posts: QuerySet[Post], year: int) -> tuple[list[Holding], list[Holding]]:
    """The holdings of the posts that made starters (joined the agency with the post) and
    leavers (ended with a leaving reason) in the census year, each by date."""
    first, last = census_year_start(year), census_date(year)
    held = Holding.objects.filter(post__in=posts).select_related(
        "staff", "post", "post__agency", "post__team"
    )
    starters = held.filter(joined_agency=True, starts_on__gte=first, starts_on__lte=last)
    leavers = held.filter(~Q(leaving_reason=""), ends_on__gte=first, ends_on__lte=last)
    return (
        list(starters.order_by("starts_on", "pk")),
        list(leavers.order_by("ends_on", "pk")),
    )


def absences_of(staff: StaffMember) -> list[SicknessAbsence]:
    """A person's spells of sickness absence, latest first. Read only through
    access.sickness_absence_for_user."""
    return list(SicknessAbsence.objects.filter(staff=staff).order_by("-starts_on", "-pk"))


@dataclass(frozen=True)
class AbsenceYear:
    year: int
    spells: int
    working_days_lost: Decimal


def absence_by_year(spells: list[SicknessAbsence]) -> list[AbsenceYear]:
    """Working days lost in each census year, latest first (a spell lies within one year)."""
    totals: dict[int, tuple[int, Decimal]] = {}
    for spell in spells:
        year = census_year_of(spell.starts_on)
        count, days = totals.get(year, (0, Decimal("0.0")))
        totals[year] = (count + 1, days + spell.working_days_lost)
    return [AbsenceYear(year, *totals[year]) for year in sorted(totals, reverse=True)]


def caseloads_of(staff: StaffMember) -> list[Caseload]:
    """A person's caseload counts, latest first."""
    return list(Caseload.objects.filter(staff=staff).order_by("-counted_on"))


def remits_all() -> list[WorkforceRemit]:
    """Every workforce manager's remit, by agency and the manager's name."""
    return list(
        WorkforceRemit.objects.select_related("user", "agency").order_by(
            "agency__name", "user__last_name", "user__first_name", "user__username"
        )
    )


def remit_with_pk(pk: int) -> WorkforceRemit | None:
    return WorkforceRemit.objects.select_related("user", "agency").filter(pk=pk).first()
