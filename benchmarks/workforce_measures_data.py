"""The workforce measures benchmark's establishment: 20 agencies, about 39,000 posts (45% social
worker posts), about 50,000 staff over five census years (2022 to 2026), with starters and
leavers each year (about 13% leave, most are replaced after a gap), vacancies (about 19%),
agency cover of most vacancies and some absence and extra capacity, sickness absence spells and
two caseload counts a year for each social worker. Seeded, so every run builds the same rows."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

AGENCIES = 20
TEAMS_EACH = 25
LOCALITIES = 12
POSTS = 39_000
SOCIAL_WORKER_SHARE = 0.45
FILLED_AT_START = 0.82
LEAVING_EACH_YEAR = 0.13
REPLACED = 0.95
COVERED_VACANCIES = 0.75
OTHER_COVER = 0.03
ABSENT_EACH_YEAR = 0.25
YEARS = (2022, 2023, 2024, 2025, 2026)
REASONS = ("resignation", "retirement", "dismissal", "redundancy", "end_of_contract", "other")
BATCH = 5_000

D = datetime.date


def census(year: int) -> datetime.date:
    return D(year, 9, 30)


def year_start(year: int) -> datetime.date:
    return D(year - 1, 10, 1)


@dataclass
class _Post:
    pk: int
    agency: int
    fte: int  # hundredths
    social_worker: bool
    holdings: list[dict[str, Any]] = field(default_factory=list)


def _days(day: datetime.date, days: int) -> datetime.date:
    return day + datetime.timedelta(days=days)


def _random_day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return _days(start, rng.randint(0, (end - start).days))


def build() -> dict[str, int]:
    """Writes the establishment with bulk inserts; returns how many of each record it made."""
    from childtrust.partnership.models import Agency, AgencyKind, Locality, StaffMember, Team
    from childtrust.workforce.models import (
        AgencyCover,
        Caseload,
        Holding,
        Post,
        Profession,
        SicknessAbsence,
    )

    rng = random.Random(13)
    localities = Locality.objects.bulk_create(
        Locality(name=f"Locality {n}", slug=f"locality-{n}") for n in range(LOCALITIES)
    )
    agencies = Agency.objects.bulk_create(
        Agency(name=f"Agency {n:02d}", slug=f"agency-{n:02d}", kind=AgencyKind.OTHER)
        for n in range(AGENCIES)
    )
    teams = Team.objects.bulk_create(
        Team(
            name=f"Agency {a:02d} team {t:02d}",
            slug=f"agency-{a:02d}-team-{t:02d}",
            kind="single_agency",
            agency=agency,
            locality=rng.choice(localities) if rng.random() < 0.7 else None,
        )
        for a, agency in enumerate(agencies)
        for t in range(TEAMS_EACH)
    )
    teams_of: dict[int, list[Team]] = defaultdict(list)
    for team in teams:
        teams_of[team.agency_id].append(team)  # type: ignore[index]

    fte_choices = [Decimal("1.00")] * 8 + [Decimal("0.50"), Decimal("0.80")]
    post_rows = []
    for n in range(POSTS):
        agency = agencies[n % AGENCIES]
        social = rng.random() < SOCIAL_WORKER_SHARE
        post_rows.append(
            Post(
                agency=agency,
                reference=f"P{n:06d}",
                job_title="Social worker" if social else "Family support worker",
                fte=rng.choice(fte_choices),
                team=rng.choice(teams_of[agency.pk]),
                locality=rng.choice(localities) if rng.random() < 0.2 else None,
                profession=Profession.SOCIAL_WORKER if social else Profession.FAMILY_SUPPORT,
                social_worker=social,
                starts_on=D(2000, 4, 1),
            )
        )
    made = Post.objects.bulk_create(post_rows, batch_size=BATCH)
    posts = [_Post(p.pk, p.agency_id, int(p.fte * 100), p.social_worker) for p in made]
    _simulate_holdings(rng, posts)

    holding_rows = [h for post in posts for h in post.holdings]
    staff = StaffMember.objects.bulk_create(
        (
            StaffMember(
                given_name="Sam",
                family_name=f"Worker {n}",
                email=f"worker{n}@example.org",
                job_title="Worker",
                agency_id=h["agency"],
            )
            for n, h in enumerate(holding_rows)
        ),
        batch_size=BATCH,
    )
    for h, person in zip(holding_rows, staff, strict=True):
        h["staff_id"] = person.pk
    Holding.objects.bulk_create(
        (
            Holding(
                post_id=h["post"],
                staff_id=h["staff_id"],
                fte=Decimal(h["fte"]) / 100,
                starts_on=h["starts_on"],
                ends_on=h["ends_on"],
                joined_agency=h["joined"],
                leaving_reason=h["reason"],
            )
            for h in holding_rows
        ),
        batch_size=BATCH,
    )
    covers, absences, caseloads = _yearly_records(rng, posts)
    AgencyCover.objects.bulk_create(
        (
            AgencyCover(
                post_id=post,
                worker_name="Agency worker",
                supplier="Locums Ltd",
                fte=Decimal(fte) / 100,
                reason=reason,
                starts_on=start,
                ends_on=end,
            )
            for post, fte, reason, start, end in covers
        ),
        batch_size=BATCH,
    )
    SicknessAbsence.objects.bulk_create(
        (
            SicknessAbsence(
                staff_id=who, starts_on=start, ends_on=end, working_days_lost=Decimal(days)
            )
            for who, start, end, days in absences
        ),
        batch_size=BATCH,
    )
    Caseload.objects.bulk_create(
        (Caseload(staff_id=who, counted_on=day, cases=cases) for who, day, cases in caseloads),
        batch_size=BATCH,
    )
    return {
        "agencies": len(agencies),
        "teams": len(teams),
        "localities": len(localities),
        "posts": len(posts),
        "social_worker_posts": sum(p.social_worker for p in posts),
        "staff": len(staff),
        "holdings": len(holding_rows),
        "agency_cover": len(covers),
        "absence_spells": len(absences),
        "caseload_counts": len(caseloads),
    }


def _holding(post: _Post, fte: int, start: datetime.date, joined: bool) -> dict[str, Any]:
    return {
        "post": post.pk,
        "agency": post.agency,
        "fte": fte,
        "starts_on": start,
        "ends_on": None,
        "joined": joined,
        "reason": "",
    }


def _simulate_holdings(rng: random.Random, posts: list[_Post]) -> None:
    """Fills most posts before the first year, then each year some holders leave on a day in
    the year and most are replaced after a gap of two weeks to five months."""
    first = year_start(YEARS[0])
    last = census(YEARS[-1])
    for post in posts:
        if rng.random() < FILLED_AT_START:
            fte = post.fte if rng.random() < 0.9 else post.fte // 2
            start = _random_day(rng, D(2005, 1, 1), _days(first, -1))
            post.holdings.append(_holding(post, fte, start, joined=True))
    for year in YEARS:
        start, end = year_start(year), census(year)
        for post in posts:
            current = post.holdings[-1] if post.holdings else None
            if current is None or current["ends_on"] is not None or current["starts_on"] >= start:
                continue
            if rng.random() >= LEAVING_EACH_YEAR:
                continue
            left = _random_day(rng, start, end)
            current["ends_on"] = left
            current["reason"] = rng.choice(REASONS)
            if rng.random() < REPLACED:
                joins = _days(left, rng.randint(14, 150))
                if joins <= last:
                    post.holdings.append(_holding(post, post.fte, joins, joined=True))


def _held_on(post: _Post, day: datetime.date) -> list[dict[str, Any]]:
    return [
        h
        for h in post.holdings
        if h["starts_on"] <= day and (h["ends_on"] is None or h["ends_on"] >= day)
    ]


def _yearly_records(
    rng: random.Random, posts: list[_Post]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Agency cover about each census day, absence spells in each year, caseload counts."""
    covers: list[tuple[Any, ...]] = []
    absences: list[tuple[Any, ...]] = []
    caseloads: list[tuple[Any, ...]] = []
    for year in YEARS:
        start, day = year_start(year), census(year)
        for post in posts:
            holders = _held_on(post, day)
            vacant = post.fte - sum(h["fte"] for h in holders)
            if vacant > 0 and rng.random() < COVERED_VACANCIES:
                covers.append(
                    (
                        post.pk,
                        vacant,
                        "vacancy",
                        _days(day, -rng.randint(10, 200)),
                        _days(day, rng.randint(1, 120)),
                    )
                )
            elif holders and rng.random() < OTHER_COVER:
                reason = rng.choice(("absence", "additional"))
                covers.append(
                    (post.pk, 50, reason, _days(day, -rng.randint(10, 90)), _days(day, 60))
                )
            for h in holders:
                if rng.random() < ABSENT_EACH_YEAR:
                    begins = _random_day(rng, max(start, h["starts_on"]), day)
                    days = rng.randint(1, 40) / 2
                    ends = min(_days(begins, int(days * 1.4)), day)
                    absences.append((h["staff_id"], begins, ends, f"{days:.1f}"))
                if post.social_worker:
                    cases = 0 if rng.random() < 0.05 else rng.randint(8, 25)
                    caseloads.append((h["staff_id"], day, cases))
                    caseloads.append((h["staff_id"], _days(day, -120), rng.randint(8, 25)))
    return covers, absences, caseloads
