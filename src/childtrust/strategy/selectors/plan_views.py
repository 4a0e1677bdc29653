"""The plan seen other ways: by outcome of the framework, by agency, by owner ("my objectives"),
and as CSV rows of its objectives and milestones. Each reads the rated objectives once
(selectors.plan.objective_rows) and groups them, so the query count does not grow with the
plan."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from childtrust.partnership.models import Agency, Outcome, Priority, StaffMember
from childtrust.partnership.selectors.framework import outcomes_framework
from childtrust.partnership.selectors.registry import agencies_by_name
from childtrust.strategy.models import Milestone, MilestoneStatus, StrategicPlan
from childtrust.strategy.selectors.plan import ObjectiveRow, milestone_timing, objective_rows

# --- By outcome ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriorityObjectives:
    priority: Priority
    rows: list[ObjectiveRow]


@dataclass(frozen=True)
class OutcomeObjectives:
    outcome: Outcome
    priorities: list[PriorityObjectives]

    @property
    def objective_count(self) -> int:
        return len({row.objective.pk for group in self.priorities for row in group.rows})


def plan_by_outcome(plan: StrategicPlan, today: datetime.date) -> list[OutcomeObjectives]:
    """Each outcome of the framework with its priorities, and under each priority the plan's
    objectives tied to it (an objective tied to two priorities shows under both)."""
    by_priority: dict[int, list[ObjectiveRow]] = {}
    for row in objective_rows(plan, today):
        for priority in row.objective.priorities.all():
            by_priority.setdefault(priority.pk, []).append(row)
    return [
        OutcomeObjectives(
            outcome,
            [
                PriorityObjectives(priority, by_priority.get(priority.pk, []))
                for priority in outcome.priorities.all()
            ],
        )
        for outcome in outcomes_framework()
    ]


# --- By agency ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyObjective:
    row: ObjectiveRow
    owns: bool  # through the objective's owner, who works for the agency
    contributes: bool  # named among the objective's contributing agencies

    @property
    def how(self) -> str:
        if self.owns and self.contributes:
            return "Owns and contributes"
        return "Owns" if self.owns else "Contributes"


@dataclass(frozen=True)
class AgencyObjectives:
    agency: Agency
    objectives: list[AgencyObjective]


def plan_by_agency(plan: StrategicPlan, today: datetime.date) -> list[AgencyObjectives]:
    """Each agency of the partnership with the objectives it owns (its member of staff is the
    accountable owner) or contributes to; agencies with none are kept, so gaps show."""
    rows = objective_rows(plan, today)
    groups = []
    for agency in agencies_by_name():
        found = []
        for row in rows:
            owns = row.objective.owner.agency_id == agency.pk
            contributes = any(a.pk == agency.pk for a in row.objective.agencies.all())
            if owns or contributes:
                found.append(AgencyObjective(row, owns, contributes))
        groups.append(AgencyObjectives(agency, found))
    return groups


# --- By owner -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MyPlan:
    objectives: list[ObjectiveRow]
    milestones: list[tuple[Milestone, str]]  # milestones they own, with their timing in words


def plan_owned_by(plan: StrategicPlan, staff: StaffMember, today: datetime.date) -> MyPlan:
    """The objectives a person owns and the milestones they own (under any objective)."""
    milestones = (
        Milestone.objects.filter(objective__plan=plan, owner=staff)
        .select_related("objective__owner", "objective__plan", "owner")
        .order_by("due_on", "title")
    )
    return MyPlan(
        objectives=objective_rows(plan, today, owner_id=staff.pk),
        milestones=[(m, milestone_timing(m, today)) for m in milestones],
    )


# --- CSV ----------------------------------------------------------------------------------------

OBJECTIVE_COLUMNS = [
    "Objective",
    "Outcomes",
    "Priorities",
    "Owner",
    "Owner's agency",
    "Contributing agencies",
    "Rating",
    "Milestones open",
    "Milestones overdue",
    "Milestones done",
]
MILESTONE_COLUMNS = [
    "Objective",
    "Milestone",
    "Due date",
    "Owner",
    "Status",
    "Overdue",
    "Reason dropped",
]


def objectives_csv_rows(plan: StrategicPlan, today: datetime.date) -> list[list[object]]:
    """One row an objective, headed, for the objectives download."""
    rows: list[list[object]] = [list(OBJECTIVE_COLUMNS)]
    for row in objective_rows(plan, today):
        objective = row.objective
        priorities = list(objective.priorities.all())
        outcomes = list(dict.fromkeys(str(p.outcome) for p in priorities))
        rows.append(
            [
                objective.title,
                "; ".join(outcomes),
                "; ".join(p.title for p in priorities),
                str(objective.owner),
                str(objective.owner.agency),
                "; ".join(str(a) for a in objective.agencies.all()),
                row.rag.value,
                len(row.open),
                len(row.overdue),
                len(row.done),
            ]
        )
    return rows


def milestones_csv_rows(plan: StrategicPlan, today: datetime.date) -> list[list[object]]:
    """One row a milestone, headed, by objective then due date, for the milestones download."""
    rows: list[list[object]] = [list(MILESTONE_COLUMNS)]
    for row in objective_rows(plan, today):
        for milestone in row.all_milestones:
            rows.append(
                [
                    row.objective.title,
                    milestone.title,
                    milestone.due_on.isoformat(),
                    str(milestone.owner),
                    milestone.get_status_display(),
                    "yes" if milestone.is_overdue(today) else "no",
                    milestone.dropped_reason if milestone.status == MilestoneStatus.DROPPED else "",
                ]
            )
    return rows
