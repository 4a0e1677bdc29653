"""The pulse surveys' forms: a survey from a template, its questions, and the answers to a round."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.http import QueryDict

from childtrust.core.forms import GovukFormMixin
from childtrust.voice.models import QuestionKind, SurveyQuestion, SurveyTheme
from childtrust.voice.services.surveys import SURVEY_FREE_TEXT_MAX_LENGTH
from childtrust.voice.survey_templates import SURVEY_TEMPLATES

LIKERT_CHOICES = [
    ("1", "Strongly disagree"),
    ("2", "Disagree"),
    ("3", "Neither agree nor disagree"),
    ("4", "Agree"),
    ("5", "Strongly agree"),
]
SURVEY_DAYS_WIDGET_ATTRS = {"inputmode": "numeric", "class": "govuk-input--width-4"}


def _survey_days(label: str, *, required: bool, range_message: str, **kwargs: Any) -> forms.Field:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=1,
        widget=forms.TextInput(attrs=dict(SURVEY_DAYS_WIDGET_ATTRS)),
        error_messages={
            "required": "Enter how many days each round stays open",
            "invalid": "Enter the number of days as a whole number, like 14",
            "min_value": range_message,
            "max_value": range_message,
        },
        **kwargs,
    )


class SurveyCreateForm(GovukFormMixin, forms.Form):
    template = forms.ChoiceField(
        label="Which template do you want to start from?",
        choices=[(template.key, template.name) for template in SURVEY_TEMPLATES.values()],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a template",
            "invalid_choice": "Choose a template from the list",
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="Staff see this, for example 'How are you finding the changes? Spring 2025'.",
        error_messages={
            "required": "Enter a title for the survey",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    round_length_days = _survey_days(
        "How many days does each round stay open?",
        required=True,
        initial=14,
        max_value=90,
        range_message="A round must stay open for between 1 and 90 days",
    )
    repeat_every_days = _survey_days(
        "Repeat every how many days? (optional)",
        required=False,
        max_value=365,
        range_message="Repeat the survey every 1 to 365 days, or leave it empty",
        help_text=(
            "For example, 90 for a round every quarter. Leave empty to run the survey once; you "
            "can still open another round yourself."
        ),
    )


class SurveyQuestionForm(GovukFormMixin, forms.Form):
    """Changes a question's wording (and a statement's theme) before the first round opens."""

    text = forms.CharField(
        label="Question or statement",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For a statement, word it so that agreeing is the good answer.",
        error_messages={
            "required": "Enter the question or statement",
            "max_length": "The question must be 300 characters or fewer",
        },
    )
    theme = forms.ChoiceField(
        label="Theme",
        choices=[("", "Choose a theme"), *SurveyTheme.choices],
        required=False,
        help_text="Results are reported by theme. Free-text questions have no theme.",
        error_messages={"invalid_choice": "Choose a theme from the list"},
    )

    def __init__(self, *args: Any, kind: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind == QuestionKind.FREE_TEXT:
            del self.fields["theme"]


class SurveyQuestionAddForm(SurveyQuestionForm):
    kind = forms.ChoiceField(
        label="Kind of question",
        choices=QuestionKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the kind of question",
            "invalid_choice": "Choose the kind of question",
        },
    )
    field_order = ["kind", "text", "theme"]


class SurveyAnswerForm(GovukFormMixin, forms.Form):
    """One field for each of the survey's questions, named `question_<id>`: the five answers
    for a statement (required), a text box for a free-text question (optional). Made by
    `survey_answer_form`, which gives the fields."""

    questions: list[SurveyQuestion] = []

    def answers(self) -> dict[int, int | str | None]:
        return {
            question.pk: self.cleaned_data.get(f"question_{question.pk}")
            for question in self.questions
        }


def survey_answer_form(
    questions: Sequence[SurveyQuestion], data: QueryDict | None = None
) -> SurveyAnswerForm:
    fields: dict[str, Any] = {
        f"question_{question.pk}": _survey_answer_field(question) for question in questions
    }
    fields["questions"] = list(questions)
    form_class: type[SurveyAnswerForm] = type("SurveyAnswerForm", (SurveyAnswerForm,), fields)
    return form_class(data)


def _survey_answer_field(question: SurveyQuestion) -> forms.Field:
    if question.kind == QuestionKind.LIKERT:
        return forms.TypedChoiceField(
            label=question.text,
            choices=LIKERT_CHOICES,
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={
                "required": f'Choose how far you agree with "{question.text}"',
                "invalid_choice": (
                    "Choose one of the five answers, from strongly disagree to strongly agree"
                ),
            },
        )
    return forms.CharField(
        label=question.text,
        required=False,
        max_length=SURVEY_FREE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Optional. Please do not name anyone or say anything that would identify you or "
            "someone else."
        ),
        error_messages={
            "max_length": (
                f"Your answer must be {SURVEY_FREE_TEXT_MAX_LENGTH:,} characters or fewer"
            ),
        },
    )
