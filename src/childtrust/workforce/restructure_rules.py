"""The restructures' rules of bad input that every one of their services shares, as pure
functions: which statuses allow what, the refusal by status in words, the date format and tidy
text. (The law's own rules are in selectors/consultation_law.py.)"""

from __future__ import annotations

import datetime
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.utils.formats import date_format

from childtrust.workforce.models import Restructure, RestructureStatus

# Its parts change while it is planned; its people until it is finished.
PLANNING = (RestructureStatus.PROPOSED, RestructureStatus.CONSULTATION)
NOT_OVER = (*PLANNING, RestructureStatus.IMPLEMENTING)

_AS_IT_IS = {
    RestructureStatus.PROPOSED: "This restructure is only proposed",
    RestructureStatus.CONSULTATION: "This restructure is still in consultation",
    RestructureStatus.IMPLEMENTING: "This restructure has been put in place",
    RestructureStatus.FINISHED: "This restructure is finished",
    RestructureStatus.WITHDRAWN: "This restructure was withdrawn",
}


def day_words(day: datetime.date) -> str:
    """30 September 2025: the service's one date format."""
    return date_format(day, "j F Y")


def tidy(value: str) -> str:
    """Titles and names without stray spaces."""
    return " ".join(value.split())


def refuse_unless_status(restructure: Restructure, allowed: Collection[str], *, so: str) -> None:
    """Refuses, saying why, when the restructure's status is not one of `allowed`: "This
    restructure is finished, so its people can no longer change."."""
    if restructure.status not in allowed:
        status = RestructureStatus(restructure.status)
        raise ValidationError(f"{_AS_IT_IS[status]}, so {so}.")
