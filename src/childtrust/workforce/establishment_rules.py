"""The establishment's rules of bad input, as pure functions that the services, the forms and
the import all ask, so that a post held above its FTE reads the same wherever it is refused.
Each returns the message to show, or None when the input is good."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format

from childtrust.workforce.models.establishment import ONE_FTE, SMALLEST_FTE


def fte_text(fte: Decimal) -> str:
    """An FTE as the pages write it: 0.50 FTE."""
    return f"{fte:.2f} FTE"


def person_fte_error(fte: Decimal | None) -> str | None:
    """One person's FTE in one post: more than 0 and at most 1.00."""
    if fte is None:
        return "Enter the FTE, such as 1.00 or 0.60"
    if fte > ONE_FTE:
        return f"The FTE for one person in one post cannot be more than 1.00; {fte:.2f} was given"
    if fte < SMALLEST_FTE:
        return "The FTE must be more than 0, such as 0.60"
    return None


def end_date_error(
    starts_on: datetime.date | None, ends_on: datetime.date | None, *, what: str = "leaving date"
) -> str | None:
    """An end (a leaving date, a cover's end) on or after its start."""
    if starts_on is None or ends_on is None or ends_on >= starts_on:
        return None
    return (
        f"The {what} ({date_format(ends_on, 'j F Y')}) must be on or after the start date "
        f"({date_format(starts_on, 'j F Y')})"
    )


@dataclass(frozen=True)
class Spell:
    """An FTE held from a first day to a last day (None: still held)."""

    fte: Decimal
    starts_on: datetime.date
    ends_on: datetime.date | None


def peak_fte(spells: Iterable[Spell]) -> tuple[Decimal, datetime.date | None]:
    """The most FTE held at once by overlapping spells, and the first day it is held."""
    changes: list[tuple[datetime.date, int, Decimal]] = []
    for spell in spells:
        changes.append((spell.starts_on, 1, spell.fte))
        if spell.ends_on is not None:
            # Held to the end of its last day: it stops counting the day after.
            changes.append((spell.ends_on + datetime.timedelta(days=1), 0, -spell.fte))
    # On one day, ends (0) are counted before starts (1): a holder leaving on the 31st and
    # another starting on the 1st never hold the post together.
    held, peak, peak_day = Decimal("0"), Decimal("0"), None
    for day, _order, change in sorted(changes, key=lambda c: (c[0], c[1])):
        held += change
        if held > peak:
            peak, peak_day = held, day
    return peak, peak_day


def over_held_error(post_fte: Decimal, spells: Iterable[Spell]) -> str | None:
    """A post's holders (staff, not agency cover) together never hold more than its FTE."""
    peak, day = peak_fte(spells)
    if peak <= post_fte or day is None:
        return None
    return (
        f"The post is funded for {fte_text(post_fte)}, but its holders would hold "
        f"{fte_text(peak)} from {date_format(day, 'j F Y')}"
    )
