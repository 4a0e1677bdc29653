"""The plan page's reads: a fixed number of queries, overdue milestones said in words, and each
objective's rating (RAG) by its rule."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from childtrust.strategy.models import (
    CheckIn,
    Milestone,
    MilestoneStatus,
    Objective,
    StrategicPlan,
)
from childtrust.strategy.selectors.plan import (
    PlanPage,
    Rag,
    milestone_timing,
    objective_rag,
    plan_page,
)
from tests.factories import AgencyFactory, PriorityFactory, StaffMemberFactory
from tests.strategy.factories_measures import measure, plan_with_objective, reading

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 6, 1)


def _plan_with(objectives: int) -> StrategicPlan:
    plan = StrategicPlan.objects.create(title="Plan", start_year=2026, end_year=2030)
    return _plan_with_more(plan, objectives)


def _plan_with_more(plan: StrategicPlan, objectives: int) -> StrategicPlan:
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


def _read_page(plan: StrategicPlan) -> PlanPage:
    page = plan_page(plan, TODAY)
    for row in page.rows:
        _ = [str(p.outcome) for p in row.objective.priorities.all()]
        _ = [str(a) for a in row.objective.agencies.all()]
        _ = [(str(m.owner), str(row.objective.owner.agency)) for m in row.all_milestones]
        _ = row.rag, len(row.done), page.latest_version
    return page


def test_the_plan_page_takes_the_same_queries_whatever_its_size() -> None:
    plan = _plan_with(1)
    with CaptureQueriesContext(connection) as small:
        _read_page(plan)
    plan.objectives.all().delete()
    plan = _plan_with_more(plan, 6)
    with CaptureQueriesContext(connection) as large:
        page = _read_page(plan)
    assert len(large) == len(small)
    # Overdue and due within 90 days are shown; one due in 200 days is not.
    assert [len(row.milestones) for row in page.rows] == [2] * 6
    assert page.overdue_count == 6


def test_overdue_is_said_in_words_and_closed_milestones_are_never_overdue() -> None:
    plan = _plan_with(1)
    late = Milestone.objects.get(title="M 0 -3")
    assert milestone_timing(late, TODAY) == "Overdue by 3 days"
    assert milestone_timing(late, TODAY - datetime.timedelta(days=4)) == "Due in 1 day"
    late.status = MilestoneStatus.DONE
    assert milestone_timing(late, TODAY) == ""
    assert not late.is_overdue(TODAY)
    assert plan.objectives.count() == 1


def _milestone(status: str, days: int) -> Milestone:
    return Milestone(title="M", status=status, due_on=TODAY + datetime.timedelta(days=days))


@pytest.mark.parametrize(
    ("milestones", "off_trajectory", "confidence", "rag"),
    [
        ([], 0, None, Rag.GREEN),
        ([("on_track", 10), ("not_started", 30)], 0, 3, Rag.GREEN),
        ([("off_track", 10)], 0, None, Rag.RED),
        ([("on_track", -1)], 0, 5, Rag.RED),  # overdue
        ([("at_risk", 10), ("not_started", -3)], 0, None, Rag.RED),
        ([("at_risk", 10)], 0, None, Rag.AMBER),
        ([("on_track", 10)], 1, None, Rag.AMBER),
        ([("on_track", 10)], 0, 2, Rag.AMBER),
        ([("on_track", 10)], 0, 1, Rag.AMBER),
        # Closed milestones never count: done late, dropped while off track.
        ([("done", -30), ("dropped", -5)], 0, None, Rag.GREEN),
    ],
)
def test_an_objectives_rating_follows_its_rule(
    milestones: list[tuple[str, int]], off_trajectory: int, confidence: int | None, rag: Rag
) -> None:
    found = objective_rag(
        [_milestone(status, days) for status, days in milestones],
        TODAY,
        measures_off_trajectory=off_trajectory,
        latest_confidence=confidence,
    )
    assert found == rag
    assert found.value in {"Off track", "At risk", "On track"}


def test_the_plan_page_rates_each_objective_and_counts_its_milestones() -> None:
    plan = _plan_with(2)
    Milestone.objects.filter(title="M 0 -3").update(status=MilestoneStatus.DONE)
    rows = {row.objective.title: row for row in plan_page(plan, TODAY).rows}
    # Objective 0's overdue milestone is done; objective 1's is still overdue.
    assert rows["Objective 0"].rag == Rag.GREEN
    assert rows["Objective 1"].rag == Rag.RED
    assert (len(rows["Objective 0"].open), len(rows["Objective 0"].done)) == (2, 1)
    assert len(rows["Objective 1"].overdue) == 1


def test_a_measure_off_trajectory_or_a_low_confidence_check_in_puts_an_objective_at_risk() -> None:
    setting = plan_with_objective()
    Milestone.objects.create(
        objective=setting.objective,
        title="On its way",
        due_on=TODAY + datetime.timedelta(days=30),
        owner=setting.objective.owner,
        status=MilestoneStatus.ON_TRACK,
    )
    [row] = plan_page(setting.plan, TODAY).rows
    assert row.rag == Rag.GREEN
    # Lower is better; the 2026-27 target is 3.8 and the figure is 4.5.
    reading(measure(setting.objective), 4.5, datetime.date(2027, 1, 10))
    [row] = plan_page(setting.plan, TODAY).rows
    assert (row.rag, row.measures_off_trajectory) == (Rag.AMBER, 1)

    setting.objective.measures.all().delete()
    CheckIn.objects.create(
        objective=setting.objective, month=datetime.date(2027, 5, 1), confidence=2, happened="x"
    )
    [row] = plan_page(setting.plan, TODAY).rows
    assert (row.rag, row.latest_confidence) == (Rag.AMBER, 2)
    CheckIn.objects.create(
        objective=setting.objective, month=datetime.date(2027, 6, 1), confidence=4, happened="y"
    )
    [row] = plan_page(setting.plan, TODAY).rows
    assert (row.rag, row.latest_confidence) == (Rag.GREEN, 4)
