"""Working days as the statutory guidance counts them: weekends and English bank holidays off."""

from datetime import date

import pytest

from childtrust.core.calendar import add_working_days, is_working_day, working_days_between


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 25), True),  # a Wednesday
        (date(2026, 11, 28), False),  # a Saturday
        (date(2026, 12, 25), False),  # Christmas Day
        (date(2026, 12, 28), False),  # Boxing Day falls on a Saturday: the Monday is substituted
        (date(2026, 8, 31), False),  # the summer bank holiday in England
        (date(2026, 3, 17), True),  # St Patrick's Day is a holiday in Northern Ireland only
    ],
)
def test_working_days_exclude_weekends_and_english_bank_holidays(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_ten_working_days_from_a_friday_is_the_friday_after_next() -> None:
    assert add_working_days(date(2026, 11, 6), 10) == date(2026, 11, 20)


def test_counting_over_christmas_skips_the_bank_holidays() -> None:
    # 24 Dec 2026 is a Thursday; 25 Dec, 28 Dec (substitute Boxing Day) and 1 Jan are holidays.
    assert add_working_days(date(2026, 12, 24), 3) == date(2026, 12, 31)
    assert add_working_days(date(2026, 12, 24), 4) == date(2027, 1, 4)


def test_negative_days_count_backwards() -> None:
    assert add_working_days(date(2026, 11, 23), -1) == date(2026, 11, 20)


def test_working_days_between_is_the_inverse_of_adding_them() -> None:
    start = date(2026, 12, 18)
    for days in range(0, 15):
        assert working_days_between(start, add_working_days(start, days)) == days
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 23)) == 1
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 20)) == -1
