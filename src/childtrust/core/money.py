"""Money as every page, download and message shows it: "£1,234,567" in whole pounds, or
"£1,234.50" where pence matter (a month's spend); below nought, a true minus sign (U+2212, which
screen readers say as "minus") before the pound sign. Rounded half up, as finance reports round."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MINUS = "\u2212"


def as_decimal(value: object) -> Decimal | None:
    """The value as a Decimal, or None for nothing or for what is not a number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def pounds(value: object, *, pence: bool = False) -> str:
    """£1,234,567 (or £1,234.50 with pence); "" for nothing or for what is not a number."""
    amount = as_decimal(value)
    if amount is None or not amount.is_finite():
        return ""
    rounded = amount.quantize(Decimal("0.01") if pence else Decimal("1"), rounding=ROUND_HALF_UP)
    sign = MINUS if rounded < 0 else ""
    return f"{sign}£{abs(rounded):,}"
