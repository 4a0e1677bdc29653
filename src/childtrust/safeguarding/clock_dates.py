"""When each statutory clock falls due, and how a running clock stands, in one place.

Working Together to Safeguard Children counts in working days (core.calendar: Monday to
Friday less England's bank holidays): a decision on a referral within one working day of its
receipt; an assessment within 45 working days of the point of referral (the day the referral
was received, not the day it was decided: a late decision takes its days from the assessment,
not lends them to it); an initial child
protection conference within 15 working days of the strategy discussion. Review conferences are
counted in calendar months: the first within three months of the initial conference, later ones
within six months of the last.

Months are added here, as dateutil's relativedelta adds them (dateutil is present only as a
dependency of `holidays`, without type stubs, and the rule takes four lines): a day past the end
of the shorter month becomes its last day (30 November plus three months is 28 February, or 29
in a leap year). A review due on a day that is not a working
day is due on the working day before, so that it is still held within the months allowed."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings

from childtrust.core.calendar import add_working_days, is_working_day, working_days_between

DECISION_WORKING_DAYS = 1
ASSESSMENT_WORKING_DAYS = 45
INITIAL_CONFERENCE_WORKING_DAYS = 15
FIRST_REVIEW_MONTHS = 3
REVIEW_MONTHS = 6


def decision_due(received_on: datetime.date) -> datetime.date:
    """One working day after the day received (a day that is not a working day counts the same
    way: a referral received on Saturday is due on Monday)."""
    return add_working_days(received_on, DECISION_WORKING_DAYS)


def assessment_due(received_on: datetime.date) -> datetime.date:
    """45 working days after the day the referral was received (Working Together 2023: from the
    point of referral)."""
    return add_working_days(received_on, ASSESSMENT_WORKING_DAYS)


def initial_conference_due(discussed_on: datetime.date) -> datetime.date:
    return add_working_days(discussed_on, INITIAL_CONFERENCE_WORKING_DAYS)


def months_after(day: datetime.date, months: int) -> datetime.date:
    """`months` calendar months after `day` (the month's last day where it is shorter), moved
    back to a working day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    due = datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    while not is_working_day(due):
        due -= datetime.timedelta(days=1)
    return due


def screening_target_hours(rag: str) -> int | None:
    """The partnership's local target, in hours from receipt to screening, for a rating
    (settings.SAFEGUARDING_SCREENING_TARGET_HOURS)."""
    targets: dict[str, int] = settings.SAFEGUARDING_SCREENING_TARGET_HOURS
    return targets.get(rag)


class ClockState(StrEnum):
    ON_TIME = "on_time"
    NEAR_BREACH = "near_breach"
    BREACHED = "breached"


STATE_WORDS = {
    ClockState.ON_TIME: "On time",
    ClockState.NEAR_BREACH: "Near breach",
    ClockState.BREACHED: "Breached",
}


@dataclass(frozen=True)
class ClockStanding:
    """A running clock's state on a day, in working days."""

    state: ClockState
    working_days_left: int  # up to the due day; negative once overdue
    words: str  # "due in 2 working days", "due today", "3 working days overdue"

    @property
    def state_words(self) -> str:
        return STATE_WORDS[self.state]


def _days(count: int) -> str:
    return f"{count} working day{'' if count == 1 else 's'}"


def clock_standing(due_on: datetime.date, today: datetime.date) -> ClockStanding:
    """On time; near breach once due within SAFEGUARDING_CLOCK_NEAR_BREACH_WORKING_DAYS
    working days (or due today); breached once the due day has passed."""
    near = int(settings.SAFEGUARDING_CLOCK_NEAR_BREACH_WORKING_DAYS)
    if today > due_on:
        over = working_days_between(due_on, today)
        words = f"{_days(over)} overdue" if over else "overdue (due on the last working day)"
        return ClockStanding(ClockState.BREACHED, -over, words)
    left = working_days_between(today, due_on)
    words = "due today" if due_on == today else f"due in {_days(left)}"
    state = ClockState.NEAR_BREACH if left <= near else ClockState.ON_TIME
    return ClockStanding(state, left, words)


def escalation_level(due_on: datetime.date, today: datetime.date) -> int:
    """How far up the owner's line a breached clock has gone: their line manager once it is
    breached (level 1), the next up for each further working day it stays breached; 0 before."""
    if today <= due_on:
        return 0
    return max(1, working_days_between(due_on, today))
