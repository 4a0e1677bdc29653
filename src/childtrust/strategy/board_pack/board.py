"""The board pack's sections from the change programme and the board itself: 7, the stages
rated at the meeting; 8, the top risks with the heat map; 9, the open actions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from childtrust.strategy.board_pack.context import PackContext, day_words
from childtrust.strategy.models import KotterStage
from childtrust.strategy.selectors.board import action_timing, actions_open
from childtrust.strategy.selectors.change import meeting_ratings, rating_words
from childtrust.strategy.selectors.risks import (
    HeatMap,
    heat_map,
    review_timing,
    risk_band,
    risks_open,
)

#: The pack's top risks: as many as the board can discuss in one item.
TOP_RISKS = 5


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
            review=review_timing(risk, context.today) or f"Review by {day_words(risk.review_on)}",
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
