"""Dates and times as every page, download and message shows them (GOV.UK style, issue 14):
"2 December 2026", "December 2026", and "2 December 2026 at 3:04pm" in the partnership's
time (Europe/London). Templates use Django's `date:"j F Y"` for a day, and the `date_time`
filter (core.templatetags.dates, built in to every template) for a moment."""

from __future__ import annotations

import datetime

from django.utils import timezone


def day_text(value: datetime.date) -> str:
    """2 December 2026 (a datetime is read in the partnership's time first)."""
    if isinstance(value, datetime.datetime):
        value = _local(value)
    return f"{value.day} {value:%B %Y}"


def month_text(value: datetime.date) -> str:
    """December 2026."""
    return f"{value:%B %Y}"


def clock_text(value: datetime.datetime | datetime.time) -> str:
    """3:04pm, 12:00pm for midday and 12:00am for midnight (GOV.UK's style for times)."""
    if isinstance(value, datetime.datetime):
        value = _local(value).time()
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d}{'am' if value.hour < 12 else 'pm'}"


def date_time_text(value: datetime.datetime) -> str:
    """2 December 2026 at 3:04pm, in the partnership's time."""
    local = _local(value)
    return f"{day_text(local)} at {clock_text(local)}"


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value
