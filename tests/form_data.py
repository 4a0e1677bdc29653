"""What a browser sends for GOV.UK's date input (core.forms.GovukDateField): the day, month and
year boxes of one date, named `<name>_day`, `<name>_month` and `<name>_year`."""

from __future__ import annotations

import datetime


def date_parts(name: str, day: datetime.date | str) -> dict[str, str]:
    """The three boxes of `name` for a date, or for "YYYY-MM-DD" typed into them as written
    (so "2026-02-30" sends day 30, month 2: a date that is not real)."""
    if isinstance(day, datetime.date):
        year, month, of_month = str(day.year), str(day.month), str(day.day)
    elif day == "":
        year = month = of_month = ""
    else:
        year, month, of_month = day.split("-")
    return {f"{name}_day": of_month, f"{name}_month": month, f"{name}_year": year}


def date_query(name: str, day: datetime.date | str) -> str:
    """The same boxes as a query string, for a filter form sent with GET."""
    return "&".join(f"{key}={value}" for key, value in date_parts(name, day).items())
