"""What the board pack says, gathered from live data: each section is a function returning plain
data (words, dates and figures with their units), so that the printable page, the PDF and the
tests all read the same. The sections are read through each app's selectors: the plan's, the
measures', the change programme's and the board's (this app), the outcome profile's, the pooled
budget's and the staff voice's.

`pack_gather` gathers them in order, saying before each which one it is on, so that a pack made
in the background can show its progress ("Section 4 of 10: the pooled budget")."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

from childtrust.core.money import pounds
from childtrust.core.permissions import PermissionHolder
from childtrust.outcomes.profiles import judgement_words, profile_area
from childtrust.outcomes.selectors import partnership_profile
from childtrust.resources.selectors.budget import financial_years, year_overview
from childtrust.strategy.board_pack.measures import MeasuresSection, measures_section
from childtrust.strategy.models import BoardMeeting, KotterStage, StrategicPlan
from childtrust.strategy.selectors import plan as plan_selectors
from childtrust.strategy.selectors.board import action_timing, actions_open
from childtrust.strategy.selectors.change import meeting_ratings, rating_words
from childtrust.strategy.selectors.risks import (
    HeatMap,
    heat_map,
    review_timing,
    risk_band,
    risks_open,
)
from childtrust.voice.selectors.feedback import feedback_response_times
from childtrust.voice.selectors.leaders import leaders_recent_messages, leaders_survey_trends

#: The pack's top risks: as many as the board can discuss in one item.
TOP_RISKS = 5
#: The outcomes framework's judgements that count as worse than England.
WORSE = ("worse", "worst")
WORKFORCE_WORDS = (
    "Workforce figures will appear here once the workforce part of childtrust is in use."
)


@dataclass(frozen=True)
class PackContext:
    meeting: BoardMeeting
    plan: StrategicPlan | None
    today: datetime.date
    #: Whose view of the pooled budget the pack shows (the board's papers show every partner's:
    #: see strategy.access.board_pack_reader).
    reader: PermissionHolder | None


def _day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}%"


# --- 1. The plan's progress ---------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneLine:
    title: str
    due_on: datetime.date
    timing: str  # "Overdue by 3 days", "Due in 20 days"
    status: str
    owner: str


@dataclass(frozen=True)
class ObjectiveLine:
    title: str
    owner: str
    rag: str  # in words: "Off track", "At risk", "On track"
    overdue: int
    milestones: list[MilestoneLine]  # open ones overdue or due within DUE_SOON_DAYS


@dataclass(frozen=True)
class PlanProgress:
    title: str
    period: str
    objectives: list[ObjectiveLine]
    rag_counts: list[tuple[str, int]]
    overdue: int
    rule: str
    due_soon_days: int


def plan_progress(context: PackContext) -> PlanProgress | None:
    """Each objective's rating in words, with its milestones overdue or due in the next 90 days
    (the plan page's own read, so the pack and the page agree)."""
    if context.plan is None:
        return None
    page = plan_selectors.plan_page(context.plan, context.today)
    objectives = [
        ObjectiveLine(
            title=row.objective.title,
            owner=str(row.objective.owner),
            rag=str(row.rag),
            overdue=len(row.overdue),
            milestones=[
                MilestoneLine(
                    title=m.title,
                    due_on=m.due_on,
                    timing=plan_selectors.milestone_timing(m, context.today),
                    status=m.get_status_display(),
                    owner=str(m.owner),
                )
                for m in row.milestones
            ],
        )
        for row in page.rows
    ]
    return PlanProgress(
        title=context.plan.title,
        period=context.plan.period_label,
        objectives=objectives,
        rag_counts=[(str(rag), count) for rag, count in page.rag_counts],
        overdue=page.overdue_count,
        rule=plan_selectors.RAG_RULE,
        due_soon_days=plan_selectors.DUE_SOON_DAYS,
    )


# --- 3. The outcome profile's headline ----------------------------------------------------------


@dataclass(frozen=True)
class IndicatorLine:
    name: str
    period: str
    value: str  # with its unit
    england: str
    judgement: str


@dataclass(frozen=True)
class OutcomesHeadline:
    area: str
    held: int
    worse: list[IndicatorLine]


def _unit(multiplier: int) -> str:
    return "%" if multiplier == 100 else f" per {multiplier:,}"


def _figure(value: float | None, multiplier: int) -> str:
    return "no value" if value is None else f"{value:,.1f}{_unit(multiplier)}"


def outcomes_headline(context: PackContext) -> OutcomesHeadline | None:
    """The partnership's indicators whose latest value is worse than England's (at 95% or
    99.8% confidence, as the profile judges them): four queries."""
    del context  # the profile is the partnership's own area, whatever the meeting
    area = profile_area(None)
    if area is None:
        return None
    rows = partnership_profile(area)
    worse = [
        IndicatorLine(
            name=row.indicator.name,
            period=row.comparison.period,
            value=_figure(row.comparison.value, row.indicator.multiplier),
            england=_figure(row.england_value, row.indicator.multiplier),
            judgement=judgement_words(row.comparison.judgement, "England"),
        )
        for row in rows
        if row.comparison.judgement in WORSE
    ]
    return OutcomesHeadline(area=area.name, held=len(rows), worse=worse)


# --- 4. The pooled budget -----------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetFlag:
    service: str
    agency: str
    budget: str
    forecast: str
    variance: str


@dataclass(frozen=True)
class BudgetSection:
    year: str
    sees_all: bool
    budget: str
    spent: str
    forecast: str
    variance: str
    variance_percent: str
    contributed: str
    unfunded: str
    overspending: list[BudgetFlag]
    underspending: list[BudgetFlag]
    below_minimum: list[BudgetFlag]  # here `variance` is the shortfall against the minimum


def _flag(figures: Any, variance: Any) -> BudgetFlag:
    line = figures.line
    return BudgetFlag(
        service=line.service.name,
        agency=line.service.agency.short_name or line.service.agency.name,
        budget=pounds(figures.budget),
        forecast=pounds(figures.forecast),
        variance=pounds(variance),
    )


def budget_section(context: PackContext) -> BudgetSection | None:
    """The current financial year's forecast outturn against the budget, and its flags: lines
    heading for overspend, underspending, and below their statutory minimum (the budget page's
    own figures)."""
    year = financial_years().filter(starts_on__lte=context.today).first()
    if year is None:
        return None
    overview = year_overview(context.reader, year)
    percent = overview.variance_percent
    return BudgetSection(
        year=year.label,
        sees_all=overview.sees_all,
        budget=pounds(overview.budget),
        spent=pounds(overview.spent),
        forecast=pounds(overview.forecast),
        variance=pounds(overview.variance),
        variance_percent="" if percent is None else f"{percent:.1f}%",
        contributed=pounds(overview.contributed),
        unfunded=pounds(overview.unfunded),
        overspending=[_flag(f, f.variance) for f in overview.heading_for_overspend],
        underspending=[_flag(f, f.variance) for f in overview.underspending],
        below_minimum=[_flag(f, f.statutory_shortfall) for f in overview.below_statutory_minimum],
    )


# --- 5. Staff voice -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MessageLine:
    title: str
    published_on: datetime.date | None
    recipients: int
    reached: str
    understood: str


@dataclass(frozen=True)
class SurveyLine:
    title: str
    readiness: str
    sentences: list[str]


@dataclass(frozen=True)
class VoiceSection:
    messages: list[MessageLine]
    surveys: list[SurveyLine]
    responded: int
    within_target: str
    median_working_days: str
    open_count: int
    past_target: int
    longest_over: int  # working days past target of the longest overdue


def voice_section(context: PackContext) -> VoiceSection:
    """The latest messages' reach, each survey's trend and readiness, and feedback answered on
    time and past its target (the leaders' page's own reads). Counts only: no feedback's words
    or who raised it."""
    messages = [
        MessageLine(
            title=m.message.title,
            published_on=timezone.localdate(m.message.published_at)
            if m.message.published_at
            else None,
            recipients=m.recipients,
            reached=_percent(m.reached_percent),
            understood=_percent(m.understood_percent),
        )
        for m in leaders_recent_messages()
    ]
    surveys = []
    for survey in leaders_survey_trends(today=context.today):
        readiness = survey.trends.readiness
        surveys.append(
            SurveyLine(
                title=survey.survey.title,
                readiness=(
                    f"{readiness.rating} (round {readiness.survey_round.number}): "
                    f"{readiness.summary} {readiness.change}".strip()
                    if readiness
                    else "No round has enough responses to show yet."
                ),
                sentences=[theme.sentence for theme in survey.trends.themes],
            )
        )
    times = feedback_response_times(today=context.today)
    median = times.median_working_days
    return VoiceSection(
        messages=messages,
        surveys=surveys,
        responded=times.responded,
        within_target=_percent(times.share_within_target),
        median_working_days="" if median is None else f"{median:g}",
        open_count=times.open_count,
        past_target=len(times.open_past_target),
        longest_over=max((due.working_days_over for due in times.open_past_target), default=0),
    )


# --- 6. Workforce -------------------------------------------------------------------------------


def workforce_section(context: PackContext) -> str:
    """Issue 13 brings the workforce: until then the section says so."""
    del context
    return WORKFORCE_WORDS


# --- 7. The change programme --------------------------------------------------------------------


@dataclass(frozen=True)
class StageLine:
    number: int
    stage: str
    rating: str  # "3, Progressing"
    evidence: str


def change_section(context: PackContext) -> list[StageLine]:
    """The board's ratings of Kotter's eight stages at this meeting, if it rated them."""
    ratings = meeting_ratings(context.meeting)
    return [
        StageLine(
            number=stage.value,
            stage=stage.label,
            rating=rating_words(ratings[stage.value].rating),
            evidence=ratings[stage.value].evidence,
        )
        for stage in KotterStage
        if stage.value in ratings
    ]


# --- 8. The top risks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskLine:
    reference: str
    title: str
    owner: str
    likelihood: int
    impact: int
    score: int
    band: str
    review: str  # "Review overdue by 3 days", or the review date


@dataclass(frozen=True)
class RisksSection:
    open_count: int
    top: list[RiskLine]
    heat_map: HeatMap


def risks_section(context: PackContext) -> RisksSection:
    """The open risks with the highest residual scores, and the heat map of every open risk
    after controls (counts in a table)."""
    risks = risks_open()
    top = [
        RiskLine(
            reference=risk.reference,
            title=risk.title,
            owner=str(risk.owner),
            likelihood=risk.residual_likelihood,
            impact=risk.residual_impact,
            score=risk.residual_likelihood * risk.residual_impact,
            band=risk_band(risk.residual_likelihood * risk.residual_impact),
            review=review_timing(risk, context.today) or f"Review by {_day(risk.review_on)}",
        )
        for risk in risks[:TOP_RISKS]
    ]
    return RisksSection(open_count=len(risks), top=top, heat_map=heat_map(risks))


# --- 9. Open actions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionLine:
    description: str
    owner: str
    due_on: datetime.date
    timing: str  # "Overdue by 3 days", "Due in 5 days"
    meeting: str


def actions_section(context: PackContext) -> list[ActionLine]:
    """Every open action of the board, overdue first, with its timing in words."""
    return [
        ActionLine(
            description=action.description,
            owner=str(action.owner),
            due_on=action.due_on,
            timing=action_timing(action, context.today),
            meeting=action.meeting.title,
        )
        for action in actions_open(context.today)
    ]


# --- The pack -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    number: int
    key: str  # the Pack's attribute, and the heading's anchor (section-<key>)
    title: str  # the heading
    doing: str  # said while it is gathered: "Section 4 of 10: the pooled budget"
    gather: Callable[[PackContext], Any]

    @property
    def anchor(self) -> str:
        return f"section-{self.key}"


SECTIONS: tuple[Section, ...] = (
    Section(1, "plan", "Plan progress", "the plan's progress", plan_progress),
    Section(2, "measures", "Measures against trajectory", "the measures", measures_section),
    Section(3, "outcomes", "Outcome profile: worse than England", "the outcome profile",
            outcomes_headline),
    Section(4, "budget", "The pooled budget", "the pooled budget", budget_section),
    Section(5, "voice", "Staff voice", "staff voice", voice_section),
    Section(6, "workforce", "Workforce", "the workforce", workforce_section),
    Section(7, "change", "The change programme", "the change programme", change_section),
    Section(8, "risks", "Top risks", "the risk register", risks_section),
    Section(9, "actions", "Open actions", "the board's actions", actions_section),
)  # fmt: skip
#: The last step of a pack made as a PDF, after the sections: laying out its pages.
LAYOUT_STEP = "laying out the PDF's pages"
STEPS_TOTAL = len(SECTIONS) + 1


def step_words(steps_done: int, steps_total: int = STEPS_TOTAL) -> str:
    """What a pack being made is doing: "Section 4 of 10: the pooled budget"."""
    doing = SECTIONS[steps_done].doing if steps_done < len(SECTIONS) else LAYOUT_STEP
    return f"Section {min(steps_done + 1, steps_total)} of {steps_total}: {doing}"


@dataclass(frozen=True)
class Pack:
    meeting: BoardMeeting
    partnership: str
    plan_title: str
    generated_at: datetime.datetime  # local time
    demo: bool
    plan: PlanProgress | None
    measures: MeasuresSection | None
    outcomes: OutcomesHeadline | None
    budget: BudgetSection | None
    voice: VoiceSection
    workforce: str
    change: list[StageLine]
    risks: RisksSection
    actions: list[ActionLine]

    @property
    def contents(self) -> tuple[Section, ...]:
        return SECTIONS

    @property
    def title(self) -> str:
        return f"Board pack: {self.meeting.title}, {_day(self.meeting.held_on)}"

    @property
    def generated_words(self) -> str:
        """ "Generated on 3 December 2026 at 14:05"."""
        at = date_format(self.generated_at, "H:i")
        return f"Generated on {_day(self.generated_at.date())} at {at}"


def pack_gather(
    meeting: BoardMeeting,
    *,
    reader: PermissionHolder | None,
    now: datetime.datetime | None = None,
    on_section: Callable[[int, Section], None] | None = None,
) -> Pack:
    """Every section of the meeting's pack from live data, in order; `on_section(index,
    section)` is told before each is gathered."""
    now = timezone.localtime(now or timezone.now())
    plan = plan_selectors.plan_current()
    context = PackContext(meeting=meeting, plan=plan, today=now.date(), reader=reader)
    gathered: dict[str, Any] = {}
    for index, section in enumerate(SECTIONS):
        if on_section is not None:
            on_section(index, section)
        gathered[section.key] = section.gather(context)
    return Pack(
        meeting=meeting,
        partnership=settings.SERVICE_NAME,
        plan_title=plan.title if plan else "",
        generated_at=now,
        demo=settings.DEMO,
        **gathered,
    )
