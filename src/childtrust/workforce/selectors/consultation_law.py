"""The law on collective redundancy consultation, as pure functions (no database): whether the
collective duty applies to a restructure, how long consultation must last, when the Secretary
of State must be notified on form HR1, the earliest day the first dismissal may take effect, and
the warning when a planned date is earlier.

The law: the Trade Union and Labour Relations (Consolidation) Act 1992.

- Section 188(1): an employer "proposing to dismiss as redundant 20 or more employees at one
  establishment within a period of 90 days or less" must consult the employees' appropriate
  representatives about the dismissals.
- Section 188(1A): the consultation must begin "in good time and in any event (a) where the
  employer is proposing to dismiss 100 or more employees ..., at least 45 days, and (b)
  otherwise, at least 30 days, before the first of the dismissals takes effect".
- Section 193(1) and (2): the employer must notify the Secretary of State in writing (form HR1)
  of a proposal to dismiss 100 or more employees at one establishment within 90 days at least 45
  days, and of 20 or more at least 30 days, before the first of those dismissals takes effect.

Below 20 the Act asks no collective consultation and no notification; each person is still
consulted individually (a dismissal without individual consultation is unlikely to be fair under
the Employment Rights Act 1996), which is why every affected person has their own meetings.

How this module reads the Act, where the words leave a choice:

- The establishment is the employing agency (Restructure.agency).
- Every restructure at the same establishment that is not withdrawn is counted, each with all
  its proposed redundancies, placed on its planned first dismissal date. The issue asks for every
  proposal to be counted; section 188(3) would leave out dismissals on which consultation has
  already begun, so this counts at least as many as the Act does and never misses the duty.
  A proposal without a planned first dismissal date cannot be placed in time: it counts only on
  its own (for itself), never towards another's window, and the page says so.
- "A period of 90 days or less" is counted in whole days including both its first and its last
  day, as periods of days are counted for dismissals: a period starting on 1 January ends on
  31 March (in a year that is not a leap year). Two dates 89 days apart (1 January and 31 March)
  lie within one such period; two dates 90 days apart (1 January and 1 April) span 91 days and do
  not; 91 days apart do not either. A restructure's count is the largest number of proposed
  redundancies in any 90-day period that includes its own first dismissal date.
- The earliest day the first dismissal may take effect is the minimum number of days after
  consultation began, and no earlier than the same number of days after the HR1 notification.
  A consultation not yet begun, or a notification not yet sent, can at the soonest happen today,
  so while a restructure is live the earliest is counted from today for what has not happened.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.formats import date_format

COLLECTIVE_THRESHOLD = 20
LARGE_THRESHOLD = 100
DAYS_FOR_COLLECTIVE = 30
DAYS_FOR_LARGE = 45
PERIOD_DAYS = 90
LAW = "sections 188 and 193 of the Trade Union and Labour Relations (Consolidation) Act 1992"


def day_words(day: datetime.date) -> str:
    """30 September 2025: the service's one date format."""
    return date_format(day, "j F Y")


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def _people(count: int) -> str:
    return f"{count} redundanc{'y' if count == 1 else 'ies'}"


@dataclass(frozen=True)
class Proposal:
    """One restructure as the count sees it: its key, its title, how many redundancies it
    proposes and its planned first dismissal date (None: not yet planned)."""

    key: int
    title: str
    redundancies: int
    first_dismissal_on: datetime.date | None


@dataclass(frozen=True)
class PeriodCount:
    """The proposals counted with a restructure: the 90-day period (first and last day, None
    when the restructure has no date) with the most proposed redundancies that includes its own
    first dismissal date, and the proposals in it (the restructure's own first)."""

    total: int
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    proposals: tuple[Proposal, ...]


def within_one_period(first: datetime.date, second: datetime.date) -> bool:
    """Whether two days lie within one period of 90 days, counting both its first and last day:
    89 days apart do, 90 and more do not."""
    return abs((second - first).days) <= PERIOD_DAYS - 1


def period_count(target: Proposal, others: Iterable[Proposal]) -> PeriodCount:
    """The largest number of redundancies proposed within one 90-day period that includes the
    target's first dismissal date, counting the target and every other proposal given (the
    caller passes those at the same establishment that are not withdrawn). A target without a
    date counts on its own. Of equal periods, the earliest is kept."""
    others = [p for p in others if p.key != target.key]
    day = target.first_dismissal_on
    if day is None:
        return PeriodCount(target.redundancies, None, None, (target,))
    last_offset = PERIOD_DAYS - 1
    dated = [p for p in others if p.first_dismissal_on is not None]
    # The best period starts on one of the proposals' dates (moving its start later, until it
    # reaches a date, loses nothing); it must include the target's own date.
    starts = sorted(
        {day}
        | {
            p.first_dismissal_on
            for p in dated
            if p.first_dismissal_on is not None
            and day - datetime.timedelta(days=last_offset) <= p.first_dismissal_on <= day
        }
    )
    best: PeriodCount | None = None
    for start in starts:
        end = start + datetime.timedelta(days=last_offset)
        inside = tuple(
            p
            for p in sorted(dated, key=lambda p: (p.first_dismissal_on, p.key))
            if p.first_dismissal_on is not None and start <= p.first_dismissal_on <= end
        )
        total = target.redundancies + sum(p.redundancies for p in inside)
        if best is None or total > best.total:
            best = PeriodCount(total, start, end, (target, *inside))
    assert best is not None  # `starts` always holds the target's own date
    return best


def collective_duty_applies(redundancies_in_period: int) -> bool:
    """Section 188(1): 20 or more redundancies proposed at one establishment within 90 days."""
    return redundancies_in_period >= COLLECTIVE_THRESHOLD


def minimum_consultation_days(redundancies_in_period: int) -> int | None:
    """Section 188(1A): 45 days for 100 or more, 30 days for 20 to 99, none collectively below
    20 (each person is still consulted individually)."""
    if redundancies_in_period >= LARGE_THRESHOLD:
        return DAYS_FOR_LARGE
    if redundancies_in_period >= COLLECTIVE_THRESHOLD:
        return DAYS_FOR_COLLECTIVE
    return None


def hr1_deadline(first_dismissal_on: datetime.date, minimum_days: int) -> datetime.date:
    """Section 193: the last day the Secretary of State may be notified (form HR1), the same
    number of days before the first dismissal takes effect as consultation needs."""
    return first_dismissal_on - datetime.timedelta(days=minimum_days)


def earliest_first_dismissal(
    *,
    minimum_days: int | None,
    consultation_starts_on: datetime.date | None,
    hr1_notified_on: datetime.date | None,
    today: datetime.date | None = None,
) -> datetime.date | None:
    """The earliest day the first dismissal may take effect: consultation's start plus the
    minimum days, and no earlier than the HR1 notification plus the same. What has not happened
    yet can happen today at the soonest, so with `today` given it stands in for a consultation
    not begun or a notification not sent; without it, such an earliest day is not known (None).
    None too when no collective minimum applies."""
    if minimum_days is None:
        return None
    start = consultation_starts_on or today
    notified = hr1_notified_on or today
    if start is None or notified is None:
        return None
    return max(start, notified) + datetime.timedelta(days=minimum_days)


def days_too_early(
    planned_on: datetime.date | None, earliest_on: datetime.date | None
) -> int | None:
    """How many days before the earliest lawful day a planned first dismissal falls, or None
    when it does not (or either day is not known)."""
    if planned_on is None or earliest_on is None or planned_on >= earliest_on:
        return None
    return (earliest_on - planned_on).days


@dataclass(frozen=True)
class Assessment:
    """What the law asks of one restructure, worked out and put in words."""

    period: PeriodCount
    duty: bool
    minimum_days: int | None
    earliest_on: datetime.date | None
    hr1_deadline_on: datetime.date | None
    hr1_late: bool
    too_early_by: int | None
    planned_on: datetime.date | None
    duty_words: str
    earliest_words: str
    hr1_words: str
    warning: str | None


def _duty_words(target: Proposal, period: PeriodCount, agency: str) -> str:
    if target.redundancies == 0:
        return (
            "The collective duty does not apply: this restructure proposes no redundancies. "
            "Each person affected is still consulted individually."
        )
    if period.starts_on is None or period.ends_on is None:
        counted = f"This restructure proposes {_people(target.redundancies)} at {agency}"
        undated = (
            " Its planned first dismissal date is not set, so other proposals at the same "
            "establishment cannot be counted with it yet."
        )
    else:
        others = period.proposals[1:]
        counted = f"{_people(period.total)} are proposed at {agency} within 90 days"
        if others:
            names = ", ".join(f"“{p.title}” ({_people(p.redundancies)})" for p in others)
            counted += (
                f" ({_people(target.redundancies)} in this restructure and {names}, with first "
                f"dismissals from {day_words(period.starts_on)} to {day_words(period.ends_on)})"
            )
        else:
            counted += " (this restructure alone; no other proposal's first dismissal falls "
            counted += "within 90 days of its own)"
        undated = ""
    if not collective_duty_applies(period.total):
        return (
            f"The collective duty does not apply: {counted}, fewer than "
            f"{COLLECTIVE_THRESHOLD}.{undated} Each person affected is still consulted "
            "individually."
        )
    days = minimum_consultation_days(period.total)
    size = (
        f"{LARGE_THRESHOLD} or more"
        if period.total >= LARGE_THRESHOLD
        else f"{COLLECTIVE_THRESHOLD} or more"
    )
    return (
        f"The collective duty applies: {counted}, {size}. Consultation with the employees' "
        f"representatives must begin at least {days} days before the first dismissal takes "
        f"effect, and the Secretary of State must be notified on form HR1 by the same deadline "
        f"({LAW}).{undated}"
    )


def _earliest_words(
    minimum_days: int | None,
    consultation_starts_on: datetime.date | None,
    hr1_notified_on: datetime.date | None,
    earliest_on: datetime.date | None,
    today: datetime.date | None,
) -> str:
    if minimum_days is None:
        return "The Act sets no minimum period before the first dismissal."
    if earliest_on is None:
        return (
            f"The first dismissal may take effect {minimum_days} days after consultation "
            "starts or after the HR1 notification, whichever is later; neither is recorded."
        )
    bound_by = earliest_on - datetime.timedelta(days=minimum_days)
    reasons = []
    if consultation_starts_on == bound_by:
        reasons.append(f"consultation's start on {day_words(bound_by)}")
    if hr1_notified_on == bound_by:
        reasons.append(f"the HR1 notification on {day_words(bound_by)}")
    missing = [
        what
        for what, recorded in (
            ("consultation has not started", consultation_starts_on),
            ("the HR1 notification is not recorded", hr1_notified_on),
        )
        if recorded is None
    ]
    if today == bound_by and missing:
        reasons.append(f"today, as {' and '.join(missing)}")
    return (
        f"The first dismissal may take effect on {day_words(earliest_on)} at the earliest: "
        f"{minimum_days} days after {' and after '.join(reasons)}."
    )


def assess(
    *,
    target: Proposal,
    others: Iterable[Proposal],
    agency: str,
    consultation_starts_on: datetime.date | None,
    hr1_notified_on: datetime.date | None,
    today: datetime.date | None = None,
) -> Assessment:
    """Everything the law asks of the target restructure, counting the other proposals at the
    same establishment (not withdrawn), with words for the page and a warning when its planned
    first dismissal is earlier than the law allows. `today` stands in for what has not happened
    yet (see earliest_first_dismissal); leave it out for a restructure that is over."""
    period = period_count(target, others)
    duty = target.redundancies > 0 and collective_duty_applies(period.total)
    days = minimum_consultation_days(period.total) if duty else None
    earliest = earliest_first_dismissal(
        minimum_days=days,
        consultation_starts_on=consultation_starts_on,
        hr1_notified_on=hr1_notified_on,
        today=today,
    )
    planned = target.first_dismissal_on
    deadline = hr1_deadline(planned, days) if days is not None and planned is not None else None
    hr1_late = deadline is not None and hr1_notified_on is not None and hr1_notified_on > deadline
    if days is None:
        hr1 = "No notification to the Secretary of State is needed."
    elif deadline is None or planned is None:
        hr1 = (
            f"Form HR1 must reach the Secretary of State at least {days} days before the first "
            "dismissal takes effect; set the planned first dismissal date to see the deadline."
        )
    else:
        hr1 = (
            f"Form HR1 must reach the Secretary of State by {day_words(deadline)}, {days} days "
            f"before the planned first dismissal on {day_words(planned)}"
        )
        if hr1_notified_on is None:
            hr1 += "; it has not been recorded as sent."
        elif hr1_late:
            hr1 += (
                f"; it was sent on {day_words(hr1_notified_on)}, "
                f"{_days((hr1_notified_on - deadline).days)} late."
            )
        else:
            hr1 += f"; it was sent on {day_words(hr1_notified_on)}."
    too_early = days_too_early(planned, earliest)
    warning = None
    if too_early is not None and planned is not None and earliest is not None:
        warning = (
            f"The planned first dismissal on {day_words(planned)} is {_days(too_early)} "
            f"earlier than the law allows: it may take effect on {day_words(earliest)} at the "
            f"earliest ({LAW})."
        )
    return Assessment(
        period=period,
        duty=duty,
        minimum_days=days,
        earliest_on=earliest,
        hr1_deadline_on=deadline,
        hr1_late=hr1_late,
        too_early_by=too_early,
        planned_on=planned,
        duty_words=_duty_words(target, period, agency),
        earliest_words=_earliest_words(
            days, consultation_starts_on, hr1_notified_on, earliest, today
        ),
        hr1_words=hr1,
        warning=warning,
    )
