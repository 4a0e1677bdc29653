"""The pooled budget's rules that are neither reads nor writes, shared by the services, selectors,
forms, the API and the import command: the financial year, which months may hold spend, the
largest amount the database holds, and months and amounts as finance systems write them.

- A financial year runs from 1 April to 31 March (English public bodies' year) and is labelled
  like "2026-27".
- Spend is recorded for a month of the line's year (April to March), never for a month that has
  not begun: a figure for next month is a forecast, not spend.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from childtrust.resources.models import FinancialYear

#: Years the partnership could sensibly keep: the Children Act 2004 to well past any plan.
FIRST_START_YEAR = 2004
LAST_START_YEAR = 2100
#: The largest figure the database holds (14 digits, 2 after the point).
MAX_AMOUNT = Decimal("999999999999.99")

#: The columns of a spend file, matched without regard to case; any others are ignored.
SPEND_COLUMNS = ("service", "month", "amount")
SPEND_OPTIONAL_COLUMNS = ("note",)
# ASCII digits only: Python's \d and Decimal also take other scripts' digits ("١٢٣"), which no
# finance system writes and which would load as a figure nobody can read back in the file.
_MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$", re.ASCII)
_AMOUNT = re.compile(r"^(?P<sign>-)?£?(?P<digits>\d{1,3}(,\d{3})+|\d+)(?P<pence>\.\d+)?$", re.ASCII)
_PENCE = Decimal("0.01")


# --- Financial years ----------------------------------------------------------------------------


def financial_year_label(start_year: int) -> str:
    """ "2026-27" for the year from 1 April 2026 to 31 March 2027."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def financial_year_ends_on(year: FinancialYear) -> datetime.date:
    return datetime.date(year.starts_on.year + 1, 3, 31)


def financial_year_months(year: FinancialYear) -> list[datetime.date]:
    """The first day of each month of the year, April to March."""
    start = year.starts_on
    return [
        datetime.date(start.year + (start.month + n - 1) // 12, (start.month + n - 1) % 12 + 1, 1)
        for n in range(12)
    ]


def spend_month_problem(
    year: FinancialYear, month: datetime.date, today: datetime.date
) -> str | None:
    """Why spend cannot be recorded for the month, or None."""
    months = financial_year_months(year)
    if month not in months:
        return (
            f"{month:%B %Y} is not in the financial year {year} "
            f"(April {months[0].year} to March {months[-1].year})"
        )
    if month > today.replace(day=1):
        return f"{month:%B %Y} has not begun yet: spend can be recorded only for past months"
    return None


# --- Amounts and months as finance systems write them -------------------------------------------


def spend_amount_problem(amount: Decimal) -> str | None:
    """Why a month's spend cannot be kept as it is, or None."""
    if not amount.is_finite():
        return "the amount is not a number"
    if abs(amount) > MAX_AMOUNT:
        return "the amount must be less than £1,000,000,000,000"
    if amount != amount.quantize(_PENCE):
        return "the amount has more than 2 decimal places (pence)"
    return None


def spend_amount_parse(text: str) -> Decimal:
    """Pounds as finance exports write them: "1234.5", "£1,234.50", "-250", "(250.00)" (an
    accountant's negative), to the penny ("1.000" is £1.00, which the database holds with two
    places). Raises ValueError with the reason."""
    value = text.strip().replace(" ", "")
    negative = value.startswith("(") and value.endswith(")")
    if negative:
        value = value[1:-1]
    match = _AMOUNT.match(value)
    if not match:
        raise ValueError(f'the amount "{text.strip()}" is not a number of pounds, such as 1234.56')
    try:
        amount = Decimal(match["digits"].replace(",", "") + (match["pence"] or ""))
    except InvalidOperation:  # pragma: no cover (the pattern admits only digits)
        raise ValueError(f'the amount "{text.strip()}" is not a number') from None
    if match["sign"]:
        amount = -amount
    problem = spend_amount_problem(amount)
    if problem:
        raise ValueError(problem)
    amount = amount.quantize(_PENCE)
    return -amount if negative else amount


def spend_month_parse(text: str) -> datetime.date:
    """ "2026-04" for April 2026. Raises ValueError with the reason."""
    match = _MONTH.match(text.strip())
    # Year 0 has no date (Python's dates begin in year 1).
    if not match or not 1 <= int(match["month"]) <= 12 or int(match["year"]) == 0:
        raise ValueError(
            f'the month "{text.strip()}" is not a month written as YYYY-MM, such as 2026-04'
        )
    return datetime.date(int(match["year"]), int(match["month"]), 1)


def spend_missing_columns(columns: Iterable[str]) -> list[str]:
    """The columns a spend file must have and does not (named in any case)."""
    present = {str(c).strip().lower() for c in columns if c}
    return [column for column in SPEND_COLUMNS if column not in present]


def spend_columns_problem(file_name: str, columns: Iterable[str]) -> str | None:
    """Why a spend file cannot be loaded, from its header, in the words of every place that
    loads one (the page, its background task, the command), or None."""
    missing = spend_missing_columns(columns)
    if not missing:
        return None
    return (
        f"The file {file_name} has no column called {', '.join(missing)}: nothing was loaded. "
        "The first line must name the columns Service, Month and Amount"
    )
