"""A survey's trends over its repeated rounds, and change readiness from the latest round shown."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.utils import timezone

from childtrust.voice.models import QuestionKind, Survey, SurveyAnswer, SurveyRound, SurveyTheme
from childtrust.voice.selectors.survey_results import (
    ThemeScore,
    survey_minimum_group_size,
    theme_scores,
    themes_asked,
)

# The partnership's thresholds for change readiness, shown on the trends page.
READY_AVERAGE_PERCENT = 70
READY_LOWEST_PERCENT = 50
GETTING_READY_AVERAGE_PERCENT = 50

# What agreeing with a theme's statements says, to finish "Most staff ...".
THEME_PHRASES: dict[str, str] = {
    SurveyTheme.CLARITY: "understand the vision",
    SurveyTheme.EXPECTATIONS: "know what is expected of them",
    SurveyTheme.INVOLVEMENT: "feel involved in the change",
    SurveyTheme.CONFIDENCE: "have confidence in leaders",
    SurveyTheme.WORKLOAD: "find their workload manageable",
    SurveyTheme.WELLBEING: "feel they are coping well with the change",
    SurveyTheme.UNCERTAINTY: "feel settled about what the change means for them",
}


@dataclass(frozen=True)
class TrendCell:
    percent: int | None  # the share agreeing; None when the round's results are not shown
    change: int | None  # points up (or down) on the last round shown before it

    @property
    def change_size(self) -> int:
        return abs(self.change or 0)


@dataclass(frozen=True)
class ThemeTrend:
    theme: str
    label: str
    cells: tuple[TrendCell, ...]  # one for each round in SurveyTrends.rounds
    sentence: str


@dataclass(frozen=True)
class TrendRound:
    survey_round: SurveyRound
    responses: int
    shown: bool
    scores: tuple[ThemeScore, ...]


@dataclass(frozen=True)
class Readiness:
    survey_round: SurveyRound
    rating: str
    average_percent: int
    summary: str
    change: str


@dataclass(frozen=True)
class SurveyTrends:
    minimum: int
    rounds: tuple[TrendRound, ...]  # the closed rounds, oldest first
    themes: tuple[ThemeTrend, ...]
    readiness: Readiness | None  # from the latest round with results shown


def _theme_sentence(label: str, points: Sequence[tuple[int, int]]) -> str:
    """One sentence on a theme's share agreeing over the rounds shown, as (round, percent)."""
    if not points:
        return f"{label}: no round has enough responses to show yet."
    (first_round, first), (last_round, last) = points[0], points[-1]
    if len(points) == 1:
        return f"{label}: {first}% agreed in round {first_round}, the only round shown so far."
    if first == last:
        return (
            f"{label}: {first}% agreed in round {first_round} and the same in round {last_round}."
        )
    direction = "rose" if last > first else "fell"
    return (
        f"{label}: agreement {direction} from {first}% in round {first_round} "
        f"to {last}% in round {last_round}."
    )


def _theme_trends(rounds: Sequence[TrendRound], themes: Sequence[str]) -> tuple[ThemeTrend, ...]:
    trends = []
    for theme in themes:
        cells: list[TrendCell] = []
        points: list[tuple[int, int]] = []
        for trend_round in rounds:
            score = next((s for s in trend_round.scores if s.theme == theme), None)
            if score is None:
                cells.append(TrendCell(percent=None, change=None))
                continue
            previous = points[-1][1] if points else None
            percent = score.agree_percent
            cells.append(
                TrendCell(percent=percent, change=None if previous is None else percent - previous)
            )
            points.append((trend_round.survey_round.number, percent))
        label = SurveyTheme(theme).label
        trends.append(
            ThemeTrend(
                theme=theme,
                label=label,
                cells=tuple(cells),
                sentence=_theme_sentence(label, points),
            )
        )
    return tuple(trends)


def _how_many(percent: int) -> str:
    if percent > 50:
        return "Most staff"
    if percent == 50:
        return "Half of staff"
    return "Fewer than half of staff"


def readiness_summary(scores: Sequence[ThemeScore]) -> str:
    """One plain sentence: the theme most staff agree with, and the one fewest agree with."""
    if not scores:
        return ""
    best = max(scores, key=lambda s: s.agree_percent)  # the first theme on a tie
    worst = min(scores, key=lambda s: s.agree_percent)
    opening = f"{_how_many(best.agree_percent)} {THEME_PHRASES[best.theme]}"
    if worst.agree_percent == best.agree_percent:
        if len(scores) == 1:
            return f"{opening} ({best.agree_percent}% agree)."
        return f"{opening} ({best.agree_percent}% agree), and the same share on every theme."
    joint = "and fewer still" if best.agree_percent < 50 else "but fewer"
    return (
        f"{opening} ({best.agree_percent}% agree) {joint} {THEME_PHRASES[worst.theme]} "
        f"({worst.agree_percent}%)."
    )


def readiness_change(scores: Sequence[ThemeScore], previous: TrendRound | None) -> str:
    """How agreement moved since the round shown before: the biggest rise and the biggest fall."""
    if previous is None:
        return ""
    before = {s.theme: s.agree_percent for s in previous.scores}
    changes = [(s.agree_percent - before[s.theme], s) for s in scores if s.theme in before]
    number = previous.survey_round.number
    rises = [c for c in changes if c[0] > 0]
    falls = [c for c in changes if c[0] < 0]
    if not rises and not falls:
        return f"Agreement is the same on every theme as in round {number}."
    parts = []
    if rises:
        points, score = max(rises, key=lambda c: c[0])
        parts.append(f"rose most on {score.label.lower()} (up {points} points)")
    if falls:
        points, score = min(falls, key=lambda c: c[0])
        parts.append(f"fell most on {score.label.lower()} (down {-points} points)")
    return f"Since round {number}, agreement " + " and ".join(parts) + "."


def readiness_rating(scores: Sequence[ThemeScore]) -> tuple[str, int]:
    """The rating and the average share agreeing, each theme counting equally: ready at an
    average of 70% or more with no theme below 50%; getting ready at an average of 50% or more;
    otherwise not ready yet. The thresholds are the partnership's choice, shown on the page."""
    average = round(sum(s.agree_percent for s in scores) / len(scores)) if scores else 0
    lowest = min((s.agree_percent for s in scores), default=0)
    if average >= READY_AVERAGE_PERCENT and lowest >= READY_LOWEST_PERCENT:
        return "Ready", average
    if average >= GETTING_READY_AVERAGE_PERCENT:
        return "Getting ready", average
    return "Not ready yet", average


def _readiness(rounds: Sequence[TrendRound]) -> Readiness | None:
    shown = [r for r in rounds if r.shown and r.scores]
    if not shown:
        return None
    latest = shown[-1]
    rating, average = readiness_rating(latest.scores)
    return Readiness(
        survey_round=latest.survey_round,
        rating=rating,
        average_percent=average,
        summary=readiness_summary(latest.scores),
        change=readiness_change(latest.scores, shown[-2] if len(shown) > 1 else None),
    )


def survey_trends(survey: Survey, *, today: date | None = None) -> SurveyTrends:
    """Each theme's share agreeing over the survey's closed rounds (a round below the minimum
    size shows nothing), and change readiness from the latest round shown."""
    today = today or timezone.localdate()
    minimum = survey_minimum_group_size()
    themes = themes_asked(survey.questions.all())
    closed = list(
        survey.rounds.filter(closes_on__lt=today)
        .annotate(response_count=Count("responses"))
        .order_by("number")
    )
    shown_ids = [r.pk for r in closed if r.response_count >= minimum]
    answers: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for round_id, theme, score in SurveyAnswer.objects.filter(
        response__round__in=shown_ids, question__kind=QuestionKind.LIKERT, score__isnull=False
    ).values_list("response__round_id", "question__theme", "score"):
        if score is not None:
            answers[round_id].append((theme, score))
    rounds = tuple(
        TrendRound(
            survey_round=r,
            responses=r.response_count,
            shown=r.pk in shown_ids,
            scores=theme_scores(answers[r.pk], themes) if r.pk in shown_ids else (),
        )
        for r in closed
    )
    return SurveyTrends(
        minimum=minimum,
        rounds=rounds,
        themes=_theme_trends(rounds, themes),
        readiness=_readiness(rounds),
    )
