"""The national workforce measures, worked out from the establishment as the Department for
Education's children's social work workforce statistics define them (definitions.py), for the
social worker posts on the census day (30 September) by agency, team, locality and the whole
partnership, and for every post of every agency (the whole workforce).

What is counted for census year Y (the year 1 October Y-1 to 30 September Y):

- in post: staff holdings (never agency cover) live on 30 September Y (a holding ending that
  day is in post); headcount counts each person once in each group;
- vacant FTE: each post live that day, its FTE less its holders' FTE that day, never below 0;
- agency: agency cover live that day; cover of vacancies is the cover whose reason is VACANCY;
- leavers: holdings with a leaving reason whose last day falls 1 October Y-1 to 30 September Y
  (a move within the agency has no reason and is not a leaver);
- starters: holdings that joined the agency (`joined_agency`) starting in the same year;
- caseload: each person in post's latest caseload count in the 92 days to the census day; those
  counted with one case or more are case holders, and their cases and FTE are counted;
- absence: working days lost by spells starting in the census year, by people holding a social
  worker post the day the spell started.

A person in two posts on one day is counted in each post's group by that post's FTE: their cases
and days lost are shared between the posts in proportion to their FTE in each.

Each post belongs to its agency, its team, and its locality (the post's own, else its team's).
A post with no team or locality falls in a group labelled so (key None), so that each grouping's
groups add up to the partnership.

Speed: one computation reads only the rows live in its census year, as plain values (never
model instances), FTE as whole hundredths worked out by the database, and adds them up in one
pass into cells (one per agency, team and locality together) before rolling the cells up into
every grouping."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    Q,
    QuerySet,
)
from django.db.models.functions import Cast, Coalesce, Round
from django.utils import timezone

from childtrust.partnership.selectors.registry import (
    agencies_by_name,
    localities_by_name,
    teams_by_name,
)
from childtrust.workforce.definitions import (
    DEFINITIONS,
    WorkforceMeasure,
    census_date,
    census_year_start,
    rate,
)
from childtrust.workforce.models import (
    AgencyCover,
    Caseload,
    CoverReason,
    Holding,
    Post,
    SicknessAbsence,
)

#: The caseload count used is the latest in this many days up to and including the census day.
CASELOAD_WINDOW_DAYS = 92

KINDS = ("partnership", "agency", "team", "locality")
KIND_LABELS = {
    "partnership": "Whole partnership",
    "agency": "Agency",
    "team": "Team",
    "locality": "Locality",
}
NO_GROUP_LABELS = {"team": "Not in a team", "locality": "No locality"}
PARTNERSHIP_LABEL = "Whole partnership"


@dataclass(frozen=True)
class Counts:
    """The counts the measures are worked out from, named as the open data file's columns (FTE
    to two decimal places; cases and days lost may be shared between posts, so not whole)."""

    inpost_fte: float = 0.0
    inpost_headcount: int = 0
    starters_fte: float = 0.0
    starters_headcount: int = 0
    leavers_fte: float = 0.0
    leavers_headcount: int = 0
    agency_fte: float = 0.0
    agency_cover_fte: float = 0.0
    vacancy_fte: float = 0.0
    case_holders_fte: float = 0.0
    cases: float = 0.0
    working_days_lost: float = 0.0

    def count(self, column: str) -> float:
        """A count by the open data file's column name (inpost_fte, working_days_lost_fte...)."""
        return float(getattr(self, COLUMN_FIELDS[column]))

    def value(self, measure: WorkforceMeasure | str) -> float | None:
        """The measure's value (a percentage, or cases per FTE), or None where its denominator
        is zero: not calculated, never a zero that is not one."""
        definition = DEFINITIONS[WorkforceMeasure(measure)]
        numerator = self.count(definition.numerator)
        denominator = sum(self.count(column) for column in definition.denominator)
        return rate(numerator, denominator, per=definition.per)


#: The open data file's count columns and the Counts fields that hold them.
COLUMN_FIELDS = {
    "inpost_fte": "inpost_fte",
    "inpost_headcount": "inpost_headcount",
    "starters_fte": "starters_fte",
    "leavers_fte": "leavers_fte",
    "agency_fte": "agency_fte",
    "agency_cover_fte": "agency_cover_fte",
    "vacancy_fte": "vacancy_fte",
    "case_holders_fte": "case_holders_fte",
    "cases": "cases",
    "working_days_lost_fte": "working_days_lost",
}


@dataclass(frozen=True)
class GroupFigures:
    """One group's counts: the whole partnership (key None), an agency, a team or a locality
    (key its id; None for the posts with no team or no locality)."""

    kind: str  # "partnership" | "agency" | "team" | "locality"
    key: int | None
    label: str
    counts: Counts

    def value(self, measure: WorkforceMeasure | str) -> float | None:
        return self.counts.value(measure)


# --- Adding up ---------------------------------------------------------------------------------

Cell = tuple[int, int | None, int | None]  # (agency id, team id, locality id)


@dataclass(slots=True)
class _Tally:
    """A cell's running totals: FTE in whole hundredths, cases and days as floats, and who is
    counted (for headcounts, each person once in a group)."""

    inpost: int = 0
    starters: int = 0
    leavers: int = 0
    agency: int = 0
    cover: int = 0
    vacancy: int = 0
    case_holders: int = 0
    cases: float = 0.0
    days_lost: float = 0.0
    inpost_staff: list[int] = field(default_factory=list)
    starter_staff: list[int] = field(default_factory=list)
    leaver_staff: list[int] = field(default_factory=list)


def _counts(tallies: list[_Tally]) -> Counts:
    """A group's counts: its cells' totals added up, each person counted once."""
    return Counts(
        inpost_fte=sum(t.inpost for t in tallies) / 100,
        inpost_headcount=len(set().union(*(t.inpost_staff for t in tallies))),
        starters_fte=sum(t.starters for t in tallies) / 100,
        starters_headcount=len(set().union(*(t.starter_staff for t in tallies))),
        leavers_fte=sum(t.leavers for t in tallies) / 100,
        leavers_headcount=len(set().union(*(t.leaver_staff for t in tallies))),
        agency_fte=sum(t.agency for t in tallies) / 100,
        agency_cover_fte=sum(t.cover for t in tallies) / 100,
        vacancy_fte=sum(t.vacancy for t in tallies) / 100,
        case_holders_fte=sum(t.case_holders for t in tallies) / 100,
        cases=round(sum(t.cases for t in tallies), 6),
        working_days_lost=round(sum(t.days_lost for t in tallies), 6),
    )


def _hundredths(name: str) -> Cast:
    """An FTE column as whole hundredths, worked out by the database (no Decimal per row)."""
    return Cast(Round(F(name) * 100), IntegerField())


def _flag(condition: Q) -> ExpressionWrapper[Q]:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _plain_rows(rows: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """A values_list query's rows as the database gives them, without Django's per-value
    converters (every column asked for here is an id, a whole number or a true/false flag,
    which both databases return ready to use): the engine's rows cost a third as much."""
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows_read: list[tuple[Any, ...]] = cursor.fetchall()
    return rows_read


def _live_on(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}starts_on__lte": day}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": day})
    )


def _overlapping(start: datetime.date, end: datetime.date) -> Q:
    return Q(starts_on__lte=end) & (Q(ends_on__isnull=True) | Q(ends_on__gte=start))


def _tally_cells(year: int, *, social_workers_only: bool) -> dict[Cell, _Tally]:
    """Every count for the census year, added up by cell (agency, team, locality)."""
    census = census_date(year)
    start = census_year_start(year)
    only = {"social_worker": True} if social_workers_only else {}
    via_post = {"post__social_worker": True} if social_workers_only else {}
    # The posts live at any time in the year. Holdings are read by their post's id among these
    # (a semi-join on the holdings' post index): on SQLite five times quicker than by their own
    # dates, which most holdings pass and whose index would be read end to end. Cover and
    # absence are few on the census day or in the year, and read by their own dates.
    posts = Post.objects.filter(_overlapping(start, census), **only)
    in_year = posts.values("pk")
    cells, post_cell, live_posts = _tally_posts(census, posts)
    held, staff_posts = _tally_holdings(start, census, post_cell, in_year)
    for post_id, fte in live_posts:
        vacant = fte - held.get(post_id, 0)
        if vacant > 0:
            post_cell[post_id].vacancy += vacant
    _tally_cover(census, post_cell, via_post)
    _tally_caseloads(census, staff_posts)
    _tally_absence(start, census, post_cell, via_post)
    return cells


def _tally_posts(
    census: datetime.date, posts: QuerySet[Post]
) -> tuple[dict[Cell, _Tally], dict[int, _Tally], list[tuple[int, int]]]:
    """The posts live at any time in the year, each in its cell; and those live on the census
    day with their FTE (in hundredths)."""
    cells: dict[Cell, _Tally] = {}
    post_cell: dict[int, _Tally] = {}
    live_posts: list[tuple[int, int]] = []
    for post_id, agency_id, team_id, locality_id, fte, live in _plain_rows(
        posts.annotate(
            fte100=_hundredths("fte"),
            live=_flag(_live_on(census)),
            place=Coalesce("locality_id", "team__locality_id"),
        )
        .values_list("pk", "agency_id", "team_id", "place", "fte100", "live")
        .order_by()
    ):
        cell = (agency_id, team_id, locality_id)
        tally = cells.get(cell)
        if tally is None:
            tally = cells[cell] = _Tally()
        post_cell[post_id] = tally
        if live:
            live_posts.append((post_id, fte))
    return cells, post_cell, live_posts


def _tally_holdings(
    start: datetime.date,
    census: datetime.date,
    post_cell: dict[int, _Tally],
    in_year: QuerySet[Post, Any],
) -> tuple[dict[int, int], dict[int, list[tuple[_Tally, int]]]]:
    """In post, starters and leavers; returns each post's holders' FTE on the census day and
    each person's posts that day (for caseloads)."""
    held: dict[int, int] = defaultdict(int)
    staff_posts: dict[int, list[tuple[_Tally, int]]] = defaultdict(list)
    for post_id, staff_id, fte, in_post, starter, leaver in _plain_rows(
        Holding.objects.filter(_overlapping(start, census), post_id__in=in_year)
        .annotate(
            fte100=_hundredths("fte"),
            in_post=_flag(_live_on(census)),
            starter=_flag(Q(joined_agency=True, starts_on__gte=start)),
            leaver=_flag(~Q(leaving_reason="") & Q(ends_on__lte=census)),
        )
        .values_list("post_id", "staff_id", "fte100", "in_post", "starter", "leaver")
        .order_by()
    ):
        tally = post_cell.get(post_id)
        if tally is None:  # a holding outside its post's dates: not counted
            continue
        if in_post:
            tally.inpost += fte
            tally.inpost_staff.append(staff_id)
            held[post_id] += fte
            staff_posts[staff_id].append((tally, fte))
        if starter:
            tally.starters += fte
            tally.starter_staff.append(staff_id)
        if leaver:
            tally.leavers += fte
            tally.leaver_staff.append(staff_id)
    return held, staff_posts


def _tally_cover(
    census: datetime.date, post_cell: dict[int, _Tally], via_post: dict[str, bool]
) -> None:
    """Agency workers and locums live on the census day; those covering a vacancy apart."""
    for post_id, fte, vacancy in _plain_rows(
        AgencyCover.objects.filter(_live_on(census), **via_post)
        .annotate(fte100=_hundredths("fte"), covers=_flag(Q(reason=CoverReason.VACANCY)))
        .values_list("post_id", "fte100", "covers")
        .order_by()
    ):
        tally = post_cell.get(post_id)
        if tally is None:
            continue
        tally.agency += fte
        if vacancy:
            tally.cover += fte


def _tally_caseloads(
    census: datetime.date, staff_posts: dict[int, list[tuple[_Tally, int]]]
) -> None:
    """Each person in post's latest count in the window, shared between their posts by FTE."""
    window_start = census - datetime.timedelta(days=CASELOAD_WINDOW_DAYS - 1)
    latest = dict(  # ordered by day, so each person's latest count is the one kept
        _plain_rows(
            Caseload.objects.filter(counted_on__gte=window_start, counted_on__lte=census)
            .order_by("counted_on")
            .values_list("staff_id", "cases")
        )
    )
    for staff_id, cases in latest.items():
        if cases <= 0:
            continue
        posts = staff_posts.get(staff_id)
        if not posts:
            continue
        total = sum(fte for _, fte in posts)
        for tally, fte in posts:
            tally.case_holders += fte
            tally.cases += cases * fte / total


def _tally_absence(
    start: datetime.date,
    census: datetime.date,
    post_cell: dict[int, _Tally],
    via_post: dict[str, bool],
) -> None:
    """Days lost by spells starting in the year, each shared between the posts its person held
    the day it started (by FTE)."""
    rows = _plain_rows(
        SicknessAbsence.objects.filter(
            Q(starts_on__gte=start, starts_on__lte=census)
            & Q(staff__holdings__starts_on__lte=F("starts_on"))
            & (
                Q(staff__holdings__ends_on__isnull=True)
                | Q(staff__holdings__ends_on__gte=F("starts_on"))
            )
            & Q(**{f"staff__holdings__{key}": value for key, value in via_post.items()})
        )
        .annotate(
            fte100=_hundredths("staff__holdings__fte"),
            tenths=Cast(Round(F("working_days_lost") * 10), IntegerField()),
        )
        .values_list("pk", "tenths", "staff__holdings__post_id", "fte100")
        .order_by()
    )
    spells: dict[int, list[tuple[float, int, int]]] = defaultdict(list)
    for spell_id, days, post_id, fte in rows:
        spells[spell_id].append((days / 10, post_id, fte))
    for shares in spells.values():
        total = sum(fte for _, _, fte in shares)
        for days, post_id, fte in shares:
            tally = post_cell.get(post_id)
            if tally is not None and total > 0:
                tally.days_lost += days * fte / total


# --- Grouping ----------------------------------------------------------------------------------


def _roll_up(cells: dict[Cell, _Tally], kinds: Iterable[str]) -> dict[str, list[GroupFigures]]:
    kinds = tuple(kinds)
    position = {"agency": 0, "team": 1, "locality": 2}
    labels: dict[str, dict[int, str]] = {}
    if "agency" in kinds:
        labels["agency"] = dict(agencies_by_name().values_list("pk", "name"))
    if "team" in kinds:
        labels["team"] = dict(teams_by_name().values_list("pk", "name"))
    if "locality" in kinds:
        labels["locality"] = dict(localities_by_name().values_list("pk", "name"))
    figures: dict[str, list[GroupFigures]] = {}
    for kind in kinds:
        if kind == "partnership":
            whole = _counts(list(cells.values()))
            figures[kind] = [GroupFigures(kind, None, PARTNERSHIP_LABEL, whole)]
            continue
        groups: dict[int | None, list[_Tally]] = defaultdict(list)
        at = position[kind]
        for cell, tally in cells.items():
            groups[cell[at]].append(tally)
        named = labels[kind]
        rows = [
            GroupFigures(
                kind,
                key,
                named.get(key, "") if key is not None else NO_GROUP_LABELS.get(kind, ""),
                _counts(tallies),
            )
            for key, tallies in groups.items()
        ]
        # By name; the posts with no team or no locality last.
        rows.sort(key=lambda row: (row.key is None, row.label.casefold()))
        figures[kind] = rows
    return figures


# --- The contract ------------------------------------------------------------------------------


def social_work_figures(year: int) -> dict[str, list[GroupFigures]]:
    """The social worker posts' counts for the census year, by every grouping at once:
    {"partnership": [one], "agency": [...], "team": [...], "locality": [...]}."""
    return _roll_up(_tally_cells(year, social_workers_only=True), KINDS)


def whole_workforce_figures(year: int) -> list[GroupFigures]:
    """Every post of every agency (not only social workers) for the census year: the whole
    partnership first (kind "partnership"), then each agency by name (kind "agency")."""
    figures = _roll_up(_tally_cells(year, social_workers_only=False), ("partnership", "agency"))
    return figures["partnership"] + figures["agency"]


def _census_year_of(day: datetime.date) -> int:
    """The census year a day falls in (1 October to 30 September)."""
    return day.year if day <= census_date(day.year) else day.year + 1


def census_years_held() -> list[int]:
    """The census years the establishment's records cover, oldest first, to the latest census
    day passed. They start with the first year that recorded a change: a holding ending, agency
    cover starting, a spell of absence or a caseload count (never before anyone held a post).
    A start date alone does not open a year: an HR export gives each person's start, however
    long ago, but not those who left before them, so a year before any recorded change would
    show only the survivors. With no change recorded yet, the latest census year alone."""
    first_held = Holding.objects.aggregate(first=Min("starts_on"))["first"]
    if first_held is None:
        return []
    today = timezone.localdate()
    last_year = today.year if today >= census_date(today.year) else today.year - 1
    changes = [
        Holding.objects.aggregate(first=Min("ends_on"))["first"],
        AgencyCover.objects.aggregate(first=Min("starts_on"))["first"],
        SicknessAbsence.objects.aggregate(first=Min("starts_on"))["first"],
        Caseload.objects.aggregate(first=Min("counted_on"))["first"],
    ]
    known = [day for day in changes if day is not None]
    first_year = _census_year_of(min(known)) if known else last_year
    first_year = min(max(first_year, _census_year_of(first_held)), last_year)
    return list(range(first_year, last_year + 1))


def partnership_measure_values(measure: WorkforceMeasure) -> list[tuple[int, float | None]]:
    """The whole partnership's value of a measure for each census year held, oldest first
    (None where it cannot be calculated)."""
    values: list[tuple[int, float | None]] = []
    for year in census_years_held():
        whole = _roll_up(_tally_cells(year, social_workers_only=True), ("partnership",))
        values.append((year, whole["partnership"][0].counts.value(measure)))
    return values
