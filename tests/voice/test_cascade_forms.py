"""Cascade forms: what each turns into, and a plain message for each kind of bad input."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from childtrust.voice.forms.cascade import (
    AUDIENCE_CHOSEN,
    AUDIENCE_WHOLE,
    BriefingForm,
    MessageAnswerForm,
    MessageConfirmForm,
    MessageForm,
    MessageQuestionForm,
)
from childtrust.voice.models import MessageKind
from childtrust.voice.services.messages import CheckQuestionInput
from tests.factories import AgencyFactory, CheckQuestionFactory
from tests.form_data import date_parts

pytestmark = pytest.mark.django_db

GOOD: dict[str, Any] = {
    "title": "One front door",
    "kind": MessageKind.NEW_WAY_OF_WORKING,
    "body": "From April every referral goes through the front door.",
    **date_parts("brief_by", "2027-03-31"),
    "audience": AUDIENCE_WHOLE,
}


def test_a_good_message_becomes_the_services_arguments() -> None:
    agency = AgencyFactory()
    form = MessageForm(
        GOOD
        | {
            "audience": AUDIENCE_CHOSEN,
            "agencies": [agency.pk],
            "levels": ["2", "3"],
            "question_1_prompt": "Where does a referral go?",
            "question_1_choices": "The front door\r\n\r\nThe locality team\r\n",
            "question_1_correct": "1",
        },
        deepest_level=4,
    )

    assert form.is_valid(), form.errors
    arguments = form.service_arguments()
    assert arguments["brief_by"] == date(2027, 3, 31)
    assert arguments["whole_partnership"] is False
    assert arguments["agencies"] == [agency]
    assert arguments["levels"] == [2, 3]
    assert arguments["check_questions"] == [
        CheckQuestionInput("Where does a referral go?", ("The front door", "The locality team"), 0)
    ]


def test_sending_to_the_whole_partnership_drops_any_ticked_groups() -> None:
    agency = AgencyFactory()
    form = MessageForm(GOOD | {"agencies": [agency.pk]})

    assert form.is_valid(), form.errors
    assert form.service_arguments()["agencies"] == []


BAD_MESSAGES: list[tuple[dict[str, Any], str, str]] = [
    ({"title": ""}, "title", "Enter a title for the message"),
    ({"title": "x" * 201}, "title", "The title must be 200 characters or fewer"),
    ({"kind": ""}, "kind", "Choose what kind of message it is"),
    ({"kind": "rumour"}, "kind", "Choose what kind of message it is"),
    ({"body": ""}, "body", "Enter the message"),
    (
        date_parts("brief_by", ""),
        "brief_by",
        "Enter the date by which managers must brief their teams",
    ),
    (
        date_parts("brief_by", "2027-02-31"),
        "brief_by",
        "The date by which managers must brief their teams must be a real date",
    ),
    ({"audience": ""}, "audience", "Choose who the message is for"),
    (
        {"audience": AUDIENCE_CHOSEN},
        "audience",
        "Choose at least one agency, locality or team, or send it to the whole partnership",
    ),
    ({"agencies": ["999999"]}, "agencies", "Choose agencies from the list"),
    ({"levels": ["9"]}, "levels", "Choose management levels from the list"),
    (
        {"question_1_choices": "Yes\nNo"},
        "question_1_prompt",
        "Enter check question 1, or clear its answers",
    ),
    (
        {"question_2_prompt": "Where?", "question_2_choices": "Here", "question_2_correct": "1"},
        "question_2_choices",
        "Give check question 2 between 2 and 4 answers, one on each line",
    ),
    (
        {"question_1_prompt": "Where?", "question_1_choices": "A\nB\nC\nD\nE"},
        "question_1_choices",
        "Give check question 1 between 2 and 4 answers, one on each line",
    ),
    (
        {"question_1_prompt": "Where?", "question_1_choices": "Here\nThere"},
        "question_1_correct",
        "Choose which answer to check question 1 is right: answer 1 to answer 2",
    ),
    (
        {
            "question_1_prompt": "Where?",
            "question_1_choices": "Here\nThere",
            "question_1_correct": "3",
        },
        "question_1_correct",
        "Choose which answer to check question 1 is right: answer 1 to answer 2",
    ),
    (
        {"question_1_prompt": "x" * 301},
        "question_1_prompt",
        "Check question 1 must be 300 characters or fewer",
    ),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_MESSAGES)
def test_a_bad_message_says_what_to_put_right(
    changes: dict[str, Any], field: str, message: str
) -> None:
    form = MessageForm(GOOD | changes, deepest_level=4)

    assert not form.is_valid()
    assert message in form.errors[field]


def test_a_published_message_form_has_only_its_words_and_check_questions() -> None:
    form = MessageForm({"title": "New title", "body": "New words."}, published=True)

    assert form.is_valid(), form.errors
    assert set(form.fields) == {
        "title",
        "body",
        *(f"question_{n}_{part}" for n in (1, 2) for part in ("prompt", "choices", "correct")),
    }
    assert form.service_arguments() == {
        "title": "New title",
        "body": "New words.",
        "check_questions": [],
    }


def test_confirming_needs_the_tick_and_an_answer_to_each_check_question() -> None:
    first = CheckQuestionFactory(choices=["A", "B"])
    second = CheckQuestionFactory(message=first.message, choices=["C", "D", "E"])

    empty = MessageConfirmForm({}, questions=[first, second])
    assert not empty.is_valid()
    assert empty.errors == {
        "answer_1": ["Choose an answer to question 1"],
        "answer_2": ["Choose an answer to question 2"],
        "understood": ["Confirm that you have read and understood the message"],
    }

    made_up = MessageConfirmForm(
        {"answer_1": "5", "answer_2": "2", "understood": "on"}, questions=[first, second]
    )
    assert made_up.errors == {"answer_1": ["Choose an answer to question 1"]}

    good = MessageConfirmForm(
        {"answer_1": "1", "answer_2": "0", "understood": "on"}, questions=[first, second]
    )
    assert good.is_valid()
    assert good.answers() == [1, 0]


def test_the_check_question_choices_are_shown_without_the_right_answer() -> None:
    question = CheckQuestionFactory(choices=["A", "B"], correct_choice=1)

    html = str(MessageConfirmForm(questions=[question])["answer_1"])

    assert "A" in html
    assert "B" in html
    assert "correct" not in html.lower()


@pytest.mark.parametrize(
    ("form_class", "data", "field", "message"),
    [
        (MessageQuestionForm, {"text": ""}, "text", "Enter your question"),
        (
            MessageQuestionForm,
            {"text": "x" * 2001},
            "text",
            "Your question must be 2,000 characters or fewer",
        ),
        (MessageAnswerForm, {"answer": ""}, "answer", "Enter the answer"),
        (
            MessageAnswerForm,
            {"answer": "x" * 5001},
            "answer",
            "The answer must be 5,000 characters or fewer",
        ),
        (BriefingForm, {}, "method", "Choose how you briefed your team"),
        (BriefingForm, {"method": "smoke signals"}, "method", "Choose how you briefed your team"),
    ],
)
def test_questions_answers_and_briefings_say_what_is_missing(
    form_class: type[Any], data: dict[str, str], field: str, message: str
) -> None:
    form = form_class(data)

    assert not form.is_valid()
    assert form.errors[field] == [message]
