"""The plan page's reads: a fixed number of queries, and overdue milestones said in words."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from childtrust.strategy.models import (
    Milestone,
    MilestoneStatus,
    Objective,
    StrategicPlan,
)
from childtrust.strategy.selectors.plan import milestone_timing, plan_page
from tests.factories import AgencyFactory, PriorityFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 6, 1)


def _plan_with(objectives: int) -> StrategicPlan:
    plan = StrategicPlan.objects.create(title="Plan", start_year=2026, end_year=2030)
    for n in range(objectives):
        objective = Objective.objects.create(
            plan=plan, title=f"Objective {n}", owner=StaffMemberFactory(), position=n
        )
        objective.priorities.set([PriorityFactory()])
        objective.agencies.set([AgencyFactory()])
        for days in (-3, 10, 200):
            Milestone.objects.create(
                objective=objective,
                title=f"M {n} {days}",
                due_on=TODAY + datetime.timedelta(days=days),
                owner=objective.owner,
            )
    return plan


@pytest.mark.parametrize("objectives", [1, 6])
def test_the_plan_page_takes_five_queries_whatever_its_size(objectives: int) -> None:
    plan = _plan_with(objectives)
    with CaptureQueriesContext(connection) as queries:
        page = plan_page(plan, TODAY)
        for row in page.rows:
            _ = [str(p.outcome) for p in row.objective.priorities.all()]
            _ = [str(a) for a in row.objective.agencies.all()]
            _ = [(str(m.owner), str(row.objective.owner.agency)) for m in row.milestones]
    assert len(queries) == 5
    # Overdue and due within 90 days are shown; one due in 200 days is not.
    assert [len(row.milestones) for row in page.rows] == [2] * objectives
    assert page.overdue_count == objectives


def test_overdue_is_said_in_words_and_closed_milestones_are_never_overdue() -> None:
    plan = _plan_with(1)
    late = Milestone.objects.get(title="M 0 -3")
    assert milestone_timing(late, TODAY) == "Overdue by 3 days"
    assert milestone_timing(late, TODAY - datetime.timedelta(days=4)) == "Due in 1 day"
    late.status = MilestoneStatus.DONE
    assert milestone_timing(late, TODAY) == ""
    assert not late.is_overdue(TODAY)
    assert plan.objectives.count() == 1
