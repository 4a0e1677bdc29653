"""What every section of the board pack is gathered with (the meeting, the plan in force, the
day, whose view of other apps' figures it shows), and how its dates and shares are written."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format

from childtrust.core.permissions import PermissionHolder
from childtrust.strategy.models import BoardMeeting, StrategicPlan


@dataclass(frozen=True)
class PackContext:
    meeting: BoardMeeting
    plan: StrategicPlan | None
    today: datetime.date
    #: Whose view of the pooled budget the pack shows (the board's papers show every partner's:
    #: see strategy.access.board_pack_reader).
    reader: PermissionHolder | None


def day_words(value: datetime.date) -> str:
    return date_format(value, "j F Y")


def percent_words(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}%"
