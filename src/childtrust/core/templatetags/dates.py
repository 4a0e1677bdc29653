"""Times on every page as "2 December 2026 at 3:04pm": `{{ event.occurred_at|date_time }}`.
Built in to every template (settings.TEMPLATES), like Django's own `date` filter, which gives
the day alone (`date:"j F Y"`). The rule lives in core.dates."""

from __future__ import annotations

import datetime

from django import template

from childtrust.core import dates

register = template.Library()


@register.filter
def date_time(value: object) -> str:
    if isinstance(value, datetime.datetime):
        return dates.date_time_text(value)
    if isinstance(value, datetime.date):
        return dates.day_text(value)
    return ""


@register.filter
def clock(value: object) -> str:
    """The time alone: 3:04pm."""
    if isinstance(value, datetime.datetime | datetime.time):
        return dates.clock_text(value)
    return ""
