"""The measure-status rule (selectors.measures.judge) and how a figure's period maps to a year
of the plan: every case, both directions and the boundaries, with no database."""

from __future__ import annotations

import datetime

import pytest

from childtrust.strategy.models import Direction
from childtrust.strategy.selectors.measures import (
    Actual,
    TrajectoryStatus,
    financial_year_of,
    judge,
    year_of_period,
)

ON = TrajectoryStatus.ON_TRAJECTORY
AHEAD = TrajectoryStatus.AHEAD_OF_TRAJECTORY
OFF = TrajectoryStatus.OFF_TRAJECTORY
NOT_YET = TrajectoryStatus.NOT_YET_MEASURED
LOWER, HIGHER = Direction.LOWER, Direction.HIGHER


def status(
    value: float,
    target: float,
    direction: str,
    lower: float | None = None,
    upper: float | None = None,
) -> tuple[TrajectoryStatus, str]:
    actual = Actual(value=value, period="2026/27", lower=lower, upper=upper, source="test")
    return judge(
        actual=actual,
        target=target,
        target_words=f"the 2026-27 target of {target:g} per 1,000",
        direction=direction,
        unit="per 1,000",
    )


@pytest.mark.parametrize(
    ("direction", "value", "lower", "upper", "target"),
    [
        # The interval spans the target, though the value itself is worse than it.
        (LOWER, 3.6, 3.1, 4.1, 3.4),
        (HIGHER, 68.0, 64.0, 72.0, 70.0),
        # The interval's end on the target counts as including it.
        (LOWER, 3.9, 3.4, 4.4, 3.4),
        (HIGHER, 66.0, 62.0, 70.0, 70.0),
    ],
)
def test_an_interval_that_includes_the_target_is_on_trajectory(
    direction: str, value: float, lower: float, upper: float, target: float
) -> None:
    judged, reason = status(value, target, direction, lower, upper)

    assert judged == ON
    assert "includes the 2026-27 target" in reason
    assert "cannot be said to be off trajectory" in reason


@pytest.mark.parametrize(
    ("direction", "lower", "upper", "target", "expected", "side"),
    [
        (LOWER, 2.1, 2.8, 3.4, AHEAD, "lower"),
        (LOWER, 3.0, 3.39, 3.4, AHEAD, "lower"),  # just short of the target: excludes it
        (LOWER, 3.5, 4.1, 3.4, OFF, "higher"),
        (HIGHER, 71.0, 75.0, 70.0, AHEAD, "higher"),
        (HIGHER, 70.01, 72.0, 70.0, AHEAD, "higher"),
        (HIGHER, 60.0, 69.9, 70.0, OFF, "lower"),
    ],
)
def test_a_whole_interval_on_one_side_is_judged_by_that_side(
    direction: str, lower: float, upper: float, target: float, expected: TrajectoryStatus, side: str
) -> None:
    judged, reason = status((lower + upper) / 2, target, direction, lower, upper)

    assert judged == expected
    assert f"is {side} than the 2026-27 target" in reason
    assert f"{lower:g} per 1,000 to {upper:g} per 1,000" in reason


@pytest.mark.parametrize(
    ("direction", "value", "target", "expected"),
    [
        (LOWER, 3.3, 3.4, ON),
        (LOWER, 3.4, 3.4, ON),  # the same as the target is on it
        (LOWER, 3.5, 3.4, OFF),
        (HIGHER, 71.0, 70.0, ON),
        (HIGHER, 70.0, 70.0, ON),
        (HIGHER, 69.9, 70.0, OFF),
    ],
)
def test_without_an_interval_the_value_is_compared_in_the_better_direction(
    direction: str, value: float, target: float, expected: TrajectoryStatus
) -> None:
    judged, reason = status(value, target, direction)

    assert judged == expected
    assert f"{value:g} per 1,000" in reason
    assert f"{direction} is better" in reason


def test_no_figure_is_not_yet_measured() -> None:
    judged, reason = judge(
        actual=None, target=3.4, target_words="", direction=LOWER, unit="per 1,000"
    )

    assert judged == NOT_YET
    assert reason == "There is no figure for this measure yet."


def test_a_figure_in_a_year_without_a_target_is_not_yet_measured() -> None:
    actual = Actual(value=3.0, period="2026/27", lower=None, upper=None, source="test")

    judged, _ = judge(actual=actual, target=None, target_words="", direction=LOWER, unit="")

    assert judged == NOT_YET


@pytest.mark.parametrize(
    ("period", "start", "year"),
    [
        ("2024/25", None, 2024),
        ("2024-25", None, 2024),
        ("2024", None, 2024),
        ("Q3 2024", datetime.date(2024, 10, 1), 2024),
        ("Jan to Mar 2025", datetime.date(2025, 1, 1), 2024),
    ],
)
def test_a_period_falls_in_a_financial_year(
    period: str, start: datetime.date | None, year: int
) -> None:
    assert year_of_period(period, start) == year


def test_the_financial_year_starts_on_the_first_of_april() -> None:
    assert financial_year_of(datetime.date(2027, 3, 31)) == 2026
    assert financial_year_of(datetime.date(2027, 4, 1)) == 2027


@pytest.mark.parametrize(
    ("direction", "lower", "upper", "target"),
    [
        # An end of the interval on the target, on the better side: it does not exclude the
        # target, so on trajectory, not ahead.
        (LOWER, 2.8, 3.4, 3.4),
        (HIGHER, 70.0, 74.0, 70.0),
    ],
)
def test_an_interval_touching_the_target_from_the_better_side_is_on_not_ahead(
    direction: str, lower: float, upper: float, target: float
) -> None:
    judged, reason = status((lower + upper) / 2, target, direction, lower, upper)

    assert judged == ON
    assert "includes the 2026-27 target" in reason


@pytest.mark.parametrize(("direction", "value"), [(LOWER, 1.0), (HIGHER, 99.0)])
def test_without_an_interval_a_figure_far_better_than_the_target_is_on_not_ahead(
    direction: str, value: float
) -> None:
    judged, _ = status(value, 3.4 if direction == LOWER else 70.0, direction)

    assert judged == ON
