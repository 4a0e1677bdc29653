"""How the strategy app words things, in one place for all its parts: titles tidied of stray
spaces, a day in the one date format, how far a due date is in words (so that overdue never
rests on colour alone), and a refusal carrying every message at once."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.formats import date_format


def tidy(value: str) -> str:
    """Titles and names compare and store without stray spaces."""
    return " ".join(value.split())


def day_words(value: datetime.date) -> str:
    """3 December 2026: the service's one date format."""
    return date_format(value, "j F Y")


def days_words(days: int) -> str:
    """1 day, 3 days."""
    return f"{days} day{'' if days == 1 else 's'}"


def due_words(due_on: datetime.date, today: datetime.date) -> str:
    """ "Overdue by 3 days", "Due today" or "Due in 5 days"."""
    days = (due_on - today).days
    if days < 0:
        return f"Overdue by {days_words(-days)}"
    if days == 0:
        return "Due today"
    return f"Due in {days_words(days)}"


def refuse_if_any(errors: Mapping[str, str]) -> None:
    """Refuses the input with every message at once, before anything is written."""
    if errors:
        raise ValidationError(dict(errors))
