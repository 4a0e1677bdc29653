"""When the statutory clocks fall due, across bank holidays, and how a running clock stands."""

from __future__ import annotations

import datetime

import pytest

from childtrust.safeguarding.clock_dates import (
    ClockState,
    assessment_due,
    clock_standing,
    decision_due,
    escalation_level,
    initial_conference_due,
    months_after,
)

D = datetime.date


def test_a_referral_received_on_christmas_eve_is_due_a_decision_after_the_holidays() -> None:
    # Friday 25 December and Monday 28 December (Boxing Day's substitute) are bank holidays.
    assert decision_due(D(2026, 12, 24)) == D(2026, 12, 29)


def test_a_referral_received_on_a_saturday_is_due_on_monday() -> None:
    assert decision_due(D(2026, 12, 5)) == D(2026, 12, 7)


def test_a_referral_received_before_easter_is_due_after_easter_monday() -> None:
    # Good Friday 26 March 2027 and Easter Monday 29 March 2027.
    assert decision_due(D(2027, 3, 25)) == D(2027, 3, 30)


def test_an_assessment_of_45_working_days_runs_across_christmas() -> None:
    # From Tuesday 1 December 2026: 20 working days left in December (25 and 28 December
    # are bank holidays), 20 in January 2027 (1 January is one), so the 45th working day is
    # Friday 5 February 2027; seven calendar weeks and three days.
    assert assessment_due(D(2026, 12, 1)) == D(2027, 2, 5)


def test_an_initial_conference_is_due_15_working_days_after_the_discussion() -> None:
    assert initial_conference_due(D(2026, 11, 2)) == D(2026, 11, 23)
    # Across Easter 2027: three weeks and the two bank holidays.
    assert initial_conference_due(D(2027, 3, 22)) == D(2027, 4, 14)


@pytest.mark.parametrize(
    ("held_on", "months", "due"),
    [
        (D(2026, 12, 4), 3, D(2027, 3, 4)),
        # 30 November plus three months: the end of February (a Sunday), so the Friday before.
        (D(2026, 11, 30), 3, D(2027, 2, 26)),
        # 31 August plus six months: 28 February 2027, a Sunday, so Friday 26 February.
        (D(2026, 8, 31), 6, D(2027, 2, 26)),
        (D(2027, 2, 3), 6, D(2027, 8, 3)),
        # Into a leap year's February.
        (D(2027, 11, 30), 3, D(2028, 2, 29)),
    ],
)
def test_reviews_are_due_in_calendar_months_on_a_working_day(
    held_on: datetime.date, months: int, due: datetime.date
) -> None:
    assert months_after(held_on, months) == due


def test_a_clock_due_in_three_working_days_is_on_time() -> None:
    standing = clock_standing(D(2026, 12, 9), D(2026, 12, 4))
    assert standing.state is ClockState.ON_TIME
    assert standing.words == "due in 3 working days"


def test_a_clock_due_within_two_working_days_is_near_breach() -> None:
    standing = clock_standing(D(2026, 12, 8), D(2026, 12, 4))
    assert standing.state is ClockState.NEAR_BREACH
    assert standing.words == "due in 2 working days"
    assert clock_standing(D(2026, 12, 4), D(2026, 12, 4)).words == "due today"


def test_a_clock_past_its_day_is_breached_in_working_days() -> None:
    standing = clock_standing(D(2026, 12, 24), D(2026, 12, 30))
    assert standing.state is ClockState.BREACHED
    assert standing.words == "2 working days overdue"
    assert clock_standing(D(2026, 12, 4), D(2026, 12, 7)).words == "1 working day overdue"


def test_escalation_climbs_one_level_for_each_working_day_breached() -> None:
    assert escalation_level(D(2026, 12, 4), D(2026, 12, 4)) == 0
    assert escalation_level(D(2026, 12, 4), D(2026, 12, 5)) == 1  # the Saturday after
    assert escalation_level(D(2026, 12, 4), D(2026, 12, 7)) == 1
    assert escalation_level(D(2026, 12, 4), D(2026, 12, 8)) == 2
