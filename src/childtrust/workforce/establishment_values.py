"""Reading one cell of an establishment file: an FTE, a date, yes or no, and the choices
(profession, holder type, leaving and cover reasons) by value or label in any case. Each raises
ValueError with the reason, in the words a bad line's report uses."""

from __future__ import annotations

import datetime
import functools
import re
from decimal import Decimal, InvalidOperation

from childtrust.workforce.establishment_columns import AGENCY_WORKER, EMPLOYEE, VACANT, column_key
from childtrust.workforce.establishment_rules import person_fte_error
from childtrust.workforce.models.establishment import (
    ONE_FTE,
    SMALLEST_FTE,
    CoverReason,
    LeavingReason,
    Profession,
)

# Control characters (NUL, escape, line breaks) have no place in a post's or a person's details:
# they break the pages and downloads that show them, and PostgreSQL cannot hold a NUL.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_FTE = re.compile(r"^\d{1,3}(\.\d+)?$|^\.\d+$", re.ASCII)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", re.ASCII)
_CASES = re.compile(r"^\d{1,6}$", re.ASCII)
_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0"})
_FIRST_YEAR, _LAST_YEAR = 1950, 2100


def shown(text: str) -> str:
    """A value as a problem quotes it: control characters made visible and long values cut."""
    visible = CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)
    return visible if len(visible) <= 60 else visible[:57] + "..."


# A file repeats the same few FTEs, dates and choices thousands of times: each text is read once.
_CACHED = 4096


@functools.lru_cache(maxsize=_CACHED)
def fte_parse(text: str, *, what: str) -> Decimal:
    """An FTE written as 1, 1.0, 0.6 or 0.60 (two places at most). Raises ValueError."""
    if not _FTE.match(text):
        raise ValueError(f'"{shown(text)}" is not an FTE such as 1.00 or 0.60')
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover (the pattern admits only digits)
        raise ValueError(f'"{shown(text)}" is not an FTE such as 1.00 or 0.60') from None
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(f'"{text}" has more than 2 decimal places')
    value = value.quantize(Decimal("0.01"))
    if what == "post":
        if value > ONE_FTE or value < SMALLEST_FTE:
            raise ValueError(f"a post's FTE is from 0.01 to 1.00; {value:.2f} was given")
        return value
    problem = person_fte_error(value)
    if problem:
        raise ValueError(problem)
    return value


def post_fte_parse(text: str) -> Decimal:
    return fte_parse(text, what="post")


def holder_fte_parse(text: str) -> Decimal:
    return fte_parse(text, what="holder")


@functools.lru_cache(maxsize=_CACHED)
def date_parse(text: str) -> datetime.date:
    """A date written 2025-09-30 or 30/09/2025 (day first, as in the UK). Raises ValueError."""
    iso, uk = _ISO_DATE.match(text), _UK_DATE.match(text)
    if iso:
        year, month, day = int(iso[1]), int(iso[2]), int(iso[3])
    elif uk:
        day, month, year = int(uk[1]), int(uk[2]), int(uk[3])
    else:
        raise ValueError(f'"{shown(text)}" is not a date such as 2025-09-30 or 30/09/2025')
    try:
        value = datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f'"{text}" is not a date that exists') from None
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise ValueError(f'"{text}" is not a date between {_FIRST_YEAR} and {_LAST_YEAR}')
    return value


def yes_no_parse(text: str) -> bool:
    word = text.lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise ValueError(f'"{shown(text)}" is not yes or no')


def _choices(choices: list[tuple[str, str]], **more: str) -> dict[str, str]:
    """Each choice by its value and by its label, as column_key writes them."""
    found = {column_key(label): value for value, label in choices}
    return found | {value: value for value, _ in choices} | more


_PROFESSIONS = _choices(Profession.choices)
_LEAVING_REASONS = _choices(LeavingReason.choices)
# The absence label's example in brackets is left off by most who type it.
_COVER_REASONS = _choices(CoverReason.choices, covering_an_absence=CoverReason.ABSENCE.value)
_HOLDER_TYPES = {
    "": VACANT,
    "vacant": VACANT,
    EMPLOYEE: EMPLOYEE,
    "staff": EMPLOYEE,
    AGENCY_WORKER: AGENCY_WORKER,
    "agency": AGENCY_WORKER,
    "locum": AGENCY_WORKER,
}


def _choice_parse(text: str, known: dict[str, str], *, what: str) -> str:
    """A choice given by its value or its label, in any case."""
    value = known.get(text) or known.get(column_key(text))
    if value is None:
        values = ", ".join(dict.fromkeys(known.values()))
        raise ValueError(f'"{shown(text)}" is not a {what}: use one of {values}')
    return value


def profession_parse(text: str) -> str:
    return _choice_parse(text, _PROFESSIONS, what="profession")


def leaving_reason_parse(text: str) -> str:
    return _choice_parse(text, _LEAVING_REASONS, what="leaving reason")


def cover_reason_parse(text: str) -> str:
    return _choice_parse(text, _COVER_REASONS, what="cover reason")


def holder_type_parse(text: str) -> str:
    value = _HOLDER_TYPES.get(text)
    if value is None:
        value = _HOLDER_TYPES.get(column_key(text))
    if value is None:
        raise ValueError(f'"{shown(text)}" is not employee, agency_worker or blank (a vacant post)')
    return value


def cases_parse(text: str) -> int:
    if not _CASES.match(text):
        raise ValueError(f'"{shown(text)}" is not a number of cases, such as 17')
    return int(text)
