"""A plan with one objective whose milestone is two days overdue and has a status history: what
the plan's page and browser tests read."""

from __future__ import annotations

import datetime

from django.utils import timezone

from childtrust.strategy.models import Milestone, MilestoneStatusChange, Objective, StrategicPlan
from tests.factories import PriorityFactory, StaffMemberFactory


def objective_with_overdue_milestone(milestone_title: str = "Brushing clubs") -> Objective:
    year = timezone.localdate().year
    plan = StrategicPlan.objects.create(
        title="Children's Plan", start_year=year - 1, end_year=year + 3
    )
    objective = Objective.objects.create(
        plan=plan, title="Healthy teeth", owner=StaffMemberFactory()
    )
    objective.priorities.set([PriorityFactory()])
    milestone = Milestone.objects.create(
        objective=objective,
        title=milestone_title,
        due_on=timezone.localdate() - datetime.timedelta(days=2),
        owner=objective.owner,
    )
    MilestoneStatusChange.objects.create(
        milestone=milestone, from_status="not_started", to_status="at_risk", note="Staff short"
    )
    return objective
