"""One national workforce measure over the census years: the partnership's authority as
published and childtrust's own figure for the partnership, beside England, the region and the
comparators' average, in a table, a chart (statistics_chart) with its key, and a sentence; the
comparators one by one; the flagged figures listed."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString

from childtrust.workforce.definitions import DEFINITIONS, MeasureDefinition, WorkforceMeasure
from childtrust.workforce.selectors import statistics as held
from childtrust.workforce.selectors.measures import partnership_measure_values
from childtrust.workforce.selectors.statistics_chart import (
    STYLES,
    ChartLine,
    LineStyle,
    comparison_chart,
    key_swatch,
)
from childtrust.workforce.selectors.statistics_pages import (
    Areas,
    Shown,
    columns_of,
    comparison_areas,
    latest_figures,
    sentence,
)
from childtrust.workforce.statistics_csv import formula_words

# --- One measure over the years -----------------------------------------------------------------


@dataclass(frozen=True)
class YearRow:
    year: int
    authority: Shown | None
    own: Shown
    region: Shown | None
    england: Shown
    average: Shown | None
    comparators: list[Shown]


@dataclass(frozen=True)
class KeyLine:
    name: str
    words: str
    swatch: SafeString


@dataclass(frozen=True)
class MeasurePage:
    measure: WorkforceMeasure
    definition: MeasureDefinition
    areas: Areas
    rows: list[YearRow]
    sentence: str
    chart: SafeString | None
    key: list[KeyLine]

    @property
    def formula(self) -> str:
        """How the measure is worked out from the file's columns."""
        return formula_words(self.definition)

    @property
    def flagged(self) -> list[str]:
        found = []
        for row in self.rows:
            named = [(self.areas.authority_name, row.authority)]
            named += [(self.areas.region.name if self.areas.region else "", row.region)]
            named += [(self.areas.england.name if self.areas.england else "", row.england)]
            named += [
                (c.name, s) for c, s in zip(self.areas.comparators, row.comparators, strict=True)
            ]
            found += [
                f"{name}, {row.year}: {shown.text} as published. {shown.note}."
                for name, shown in named
                if shown is not None and shown.flagged
            ]
        return found


def measure_page(measure: WorkforceMeasure) -> MeasurePage:
    definition = DEFINITIONS[measure]
    areas = comparison_areas()
    figures = held.statistics_for(areas.codes, columns_of(definition))
    own = {year: value for year, value in partnership_measure_values(measure)}
    statistics_years = held.statistics_years()
    years = sorted(set(statistics_years) | {y for y, v in own.items() if v is not None})
    latest_year = statistics_years[-1] if statistics_years else None
    rows = []
    for year in years:
        latest = latest_figures(definition, areas, figures, year, own.get(year))
        rows.append(
            YearRow(
                year=year,
                authority=latest.authority,
                own=latest.own,
                region=latest.region,
                england=latest.england,
                average=latest.average,
                comparators=latest.comparators,
            )
        )
    words = sentence(
        areas,
        latest_figures(definition, areas, figures, latest_year, own.get(latest_year))
        if latest_year is not None
        else None,
    )
    chart, key = _chart(measure, definition, areas, rows, words)
    return MeasurePage(measure, definition, areas, rows, words, chart, key)


def _chart(
    measure: WorkforceMeasure,
    definition: MeasureDefinition,
    areas: Areas,
    rows: list[YearRow],
    words: str,
) -> tuple[SafeString | None, list[KeyLine]]:
    candidates: list[tuple[str, list[Shown | None], LineStyle]] = []
    if areas.authority is not None:
        candidates.append(
            (f"{areas.authority_name}, as published", [r.authority for r in rows], STYLES[0])
        )
    candidates.append(
        ("The partnership, childtrust's own figures", [r.own for r in rows], STYLES[1])
    )
    if areas.england is not None:
        candidates.append((areas.england.name, [r.england for r in rows], STYLES[2]))
    if areas.region is not None:
        candidates.append((areas.region.name, [r.region for r in rows], STYLES[3]))
    if areas.comparators:
        candidates.append(("Comparators' average", [r.average for r in rows], STYLES[4]))
    lines = [
        ChartLine(
            name,
            [s.value if s is not None else None for s in shown],
            style,
            [bool(s and s.flagged) for s in shown],
        )
        for name, shown, style in candidates
        if any(s is not None and s.value is not None for s in shown)
    ]
    if not lines:
        return None, []
    label = str(measure.label)
    chart = comparison_chart(
        lines,
        [r.year for r in rows],
        percent=definition.unit == "%",
        chart_id=f"national-{measure.value}",
        title=f"{label} at each census: " + ", ".join(line.name for line in lines),
        description=(
            f"{label} in {definition.unit} for each year to 30 September. {words}"
            + (
                " A ringed point is a published figure its counts do not give."
                if any(any(line.flagged) for line in lines)
                else ""
            )
        ),
    )
    key = [KeyLine(line.name, line.style.words, key_swatch(line.style)) for line in lines]
    return chart, key
