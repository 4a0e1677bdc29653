"""What the measures' pages show, worked out from the measures' selectors: a measure's chart of
actual against trajectory with its table and one-sentence summary (for a workforce measure,
with every census held), the measures CSV's rows, and the check-ins' history with their
confidence in words."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from childtrust.core import charts
from childtrust.core.permissions import PermissionHolder
from childtrust.strategy.models import CheckIn, Measure, MeasureSource, financial_year_label
from childtrust.strategy.selectors.measure_sources import (
    Actual,
    CensusFigure,
    census_actual,
    census_figures,
    latest_census_actual,
    reading_actual,
)
from childtrust.strategy.selectors.measures import (
    CONFIDENCE_WORDS,
    WITHHELD_WORDS,
    MeasureProgress,
    TrajectoryStatus,
    figure,
    measure_progress,
    progress_for_viewer,
    progress_of,
)


@dataclass(frozen=True)
class ChartRow:
    """One column of the chart, one row of its table."""

    label: str
    target: float | None
    actual: float | None
    lower: float | None
    upper: float | None
    actual_period: str


@dataclass(frozen=True)
class MeasurePage:
    progress: MeasureProgress
    rows: list[ChartRow]
    chart: SafeString
    summary: str
    trajectory: list[tuple[str, float]]  # (financial year, target)
    # A workforce measure's every census held, oldest first (empty for other sources).
    census: list[CensusFigure] = field(default_factory=list)


def _row(label: str, target: float | None, actual: Actual | None) -> ChartRow:
    if actual is None:
        return ChartRow(label, target, None, None, None, "")
    return ChartRow(label, target, actual.value, actual.lower, actual.upper, actual.period)


def _rows(
    measure: Measure, progress: MeasureProgress, census: list[CensusFigure]
) -> list[ChartRow]:
    """The baseline, then each year of the plan with its target and the latest actual that
    falls in it: for figures entered by hand, the latest reading of each year; for a workforce
    measure, each census's figure in the financial year it falls in; for the other sources,
    the one latest figure. A figure for a year outside the plan (an indicator's latest
    published year is often before it) gets a row of its own, or shares the baseline's row when
    it is for the baseline's period, so that no figure the page talks about is left off."""
    plan = measure.objective.plan
    targets = {t.year: t.value for t in measure.targets.all()}
    actuals: dict[int, Actual] = {}
    if measure.source == MeasureSource.MANUAL:
        for reading in sorted(measure.readings.all(), key=lambda r: r.measured_on):
            each = reading_actual(reading)
            if each.year is not None:
                actuals[each.year] = each
    elif measure.source == MeasureSource.WORKFORCE and not progress.withheld:
        for figure_held in census:
            held = census_actual(measure.workforce_measure, figure_held)
            if held is not None:
                actuals[figure_held.year] = held
    elif progress.actual is not None and progress.actual.year is not None:
        actuals[progress.actual.year] = progress.actual
    plan_years = range(plan.start_year, plan.end_year + 1)
    at_baseline = next((a for a in actuals.values() if a.period == measure.baseline_period), None)
    baseline = _row(f"Baseline ({measure.baseline_period})", measure.baseline, at_baseline)
    if at_baseline is None:  # the baseline is itself a measured figure
        baseline = ChartRow(
            baseline.label,
            measure.baseline,
            measure.baseline,
            None,
            None,
            measure.baseline_period,
        )
    outside = {
        year: actual
        for year, actual in actuals.items()
        if year not in plan_years and actual is not at_baseline
    }
    before = [_row(a.period, None, a) for y, a in sorted(outside.items()) if y < plan.start_year]
    after = [_row(a.period, None, a) for y, a in sorted(outside.items()) if y > plan.end_year]
    during = [
        _row(financial_year_label(year), targets.get(year), actuals.get(year))
        for year in plan_years
    ]
    return [baseline, *before, *during, *after]


def _summary(measure: Measure, progress: MeasureProgress) -> str:
    direction = "lower" if measure.direction == "lower" else "higher"
    last = max((t for t in measure.targets.all()), key=lambda t: t.year, default=None)
    aim = (
        f"from a baseline of {figure(measure.baseline, measure.unit)} in "
        f"{measure.baseline_period} to {figure(last.value, measure.unit)} by "
        f"{financial_year_label(last.year)}"
        if last
        else f"from a baseline of {figure(measure.baseline, measure.unit)}"
    )
    if progress.withheld:
        return (
            f"The trajectory runs {aim} ({direction} is better); its figures are "
            f"{WITHHELD_WORDS[0].lower()}{WITHHELD_WORDS[1:]}."
        )
    if progress.actual is None:
        return f"The trajectory runs {aim} ({direction} is better); there is no figure yet."
    return (
        f"The trajectory runs {aim} ({direction} is better); the latest figure, "
        f"{figure(progress.actual.value, measure.unit)} for {progress.actual.period}, is "
        f"{progress.status}."
    )


def measure_page(
    measure: Measure, today: datetime.date, viewer: PermissionHolder | None
) -> MeasurePage:
    """The measure's page as the viewer may see it (a staff-voice figure withheld from those
    who may not see it: the chart and table then show the trajectory alone)."""
    census: list[CensusFigure] = []
    if measure.source == MeasureSource.WORKFORCE and measure.workforce_measure:
        # Every census read once, for the history and the latest figure alike.
        census = census_figures(measure.workforce_measure, today)
        actual = latest_census_actual(measure.workforce_measure, census)
        progress = progress_for_viewer(progress_of(measure, measure.objective.plan, actual), viewer)
    else:
        progress = measure_progress(measure, today, viewer)
    rows = _rows(measure, progress, census)
    summary = _summary(measure, progress)
    chart = charts.interval_line_chart(
        [
            charts.Series(
                "Trajectory (target)",
                [charts.IntervalPoint(r.label, r.target) for r in rows],
                charts.SECOND_LINE,
            ),
            charts.Series(
                "Actual",
                [charts.IntervalPoint(r.label, r.actual, r.lower, r.upper) for r in rows],
            ),
        ],
        chart_id=f"measure-{measure.pk}-chart",
        title=f"{measure.title}: actual against trajectory",
        description=summary,
        y_label=measure.unit,
    )
    return MeasurePage(
        progress=progress,
        rows=rows,
        chart=chart,
        summary=summary,
        trajectory=[
            (financial_year_label(t.year), t.value)
            for t in sorted(measure.targets.all(), key=lambda t: t.year)
        ],
        census=census,
    )


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def measures_csv_rows(rows: Iterable[MeasureProgress]) -> list[list[str]]:
    """The measures list as a spreadsheet: one row a measure, figures as plain numbers."""
    header = [
        "Objective",
        "Measure",
        "Unit",
        "Better",
        "Baseline",
        "Baseline period",
        "Source",
        "Actual",
        "Actual period",
        "Lower 95% limit",
        "Upper 95% limit",
        "Target for the actual's year",
        "Status",
        "How it was judged",
        "Figure's source",
    ]
    table = [header]
    for row in rows:
        measure, actual = row.measure, row.actual
        table.append(
            [
                measure.objective.title,
                measure.title,
                measure.unit,
                measure.get_direction_display(),
                _cell(measure.baseline),
                measure.baseline_period,
                measure.get_source_display(),
                _cell(actual.value if actual else None),
                actual.period if actual else "",
                _cell(actual.lower if actual else None),
                _cell(actual.upper if actual else None),
                _cell(row.target),
                str(row.status),
                row.status_reason,
                actual.source if actual else "",
            ]
        )
    return table


@dataclass(frozen=True)
class CheckInRow:
    check_in: CheckIn
    confidence_words: str


def check_in_rows(check_ins: Iterable[CheckIn]) -> list[CheckInRow]:
    return [CheckInRow(c, CONFIDENCE_WORDS.get(c.confidence, "")) for c in check_ins]


def status_tag(status: TrajectoryStatus) -> str:
    """The GOV.UK tag colour beside the status's words (never the colour alone)."""
    return {
        TrajectoryStatus.ON_TRAJECTORY: "govuk-tag--green",
        TrajectoryStatus.AHEAD_OF_TRAJECTORY: "govuk-tag--turquoise",
        TrajectoryStatus.OFF_TRAJECTORY: "govuk-tag--red",
        TrajectoryStatus.NOT_YET_MEASURED: "govuk-tag--grey",
        TrajectoryStatus.NOT_SHOWN: "govuk-tag--grey",
    }[status]
