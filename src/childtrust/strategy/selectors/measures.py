"""Reads of the plan's measures: each measure's actual against its trajectory, judged by one
stated rule (`judge`), the measures off trajectory, and the objectives' check-ins.

The actuals come from the other apps through their selectors (measure_sources.py), fetched in
bulk for each kind of source, so the plan page's read stays a fixed number of queries however
many measures there are (a survey-theme measure adds a few queries per survey, not per
measure).

A measure whose figures come from the staff voice (a message's reach, a survey theme's score,
feedback answered on time) shows them only to those the staff voice shows them to:
`progress_for_viewer` withholds them from anyone else, and every page, the CSV and the API
read the measures through it (`measures_for_viewer`). The plan's ratings still count such a
measure: the rating is the plan's judgement, not the figure."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from django.db.models import Prefetch, QuerySet

from childtrust.core.permissions import PermissionHolder
from childtrust.strategy import access
from childtrust.strategy.models import (
    CheckIn,
    Direction,
    Measure,
    MeasureReading,
    MeasureSource,
    MeasureTarget,
    Objective,
    StrategicPlan,
    financial_year_label,
)
from childtrust.strategy.selectors.measure_sources import (
    Actual,
    actuals_for,
    financial_year_of,
    year_of_period,
)

__all__ = [
    "Actual",
    "MeasureProgress",
    "TrajectoryStatus",
    "financial_year_of",
    "year_of_period",
]


class TrajectoryStatus(StrEnum):
    ON_TRAJECTORY = "on trajectory"
    AHEAD_OF_TRAJECTORY = "ahead of trajectory"  # a whole 95% interval better than the target
    OFF_TRAJECTORY = "off trajectory"
    NOT_YET_MEASURED = "not yet measured"
    # Not a judgement: a staff-voice figure withheld from someone who may not see it.
    NOT_SHOWN = "not shown"


#: What stands in place of a staff-voice figure, and its status, for anyone the staff voice
#: does not show it to.
WITHHELD_WORDS = "Shown only to those who may see staff-voice results"
STAFF_VOICE_SOURCES = frozenset(
    {MeasureSource.MESSAGE_REACH, MeasureSource.SURVEY_THEME, MeasureSource.FEEDBACK_ON_TIME}
)


@dataclass(frozen=True)
class MeasureProgress:
    measure: Measure
    actual: Actual | None
    target: float | None  # the trajectory's value for the actual's year
    status: TrajectoryStatus
    status_reason: str  # one sentence saying how it was judged
    improving: bool | None  # actual better than baseline, in the better direction
    withheld: bool = False  # a staff-voice figure the viewer may not see (progress_for_viewer)


# --- The status rule ----------------------------------------------------------------------------


def figure(value: float, unit: str = "") -> str:
    """A figure with its unit, as the pages write it: "72.5%", "3.4 per 1,000"."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def is_better(value: float, than: float, direction: str) -> bool:
    """Strictly better in the measure's direction."""
    return value < than if direction == Direction.LOWER else value > than


def _at_or_better(value: float, than: float, direction: str) -> bool:
    return not is_better(than, value, direction)


def target_for(
    measure: Measure,
    plan: StrategicPlan,
    year: int | None,
    targets: Mapping[int, float] | None = None,
) -> tuple[float | None, str]:
    """The trajectory's value for a financial year, and what it is called in a sentence: the
    year's own target within the plan; the baseline before the plan's first year (the figure
    should at least not have got worse); the last year's target after the plan ends. `targets`
    ({year: value}) when the caller fetched them in bulk, else the measure's own."""
    if targets is None:
        targets = {target.year: target.value for target in measure.targets.all()}
    if year is None:
        return None, ""
    if year < plan.start_year:
        return measure.baseline, f"the baseline of {figure(measure.baseline, measure.unit)}"
    chosen = min(year, plan.end_year)
    value = targets.get(chosen)
    if value is None:
        return None, ""
    return value, f"the {financial_year_label(chosen)} target of {figure(value, measure.unit)}"


def judge(
    *, actual: Actual | None, target: float | None, target_words: str, direction: str, unit: str
) -> tuple[TrajectoryStatus, str]:
    """Whether a measure is on trajectory, and one sentence saying how it was judged.

    - No actual yet (or no target for its year): not yet measured.
    - An actual with a 95% confidence interval: on trajectory only where the interval does
      not exclude the target. An interval that includes the target (an end on the target
      counts as including it) is on trajectory; a whole interval better than the target is
      ahead of trajectory (never counted as off); a whole interval worse than it is off.
    - An actual without an interval: on trajectory when the value is the same as or better
      than the target in the better direction (better is not called "ahead": without an
      interval a single figure cannot show it is more than chance), off trajectory when worse.
    """
    better = "lower" if direction == Direction.LOWER else "higher"
    worse = "higher" if direction == Direction.LOWER else "lower"
    if actual is None:
        return TrajectoryStatus.NOT_YET_MEASURED, "There is no figure for this measure yet."
    if target is None:
        return (
            TrajectoryStatus.NOT_YET_MEASURED,
            f"The latest figure, for {actual.period}, falls in a year with no target.",
        )
    value = figure(actual.value, unit)
    if actual.lower is not None and actual.upper is not None:
        interval = f"{figure(actual.lower, unit)} to {figure(actual.upper, unit)}"
        if actual.lower <= target <= actual.upper:
            return TrajectoryStatus.ON_TRAJECTORY, (
                f"The 95% confidence interval of the latest figure ({value}, {actual.period}), "
                f"{interval}, includes {target_words}, so it cannot be said to be off "
                "trajectory."
            )
        whole_better = _at_or_better(
            actual.upper if direction == Direction.LOWER else actual.lower, target, direction
        )
        side = better if whole_better else worse
        return (
            TrajectoryStatus.AHEAD_OF_TRAJECTORY
            if whole_better
            else TrajectoryStatus.OFF_TRAJECTORY,
            f"The whole 95% confidence interval of the latest figure ({value}, {actual.period}), "
            f"{interval}, is {side} than {target_words}; {better} is better.",
        )
    if _at_or_better(actual.value, target, direction):
        how = "the same as" if actual.value == target else f"{better} than"
        return TrajectoryStatus.ON_TRAJECTORY, (
            f"The latest figure, {value} ({actual.period}), is {how} {target_words}; "
            f"{better} is better."
        )
    return TrajectoryStatus.OFF_TRAJECTORY, (
        f"The latest figure, {value} ({actual.period}), is {worse} than {target_words}; "
        f"{better} is better."
    )


def progress_of(
    measure: Measure,
    plan: StrategicPlan,
    actual: Actual | None,
    targets: Mapping[int, float] | None = None,
) -> MeasureProgress:
    """A measure's actual judged against its trajectory (its targets given, or prefetched)."""
    target, words = target_for(measure, plan, actual.year if actual else None, targets)
    status, reason = judge(
        actual=actual,
        target=target,
        target_words=words,
        direction=measure.direction,
        unit=measure.unit,
    )
    return MeasureProgress(
        measure=measure,
        actual=actual,
        target=target,
        status=status,
        status_reason=reason,
        improving=(
            is_better(actual.value, measure.baseline, measure.direction) if actual else None
        ),
    )


# --- The plan's measures ------------------------------------------------------------------------

STATUS_ORDER = {
    TrajectoryStatus.OFF_TRAJECTORY: 0,
    TrajectoryStatus.NOT_YET_MEASURED: 1,
    TrajectoryStatus.ON_TRAJECTORY: 2,
    TrajectoryStatus.AHEAD_OF_TRAJECTORY: 2,
    TrajectoryStatus.NOT_SHOWN: 3,
}


def progress_for_viewer(
    progress: MeasureProgress, viewer: PermissionHolder | None
) -> MeasureProgress:
    """The measure as the viewer may see it: a staff-voice figure (a message's reach, a survey
    theme's score, feedback answered on time) withheld from anyone the staff voice does not
    show it to (access.can_see_staff_voice_figures), with no value, target, status or
    comparison with the baseline worked out from it, and WITHHELD_WORDS in their place. The
    measure itself (title, baseline, trajectory) is the plan's published target and stays."""
    source = progress.measure.source
    if source not in STAFF_VOICE_SOURCES or access.can_see_staff_voice_figures(viewer, source):
        return progress
    return replace(
        progress,
        actual=None,
        target=None,
        status=TrajectoryStatus.NOT_SHOWN,
        status_reason=f"{WITHHELD_WORDS}.",
        improving=None,
        withheld=True,
    )


def for_viewer(
    rows: Iterable[MeasureProgress], viewer: PermissionHolder | None
) -> list[MeasureProgress]:
    return [progress_for_viewer(row, viewer) for row in rows]


def _with_links(measures: QuerySet[Measure]) -> QuerySet[Measure]:
    return measures.select_related(
        "objective__plan", "indicator", "message", "survey"
    ).prefetch_related("targets")


def _progress(
    measures: Iterable[Measure], plan: StrategicPlan, today: datetime.date
) -> list[MeasureProgress]:
    chosen = list(measures)
    actuals = actuals_for(chosen, today)
    return [progress_of(m, plan, actuals.get(m.pk)) for m in chosen]


def _targets_by_measure(plan: StrategicPlan) -> dict[int, dict[int, float]]:
    """Every target of the plan's measures as plain values: a fifth of the time of making a
    model instance of each (the plan page reads a thousand for 200 measures)."""
    targets: dict[int, dict[int, float]] = {}
    rows = MeasureTarget.objects.filter(measure__objective__plan=plan).values_list(
        "measure_id", "year", "value"
    )
    for measure_id, year, value in rows:
        targets.setdefault(measure_id, {})[year] = value
    return targets


def measures_progress(plan: StrategicPlan, today: datetime.date) -> list[MeasureProgress]:
    """Every measure of the plan with its actual, target and status, in the plan's order, in a
    fixed number of queries whatever the number of measures."""
    measures = list(
        Measure.objects.filter(objective__plan=plan)
        .select_related("objective", "indicator", "message", "survey")
        .order_by("objective__position", "objective__title", "position", "title")
    )
    for measure in measures:
        measure.objective.plan = plan  # the plan asked about: no join to fetch it again
    actuals = actuals_for(measures, today)
    targets = _targets_by_measure(plan)
    return [progress_of(m, plan, actuals.get(m.pk), targets.get(m.pk, {})) for m in measures]


def measures_off_trajectory(plan: StrategicPlan, today: datetime.date) -> list[MeasureProgress]:
    return [
        row
        for row in measures_progress(plan, today)
        if row.status == TrajectoryStatus.OFF_TRAJECTORY
    ]


def measures_by_status(
    plan: StrategicPlan, today: datetime.date, viewer: PermissionHolder | None
) -> list[MeasureProgress]:
    """The measures list's order, as the viewer may see them: off trajectory first, then not
    yet measured, then on or ahead, then those whose figures are not shown to the viewer
    (sorted after withholding, so that the order gives nothing away)."""
    rows = for_viewer(measures_progress(plan, today), viewer)
    return sorted(rows, key=lambda row: STATUS_ORDER[row.status])


def objective_measures(
    objective: Objective, today: datetime.date, viewer: PermissionHolder | None
) -> list[MeasureProgress]:
    measures = _with_links(objective.measures.order_by("position", "title"))
    return for_viewer(_progress(measures, objective.plan, today), viewer)


def measure_with_everything(pk: int) -> Measure | None:
    """One measure with its objective and plan, source links, targets and readings."""
    return (
        _with_links(Measure.objects.filter(pk=pk))
        .prefetch_related(
            Prefetch(
                "readings",
                queryset=MeasureReading.objects.select_related("recorded_by").order_by(
                    "-measured_on"
                ),
            )
        )
        .first()
    )


def measure_progress(
    measure: Measure, today: datetime.date, viewer: PermissionHolder | None
) -> MeasureProgress:
    return progress_for_viewer(_progress([measure], measure.objective.plan, today)[0], viewer)


# --- Check-ins ----------------------------------------------------------------------------------

CONFIDENCE_WORDS = {1: "Very low", 2: "Low", 3: "Moderate", 4: "High", 5: "Very high"}


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def months_open(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The months a check-in may be recorded for: this one and the one before."""
    this = month_of(today)
    return this, month_of(this - datetime.timedelta(days=1))


def latest_check_ins(plan: StrategicPlan) -> dict[int, CheckIn]:
    """Each objective's latest check-in, by objective id. One query."""
    latest: dict[int, CheckIn] = {}
    for check_in in CheckIn.objects.filter(objective__plan=plan).order_by("objective", "-month"):
        latest.setdefault(check_in.objective_id, check_in)
    return latest


def check_ins_of(objective: Objective) -> QuerySet[CheckIn]:
    """An objective's check-ins, newest month first, with who recorded each."""
    return objective.check_ins.select_related("recorded_by").order_by("-month")


def objective_with_plan(pk: int) -> Objective | None:
    return Objective.objects.select_related("plan", "owner").filter(pk=pk).first()
