"""Money as the resources pages show it: "£1,234,567", whole pounds; "-£1,250" below 0.

`{% load money %}` then `{{ line.budget|pounds }}`, or `{{ spend.amount|pounds_pence }}` where
pence matter (a month's spend). Figures are rounded half up to the pound, as finance reports do."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template

register = template.Library()


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def pounds(value: Any) -> str:
    amount = _decimal(value)
    if amount is None:
        return ""
    whole = amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return f"-£{-whole:,}" if whole < 0 else f"£{whole:,}"


@register.filter
def pounds_pence(value: Any) -> str:
    amount = _decimal(value)
    if amount is None:
        return ""
    exact = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"-£{-exact:,}" if exact < 0 else f"£{exact:,}"
