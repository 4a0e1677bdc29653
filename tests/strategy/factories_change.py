"""Factories for the change programme: a plan, board meetings (its own, so that the change
programme's tests stand apart from the board's), risks (open, closed, past review), decisions
(draft, decided) and the board's ratings of the stages."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from childtrust.strategy.models import (
    BoardMeeting,
    Decision,
    DecisionStatus,
    KotterStage,
    Minutes,
    MinutesStatus,
    Proximity,
    Risk,
    RiskStatus,
    StageRating,
    StrategicPlan,
)
from tests.factories import StaffMemberFactory


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicPlan

    title = factory.Sequence(lambda n: f"Children's Plan {n}")
    start_year = factory.LazyFunction(lambda: timezone.localdate().year - 1)
    end_year = factory.LazyFunction(lambda: timezone.localdate().year + 3)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardMeeting

    title = factory.Sequence(lambda n: f"Children's Trust Board {n}")
    held_on = factory.LazyFunction(lambda: days_from_today(-30))
    chair = "Councillor Example, lead member for children's services"


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    reference = factory.Sequence(lambda n: f"R{n + 1:02d}")
    title = factory.Sequence(lambda n: f"Risk {n}")
    cause = "Recruitment is slow."
    effect = "Services wait longer."
    owner = factory.SubFactory(StaffMemberFactory)
    inherent_likelihood = 4
    inherent_impact = 4
    residual_likelihood = 3
    residual_impact = 3
    proximity = Proximity.MEDIUM
    review_on = factory.LazyFunction(lambda: days_from_today(30))


class ClosedRiskFactory(RiskFactory):
    status = RiskStatus.CLOSED


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    title = factory.Sequence(lambda n: f"Decision {n}")
    decision = "To pool the budgets."
    decided_by = "Children's Trust Board"
    decided_on = factory.LazyFunction(lambda: days_from_today(-10))
    evidence = "The option appraisal."


class DecidedDecisionFactory(DecisionFactory):
    status = DecisionStatus.DECIDED
    locked_at = factory.LazyFunction(timezone.now)


def rate_every_stage(meeting: BoardMeeting, rating: int = 2) -> list[StageRating]:
    return [
        StageRating.objects.create(
            meeting=meeting, stage=stage.value, rating=rating, evidence=f"Evidence {stage.value}"
        )
        for stage in KotterStage
    ]


def approve_minutes(meeting: BoardMeeting) -> Minutes:
    later = MeetingFactory(held_on=meeting.held_on + datetime.timedelta(days=60))
    return Minutes.objects.create(
        meeting=meeting, text="Minutes.", status=MinutesStatus.APPROVED, approved_at=later
    )
