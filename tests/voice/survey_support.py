"""Helpers for the pulse survey tests: surveys made through the service, rounds on fixed dates
and anonymous responses written straight to the tables (as the answering service would)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from childtrust.accounts.models import Role, User
from childtrust.partnership.models import Agency, Locality
from childtrust.voice.models import (
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    SurveyRound,
)
from childtrust.voice.services.surveys import survey_create_from_template
from tests.factories import UserFactory

TODAY = datetime.date(2025, 3, 3)  # a Monday


def survey_lead() -> User:
    return UserFactory(username="survey-lead", role=Role.STRATEGIC_LEAD)


def make_survey(
    *,
    template: str = "staff_through_change",
    title: str = "How are you finding the changes?",
    repeat_every_days: int | None = None,
    round_length_days: int = 14,
) -> Survey:
    return survey_create_from_template(
        actor=survey_lead(),
        template=template,
        title=title,
        repeat_every_days=repeat_every_days,
        round_length_days=round_length_days,
    )


def make_round(
    survey: Survey,
    *,
    number: int = 1,
    opens_on: datetime.date = TODAY - datetime.timedelta(days=30),
    days: int = 14,
    invited: int = 100,
) -> SurveyRound:
    return SurveyRound.objects.create(
        survey=survey,
        number=number,
        opens_on=opens_on,
        closes_on=opens_on + datetime.timedelta(days=days - 1),
        invited=invited,
    )


def add_responses(
    survey_round: SurveyRound,
    count: int,
    *,
    score: int = 4,
    scores: Mapping[str, int] | None = None,
    agency: Agency | None = None,
    level: int | None = None,
    locality: Locality | None = None,
    free_text: str = "",
) -> None:
    """`count` responses from the given groups, each scoring `score` on every statement (or
    `scores[theme]` for the themes named), with `free_text` for the open question if given."""
    questions = list(survey_round.survey.questions.all())
    for _ in range(count):
        response = SurveyResponse.objects.create(
            round=survey_round, agency=agency, level=level, locality=locality
        )
        for question in questions:
            if question.kind == QuestionKind.LIKERT:
                value = (scores or {}).get(question.theme, score)
                SurveyAnswer.objects.create(response=response, question=question, score=value)
            elif free_text:
                SurveyAnswer.objects.create(response=response, question=question, text=free_text)


def likert_answers(survey: Survey, score: int = 4) -> dict[int, int | str | None]:
    return {
        question.pk: score
        for question in survey.questions.all()
        if question.kind == QuestionKind.LIKERT
    }
