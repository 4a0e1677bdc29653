"""Reads of the change programme: the register's order, the heat map's counts and bands, risks
past review, the ratings' history, the change agents, and the evidence gathered from the data
held (each with data that makes it say something different)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.strategy.models import (
    ChangeStage,
    KotterStage,
    Milestone,
    MilestoneStatus,
    MilestoneStatusChange,
    Objective,
    StageRating,
)
from childtrust.strategy.selectors import change as selectors
from childtrust.strategy.selectors import risks as risk_selectors
from childtrust.strategy.selectors.plan import Rag
from childtrust.strategy.selectors.stage_evidence import stage_evidence
from childtrust.strategy.wording import day_words
from tests.factories import (
    AgencyFactory,
    AnsweredFeedbackFactory,
    CommitmentFactory,
    PriorityFactory,
    StaffMemberFactory,
    UserFactory,
    VisionStatementFactory,
)
from tests.strategy.factories_change import (
    ClosedRiskFactory,
    DecidedDecisionFactory,
    DecisionFactory,
    MeetingFactory,
    PlanFactory,
    RiskFactory,
    days_from_today,
    rate_every_stage,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_open_risks_by_residual_score_and_closed_ones_apart() -> None:
    low = RiskFactory(residual_likelihood=1, residual_impact=2)
    high = RiskFactory(residual_likelihood=4, residual_impact=4)
    ClosedRiskFactory(residual_likelihood=4, residual_impact=4, reference="R99")

    assert risk_selectors.risks_open() == [high, low]
    assert risk_selectors.risks_top(1) == [high]
    assert [r.reference for r in risk_selectors.risks_closed()] == ["R99"]


def test_risks_past_review_and_the_words_for_it() -> None:
    late = RiskFactory(review_on=days_from_today(-3))
    RiskFactory(review_on=TODAY)
    ClosedRiskFactory(review_on=days_from_today(-30))

    assert risk_selectors.risks_past_review(TODAY) == [late]
    assert risk_selectors.review_timing(late, TODAY) == "Review overdue by 3 days"
    assert risk_selectors.review_timing(late, days_from_today(-2)) == "Review overdue by 1 day"
    assert risk_selectors.review_timing(late, days_from_today(-3)) == ""


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1, "low"),
        (4, "low"),
        (5, "medium"),
        (9, "medium"),
        (10, "high"),
        (14, "high"),
        (15, "very high"),
        (25, "very high"),
    ],
)
def test_bands(score: int, band: str) -> None:
    assert risk_selectors.risk_band(score) == band


def test_heat_map_counts_residual_by_default_or_inherent() -> None:
    risks = [
        RiskFactory(
            inherent_likelihood=5, inherent_impact=5, residual_likelihood=3, residual_impact=4
        ),
        RiskFactory(
            inherent_likelihood=5, inherent_impact=4, residual_likelihood=3, residual_impact=4
        ),
    ]

    residual = risk_selectors.heat_map(risks)
    inherent = risk_selectors.heat_map(risks, residual=False)

    assert [row.likelihood for row in residual.rows] == [5, 4, 3, 2, 1]
    assert [cell.impact for cell in residual.rows[0].cells] == [1, 2, 3, 4, 5]
    cell = residual.rows[2].cells[3]  # likelihood 3, impact 4
    assert (cell.count, cell.words) == (2, "2 risks, high")
    assert residual.total == inherent.total == 2
    assert inherent.rows[0].cells[4].words == "1 risk, very high"
    assert inherent.rows[0].cells[3].words == "1 risk, very high"
    assert inherent.rows[2].cells[3].count == 0
    assert residual.rows[4].cells[0].words == "0 risks, low"


def test_change_programme_has_eight_stages_with_owners_latest_ratings_and_history() -> None:
    plan = PlanFactory()
    owner = StaffMemberFactory()
    ChangeStage.objects.create(plan=plan, stage=KotterStage.VISION, owner=owner)
    earlier = MeetingFactory(held_on=days_from_today(-90))
    later = MeetingFactory(held_on=days_from_today(-10))
    rate_every_stage(earlier, rating=1)
    StageRating.objects.create(meeting=later, stage=KotterStage.VISION, rating=3, evidence="E")

    programme = selectors.change_programme(plan)

    assert [row.stage for row in programme.stages] == list(KotterStage)
    vision = programme.stages[2]
    assert vision.owner == owner
    assert vision.latest is not None
    assert vision.latest.rating == 3
    assert [r.rating if r else None for r in vision.history] == [1, 3]
    urgency = programme.stages[0]
    assert urgency.latest is not None
    assert urgency.latest.meeting == earlier
    assert [r.rating if r else None for r in urgency.history] == [1, None]
    assert programme.meetings == (earlier, later)


def test_change_agents_group_what_each_leader_owns() -> None:
    plan = PlanFactory()
    lead, other = StaffMemberFactory(family_name="Adams"), StaffMemberFactory(family_name="Zed")
    ChangeStage.objects.create(plan=plan, stage=KotterStage.URGENCY, owner=lead)
    objective = Objective.objects.create(plan=plan, title="Teeth", owner=lead)
    Milestone.objects.create(objective=objective, title="Clubs", due_on=TODAY, owner=other)
    RiskFactory(owner=other)
    ClosedRiskFactory(owner=lead)

    agents = selectors.change_agents(plan, TODAY)

    assert [a.person for a in agents] == [lead, other]
    assert (agents[0].stages, agents[0].objectives, agents[0].risks) == (
        [KotterStage.URGENCY],
        [(objective, Rag.GREEN)],
        [],
    )
    assert (len(agents[1].milestones), len(agents[1].risks)) == (1, 1)


def _finding(plan: object, stage: KotterStage, index: int = 0) -> str:
    evidence = stage_evidence(plan, TODAY)  # type: ignore[arg-type]
    return next(e for e in evidence if e.stage == stage).pieces[index].finding


def test_evidence_from_an_empty_partnership_says_nothing_is_held_yet() -> None:
    plan = PlanFactory()

    evidence = stage_evidence(plan, TODAY)

    assert [e.stage for e in evidence] == list(KotterStage)
    assert all(piece.rule for e in evidence for piece in e.pieces)
    assert _finding(plan, KotterStage.URGENCY) == (
        "No indicators have been compared with England yet."
    )
    assert _finding(plan, KotterStage.COALITION, 1) == "The board has not met yet."
    assert _finding(plan, KotterStage.VISION).startswith("The partnership has not adopted")
    assert _finding(plan, KotterStage.WINS) == "The plan has no milestones yet."


def test_evidence_follows_the_data_held() -> None:
    plan = PlanFactory()
    VisionStatementFactory(version=3, adopted_on=datetime.date(2026, 5, 1), adopted_by="the board")
    council, police = AgencyFactory(name="Council"), AgencyFactory(name="Police")
    CommitmentFactory(agency=council, priority=PriorityFactory(title="Attendance"))
    PriorityFactory(title="Oral health")
    meeting = MeetingFactory(held_on=days_from_today(-5))
    meeting.present.set([StaffMemberFactory(agency=council), StaffMemberFactory(agency=police)])
    owner = StaffMemberFactory(agency=council)
    on_track = Objective.objects.create(plan=plan, title="On track", owner=owner)
    troubled = Objective.objects.create(plan=plan, title="Troubled", owner=owner)
    done = Milestone.objects.create(
        objective=on_track, title="Done", due_on=TODAY, owner=owner, status=MilestoneStatus.DONE
    )
    MilestoneStatusChange.objects.create(
        milestone=done, from_status=MilestoneStatus.ON_TRACK, to_status=MilestoneStatus.DONE
    )
    Milestone.objects.create(
        objective=troubled, title="Late", due_on=days_from_today(-1), owner=owner
    )
    Milestone.objects.create(
        objective=troubled,
        title="Dropped",
        due_on=TODAY,
        owner=owner,
        status=MilestoneStatus.DROPPED,
        dropped_reason="No longer needed",
    )
    DecidedDecisionFactory()
    DecisionFactory()

    assert _finding(plan, KotterStage.COALITION) == (
        "1 of 2 agencies (50%) has committed to the outcomes framework."
    )
    assert _finding(plan, KotterStage.COALITION, 1) == (
        f"Present at the board: 2 members on {day_words(meeting.held_on)}."
    )
    assert _finding(plan, KotterStage.VISION) == (
        "Version 3 of the vision was adopted on 1 May 2026 by the board."
    )
    assert _finding(plan, KotterStage.VISION, 1) == (
        "1 of 2 priorities has no agency committed: Oral health."
    )
    assert _finding(plan, KotterStage.WINS) == "1 of 2 milestones (50%) is done."
    assert _finding(plan, KotterStage.ACCELERATION) == "1 of 2 objectives is on track."
    assert _finding(plan, KotterStage.ACCELERATION, 1).startswith(
        "1 milestone done in the last 90 days, against 0"
    )
    assert _finding(plan, KotterStage.INSTITUTE).startswith(
        "0 versions of the plan adopted; 1 decision recorded as decided"
    )


def test_the_staff_voice_evidence_goes_only_to_those_who_may_see_it() -> None:
    plan = PlanFactory()
    AnsweredFeedbackFactory.create_batch(2)
    lead = UserFactory(username="evidence-lead", role=Role.STRATEGIC_LEAD)
    practitioner = UserFactory(username="evidence-practitioner", role=Role.PRACTITIONER)

    def findings(viewer: User | None) -> list[str]:
        evidence = stage_evidence(plan, TODAY, viewer)
        chosen = [e for e in evidence if e.stage in {KotterStage.ENLIST, KotterStage.BARRIERS}]
        return [piece.finding for e in chosen for piece in e.pieces]

    withheld = ["Shown only to those who may see staff-voice results."] * 3
    assert findings(lead) == [
        "No message has been cascaded to staff yet.",
        "No staff survey round has closed yet.",
        "2 of 2 pieces of feedback answered (100%) were answered on time; 0 pieces of open "
        "feedback are past their target date.",
    ]
    assert findings(practitioner) == withheld
    assert findings(None) == withheld
