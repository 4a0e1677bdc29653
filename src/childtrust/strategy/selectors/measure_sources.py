"""Where measures' actual figures come from, read through the other apps' selectors and fetched
in bulk for each kind of source:

- an outcome indicator: its latest headline value for the partnership's own area (the local
  authority its localities sit in), with the 95% confidence interval and the judgement against
  England (outcomes.selectors.latest_values_for_area: three queries for every indicator);
- a message's reach: the share of the people it went to who confirmed they understood it (one
  query for every message);
- a survey theme's score: the share agreeing or strongly agreeing with the theme's statements
  in the survey's latest closed round; a round below the survey's minimum group size shows no
  score, so the measure is not yet measured (a few queries for each survey, not each measure);
- feedback answered on time: the share of responses given within their target, over all
  responses so far (a few queries, once);
- a figure entered by hand: the latest reading (one query for every measure);
- a workforce measure (turnover, vacancy, agency worker and absence rates, agency cover of
  vacancies, average caseload, as the Department for Education's children's social work
  workforce statistics define them: workforce.definitions): the figure for the whole
  partnership's social workers at the latest census held (30 September of each year, none
  after today), read through workforce.selectors.measures.partnership_measure_values once for
  each workforce measure, however many plan measures use it. Without an interval, it is judged
  against its target directly. Its unit is the definition's ("%", or "cases per FTE").

Figures that describe "now" (reach, feedback) fall in today's financial year; a survey round's
in the year it closed; an indicator's in the year of its period (`year_of_period`); a workforce
census's in the financial year its census date falls in: 30 September 2026 falls in 2026-27,
the financial year that started that April, so it is judged against the 2026-27 target."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from childtrust.outcomes.indicator_page import partnership_area
from childtrust.outcomes.selectors import latest_values_for_area
from childtrust.outcomes.vocabulary import confidence_words
from childtrust.strategy.models import Measure, MeasureReading, MeasureSource, financial_year_label
from childtrust.strategy.models.plan import YEAR_STARTS
from childtrust.strategy.wording import day_words
from childtrust.voice.selectors.feedback import feedback_response_times
from childtrust.voice.selectors.reach import messages_with_reach
from childtrust.voice.selectors.survey_trends import survey_trends
from childtrust.workforce.definitions import DEFINITIONS, WorkforceMeasure, census_date
from childtrust.workforce.selectors.measures import partnership_measure_values


@dataclass(frozen=True)
class Actual:
    """A measure's latest figure, where it came from, and the financial year it falls in."""

    value: float
    period: str
    lower: float | None
    upper: float | None
    source: str  # e.g. "Public health outcomes indicator, Southampton, 2023/24"
    year: int | None = None  # the financial year (by the year it starts) the figure falls in
    judgement: str = ""  # an indicator's comparison with England: "Worse than England"
    confidence: str = "95%"  # the level of the comparison with England
    judgement_colour: str = "grey"  # its GOV.UK tag colour


def financial_year_of(day: datetime.date) -> int:
    """The financial year (April to March) a date falls in, by the year it starts."""
    return day.year if (day.month, day.day) >= YEAR_STARTS else day.year - 1


_SPLIT_YEAR = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*$")
_ONE_YEAR = re.compile(r"^\s*(\d{4})\s*$")


def year_of_period(period: str, period_start: datetime.date | None = None) -> int | None:
    """The financial year a published period falls in: "2024/25" or "2024-25" is 2024-25; a
    calendar year "2024" is taken as 2024-25, which holds nine of its twelve months; any other
    period is the financial year its first day falls in."""
    match = _SPLIT_YEAR.match(period) or _ONE_YEAR.match(period)
    if match:
        return int(match.group(1))
    return financial_year_of(period_start) if period_start else None


def _indicators(measures: Sequence[Measure]) -> dict[int, Actual]:
    chosen = [m for m in measures if m.source == MeasureSource.INDICATOR and m.indicator]
    if not chosen:
        return {}
    area = partnership_area()
    if area is None:
        return {}
    latest = latest_values_for_area({m.indicator for m in chosen if m.indicator}, area)
    found = {}
    for measure in chosen:
        row = latest.get(measure.indicator_id or 0)
        if row is None or row.comparison.value is None:
            continue
        comparison, value = row.comparison, row.comparison.value
        # The 95% interval, whatever the level of the comparison with England: the plan's
        # trajectory rule judges the target against the 95% interval.
        found[measure.pk] = Actual(
            value=value,
            period=comparison.period,
            lower=comparison.lower_95,
            upper=comparison.upper_95,
            source=f"{row.indicator.name}, {area.name}, {comparison.period}",
            year=year_of_period(comparison.period, row.period_start),
            judgement=comparison.compared.words,
            confidence=confidence_words(comparison.confidence),
            judgement_colour=comparison.compared.colour,
        )
    return found


def _reach(measures: Sequence[Measure], today: datetime.date) -> dict[int, Actual]:
    chosen = [m for m in measures if m.source == MeasureSource.MESSAGE_REACH]
    if not chosen:
        return {}
    messages = {
        message.pk: message
        for message in messages_with_reach().filter(pk__in={m.message_id for m in chosen})
    }
    found = {}
    for measure in chosen:
        message = messages.get(measure.message_id or 0)
        total = getattr(message, "recipient_count", 0)
        if message is None or message.published_at is None or not total:
            continue
        confirmed: int = message.understood_count  # type: ignore[attr-defined]
        found[measure.pk] = Actual(
            value=100 * confirmed / total,
            period=f"at {day_words(today)}",
            lower=None,
            upper=None,
            source=(
                f"Reach of the message “{message.title}”: {confirmed} of the {total} people it "
                "went to confirmed they understood it"
            ),
            year=financial_year_of(today),
        )
    return found


def _surveys(measures: Sequence[Measure], today: datetime.date) -> dict[int, Actual]:
    chosen = [m for m in measures if m.source == MeasureSource.SURVEY_THEME and m.survey]
    surveys = {m.survey_id: m.survey for m in chosen if m.survey}
    # Once for each survey, however many measures share it.
    trends = {pk: survey_trends(survey, today=today) for pk, survey in surveys.items()}
    found = {}
    for measure in chosen:
        rounds = trends[measure.survey_id].rounds
        latest = rounds[-1] if rounds else None
        if latest is None or not latest.shown:
            continue  # no round closed yet, or too few answered for its scores to be shown
        score = next((s for s in latest.scores if s.theme == measure.survey_theme), None)
        if score is None:
            continue
        closed = latest.survey_round.closes_on
        found[measure.pk] = Actual(
            value=100 * score.agree_share,
            period=f"round {latest.survey_round.number}, closed {day_words(closed)}",
            lower=None,
            upper=None,
            source=(
                f"“{measure.survey}”, round {latest.survey_round.number}: share of "
                f"{score.answers} answers on “{score.label}” agreeing or strongly agreeing"
            ),
            year=financial_year_of(closed),
        )
    return found


def _feedback(measures: Sequence[Measure], today: datetime.date) -> dict[int, Actual]:
    chosen = [m for m in measures if m.source == MeasureSource.FEEDBACK_ON_TIME]
    if not chosen:
        return {}
    times = feedback_response_times(today=today)
    share = times.share_within_target
    if share is None:
        return {}
    actual = Actual(
        value=share,
        period=f"responses to {day_words(today)}",
        lower=None,
        upper=None,
        source=(
            f"Staff feedback: {times.within_target} of {times.responded} responses given "
            "within their target time"
        ),
        year=financial_year_of(today),
    )
    return {measure.pk: actual for measure in chosen}


def _readings(measures: Sequence[Measure]) -> dict[int, Actual]:
    chosen = {m.pk for m in measures if m.source == MeasureSource.MANUAL}
    if not chosen:
        return {}
    latest: dict[int, MeasureReading] = {}
    for reading in MeasureReading.objects.filter(measure__in=chosen).order_by(
        "measure", "-measured_on"
    ):
        latest.setdefault(reading.measure_id, reading)
    return {pk: reading_actual(reading) for pk, reading in latest.items()}


def reading_actual(reading: MeasureReading) -> Actual:
    """A figure entered by hand as an actual."""
    year = financial_year_of(reading.measured_on)
    return Actual(
        value=reading.value,
        period=f"{day_words(reading.measured_on)} ({financial_year_label(year)})",
        lower=None,
        upper=None,
        source=reading.source,
        year=year,
    )


@dataclass(frozen=True)
class CensusFigure:
    """A workforce measure's figure for the whole partnership at one census (None when it has
    none: no social worker in post, say, so no rate), and the financial year it falls in."""

    census_year: int
    census_on: datetime.date
    value: float | None
    year: int  # the financial year, by the year it starts

    @property
    def year_label(self) -> str:
        return financial_year_label(self.year)


def census_figures(kind: str, today: datetime.date) -> list[CensusFigure]:
    """Every census held of a workforce measure for the whole partnership's social workers,
    oldest first, leaving out any census whose day is after today (it has not happened)."""
    figures = []
    for census_year, value in sorted(partnership_measure_values(WorkforceMeasure(kind))):
        day = census_date(census_year)
        if day <= today:
            figures.append(CensusFigure(census_year, day, value, financial_year_of(day)))
    return figures


def census_actual(kind: str, figure: CensusFigure) -> Actual | None:
    """A census's figure as an actual, or None when the census has no figure."""
    if figure.value is None:
        return None
    definition = DEFINITIONS[WorkforceMeasure(kind)]
    return Actual(
        value=figure.value,
        period=f"census of {day_words(figure.census_on)}",
        lower=None,
        upper=None,
        source=(
            f"Workforce census of {day_words(figure.census_on)}, the whole partnership's "
            f"social workers. {definition.measure.label}: {definition.definition}"
        ),
        year=figure.year,
    )


def latest_census_actual(kind: str, figures: Sequence[CensusFigure]) -> Actual | None:
    """The latest census held, as an actual. No figure at that census (no social worker in
    post, say) leaves the measure not yet measured, rather than judged on an older census."""
    return census_actual(kind, figures[-1]) if figures else None


def _workforce(measures: Sequence[Measure], today: datetime.date) -> dict[int, Actual]:
    chosen = [m for m in measures if m.source == MeasureSource.WORKFORCE and m.workforce_measure]
    # Once for each workforce measure, however many plan measures share it.
    latest = {
        kind: latest_census_actual(kind, census_figures(kind, today))
        for kind in {m.workforce_measure for m in chosen}
    }
    return {
        measure.pk: actual
        for measure in chosen
        if (actual := latest[measure.workforce_measure]) is not None
    }


def actuals_for(measures: Sequence[Measure], today: datetime.date) -> dict[int, Actual]:
    """The latest actual of each measure that has one, by measure id, fetched in bulk for each
    kind of source (the measures' indicator, message and survey already selected)."""
    return {
        **_indicators(measures),
        **_reach(measures, today),
        **_surveys(measures, today),
        **_feedback(measures, today),
        **_readings(measures),
        **_workforce(measures, today),
    }
