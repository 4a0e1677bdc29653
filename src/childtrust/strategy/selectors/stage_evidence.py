"""The evidence the service already holds for each of Kotter's stages, gathered from the other
apps through their selectors (and from the plan's own tables), each piece worked out by a rule
in stage_evidence_rules.py that the page states beside it.

The staff voice's figures (messages' reach, survey scores, feedback answered on time, and the
plan's measures drawn from them) go only to those the staff voice shows them to
(access.can_see_staff_voice_figures): anyone else reads the rule with the words "Shown only
to those who may see staff-voice results" in place of the finding, which is then not worked
out at all."""

from __future__ import annotations

import datetime
from dataclasses import replace

from django.db.models import Count, Q

from childtrust.core.permissions import PermissionHolder
from childtrust.outcomes.indicator_page import partnership_area
from childtrust.outcomes.selectors import partnership_profile
from childtrust.partnership.selectors.framework import (
    agencies_alignment,
    alignment_matrix,
    vision_current,
)
from childtrust.strategy import access
from childtrust.strategy.models import (
    BoardMeeting,
    Decision,
    DecisionStatus,
    KotterStage,
    MeasureSource,
    Milestone,
    MilestoneStatus,
    MilestoneStatusChange,
    PlanVersion,
    StrategicPlan,
)
from childtrust.strategy.selectors import stage_evidence_rules as rules
from childtrust.strategy.selectors.measures import WITHHELD_WORDS, for_viewer, measures_progress
from childtrust.strategy.selectors.plan import Rag, objective_rows
from childtrust.strategy.selectors.stage_evidence_rules import EvidencePiece, StageEvidence
from childtrust.voice.models import SurveyTheme
from childtrust.voice.selectors.feedback import feedback_response_times
from childtrust.voice.selectors.leaders import leaders_recent_messages, leaders_survey_trends
from childtrust.voice.selectors.survey_trends import TrendRound

WORSE_JUDGEMENTS = frozenset({"worse"})


def _urgency() -> EvidencePiece:
    area = partnership_area()
    rows = partnership_profile(area) if area is not None else []
    compared = [row for row in rows if row.comparison.judgement != "not compared"]
    worse = [row.indicator.name for row in compared if row.comparison.judgement in WORSE_JUDGEMENTS]
    return rules.urgency_indicators_worse(worse, len(compared))


def _coalition(today: datetime.date) -> tuple[EvidencePiece, ...]:
    alignment = agencies_alignment()
    committed = [row.agency.name for row in alignment if row.priorities]
    meetings = (
        BoardMeeting.objects.filter(held_on__lte=today)
        .annotate(present_count=Count("present"))
        .order_by("-held_on", "-pk")[: rules.RECENT_MEETINGS]
    )
    attendance = [
        rules.MeetingAttendance(title=m.title, held_on=m.held_on, present=m.present_count)
        for m in meetings
    ]
    return (
        rules.coalition_agencies_committed(committed, len(alignment)),
        rules.coalition_board_attendance(attendance),
    )


def _vision() -> tuple[EvidencePiece, ...]:
    vision = vision_current()
    matrix = alignment_matrix()
    return (
        rules.vision_adoption(
            vision.version if vision else None,
            vision.adopted_on if vision else None,
            vision.adopted_by if vision else "",
        ),
        rules.vision_alignment_gaps([row.priority.title for row in matrix.gaps], len(matrix.rows)),
    )


def _percent_of(round_: TrendRound, theme: str) -> int | None:
    return next((s.agree_percent for s in round_.scores if s.theme == theme), None)


def _round_scores(survey: str, round_: TrendRound) -> rules.SurveyRoundScores:
    return rules.SurveyRoundScores(
        survey=survey,
        round_label=f"round {round_.survey_round.number}",
        closed_on=round_.survey_round.closes_on,
        shown=round_.shown,
        clarity=_percent_of(round_, SurveyTheme.CLARITY) if round_.shown else None,
        involvement=_percent_of(round_, SurveyTheme.INVOLVEMENT) if round_.shown else None,
    )


def _withheld(piece: EvidencePiece) -> EvidencePiece:
    """The piece's rule, with the words saying its finding is not shown in place of it."""
    return replace(piece, finding=f"{WITHHELD_WORDS}.")


def _enlist(today: datetime.date, viewer: PermissionHolder | None) -> tuple[EvidencePiece, ...]:
    reach = (
        _reach()
        if access.can_see_staff_voice_figures(viewer, MeasureSource.MESSAGE_REACH)
        else _withheld(rules.enlist_message_reach([]))
    )
    scores = (
        _survey_scores(today)
        if access.can_see_staff_voice_figures(viewer, MeasureSource.SURVEY_THEME)
        else _withheld(rules.enlist_survey_scores([]))
    )
    return reach, scores


def _reach() -> EvidencePiece:
    messages = [
        rules.MessageReach(title=m.message.title, recipients=m.recipients, understood=m.understood)
        for m in leaders_recent_messages(limit=rules.RECENT_MESSAGES)
    ]
    return rules.enlist_message_reach(messages)


def _survey_scores(today: datetime.date) -> EvidencePiece:
    rounds: list[rules.SurveyRoundScores] = []
    for survey in leaders_survey_trends(today=today):
        closed = survey.trends.rounds
        if not closed:
            continue
        latest = closed[-1]
        rounds.append(_round_scores(survey.survey.title, latest))
        if not latest.shown:
            shown = [r for r in closed if r.shown]
            if shown:
                rounds.append(_round_scores(survey.survey.title, shown[-1]))
    rounds.sort(key=lambda r: r.closed_on, reverse=True)
    return rules.enlist_survey_scores(rounds)


def _barriers(today: datetime.date, viewer: PermissionHolder | None) -> EvidencePiece:
    if not access.can_see_staff_voice_figures(viewer, MeasureSource.FEEDBACK_ON_TIME):
        return _withheld(rules.barriers_feedback(0, 0, 0))
    times = feedback_response_times(today=today)
    return rules.barriers_feedback(
        times.responded, times.within_target, len(times.open_past_target)
    )


def _measures_improving(
    plan: StrategicPlan, today: datetime.date, viewer: PermissionHolder | None
) -> EvidencePiece:
    """Among the measures whose figures the viewer may see (a staff-voice measure's figure
    withheld from them is left out, as not measured, so that the count says nothing of it)."""
    progress = for_viewer(measures_progress(plan, today), viewer)
    measured = [p for p in progress if p.improving is not None]
    improving = [str(p.measure) for p in measured if p.improving]
    return rules.wins_measures_improving(improving, len(measured))


def _wins(
    plan: StrategicPlan, today: datetime.date, viewer: PermissionHolder | None
) -> tuple[EvidencePiece, ...]:
    milestones = Milestone.objects.filter(objective__plan=plan).exclude(
        status=MilestoneStatus.DROPPED
    )
    counts = milestones.aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=MilestoneStatus.DONE))
    )
    return (
        rules.wins_milestones_done(counts["done"], counts["total"]),
        _measures_improving(plan, today, viewer),
    )


def _acceleration(plan: StrategicPlan, today: datetime.date) -> tuple[EvidencePiece, ...]:
    rows = objective_rows(plan, today)
    on_track = sum(row.rag == Rag.GREEN for row in rows)
    window = datetime.timedelta(days=rules.PACE_DAYS)
    done = MilestoneStatusChange.objects.filter(
        milestone__objective__plan=plan, to_status=MilestoneStatus.DONE
    )
    starts = today - window
    last = done.filter(changed_at__date__gt=starts, changed_at__date__lte=today).count()
    before = done.filter(changed_at__date__gt=starts - window, changed_at__date__lte=starts).count()
    return (
        rules.acceleration_objectives_on_track(on_track, len(rows)),
        rules.acceleration_pace(last, before),
    )


def _institute(plan: StrategicPlan, today: datetime.date) -> EvidencePiece:
    repeating = [
        s.survey.title for s in leaders_survey_trends(today=today) if len(s.trends.rounds) > 1
    ]
    return rules.institute_record(
        PlanVersion.objects.filter(plan=plan).count(),
        Decision.objects.filter(status=DecisionStatus.DECIDED).count(),
        repeating,
    )


def stage_evidence(
    plan: StrategicPlan, today: datetime.date, viewer: PermissionHolder | None = None
) -> list[StageEvidence]:
    """For each of the eight stages in order, the evidence the service holds, each piece with
    the rule behind it, as the viewer may see it: the staff voice's figures only for those
    who may see them (with no viewer, for no one)."""
    return [
        StageEvidence(KotterStage.URGENCY, (_urgency(),)),
        StageEvidence(KotterStage.COALITION, _coalition(today)),
        StageEvidence(KotterStage.VISION, _vision()),
        StageEvidence(KotterStage.ENLIST, _enlist(today, viewer)),
        StageEvidence(KotterStage.BARRIERS, (_barriers(today, viewer),)),
        StageEvidence(KotterStage.WINS, _wins(plan, today, viewer)),
        StageEvidence(KotterStage.ACCELERATION, _acceleration(plan, today)),
        StageEvidence(KotterStage.INSTITUTE, (_institute(plan, today),)),
    ]
