"""Money on the resources pages: `{% load money %}`, then `{{ line.budget|pounds }}` for whole
pounds, or `{{ spend.amount|pounds_pence }}` where pence matter (a month's spend). The one
formatting rule lives in core.money."""

from __future__ import annotations

from typing import Any

from django import template

from childtrust.core import money

register = template.Library()


@register.filter
def pounds(value: Any) -> str:
    return money.pounds(value)


@register.filter
def pounds_pence(value: Any) -> str:
    return money.pounds(value, pence=True)
