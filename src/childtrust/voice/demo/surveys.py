"""The demo's pulse survey: two rounds, 90 days apart, with results and a trend, and small groups
below the minimum size so that their results are not shown."""

from __future__ import annotations

from datetime import timedelta

from childtrust.partnership.models import AgencyKind
from childtrust.voice.demo.loading import DemoLoad, DemoPerson
from childtrust.voice.models import (
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
    SurveyRound,
    SurveyTheme,
)
from childtrust.voice.survey_templates import STAFF_THROUGH_CHANGE

SURVEY_TITLE = STAFF_THROUGH_CHANGE.name
SURVEY_REPEAT_DAYS = 90
SURVEY_ROUND_DAYS = 14
ROUND_OPENED_DAYS_AGO = (120, 30)  # 90 days apart, each closed after 14 days
ROUND_RESPONSES = (168, 203)  # of about 300 staff: some small groups fall below the minimum

# Weights of the answers 1 (strongly disagree) to 5 (strongly agree), by theme and round. Round 2
# is a little better on involvement and on the clarity of the vision, after the messages and the
# feedback loop; workload and uncertainty stay where they were.
SCORE_WEIGHTS: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    SurveyTheme.CLARITY: ((5, 15, 25, 40, 15), (3, 10, 20, 46, 21)),
    SurveyTheme.EXPECTATIONS: ((4, 12, 22, 45, 17), (4, 12, 21, 45, 18)),
    SurveyTheme.INVOLVEMENT: ((12, 28, 25, 27, 8), (8, 21, 24, 36, 11)),
    SurveyTheme.CONFIDENCE: ((8, 20, 30, 32, 10), (7, 19, 30, 33, 11)),
    SurveyTheme.WORKLOAD: ((15, 30, 25, 24, 6), (15, 31, 24, 24, 6)),
    SurveyTheme.WELLBEING: ((6, 16, 28, 38, 12), (6, 15, 29, 38, 12)),
    SurveyTheme.UNCERTAINTY: ((12, 26, 30, 25, 7), (12, 25, 31, 25, 7)),
}
# How likely staff of an agency kind are to answer, against 1 for the rest.
RESPONSE_WEIGHTS: dict[str, float] = {AgencyKind.VOLUNTARY: 0.35}
FREE_TEXT_SHARE = 0.3
FREE_TEXT_ANSWERS = (
    "Knowing who to call in the other agencies.",
    "Fewer forms, and one place to record what we know about a family.",
    "Time in team meetings to talk about the changes.",
    "Hearing about changes before they happen, not after.",
    "A named contact in the locality team.",
    "Protected time for training on the new assessment.",
    "Being asked what works before things are changed.",
    "Clear answers about jobs and where we will be based.",
    "More joint visits with health visitors.",
    "Managers who have the time to listen.",
)


def surveys_demo_load(load: DemoLoad) -> None:
    [survey] = load.insert(
        Survey,
        [
            Survey(
                title=SURVEY_TITLE,
                introduction=STAFF_THROUGH_CHANGE.introduction,
                template=STAFF_THROUGH_CHANGE.key,
                repeat_every_days=SURVEY_REPEAT_DAYS,
                round_length_days=SURVEY_ROUND_DAYS,
            )
        ],
    )
    questions = load.insert(
        SurveyQuestion,
        [
            SurveyQuestion(
                survey=survey,
                text=question.text,
                kind=question.kind,
                theme=question.theme or "",
                position=position,
            )
            for position, question in enumerate(STAFF_THROUGH_CHANGE.questions, start=1)
        ],
        relations=("survey",),
    )
    rounds = load.insert(
        SurveyRound,
        [
            SurveyRound(
                survey=survey,
                number=number,
                opens_on=load.today - timedelta(days=days_ago),
                closes_on=load.today - timedelta(days=days_ago - SURVEY_ROUND_DAYS + 1),
                invited=len(load.people),
            )
            for number, days_ago in enumerate(ROUND_OPENED_DAYS_AGO, start=1)
        ],
        relations=("survey",),
    )
    for index, (survey_round, count) in enumerate(zip(rounds, ROUND_RESPONSES, strict=True)):
        _survey_answers(load, survey_round, questions, count, index)


def _survey_answers(
    load: DemoLoad,
    survey_round: SurveyRound,
    questions: list[SurveyQuestion],
    count: int,
    index: int,
) -> None:
    """`count` people answer: a participation each (that they answered), and responses
    under random ids, in an unrelated order, that carry only their agency, level and
    locality."""
    answering = _respondents(load, count)
    load.insert(
        SurveyParticipation,
        [
            SurveyParticipation(round=survey_round, staff=person.staff)
            for person in sorted(answering, key=lambda person: person.staff.pk)
        ],
        relations=("round", "staff"),
    )
    groups = [
        (
            person.staff.agency_id,
            person.level,
            person.staff.team.locality_id if person.staff.team else None,
        )
        for person in answering
    ]
    load.rng.shuffle(groups)
    responses = load.insert(
        SurveyResponse,
        [
            SurveyResponse(
                id=_random_id(
                    load,
                ),
                round=survey_round,
                agency_id=agency,
                level=level,
                locality_id=locality,
            )
            for agency, level, locality in groups
        ],
        relations=("round", "agency", "locality"),
    )
    answers = []
    for question in questions:
        if question.kind == QuestionKind.LIKERT:
            scores = _scores(load, SCORE_WEIGHTS[question.theme][index], len(responses))
            answers += [
                SurveyAnswer(
                    id=_random_id(
                        load,
                    ),
                    response=response,
                    question=question,
                    score=score,
                )
                for response, score in zip(responses, scores, strict=True)
            ]
            continue
        answers += [
            SurveyAnswer(
                id=_random_id(
                    load,
                ),
                response=response,
                question=question,
                text=load.rng.choice(FREE_TEXT_ANSWERS),
            )
            for response in responses
            if load.rng.random() < FREE_TEXT_SHARE
        ]
    load.insert(SurveyAnswer, answers, relations=("response", "question"))


def _random_id(load: DemoLoad) -> int:
    """Responses and answers are stored under random ids, as the survey service stores
    them (decision 5), so that the order of rows says nothing about who answered when."""
    return load.rng.randrange(1, 2**62)


def _respondents(load: DemoLoad, count: int) -> list[DemoPerson]:
    """`count` people, drawn at random but fewer from the small voluntary agencies (who
    find time for surveys hardest), so that their results fall below the minimum group
    size and are not shown (Efraimidis and Spirakis' weighted sampling)."""
    kinds = {agency.pk: agency.kind for agency in load.agencies.values()}
    keyed = [
        (
            load.rng.random() ** (1 / RESPONSE_WEIGHTS.get(kinds[person.staff.agency_id], 1.0)),
            person.staff.pk,
            person,
        )
        for person in load.people
    ]
    keyed.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [person for _, _, person in keyed[:count]]


def _scores(load: DemoLoad, weights: tuple[int, ...], count: int) -> list[int]:
    """`count` answers from 1 to 5 in the proportions of `weights` (largest remainders
    rounded up), shuffled: so each theme's share agreeing is the one intended, not one
    blurred by the luck of the draw."""
    total = sum(weights)
    exact = [weight * count / total for weight in weights]
    counts = [int(value) for value in exact]
    by_remainder = sorted(range(5), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: count - sum(counts)]:
        counts[i] += 1
    scores = [score for score, n in zip(range(1, 6), counts, strict=True) for _ in range(n)]
    load.rng.shuffle(scores)
    return scores
