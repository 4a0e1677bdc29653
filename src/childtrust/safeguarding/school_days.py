"""When a school day starts, for the police notifications that must reach a school before it
(Operation Encompass: services.encompass).

Term dates are not held by the partnership, so working days (core.calendar: Monday to Friday,
less the bank holidays of England and Wales) stand for school days: a notice sent in the school
holidays is due on the next working day all the same, which is early rather than late. The
school day starts at settings.ENCOMPASS_SCHOOL_DAY_STARTS ("08:00", Europe/London)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from childtrust.core.calendar import add_working_days, is_working_day

LONDON = ZoneInfo("Europe/London")


def school_day_start_after(moment: datetime.datetime) -> datetime.datetime:
    """The start of the first school day starting after `moment`: today's, if today is a
    working day not yet started; otherwise the next working day's. A Friday evening's is
    Monday 08:00, or Tuesday's after a bank holiday Monday."""
    hour, minute = (int(part) for part in settings.ENCOMPASS_SCHOOL_DAY_STARTS.split(":"))
    local = moment.astimezone(LONDON)
    starts = datetime.time(hour, minute)
    day = local.date()
    if not (is_working_day(day) and local.time() < starts):
        day = add_working_days(day, 1)
    return datetime.datetime.combine(day, starts, tzinfo=LONDON)


def school_day_of(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(LONDON).date()
