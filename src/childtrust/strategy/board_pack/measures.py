"""The board pack's measures: every measure against its trajectory with its status and how it
was judged (the measures' own read, strategy.selectors.measures), and for each one off
trajectory a chart of its actual against the trajectory with the same figures as a table."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString

from childtrust.core.charts.lines import IntervalPoint, Series, interval_line_chart
from childtrust.strategy.board_pack.context import PackContext
from childtrust.strategy.models import financial_year_label
from childtrust.strategy.selectors.measures import (
    MeasureProgress,
    TrajectoryStatus,
    figure,
    measures_progress,
)

TRAJECTORY_COLOUR = "#505a5f"


@dataclass(frozen=True)
class MeasureLine:
    objective: str
    title: str
    baseline: str  # "41.2% in 2025-26"
    actual: str  # "38.0% (2026/27)", or "" when not yet measured
    target: str
    status: str  # "on trajectory", "off trajectory", "not yet measured"
    reason: str


@dataclass(frozen=True)
class ChartRow:
    year: str
    trajectory: str
    actual: str


@dataclass(frozen=True)
class MeasureChart:
    title: str
    chart: SafeString
    sentence: str
    rows: list[ChartRow]


@dataclass(frozen=True)
class MeasuresSection:
    lines: list[MeasureLine]
    charts: list[MeasureChart]

    @property
    def off_trajectory(self) -> int:
        return sum(line.status == TrajectoryStatus.OFF_TRAJECTORY for line in self.lines)


def _line(row: MeasureProgress) -> MeasureLine:
    measure, actual = row.measure, row.actual
    return MeasureLine(
        objective=measure.objective.title,
        title=measure.title,
        baseline=f"{figure(measure.baseline, measure.unit)} in {measure.baseline_period}",
        actual=f"{figure(actual.value, measure.unit)}, {actual.period}" if actual else "",
        target="" if row.target is None else figure(row.target, measure.unit),
        status=str(row.status),
        reason=row.status_reason,
    )


def _chart(row: MeasureProgress, number: int) -> MeasureChart:
    """The trajectory from the baseline through each year's target, and the latest actual in
    its year with its interval where it has one."""
    measure, actual, unit = row.measure, row.actual, row.measure.unit
    targets = {target.year: target.value for target in measure.targets.all()}
    years = sorted(targets)
    labels = [measure.baseline_period, *(financial_year_label(year) for year in years)]
    trajectory = [measure.baseline, *(targets[year] for year in years)]
    actual_label = financial_year_label(actual.year) if actual and actual.year else ""
    rows = [
        ChartRow(
            year=label,
            trajectory=figure(value, unit),
            actual=figure(actual.value, unit) if actual and label == actual_label else "",
        )
        for label, value in zip(labels, trajectory, strict=True)
    ]
    series = [
        Series(
            "Trajectory",
            [IntervalPoint(label, value) for label, value in zip(labels, trajectory, strict=True)],
            colour=TRAJECTORY_COLOUR,
        ),
        Series(
            "Actual",
            [
                IntervalPoint(label, actual.value, actual.lower, actual.upper)
                if actual and label == actual_label
                else IntervalPoint(label, None)
                for label in labels
            ],
        ),
    ]
    title = f"{measure.title}: actual against trajectory"
    return MeasureChart(
        title=title,
        chart=interval_line_chart(
            series,
            chart_id=f"pack-measure-{number}",
            title=title,
            description=row.status_reason,
            x_label="Financial year",
            y_label=unit,
        ),
        sentence=row.status_reason,
        rows=rows,
    )


def measures_section(context: PackContext) -> MeasuresSection | None:
    """Every measure of the plan in force with its status; a chart for each off trajectory."""
    if context.plan is None:
        return None
    progress = measures_progress(context.plan, context.today)
    off = [row for row in progress if row.status == TrajectoryStatus.OFF_TRAJECTORY]
    return MeasuresSection(
        lines=[_line(row) for row in progress],
        charts=[_chart(row, number) for number, row in enumerate(off, start=1)],
    )
