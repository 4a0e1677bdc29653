"""Selector: the child population of each partnership locality, for other apps (the resources
app caps the children an allocation reaches by it).

What "the child population" is: the population aged 0 to 17 is the denominator of the rates
per population under 18 (such as hospital admissions for mental health conditions, per 100,000
aged under 18). For each locality's outcome area (named "<locality> locality", as the
partnership profile links them), the child population is that denominator in the latest period
held: among the indicators whose age, unit or definition says under 18 (or 0 to 17), the largest
such denominator of the latest period. A locality with no such figure has none (None), and
nothing is capped there."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from childtrust.outcomes.models import AreaType, DataPoint, ValueType
from childtrust.partnership.selectors.registry import localities_by_name

#: Words that mark an indicator whose denominator is the population aged under 18.
UNDER_18 = ("under 18", "<18", "0-17", "0 to 17", "aged 0-17")


@dataclass(frozen=True)
class ChildPopulation:
    children: int
    indicator: str  # the indicator whose denominator it is
    period: str


def _under_18() -> Q:
    words = Q()
    for phrase in UNDER_18:
        for field in ("age", "unit", "definition"):
            words |= Q(**{f"indicator__{field}__icontains": phrase})
    return words


def child_population_by_locality() -> dict[int, ChildPopulation]:
    """Partnership locality id -> its child population (aged 0 to 17), where one is held. Two
    queries."""
    localities = {
        f"{name} locality": pk for pk, name in localities_by_name().values_list("pk", "name")
    }
    points = (
        DataPoint.objects.filter(
            _under_18(),
            area__area_type=AreaType.LOCALITY,
            area__name__in=list(localities),
            indicator__value_type=ValueType.CRUDE_RATE,
            denominator__gt=0,
        )
        .select_related("indicator", "area")
        .order_by("area__name", "-period_start", "-denominator")
    )
    found: dict[int, ChildPopulation] = {}
    latest: dict[int, object] = {}
    for point in points:
        locality = localities[point.area.name]
        if locality in latest and latest[locality] != point.period_start:
            continue
        latest[locality] = point.period_start
        if locality not in found and point.denominator is not None:
            found[locality] = ChildPopulation(
                round(point.denominator), point.indicator.name, point.period
            )
    return found
