"""What the measures' and check-ins' tests build on: a plan 2026-27 to 2030-31 with one objective
owned by a user's staff record, an indicator with figures for the partnership's area and
England, and measures of each kind written straight to the database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from childtrust.accounts.models import Role, User
from childtrust.outcomes.models import (
    Area,
    AreaType,
    DataPoint,
    DataSource,
    Indicator,
    Polarity,
    ValueType,
)
from childtrust.strategy.models import (
    Direction,
    Measure,
    MeasureReading,
    MeasureSource,
    MeasureTarget,
    Objective,
    StrategicPlan,
)
from tests.factories import PriorityFactory, StaffMemberFactory, UserFactory

PLAN_YEARS = range(2026, 2031)


@dataclass
class Setting:
    plan: StrategicPlan
    objective: Objective
    owner: User  # the objective's owner's account (a team manager)
    lead: User  # a strategic lead who does not own it


def plan_with_objective() -> Setting:
    plan = StrategicPlan.objects.create(
        title="Children and Young People's Plan", start_year=2026, end_year=2030
    )
    owner = UserFactory(username="owner", role=Role.TEAM_MANAGER)
    objective = Objective.objects.create(
        plan=plan, title="Fewer teeth extracted", owner=StaffMemberFactory(user=owner)
    )
    objective.priorities.set([PriorityFactory()])
    lead = UserFactory(username="lead", role=Role.STRATEGIC_LEAD)
    return Setting(plan, objective, owner, lead)


def indicator_with_figures(
    *,
    value: float = 3.4,
    lower: float = 2.9,
    upper: float = 3.9,
    period: str = "2026/27",
    name: str = "Tooth extractions per 1,000",
) -> Indicator:
    """An indicator (lower is better) with a figure for England and for the partnership's
    local authority (the one with a locality under it)."""
    indicator = Indicator.objects.create(
        external_id=name[:20],
        name=name,
        polarity=Polarity.LOW_IS_GOOD,
        value_type=ValueType.CRUDE_RATE,
        multiplier=1000,
    )
    england = Area.objects.get_or_create(
        code="E92000001", defaults={"name": "England", "area_type": AreaType.ENGLAND}
    )[0]
    city = Area.objects.get_or_create(
        code="E06000045",
        defaults={
            "name": "Southampton",
            "area_type": AreaType.LOCAL_AUTHORITY,
            "parent": england,
        },
    )[0]
    Area.objects.get_or_create(
        code="L1", defaults={"name": "City centre", "area_type": AreaType.LOCALITY, "parent": city}
    )
    start = datetime.date(int(period[:4]), 4, 1)
    for area, figures in ((england, (1.8, 1.7, 1.9)), (city, (value, lower, upper))):
        DataPoint.objects.create(
            indicator=indicator,
            area=area,
            period=period,
            period_start=start,
            value=figures[0],
            lower_95=figures[1],
            upper_95=figures[2],
            source=DataSource.IMPORTED,
        )
    return indicator


def measure(
    objective: Objective,
    *,
    title: str = "Sessions lost",
    direction: str = Direction.LOWER,
    baseline: float = 4.0,
    targets: tuple[float, ...] = (3.8, 3.6, 3.4, 3.2, 3.0),
    source: str = MeasureSource.MANUAL,
    **links: Any,
) -> Measure:
    made = Measure.objects.create(
        objective=objective,
        title=title,
        unit="per 1,000",
        direction=direction,
        baseline=baseline,
        baseline_period="2025-26",
        source=source,
        **links,
    )
    MeasureTarget.objects.bulk_create(
        MeasureTarget(measure=made, year=year, value=value)
        for year, value in zip(range(objective.plan.start_year, 2100), targets, strict=False)
    )
    return made


def reading(measure: Measure, value: float, on: datetime.date) -> MeasureReading:
    return MeasureReading.objects.create(
        measure=measure, value=value, measured_on=on, source="School census"
    )
