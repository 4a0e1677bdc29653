"""A partnership with something in every section of the board pack, each with a figure the
tests look for: an objective off track with an overdue milestone, an indicator worse than
England, a budget line heading for overspend, the workforce (a vacancy rate of 50% beside England's
published 17.8%, and a restructure in consultation of 25 redundancies), a stage rated at the
meeting, a risk and an open action overdue."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from childtrust.outcomes.models import Area, AreaType, DataPoint, DataSource, Indicator, Polarity
from childtrust.resources.models import BudgetLine, FinancialYear, MonthlySpend
from childtrust.strategy.models import BoardMeeting, StageRating
from childtrust.workforce.models import RestructureStatus
from tests.factories import ServiceFactory
from tests.strategy.factories_board import BoardActionFactory, BoardMeetingFactory, days_ago
from tests.strategy.factories_change import RiskFactory
from tests.strategy.plan_setup import objective_with_overdue_milestone
from tests.workforce.factories import (
    AffectedPersonFactory,
    HoldingFactory,
    PostFactory,
    RestructureFactory,
    WorkforceStatisticFactory,
)


@dataclass(frozen=True)
class PackWorld:
    meeting: BoardMeeting
    objective: str
    milestone: str
    indicator: str
    service: str
    stage_evidence: str
    risk: str
    action: str
    restructure: str
    affected: str  # the name of the person it affects: never in the pack


def _point(indicator: Indicator, area: Area, value: float, **limits: float) -> None:
    DataPoint.objects.create(
        indicator=indicator,
        area=area,
        period="2024/25",
        period_start=datetime.date(2024, 4, 1),
        value=value,
        source=DataSource.IMPORTED,
        **limits,
    )


def _indicator_worse_than_england(name: str) -> None:
    england = Area.objects.create(code="E92000001", name="England", area_type=AreaType.ENGLAND)
    town = Area.objects.create(
        code="E06000045", name="Southampton", area_type=AreaType.LOCAL_AUTHORITY, parent=england
    )
    indicator = Indicator.objects.create(
        name=name, polarity=Polarity.LOW_IS_GOOD, multiplier=100_000
    )
    _point(indicator, england, 50.0)
    _point(indicator, town, 90.0, lower_95=85, upper_95=95, lower_99_8=82, upper_99_8=98)


def _line_heading_for_overspend(service_name: str) -> None:
    today = timezone.localdate()
    start = today.year if today.month >= 4 else today.year - 1
    year = FinancialYear.objects.create(
        label=f"{start}-{(start + 1) % 100:02d}", starts_on=datetime.date(start, 4, 1)
    )
    line = BudgetLine.objects.create(
        year=year, service=ServiceFactory(name=service_name), budget=Decimal("120000")
    )
    # £20,000 a month against a budget of £10,000 a month.
    MonthlySpend.objects.create(line=line, month=year.starts_on, amount=Decimal("20000"))


def _workforce(restructure_title: str) -> str:
    """Two social worker posts, one held and one vacant (a vacancy rate of 50% at every census),
    England's published vacancy rate of 17.8% for 2025, and a restructure in consultation of 25
    redundancies since 20 days ago: the collective duty applies (30 days). Returns the name of
    the person it affects."""
    held = PostFactory()
    PostFactory(agency=held.agency, team=held.team)
    HoldingFactory(post=held)
    WorkforceStatisticFactory(year=2025, measure="vacancy_rate_fte", value=17.8)
    restructure = RestructureFactory(
        title=restructure_title,
        agency=held.agency,
        status=RestructureStatus.CONSULTATION,
        proposed_redundancies=25,
        consultation_starts_on=days_ago(20),
    )
    return str(AffectedPersonFactory(restructure=restructure).staff)


def pack_world() -> PackWorld:
    objective = objective_with_overdue_milestone("Brushing clubs in every school")
    meeting = BoardMeetingFactory(title="Children's Trust Board, winter", held_on=days_ago(3))
    _indicator_worse_than_england("Tooth extractions under 10s per 100,000")
    _line_heading_for_overspend("Family support hubs")
    StageRating.objects.create(
        meeting=meeting, stage=1, rating=3, evidence="Every partner signed the urgency case"
    )
    RiskFactory(title="Social workers leave faster than we recruit", residual_likelihood=5)
    affected = _workforce("Family hubs restructure")
    BoardActionFactory(
        meeting=meeting, description="Write to schools about brushing", due_on=days_ago(4)
    )
    return PackWorld(
        meeting=meeting,
        objective=objective.title,
        milestone="Brushing clubs in every school",
        indicator="Tooth extractions under 10s per 100,000",
        service="Family support hubs",
        stage_evidence="Every partner signed the urgency case",
        risk="Social workers leave faster than we recruit",
        action="Write to schools about brushing",
        restructure="Family hubs restructure",
        affected=affected,
    )
