"""Reads of the strategic plan: the plan in force, each objective's rating in words (RAG), and
the plan page's data (objectives with their owners, priorities and agencies, every milestone,
the adopted versions) in a fixed number of queries whatever the plan's size. The views by
outcome, by agency and by owner, and the CSV downloads, are in selectors/plan_views.py."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import Prefetch, Q, QuerySet
from django.utils.formats import date_format

from childtrust.strategy.models import (
    CLOSED_STATUSES,
    Milestone,
    MilestoneStatus,
    MilestoneStatusChange,
    Objective,
    PlanVersion,
    StrategicPlan,
)
from childtrust.strategy.selectors.measures import (
    MeasureProgress,
    latest_check_ins,
    measures_off_trajectory,
)
from childtrust.strategy.wording import due_words

# The plan page shows the milestones due within this many days.
DUE_SOON_DAYS = 90


def plan_current() -> StrategicPlan | None:
    """The plan in force: the one whose period starts latest."""
    return StrategicPlan.objects.order_by("-start_year", "-pk").first()


def plan_with_pk(pk: int) -> StrategicPlan | None:
    return StrategicPlan.objects.filter(pk=pk).first()


def plan_versions(plan: StrategicPlan) -> list[PlanVersion]:
    """The plan's adopted versions, newest first, with who recorded them."""
    return list(plan.versions.select_related("recorded_by").order_by("-version"))


def plan_version(plan: StrategicPlan, number: int) -> PlanVersion | None:
    return plan.versions.select_related("recorded_by").filter(version=number).first()


def due_date_problem(plan: StrategicPlan, due_on: datetime.date) -> str:
    """Why a milestone cannot be due on this date ("" when it can): it must fall within the
    plan's period, so that every milestone is part of the plan it belongs to."""
    if plan.starts_on <= due_on <= plan.ends_on:
        return ""
    return (
        f"The due date must be within the plan's period, {date_format(plan.starts_on, 'j F Y')} "
        f"to {date_format(plan.ends_on, 'j F Y')}"
    )


def milestone_timing(milestone: Milestone, today: datetime.date) -> str:
    """How a milestone stands against its due date, in words, so that overdue never rests on
    colour alone; nothing for one done or dropped."""
    if milestone.status in CLOSED_STATUSES:
        return ""
    return due_words(milestone.due_on, today)


# --- The objective's rating ---------------------------------------------------------------------


class Rag(StrEnum):
    """An objective's rating, always shown in these words (never by colour alone)."""

    RED = "Off track"
    AMBER = "At risk"
    GREEN = "On track"

    @property
    def colour(self) -> str:
        """The GOV.UK tag's colour, beside the words."""
        return {"Off track": "red", "At risk": "yellow", "On track": "green"}[self.value]


# Said on the pages beside the ratings, so that no one has to guess how they are worked out.
RAG_RULE = (
    "“Off track” if any open milestone is off track or overdue. “At risk” if any open milestone "
    "is at risk, any measure is off trajectory, or the owner's latest check-in gave a "
    "confidence of 1 or 2 out of 5. “On track” otherwise. A milestone is open until it is done "
    "or dropped."
)


def objective_rag(
    milestones: Iterable[Milestone],
    today: datetime.date,
    *,
    measures_off_trajectory: int = 0,
    latest_confidence: int | None = None,
) -> Rag:
    """An objective's rating from plain facts, so that each part of the plan can feed it.

    - Off track (red): any open milestone (neither done nor dropped) is off track, or overdue
      (due before today);
    - At risk (amber): otherwise, any open milestone is at risk, or any of the objective's
      measures is off trajectory, or the latest check-in's confidence is 1 or 2 (of 5);
    - On track (green): otherwise.

    Closed milestones never count: a dropped one is a decision, a done one is done."""
    open_ones = [m for m in milestones if m.status not in CLOSED_STATUSES]
    if any(m.status == MilestoneStatus.OFF_TRACK or m.is_overdue(today) for m in open_ones):
        return Rag.RED
    if (
        any(m.status == MilestoneStatus.AT_RISK for m in open_ones)
        or measures_off_trajectory > 0
        or (latest_confidence is not None and latest_confidence <= 2)
    ):
        return Rag.AMBER
    return Rag.GREEN


def measure_facts(
    plan: StrategicPlan,
    today: datetime.date,
    off_trajectory_measures: list[MeasureProgress] | None = None,
) -> tuple[dict[int, int], dict[int, int]]:
    """What the measures and check-ins add to each objective's rating, from their selectors
    (selectors/measures.py) in a fixed number of queries: {objective id: measures off
    trajectory} and {objective id: the latest check-in's confidence}. A caller that already
    holds the measures off trajectory passes them, so they are not worked out twice."""
    if off_trajectory_measures is None:
        off_trajectory_measures = measures_off_trajectory(plan, today)
    off_trajectory: dict[int, int] = {}
    for progress in off_trajectory_measures:
        objective_id = progress.measure.objective_id
        off_trajectory[objective_id] = off_trajectory.get(objective_id, 0) + 1
    confidence = {
        objective_id: check_in.confidence
        for objective_id, check_in in latest_check_ins(plan).items()
    }
    return off_trajectory, confidence


# --- The plan page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ObjectiveRow:
    """An objective with every milestone (by due date) and how it stands on `today`."""

    objective: Objective
    all_milestones: list[Milestone]
    today: datetime.date
    rag: Rag
    measures_off_trajectory: int = 0
    latest_confidence: int | None = None
    milestones: list[Milestone] = field(init=False)  # open ones due within 90 days or overdue

    def __post_init__(self) -> None:
        soon = self.today + datetime.timedelta(days=DUE_SOON_DAYS)
        due = [m for m in self.open if m.due_on <= soon]
        object.__setattr__(self, "milestones", due)

    @property
    def milestones_with_timing(self) -> list[tuple[Milestone, str]]:
        """The milestones due soon or overdue, each with its timing in words."""
        return [(m, milestone_timing(m, self.today)) for m in self.milestones]

    @property
    def open(self) -> list[Milestone]:
        return [m for m in self.all_milestones if m.status not in CLOSED_STATUSES]

    @property
    def overdue(self) -> list[Milestone]:
        return [m for m in self.all_milestones if m.is_overdue(self.today)]

    @property
    def done(self) -> list[Milestone]:
        return [m for m in self.all_milestones if m.status == MilestoneStatus.DONE]


@dataclass(frozen=True)
class PlanPage:
    plan: StrategicPlan
    rows: list[ObjectiveRow]
    today: datetime.date
    versions: list[PlanVersion] = field(default_factory=list)
    measures_off_trajectory: list[MeasureProgress] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(len(row.overdue) for row in self.rows)

    @property
    def latest_version(self) -> PlanVersion | None:
        return self.versions[0] if self.versions else None

    def rag_count(self, rag: Rag) -> int:
        return sum(row.rag == rag for row in self.rows)

    @property
    def rag_counts(self) -> list[tuple[Rag, int]]:
        return [(rag, self.rag_count(rag)) for rag in Rag]


def objective_rows(
    plan: StrategicPlan,
    today: datetime.date,
    *,
    owner_id: int | None = None,
    off_trajectory_measures: list[MeasureProgress] | None = None,
) -> list[ObjectiveRow]:
    """The plan's objectives (or only those `owner_id` owns) with their owners and agencies,
    priorities with their outcomes, contributing agencies and every milestone with its owner,
    rated: five queries, plus the measures' and check-ins', whatever the number of objectives."""
    objectives = plan.objectives.select_related("owner__agency")
    if owner_id is not None:
        objectives = objectives.filter(owner_id=owner_id)
    objectives = objectives.prefetch_related(
        "priorities__outcome",
        "agencies",
        Prefetch(
            "milestones",
            queryset=Milestone.objects.select_related("owner").order_by("due_on", "title"),
            to_attr="every_milestone",
        ),
    ).order_by("position", "title")
    off_trajectory, confidence = measure_facts(plan, today, off_trajectory_measures)
    rows = []
    for objective in objectives:
        milestones = list(objective.every_milestone)
        off, latest = off_trajectory.get(objective.pk, 0), confidence.get(objective.pk)
        rag = objective_rag(
            milestones, today, measures_off_trajectory=off, latest_confidence=latest
        )
        rows.append(ObjectiveRow(objective, milestones, today, rag, off, latest))
    return rows


def plan_page(plan: StrategicPlan, today: datetime.date) -> PlanPage:
    """The plan on one page in a fixed number of queries whatever the number of objectives and
    milestones: the objectives with their owners, their priorities, those priorities' outcomes,
    the agencies, the milestones, the adopted versions, and what the measures and check-ins
    add to the ratings."""
    # Worked out once: both the ratings and the page's list of them need the measures.
    off_trajectory = measures_off_trajectory(plan, today)
    return PlanPage(
        plan=plan,
        rows=objective_rows(plan, today, off_trajectory_measures=off_trajectory),
        today=today,
        versions=plan_versions(plan),
        measures_off_trajectory=off_trajectory,
    )


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


def objective_rating(objective: Objective, today: datetime.date) -> ObjectiveRow:
    """One objective's rating, from an objective read by objective_with_milestones."""
    milestones = list(objective.milestones.all())
    off_trajectory, confidence = measure_facts(objective.plan, today)
    off, latest = off_trajectory.get(objective.pk, 0), confidence.get(objective.pk)
    rag = objective_rag(milestones, today, measures_off_trajectory=off, latest_confidence=latest)
    return ObjectiveRow(objective, milestones, today, rag, off, latest)


def objective_for_edit(pk: int) -> Objective | None:
    """An objective with its plan, priorities and agencies, for its form."""
    return (
        Objective.objects.select_related("plan", "owner")
        .prefetch_related("priorities", "agencies")
        .filter(pk=pk)
        .first()
    )


def milestone_with_objective(pk: int) -> Milestone | None:
    return (
        Milestone.objects.select_related("objective__plan", "objective__owner", "owner")
        .filter(pk=pk)
        .first()
    )


def milestones_of(
    plan: StrategicPlan,
    today: datetime.date,
    *,
    status: str | None = None,
    overdue: bool | None = None,
) -> QuerySet[Milestone]:
    """The plan's milestones by due date, with their objectives and owners; `status` keeps one
    status, `overdue` those overdue on `today` (True) or not (False)."""
    found = Milestone.objects.filter(objective__plan=plan).select_related(
        "objective", "owner__agency"
    )
    if status:
        found = found.filter(status=status)
    late = Q(due_on__lt=today) & ~Q(status__in=CLOSED_STATUSES)
    if overdue is True:
        found = found.filter(late)
    elif overdue is False:
        found = found.exclude(late)
    return found.order_by("due_on", "title", "pk")
