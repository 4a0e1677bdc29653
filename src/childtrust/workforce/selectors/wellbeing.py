"""How the people a restructure affects are: their wellbeing round's results (opened when it was
launched) beside the partnership's latest wellbeing round for everyone, theme by theme, read
through voice's selectors under voice's rules: nothing for a round below the minimum group
(10), nothing until a round has closed, and in its breakdowns no group below the minimum or
that would let a hidden one be worked out by subtraction (voice's suppressed_groups).

The partnership's round asked everyone in post, those affected included: answers carry no name,
so theirs cannot be taken out of it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from childtrust.voice.models import SurveyRound, SurveyTheme
from childtrust.voice.selectors.survey_results import (
    Breakdown,
    RoundResults,
    ThemeScore,
    survey_minimum_group_size,
    survey_round_results,
)
from childtrust.voice.selectors.surveys import latest_closed_round_for_everyone
from childtrust.workforce.models import Restructure
from childtrust.workforce.selectors.launch import day


@dataclass(frozen=True)
class RoundSide:
    """One column of the comparison: a round's results, or why none are shown."""

    heading: str
    survey_round: SurveyRound | None
    results: RoundResults | None
    not_shown: str  # why no figures are shown ("" when they are)

    @property
    def shown(self) -> bool:
        return self.results is not None and self.results.overall_shown

    def theme(self, theme: str) -> ThemeScore | None:
        if not self.shown or self.results is None:
            return None
        return next((score for score in self.results.overall if score.theme == theme), None)


@dataclass(frozen=True)
class ThemeRow:
    theme: str
    label: str
    affected: ThemeScore | None
    partnership: ThemeScore | None


@dataclass(frozen=True)
class RestructureWellbeing:
    restructure: Restructure
    minimum: int
    affected: RoundSide
    partnership: RoundSide
    rows: tuple[ThemeRow, ...]
    breakdowns: tuple[Breakdown, ...]  # the affected round's, as voice suppresses them
    sentence: str

    @property
    def sides(self) -> tuple[RoundSide, RoundSide]:
        return (self.affected, self.partnership)


def _side(
    heading: str, survey_round: SurveyRound | None, *, minimum: int, today: datetime.date, none: str
) -> RoundSide:
    if survey_round is None:
        return RoundSide(heading, None, None, none)
    results = survey_round_results(survey_round, today=today)
    if not results.is_closed:
        why = (
            f"Not shown yet: results appear once the round closes on "
            f"{day(survey_round.closes_on)}, so that watching them move cannot show what "
            "anyone answered."
        )
    elif not results.overall_shown:
        why = f"Not shown: fewer than {minimum} answers."
    else:
        why = ""
    return RoundSide(heading, survey_round, results, why)


def _themes(*sides: RoundSide) -> list[tuple[str, str]]:
    """The themes the affected round asks (else the partnership's), in voice's order."""
    for side in sides:
        if side.results is not None and side.results.themes:
            return list(side.results.themes)
    return []


def _sentence(affected: RoundSide, partnership: RoundSide, rows: tuple[ThemeRow, ...]) -> str:
    if not affected.shown or affected.results is None:
        return (
            f"The results of those affected are {affected.not_shown[:1].lower()}"
            + (affected.not_shown[1:])
        )
    row = next((r for r in rows if r.theme == SurveyTheme.WELLBEING), rows[0] if rows else None)
    if row is None or row.affected is None:
        return f"{affected.results.responses} of those affected answered."
    text = (
        f"{row.affected.agree_percent}% of the answers from those affected agree on "
        f"“{row.label.lower()}” ({affected.results.responses} people answered)"
    )
    if row.partnership is not None and partnership.survey_round is not None:
        text += (
            f", against {row.partnership.agree_percent}% across the partnership in "
            f"{partnership.survey_round.survey}, round {partnership.survey_round.number}, "
            f"which closed on {day(partnership.survey_round.closes_on)}"
        )
    return text + "."


def restructure_wellbeing(
    restructure: Restructure, *, today: datetime.date | None = None
) -> RestructureWellbeing:
    """The restructure's wellbeing round beside the partnership's latest closed wellbeing round
    for everyone (any survey with a wellbeing statement), theme by theme; whether the reader
    may see it is access.can_view_restructure_wellbeing's to decide. Figures are anonymous: a
    share agreeing and a mean score per theme, over at least the minimum group."""
    today = today or timezone.localdate()
    minimum = survey_minimum_group_size()
    own_round = restructure.survey_round
    affected = _side(
        "Those affected",
        own_round,
        minimum=minimum,
        today=today,
        none="Not shown: the restructure has not been launched, so no round has asked those "
        "it affects.",
    )
    partnership = _side(
        "The partnership",
        latest_closed_round_for_everyone(
            asking=SurveyTheme.WELLBEING, today=today, excluding=own_round
        ),
        minimum=minimum,
        today=today,
        none="Not shown: no wellbeing round for everyone has closed yet.",
    )
    rows = tuple(
        ThemeRow(theme, label, affected.theme(theme), partnership.theme(theme))
        for theme, label in _themes(affected, partnership)
    )
    breakdowns = affected.results.breakdowns if affected.shown and affected.results else ()
    return RestructureWellbeing(
        restructure=restructure,
        minimum=minimum,
        affected=affected,
        partnership=partnership,
        rows=rows,
        breakdowns=breakdowns,
        sentence=_sentence(affected, partnership, rows),
    )
