"""Reads of the change programme: the eight stages with their owners and the board's latest
rating, the ratings over the board's meetings, one meeting's ratings and whether its minutes
are approved (which locks them), the change agents and what each owns, and the decision log.

Risks are read through selectors/risks.py and the evidence through selectors/stage_evidence.py;
the names the contract in the helpers' notes gives (risks_open, heat_map, stage_evidence ...) are
re-exported here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet

from childtrust.partnership.models import StaffMember
from childtrust.strategy.models import (
    BoardMeeting,
    ChangeStage,
    Decision,
    KotterStage,
    Milestone,
    Minutes,
    MinutesStatus,
    Objective,
    Risk,
    RiskStatus,
    StageRating,
    StrategicPlan,
)
from childtrust.strategy.selectors.plan import Rag, objective_rows
from childtrust.strategy.selectors.risks import (
    heat_map,
    risks_open,
    risks_past_review,
    risks_top,
)
from childtrust.strategy.selectors.stage_evidence import stage_evidence

__all__ = [
    "RATING_WORDS",
    "heat_map",
    "risks_open",
    "risks_past_review",
    "risks_top",
    "stage_evidence",
]

# What each of the board's ratings of a stage means.
RATING_WORDS = {
    1: "Not started",
    2: "Beginning",
    3: "Progressing",
    4: "Mostly achieved",
    5: "Achieved",
}


def rating_words(rating: int) -> str:
    """ "3, Progressing"."""
    return f"{rating}, {RATING_WORDS[rating]}"


@dataclass(frozen=True)
class StageRow:
    stage: KotterStage
    owner: StaffMember | None
    latest: StageRating | None  # the board's rating at its latest meeting that rated it
    history: tuple[StageRating | None, ...]  # one per meeting of RatingHistory.meetings

    @property
    def label(self) -> str:
        return KotterStage(self.stage).label


@dataclass(frozen=True)
class ChangeProgramme:
    plan: StrategicPlan
    stages: tuple[StageRow, ...]
    meetings: tuple[BoardMeeting, ...]  # those that rated any stage, oldest first


def change_programme(plan: StrategicPlan) -> ChangeProgramme:
    """The eight stages in order, each with its owner, the board's latest rating and its
    ratings at every meeting that rated the stages (three queries)."""
    owners = {
        row.stage: row.owner
        for row in ChangeStage.objects.filter(plan=plan).select_related("owner__agency")
    }
    ratings = list(
        StageRating.objects.select_related("meeting").order_by("meeting__held_on", "meeting_id")
    )
    meetings: dict[int, BoardMeeting] = {}
    by_cell: dict[tuple[int, int], StageRating] = {}
    for rating in ratings:
        meetings.setdefault(rating.meeting_id, rating.meeting)
        by_cell[(rating.stage, rating.meeting_id)] = rating
    rows = []
    for stage in KotterStage:
        history = tuple(by_cell.get((stage.value, pk)) for pk in meetings)
        latest = next((r for r in reversed(history) if r is not None), None)
        rows.append(StageRow(stage, owners.get(stage.value), latest, history))
    return ChangeProgramme(plan=plan, stages=tuple(rows), meetings=tuple(meetings.values()))


def stage_ratings_by_meeting(plan: StrategicPlan) -> ChangeProgramme:
    """The contract's name for the ratings' history: the change programme holds it."""
    return change_programme(plan)


def change_stage_of(plan: StrategicPlan, stage: int) -> ChangeStage | None:
    return ChangeStage.objects.select_related("owner").filter(plan=plan, stage=stage).first()


# --- Ratings at one meeting ---------------------------------------------------------------------


def meeting_with_pk(pk: int) -> BoardMeeting | None:
    return BoardMeeting.objects.filter(pk=pk).first()


def meeting_ratings(meeting: BoardMeeting) -> dict[int, StageRating]:
    """The board's ratings at the meeting, by stage."""
    return {r.stage: r for r in StageRating.objects.filter(meeting=meeting)}


def meeting_minutes_approved(meeting: BoardMeeting) -> bool:
    """Approved minutes lock what the meeting recorded, its stage ratings included."""
    return Minutes.objects.filter(meeting=meeting, status=MinutesStatus.APPROVED).exists()


# --- Change agents ------------------------------------------------------------------------------


@dataclass
class ChangeAgent:
    """A leader and what they own in the plan."""

    person: StaffMember
    stages: list[KotterStage] = field(default_factory=list)
    objectives: list[tuple[Objective, Rag]] = field(default_factory=list)  # with its rating
    milestones: list[Milestone] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)

    @property
    def owns(self) -> int:
        return len(self.stages) + len(self.objectives) + len(self.milestones) + len(self.risks)


def change_agents(plan: StrategicPlan, today: datetime.date) -> list[ChangeAgent]:
    """Each person who owns a stage, an objective (with its rating, as the plan page gives it),
    a milestone or an open risk, with what they own, by family name (a fixed number of queries
    whatever the number of people)."""
    agents: dict[int, ChangeAgent] = {}

    def agent(person: StaffMember) -> ChangeAgent:
        return agents.setdefault(person.pk, ChangeAgent(person=person))

    for stage in ChangeStage.objects.filter(plan=plan, owner__isnull=False).select_related(
        "owner__agency"
    ):
        assert stage.owner is not None  # filtered above
        agent(stage.owner).stages.append(KotterStage(stage.stage))
    for row in objective_rows(plan, today):
        agent(row.objective.owner).objectives.append((row.objective, row.rag))
    milestones = (
        Milestone.objects.filter(objective__plan=plan)
        .select_related("owner__agency", "objective")
        .order_by("due_on", "title")
    )
    for milestone in milestones:
        agent(milestone.owner).milestones.append(milestone)
    for risk in Risk.objects.filter(status=RiskStatus.OPEN).select_related("owner__agency"):
        agent(risk.owner).risks.append(risk)
    return sorted(
        agents.values(), key=lambda a: (a.person.family_name, a.person.given_name, a.person.pk)
    )


# --- The decision log ---------------------------------------------------------------------------


def decisions_all() -> QuerySet[Decision]:
    """Every decision, newest first, with its appraisal and meeting."""
    return Decision.objects.select_related("appraisal", "meeting").order_by("-decided_on", "-pk")


def decision_with_pk(pk: int) -> Decision | None:
    return decisions_all().filter(pk=pk).first()


def meetings_for_choice() -> QuerySet[BoardMeeting]:
    """The board's meetings, newest first, for a decision's "taken at" choice."""
    return BoardMeeting.objects.order_by("-held_on", "-pk")
