"""Working hours, for an alert's time to be acknowledged: the hours of working days only
(core.calendar: Monday to Friday less the bank holidays of England and Wales), counted round the
clock on a working day, since the front door screens all day. So 24 working hours from 17:00 on
a Friday end at 17:00 on the Monday, and an alert raised on a Saturday starts its count at
midnight on the Monday. (A choice written down in issue 17's note: a front door keeping office
hours would count 9:00 to 17:00 instead.)"""

from __future__ import annotations

import datetime

from django.utils import timezone

from childtrust.core.calendar import is_working_day


def _next_midnight(moment: datetime.datetime) -> datetime.datetime:
    tomorrow = moment.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))


def add_working_hours(start: datetime.datetime, hours: int) -> datetime.datetime:
    """The moment `hours` working hours after `start` (in the partnership's time zone)."""
    moment = timezone.localtime(start)
    remaining = datetime.timedelta(hours=hours)
    while True:
        midnight = _next_midnight(moment)
        if is_working_day(moment.date()):
            if moment + remaining <= midnight:
                return moment + remaining
            remaining -= midnight - moment
        moment = midnight
