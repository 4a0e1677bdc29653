"""The demo's sickness absence and caseloads, from the establishment's holdings.

- Sickness absence: for everyone, in each census year of the three (and the current one so far)
  while they held a post, a few short spells (one to six working days) and now and then a long
  one (three to nine weeks): about 7 working days a year for a full-time worker, an absence
  rate near 3%, as the national figures have it. A spell lies within one census year and never
  overlaps another of the same person's; its days lost are working days times the person's FTE.
- Caseloads: each case-holding social worker (the assessment and child protection and children
  looked after teams' practitioners) on each census day of the three, about 17 cases per FTE."""

from __future__ import annotations

import datetime
from decimal import Decimal

from childtrust.core.calendar import add_working_days, is_working_day
from childtrust.workforce.definitions import census_date, census_year_start
from childtrust.workforce.demo.loading import WorkforceDemo
from childtrust.workforce.demo.plan import PlannedHolding, PlannedPost
from childtrust.workforce.demo.social_work import ACP, CLA
from childtrust.workforce.models import Caseload, Profession, SicknessAbsence

SHORT_SPELLS = ((0, 30), (1, 35), (2, 22), (3, 13))  # (spells in a year, how often)
SHORT_DAYS = (1, 6)
LONG_SPELL_CHANCE = 0.09
LONG_DAYS = (15, 45)
CASE_HOLDING_TEAMS = (ACP, CLA)
CASES_PER_FTE = 17.0
CASES_SPREAD = 3.0
TRIES = 4


def _spells_in(
    demo: WorkforceDemo,
    holding: PlannedHolding,
    first: datetime.date,
    last: datetime.date,
    taken: list[tuple[datetime.date, datetime.date]],
) -> list[SicknessAbsence]:
    """The spells of one holding within one census year's days `first` to `last`."""
    rng = demo.rng
    share = ((last - first).days + 1) / 365
    counts = [count for count, _ in SHORT_SPELLS]
    weights = [weight for _, weight in SHORT_SPELLS]
    lengths = [rng.randint(*SHORT_DAYS) for _ in range(rng.choices(counts, weights)[0])]
    if rng.random() < LONG_SPELL_CHANCE:
        lengths.append(rng.randint(*LONG_DAYS))
    spells = []
    for length in lengths:
        if rng.random() > share:  # a part year has fewer spells
            continue
        for _ in range(TRIES):
            start = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
            if not is_working_day(start):
                continue
            end = add_working_days(start, length - 1)
            if end > last or any(start <= e and s <= end for s, e in taken):
                continue
            taken.append((start, end))
            spells.append(
                SicknessAbsence(
                    staff=holding.person.staff,
                    starts_on=start,
                    ends_on=end,
                    working_days_lost=(Decimal(length) * holding.fte).quantize(Decimal("0.1")),
                )
            )
            break
    return spells


def absence_insert(demo: WorkforceDemo, posts: list[PlannedPost]) -> None:
    years = (*demo.years, demo.latest + 1)
    spells: list[SicknessAbsence] = []
    taken: dict[int, list[tuple[datetime.date, datetime.date]]] = {}
    for post in posts:
        for holding in post.holdings:
            for year in years:
                first = max(census_year_start(year), holding.starts_on)
                last = min(census_date(year), holding.ends_on or demo.today, demo.today)
                if last <= first:
                    continue
                person = taken.setdefault(holding.person.pk, [])
                spells += _spells_in(demo, holding, first, last, person)
    demo.insert_unchecked(SicknessAbsence, spells)


def caseloads_insert(demo: WorkforceDemo, posts: list[PlannedPost]) -> None:
    counts: list[Caseload] = []
    for year in demo.years:
        census = census_date(year)
        for post in posts:
            team = post.team.name if post.team else ""
            if post.profession != Profession.SOCIAL_WORKER or team not in CASE_HOLDING_TEAMS:
                continue
            holder = post.holder_on(census)
            if holder is None:
                continue
            per_fte = min(max(demo.rng.gauss(CASES_PER_FTE, CASES_SPREAD), 9.0), 26.0)
            counts.append(
                Caseload(
                    staff=holder.person.staff,
                    counted_on=census,
                    cases=max(1, round(per_fte * float(holder.fte))),
                )
            )
    demo.insert_unchecked(Caseload, counts)
