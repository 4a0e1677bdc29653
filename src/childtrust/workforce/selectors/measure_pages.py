"""What the workforce measures page and its CSV show: the census year and grouping asked for
(or the latest year and the whole partnership), each measure's value with its unit, the counts
behind it, the definitions in words, and the whole workforce of every agency."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

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


def group_row(group: GroupFigures) -> GroupRow:
    counts = group.counts
    return GroupRow(
        label=group.label,
        measures=[
            MeasureCell(
                definition.measure,
                definition.measure.label,
                value_words(definition, value),
                value is not None,
            )
            for definition in DEFINITIONS.values()
            for value in [counts.value(definition.measure)]
        ],
        counts=_count_texts(counts),
    )


def _count_texts(counts: Counts) -> list[str]:
    return [
        fte_words(getattr(counts, name)) if is_fte else number_words(getattr(counts, name))
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


def measures_page(query: Mapping[str, str]) -> MeasuresPage:
    years = census_years_held()
    year, by, missing = chosen(query, years)
    rows: list[GroupRow] = []
    whole: list[WholeRow] = []
    if year is not None:
        rows = [group_row(group) for group in social_work_figures(year)[by]]
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
    )


def measures_csv_rows(year: int) -> list[list[object]]:
    """Every grouping's social worker figures for the year (measures and counts), then the whole
    workforce of every agency: one line per group."""
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

    def line(workforce: str, group: GroupFigures) -> list[object]:
        values = [group.counts.value(definition.measure) for definition in definitions]
        return [
            year,
            workforce,
            group.kind,
            group.label,
            *["" if value is None else round(value, 1) for value in values],
            *[getattr(group.counts, name) for name, _, _ in COUNT_COLUMNS],
        ]

    figures = social_work_figures(year)
    for kind in KINDS:
        lines.extend(line("social workers", group) for group in figures[kind])
    lines.extend(line("every post", group) for group in whole_workforce_figures(year))
    return lines
