"""Pulse surveys: the surveys and their rounds' anonymous results, for those who follow staff
voice, and the rounds waiting for the caller's answers. Results are exactly those the page
shows: every group below the minimum size (and any that would reveal one) is left out, and no
endpoint gives one person's response."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS
from childtrust.api.schemas import Message as Problem
from childtrust.core.permissions import require
from childtrust.voice import access
from childtrust.voice.models import Survey
from childtrust.voice.selectors import survey_results, surveys

router = Router(tags=["Pulse surveys"])


class SurveyRoundOut(Schema):
    number: int
    opens_on: date
    closes_on: date = Field(description="The last day answers are taken.")
    invited: int = Field(description="Active staff when the round opened.")
    responses: int


class SurveyOut(Schema):
    id: int
    title: str
    template: str
    repeat_every_days: int | None = Field(
        description="A new round opens this many days after the last; null if it does not repeat."
    )
    round_length_days: int
    rounds: list[SurveyRoundOut]

    @staticmethod
    def resolve_rounds(obj: Survey) -> list[dict[str, Any]]:
        return [
            {
                "number": r.number,
                "opens_on": r.opens_on,
                "closes_on": r.closes_on,
                "invited": r.invited,
                "responses": r.response_count,  # type: ignore[attr-defined]
            }
            for r in surveys.survey_rounds_with_counts(obj).order_by("number")
        ]


class ThemeScoreOut(Schema):
    theme: str
    label: str
    mean: float = Field(description="From 1 (strongly disagree) to 5 (strongly agree).")
    agree_percent: int = Field(description="Answers that agree or strongly agree.")
    answers: int


class GroupOut(Schema):
    label: str
    shown: bool = Field(
        description="False when the group has fewer responses than the minimum, or would let a "
        "smaller group be worked out; its figures are then left out."
    )
    responses: int | None
    themes: list[ThemeScoreOut]


class BreakdownOut(Schema):
    name: str = Field(description="agency, level or locality")
    groups: list[GroupOut]


class FreeTextOut(Schema):
    question: str
    answers: list[str] = Field(description="For the whole round, in no particular order.")


class RoundResultsOut(Schema):
    survey_id: int
    number: int
    opens_on: date
    closes_on: date
    minimum_group_size: int
    responses: int
    invited: int
    response_percent: int | None = Field(description="For the whole round only.")
    closed: bool = Field(description="Results are given once the round has closed.")
    results_shown: bool = Field(
        description="The round has closed with at least the minimum number of responses."
    )
    overall: list[ThemeScoreOut]
    breakdowns: list[BreakdownOut]
    free_text: list[FreeTextOut]


class OpenRoundOut(Schema):
    survey_id: int
    survey_title: str
    number: int
    closes_on: date


def _scores(scores: tuple[survey_results.ThemeScore, ...]) -> list[dict[str, Any]]:
    return [
        {
            "theme": s.theme,
            "label": s.label,
            "mean": round(s.mean, 2),
            "agree_percent": s.agree_percent,
            "answers": s.answers,
        }
        for s in scores
    ]


@router.get(
    "/surveys",
    response={200: list[SurveyOut], **REFUSALS},
    summary="List the pulse surveys with their rounds",
)
@paginated
def survey_list(request: AuthenticatedRequest) -> QuerySet[Survey]:
    require(access.can_view_survey_results(request.user), to="see survey results")
    return surveys.surveys_for_list()


@router.get(
    "/surveys/{survey_id}/rounds/{number}/results",
    response={200: RoundResultsOut, 404: Problem, **REFUSALS},
    summary="A round's anonymous results, overall and by agency, level and locality",
)
def survey_round_results(
    request: AuthenticatedRequest, survey_id: int, number: int
) -> dict[str, Any]:
    results = access.survey_round_results_for_user(request.user, survey_id, number)
    if results is None:
        raise HttpError(404, f"Survey {survey_id} has no round {number}.")
    survey_round = results.survey_round
    return {
        "survey_id": survey_id,
        "number": number,
        "opens_on": survey_round.opens_on,
        "closes_on": survey_round.closes_on,
        "minimum_group_size": results.minimum,
        "responses": results.responses,
        "invited": results.invited,
        "response_percent": results.response_percent,
        "closed": results.is_closed,
        "results_shown": results.overall_shown,
        "overall": _scores(results.overall),
        "breakdowns": [
            {
                "name": b.name,
                "groups": [
                    {
                        "label": g.label,
                        "shown": g.shown,
                        "responses": g.responses,
                        "themes": _scores(g.themes),
                    }
                    for g in b.groups
                ],
            }
            for b in results.breakdowns
        ],
        "free_text": [
            {"question": f.question, "answers": list(f.answers)} for f in results.free_text
        ],
    }


@router.get(
    "/me/survey-rounds",
    response={200: list[OpenRoundOut], **REFUSALS},
    summary="The survey rounds open now that you have not answered",
)
@paginated
def my_survey_rounds(request: AuthenticatedRequest) -> list[dict[str, Any]]:
    """Answer them in childtrust itself: answers are not taken through the API."""
    staff = access.survey_respondent_for_user(request.user)
    return [
        {
            "survey_id": r.survey_id,
            "survey_title": r.survey.title,
            "number": r.number,
            "closes_on": r.closes_on,
        }
        for r in surveys.survey_rounds_to_answer(staff)
    ]
