"""Outcome values with their units, in templates: `{{ value|value_with_unit:unit }}` in a
sentence ("225.8 per 100,000 aged 0 to 17"), `{{ value|value_in_column:unit }}` in a table cell
under a heading that names a long unit ("225.8"; "64.8%" keeps its sign), and
`{{ unit|unit_heading }}` for that heading (" (per 100,000 aged 0 to 17)"). The unit is
units.value_unit(indicator), worked out once by the page. The rules live in outcomes.units."""

from __future__ import annotations

from django import template

from childtrust.outcomes import units

register = template.Library()


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


@register.filter
def value_with_unit(value: object, unit: str) -> str:
    return units.with_unit(_number(value), unit or "")


@register.filter
def value_in_column(value: object, unit: str) -> str:
    return units.in_column(_number(value), unit or "")


@register.filter
def unit_heading(unit: str) -> str:
    return units.heading(unit or "")
