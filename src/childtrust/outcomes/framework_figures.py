"""The figures the outcomes framework shows under each priority: for each indicator attached to
a priority, its latest value for the partnership's local authority with its unit, England's in
the same period, the comparison with England (as the profile judges it) and the recent trend.
Registered with partnership.framework_figures when the app starts (apps.py), so that the
framework, in the layer below, shows them without importing this app.

Four queries for the indicators, the partnership's area and the latest values, and one more
per indicator for its trend."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse

from childtrust.core.permissions import PermissionHolder
from childtrust.outcomes import access, selectors, trends, units
from childtrust.outcomes.indicator_page import partnership_area
from childtrust.outcomes.models import Area, Indicator
from childtrust.outcomes.profiles import trend_words
from childtrust.partnership.framework_figures import IndicatorFigures
from childtrust.partnership.models import Priority


def with_unit(value: float | None, indicator: Indicator) -> str:
    """A value to one decimal place with thousands separators and its unit
    (units.value_unit), or ""."""
    return units.with_unit(value, units.value_unit(indicator))


def _figures(
    indicator: Indicator, area: Area | None, latest: selectors.AreaLatest | None
) -> IndicatorFigures:
    url = reverse("outcomes:indicator", args=[indicator.pk])
    if area is None or latest is None:
        return IndicatorFigures(
            name=indicator.name,
            url=url,
            framework_indicator_id=indicator.framework_indicator_id,
            period="",
            value="",
            england="",
            comparison="Not compared: no value for this period",
            comparison_colour="grey",
            trend="",
        )
    comparison = latest.comparison
    compared = comparison.compared
    return IndicatorFigures(
        name=indicator.name,
        url=url,
        framework_indicator_id=indicator.framework_indicator_id,
        period=comparison.period,
        value=with_unit(comparison.value, indicator) or "No value",
        england=with_unit(comparison.benchmark_value, indicator),
        comparison=compared.words,
        comparison_colour=compared.colour,
        trend=trend_words(trends.recent_trend(indicator, area)),
    )


def priority_figures(
    priorities: Sequence[Priority], user: PermissionHolder
) -> dict[int, list[IndicatorFigures]]:
    """The figures of the indicators attached to each priority, by the priority's id, in the
    indicators' name order; nothing for someone who may not see the outcomes."""
    if not access.can_view_outcomes(user) or not priorities:
        return {}
    indicators = list(
        Indicator.objects.filter(priority__in=[p.pk for p in priorities]).order_by("name", "pk")
    )
    if not indicators:
        return {}
    area = partnership_area()
    latest = selectors.latest_values_for_area(indicators, area) if area is not None else {}
    found: dict[int, list[IndicatorFigures]] = {}
    for indicator in indicators:
        if indicator.priority_id is not None:  # always, as filtered: for the type checker
            found.setdefault(indicator.priority_id, []).append(
                _figures(indicator, area, latest.get(indicator.pk))
            )
    return found


def priority_attach_url(priority: Priority, user: PermissionHolder) -> str | None:
    """Where the user attaches an indicator to the priority, when they may."""
    if not access.can_attach_indicator(user):
        return None
    return reverse("outcomes:priority_attach", args=[priority.pk])
