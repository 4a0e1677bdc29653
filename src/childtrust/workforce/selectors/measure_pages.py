"""What the workforce measures page and its CSV show: the census year and grouping asked for
(or the latest year and the whole partnership), each measure's value with its unit, the counts
behind it, the definitions in words, and the whole workforce of every agency."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from childtrust.voice.selectors.survey_results import suppressed_groups, survey_minimum_group_size
from childtrust.workforce.definitions import (
    DEFINITIONS,
    WORKING_DAYS_IN_YEAR,
    MeasureDefinition,
    WorkforceMeasure,
    census_date,
    census_year_start,
)
from childtrust.workforce.selectors.measures import (
    KIND_LABELS,
    KINDS,
    Counts,
    GroupFigures,
    census_years_held,
    social_work_figures,
    whole_workforce_figures,
)

#: What is missing when a measure's denominator is zero, in words.
NOTHING_TO_DIVIDE_BY = {
    WorkforceMeasure.TURNOVER_RATE: "no FTE in post",
    WorkforceMeasure.VACANCY_RATE: "no posts",
    WorkforceMeasure.AGENCY_RATE: "no FTE in post or agency workers",
    WorkforceMeasure.VACANCY_AGENCY_COVER: "no vacant FTE",
    WorkforceMeasure.AGENCY_COVERING_VACANCIES: "no agency workers",
    WorkforceMeasure.CASELOAD: "no case-holding social workers",
    WorkforceMeasure.ABSENCE_RATE: "no FTE in post",
}

#: The counts behind the measures: (Counts field, heading, is an FTE).
COUNT_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("inpost_fte", "FTE in post", True),
    ("inpost_headcount", "Headcount in post", False),
    ("starters_fte", "Starters FTE", True),
    ("leavers_fte", "Leavers FTE", True),
    ("vacancy_fte", "Vacant FTE", True),
    ("agency_fte", "Agency worker FTE", True),
    ("agency_cover_fte", "Agency worker FTE covering vacancies", True),
    ("case_holders_fte", "FTE of case holders", True),
    ("cases", "Cases held", False),
    ("working_days_lost", "Working days lost", False),
)

#: The figures that are one person's sickness absence in a small group.
ABSENCE_MEASURES = frozenset({WorkforceMeasure.ABSENCE_RATE})
ABSENCE_COUNTS = frozenset({"working_days_lost"})

GROUPING_LABELS = {
    "partnership": "the whole partnership",
    "agency": "agency",
    "team": "team",
    "locality": "locality",
}


def fte_words(value: float) -> str:
    """An FTE to two decimal places: 12.50."""
    return f"{value:,.2f}"


def number_words(value: float) -> str:
    """A count: whole where it is whole (17), else to one decimal place (16.5)."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.1f}"


# --- Small groups' absence ------------------------------------------------------------------------
# Sickness absence is shown to workforce managers and the person's agency head only, so for
# anyone else (access.can_see_small_group_absence) the absence figures of a group with fewer
# people in post than the staff survey's minimum are not shown, nor those of a group that would
# let a hidden one be worked out from the partnership's total (voice's suppressed_groups).

GroupId = tuple[str, int | None]  # (kind, key)


def absence_minimum() -> int:
    """The fewest people in post whose absence is shown: the staff survey's minimum group."""
    return survey_minimum_group_size()


def absence_hidden_words() -> str:
    return f"Not shown: fewer than {absence_minimum()} people in post"


def _people(counts: Counts) -> int:
    """The people whose absence a group's figures hold: those in post, and at least one where
    days were lost with no one in post (a leaver's)."""
    if counts.inpost_headcount == 0 and counts.working_days_lost > 0:
        return 1
    return counts.inpost_headcount


def absence_hidden_groups(groups: Iterable[GroupFigures]) -> set[GroupId]:
    """The groups whose absence figures are not shown to those who may not see sickness absence.

    The whole partnership when it has fewer than the minimum in post; in each grouping (agency,
    team, locality) every group with fewer, and then, as staff survey results are suppressed,
    the smallest groups still shown until the total less the groups shown is nothing or at
    least the minimum. Someone in posts in two groups is counted in each, so the total is never
    taken as less than the groups add up to."""
    by_kind: dict[str, list[GroupFigures]] = defaultdict(list)
    for group in groups:
        by_kind[group.kind].append(group)
    minimum = absence_minimum()
    whole = by_kind.pop("partnership", [])
    total = sum(_people(group.counts) for group in whole)
    hidden: set[GroupId] = {(group.kind, group.key) for group in whole if total < minimum}
    for kind, members in by_kind.items():
        people = {group.key: _people(group.counts) for group in members}
        hide = suppressed_groups(people, total=max(total, sum(people.values())), minimum=minimum)
        hidden |= {(kind, key) for key in hide}
    return hidden


def whole_workforce_absence_hidden(
    every: Iterable[GroupFigures], social: Iterable[GroupFigures]
) -> set[GroupId]:
    """absence_hidden_groups of the whole workforce (the partnership and agencies), and as well
    those whose other posts (every post less the social workers, also shown) hold fewer than the
    minimum: hidden by the same rule on those people, so that no agency's or the partnership's
    other professions' absence is its whole workforce's less its social workers'. Hiding more
    groups than either rule asks never lets a hidden one be worked out (every group shown has
    at least the minimum on both counts)."""
    every = list(every)
    social_people = {(g.kind, g.key): _people(g.counts) for g in social}
    others = {
        group.key: max(0, _people(group.counts) - social_people.get((group.kind, group.key), 0))
        for group in every
    }
    minimum = absence_minimum()
    hidden = absence_hidden_groups(every)
    whole_others = sum(n for g in every if g.kind == "partnership" for n in [others[g.key]])
    agencies = {g.key: others[g.key] for g in every if g.kind == "agency" and others[g.key]}
    if 0 < whole_others < minimum:
        hidden |= {(g.kind, g.key) for g in every if g.kind == "partnership"}
    total = max(whole_others, sum(agencies.values()))
    hidden |= {("agency", key) for key in suppressed_groups(agencies, total=total, minimum=minimum)}
    return hidden


def value_words(definition: MeasureDefinition, value: float | None) -> str:
    """A measure's value with its unit: 16.0%, 15.2 cases per FTE, or 'Not calculated'."""
    if value is None:
        return f"Not calculated: {NOTHING_TO_DIVIDE_BY[definition.measure]}"
    if definition.unit == "%":
        return f"{value:.1f}%"
    return f"{value:.1f} {definition.unit}"


@dataclass(frozen=True)
class MeasureCell:
    measure: WorkforceMeasure
    label: str
    text: str
    calculated: bool


@dataclass(frozen=True)
class GroupRow:
    label: str
    measures: list[MeasureCell]
    counts: list[str]
    absence_hidden: bool = False


def group_row(group: GroupFigures, *, absence_hidden: bool = False) -> GroupRow:
    counts = group.counts
    hidden_words = absence_hidden_words() if absence_hidden else ""
    return GroupRow(
        label=group.label,
        measures=[
            MeasureCell(definition.measure, definition.measure.label, hidden_words, False)
            if absence_hidden and definition.measure in ABSENCE_MEASURES
            else MeasureCell(
                definition.measure,
                definition.measure.label,
                value_words(definition, value),
                value is not None,
            )
            for definition in DEFINITIONS.values()
            for value in [counts.value(definition.measure)]
        ],
        counts=_count_texts(counts, hidden_words),
        absence_hidden=absence_hidden,
    )


def _count_texts(counts: Counts, hidden_words: str = "") -> list[str]:
    return [
        hidden_words
        if hidden_words and name in ABSENCE_COUNTS
        else fte_words(getattr(counts, name))
        if is_fte
        else number_words(getattr(counts, name))
        for name, _, is_fte in COUNT_COLUMNS
    ]


@dataclass(frozen=True)
class WholeRow:
    label: str
    headcount: str
    fte: str
    starters: str
    leavers: str
    vacancies: str


def whole_row(group: GroupFigures) -> WholeRow:
    counts = group.counts
    return WholeRow(
        label=group.label,
        headcount=number_words(counts.inpost_headcount),
        fte=fte_words(counts.inpost_fte),
        starters=f"{counts.starters_headcount:,} ({fte_words(counts.starters_fte)} FTE)",
        leavers=f"{counts.leavers_headcount:,} ({fte_words(counts.leavers_fte)} FTE)",
        vacancies=fte_words(counts.vacancy_fte),
    )


@dataclass(frozen=True)
class MeasuresPage:
    years: list[int]  # newest first
    year: int | None
    by: str
    asked_year_missing: bool  # a year was asked for that is not held
    rows: list[GroupRow]
    whole: list[WholeRow]
    census_day: datetime.date | None
    year_start: datetime.date | None
    small_groups_hidden: bool = True  # the reader may not see small groups' absence

    @property
    def absence_minimum(self) -> int:
        return absence_minimum()

    @property
    def grouping_label(self) -> str:
        return GROUPING_LABELS[self.by]

    @property
    def definitions(self) -> list[MeasureDefinition]:
        return list(DEFINITIONS.values())

    @property
    def count_headings(self) -> list[str]:
        return [heading for _, heading, _ in COUNT_COLUMNS]

    @property
    def working_days(self) -> int:
        return WORKING_DAYS_IN_YEAR

    @property
    def groupings(self) -> list[tuple[str, str]]:
        return [(kind, KIND_LABELS[kind]) for kind in KINDS]


def chosen(query: Mapping[str, str], years: list[int]) -> tuple[int | None, str, bool]:
    """The census year and grouping a query asks for: (year or None, grouping, whether the
    year asked for is not held). An unknown grouping is the whole partnership; a year not held
    (or not a year) is the latest held."""
    by = query.get("by", "partnership")
    if by not in KINDS:
        by = "partnership"
    asked = (query.get("year") or "").strip()
    year = int(asked) if asked.isdigit() and int(asked) in years else None
    missing = bool(asked) and year is None
    if year is None and years:
        year = years[-1]
    return year, by, missing


def measures_page(query: Mapping[str, str], *, small_group_absence: bool) -> MeasuresPage:
    """The page for the query; `small_group_absence`: whether the reader sees every group's
    absence figures (access.can_see_small_group_absence), else absence_hidden_groups' are not."""
    years = census_years_held()
    year, by, missing = chosen(query, years)
    rows: list[GroupRow] = []
    whole: list[WholeRow] = []
    if year is not None:
        figures = social_work_figures(year)
        groups = [group for kind in KINDS for group in figures[kind]]
        hidden = set() if small_group_absence else absence_hidden_groups(groups)
        rows = [
            group_row(group, absence_hidden=(group.kind, group.key) in hidden)
            for group in figures[by]
        ]
        whole = [whole_row(group) for group in whole_workforce_figures(year)]
    return MeasuresPage(
        years=sorted(years, reverse=True),
        year=year,
        by=by,
        asked_year_missing=missing,
        rows=rows,
        whole=whole,
        census_day=census_date(year) if year else None,
        year_start=census_year_start(year) if year else None,
        small_groups_hidden=not small_group_absence,
    )


def measures_csv_rows(year: int, *, small_group_absence: bool) -> list[list[object]]:
    """Every grouping's social worker figures for the year (measures and counts), then the whole
    workforce of every agency: one line per group. Without `small_group_absence`, the absence
    figures of absence_hidden_groups' groups say in words that they are not shown."""
    definitions = list(DEFINITIONS.values())
    header: list[object] = [
        "census_year",
        "workforce",
        "grouping",
        "group",
        *[f"{definition.measure.value} ({definition.unit})" for definition in definitions],
        *[name for name, _, _ in COUNT_COLUMNS],
    ]
    lines: list[list[object]] = [header]

    words = absence_hidden_words()

    def line(workforce: str, group: GroupFigures, hidden: set[GroupId]) -> list[object]:
        shown = (group.kind, group.key) not in hidden
        values = [group.counts.value(definition.measure) for definition in definitions]
        return [
            year,
            workforce,
            group.kind,
            group.label,
            *[
                words
                if not shown and definition.measure in ABSENCE_MEASURES
                else ""
                if value is None
                else round(value, 1)
                for definition, value in zip(definitions, values, strict=True)
            ],
            *[
                words if not shown and name in ABSENCE_COUNTS else getattr(group.counts, name)
                for name, _, _ in COUNT_COLUMNS
            ],
        ]

    figures = social_work_figures(year)
    social = [group for kind in KINDS for group in figures[kind]]
    every = whole_workforce_figures(year)
    social_hidden = set() if small_group_absence else absence_hidden_groups(social)
    every_hidden = set() if small_group_absence else whole_workforce_absence_hidden(every, social)
    lines.extend(line("social workers", group, social_hidden) for group in social)
    lines.extend(line("every post", group, every_hidden) for group in every)
    return lines
