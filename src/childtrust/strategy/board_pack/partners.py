"""The board pack's sections from the partnership's other apps, read through their selectors:
3, the outcome profile's headline (indicators worse than England); 4, the pooled budget's
forecast and flags; 5, staff voice (messages' reach, survey trends, feedback past target)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from childtrust.core.money import pounds
from childtrust.outcomes import units, vocabulary
from childtrust.outcomes.profiles import profile_area
from childtrust.outcomes.selectors import partnership_profile
from childtrust.resources.selectors.budget import financial_years, year_overview
from childtrust.strategy.board_pack.context import PackContext, percent_words
from childtrust.voice.selectors.feedback import feedback_response_times
from childtrust.voice.selectors.leaders import leaders_recent_messages, leaders_survey_trends

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
    #: The one sentence stating the confidence the comparisons are made at
    confidence_statement: str = ""


def _figure(value: float | None, unit: str) -> str:
    return units.with_unit(value, unit) or "no value"


def outcomes_headline(context: PackContext) -> OutcomesHeadline | None:
    """The partnership's indicators whose latest value is worse than England's (at each
    indicator's one confidence level, as the profile judges them): four queries."""
    del context  # the profile is the partnership's own area, whatever the meeting
    area = profile_area(None)
    if area is None:
        return None
    rows = partnership_profile(area)
    worse = [
        IndicatorLine(
            name=row.indicator.name,
            period=row.comparison.period,
            value=_figure(row.comparison.value, units.value_unit(row.indicator)),
            england=_figure(row.england_value, units.value_unit(row.indicator)),
            judgement=row.comparison.compared.words,
        )
        for row in rows
        if row.comparison.judgement == vocabulary.WORSE
    ]
    statement = vocabulary.confidence_statement(
        "England", [(row.indicator.name, row.comparison.confidence) for row in rows]
    )
    return OutcomesHeadline(
        area=area.name, held=len(rows), worse=worse, confidence_statement=statement
    )


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
            reached=percent_words(m.reached_percent),
            understood=percent_words(m.understood_percent),
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
        within_target=percent_words(times.share_within_target),
        median_working_days="" if median is None else f"{median:g}",
        open_count=times.open_count,
        past_target=len(times.open_past_target),
        longest_over=max((due.working_days_over for due in times.open_past_target), default=0),
    )
