"""Reads of the strategic plan: the plan in force, and the plan page's data (objectives with
their owners, priorities and agencies, their milestones due soon and those overdue) in a fixed
number of queries whatever the plan's size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from childtrust.strategy.models import (
    CLOSED_STATUSES,
    Milestone,
    MilestoneStatusChange,
    Objective,
    StrategicPlan,
)

# The plan page shows the milestones due within this many days.
DUE_SOON_DAYS = 90


def plan_current() -> StrategicPlan | None:
    """The plan in force: the one whose period starts latest."""
    return StrategicPlan.objects.order_by("-start_year", "-pk").first()


def milestone_timing(milestone: Milestone, today: datetime.date) -> str:
    """How a milestone stands against its due date, in words, so that overdue never rests on
    colour alone."""
    if milestone.status in CLOSED_STATUSES:
        return ""
    days = (milestone.due_on - today).days
    if days < 0:
        return f"Overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "Due today"
    return f"Due in {days} day{'s' if days != 1 else ''}"


@dataclass(frozen=True)
class ObjectiveRow:
    objective: Objective
    milestones: list[Milestone]  # open ones due within DUE_SOON_DAYS or overdue


@dataclass(frozen=True)
class PlanPage:
    plan: StrategicPlan
    rows: list[ObjectiveRow]
    today: datetime.date

    @property
    def overdue_count(self) -> int:
        return sum(m.is_overdue(self.today) for row in self.rows for m in row.milestones)


def plan_page(plan: StrategicPlan, today: datetime.date) -> PlanPage:
    """The plan on one page: five queries whatever the number of objectives and milestones (the
    objectives with their owners, their priorities, those priorities' outcomes, the agencies,
    and the open milestones due within DUE_SOON_DAYS or overdue)."""
    soon = Milestone.objects.filter(
        due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
    ).exclude(status__in=CLOSED_STATUSES)
    objectives = (
        plan.objectives.select_related("owner__agency")
        .prefetch_related(
            "priorities__outcome",
            "agencies",
            Prefetch("milestones", queryset=soon.select_related("owner"), to_attr="now"),
        )
        .order_by("position", "title")
    )
    rows = [ObjectiveRow(objective, list(objective.now)) for objective in objectives]
    return PlanPage(plan=plan, rows=rows, today=today)


def objective_with_milestones(pk: int) -> Objective | None:
    """One objective with its plan, owner, priorities, agencies, and every milestone with its
    owner and history (newest change first), in a fixed number of queries."""
    history = MilestoneStatusChange.objects.select_related("changed_by").order_by(
        "-changed_at", "-pk"
    )
    milestones = Milestone.objects.select_related("owner").prefetch_related(
        Prefetch("status_changes", queryset=history)
    )
    return (
        Objective.objects.select_related("plan", "owner__agency")
        .prefetch_related(
            "priorities__outcome", "agencies", Prefetch("milestones", queryset=milestones)
        )
        .filter(Q(pk=pk))
        .first()
    )
