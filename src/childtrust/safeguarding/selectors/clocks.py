"""Running clocks with how each stands today, in working days (core.calendar): for the clocks
page (near breach, breached, escalated to me), the home page and the API. Which clocks a
person may see is access.clocks_visible_to's."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from childtrust.partnership.models import StaffMember
from childtrust.safeguarding.clock_dates import ClockStanding, ClockState, clock_standing
from childtrust.safeguarding.models import Clock


@dataclass(frozen=True)
class ClockRow:
    clock: Clock
    standing: ClockStanding


@dataclass(frozen=True)
class ClockBoard:
    breached: list[ClockRow]
    near_breach: list[ClockRow]
    escalated_to_me: list[ClockRow]
    on_time: int


def running_clocks(
    clocks: QuerySet[Clock], *, today: datetime.date | None = None
) -> list[ClockRow]:
    """The running clocks given, soonest due first, each with its standing."""
    today = today or timezone.localdate()
    return [
        ClockRow(clock, clock_standing(clock.due_on, today))
        for clock in clocks.filter(stopped_on__isnull=True).order_by("due_on", "pk")
    ]


def clock_board(
    clocks: QuerySet[Clock], staff: StaffMember | None, *, today: datetime.date | None = None
) -> ClockBoard:
    rows = running_clocks(clocks, today=today)
    mine = staff.pk if staff is not None else None
    return ClockBoard(
        breached=[r for r in rows if r.standing.state is ClockState.BREACHED],
        near_breach=[r for r in rows if r.standing.state is ClockState.NEAR_BREACH],
        escalated_to_me=[r for r in rows if mine is not None and r.clock.escalated_to_id == mine],
        on_time=sum(1 for r in rows if r.standing.state is ClockState.ON_TIME),
    )


def clocks_needing_attention(clocks: QuerySet[Clock], today: datetime.date) -> int:
    """How many running clocks are near breach or breached."""
    return sum(
        1
        for row in running_clocks(clocks, today=today)
        if row.standing.state is not ClockState.ON_TIME
    )
