"""The cascade's forms: a message and its check questions, confirming it, asking and answering
questions about it, and recording a briefing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django import forms
from django.db.models import Model, QuerySet

from childtrust.core.forms import GovukDateField, GovukFormMixin, RecordsChoiceField
from childtrust.partnership.selectors.registry import (
    agencies_by_name,
    localities_by_name,
    teams_by_name,
)
from childtrust.voice.models import BriefingMethod, CheckQuestion, Message, MessageKind
from childtrust.voice.services.messages import CheckQuestionInput

# Forms check the shape of what is typed, with plain messages; the cascade services hold the
# rules (dates, audiences, versions) and their messages reach the form through the views.

AUDIENCE_WHOLE = "whole"
AUDIENCE_CHOSEN = "chosen"
Chosen = TypeVar("Chosen", bound=Model)
CHECK_QUESTION_NUMBERS = (1, 2)


def _checkboxes(label: str, queryset: QuerySet[Chosen], *, what: str) -> RecordsChoiceField[Chosen]:
    return RecordsChoiceField(
        label=label,
        queryset=queryset,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": f"Choose {what} from the list",
            "invalid_pk_value": f"Choose {what} from the list",
        },
    )


def _check_prompt(number: int) -> forms.CharField:
    return forms.CharField(
        label="Question",
        required=False,
        max_length=300,
        help_text="Optional. A short question whose answer shows the message was understood, "
        "such as 'Where does a referral go from April?'",
        error_messages={"max_length": f"Check question {number} must be 300 characters or fewer"},
    )


def _check_choices() -> forms.CharField:
    return forms.CharField(
        label="Answers to choose from",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Two to four answers, one on each line.",
    )


def _check_correct(number: int) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label="Which answer is right?",
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "Choose the right answer")] + [(str(n), f"Answer {n}") for n in range(1, 5)],
        error_messages={
            "invalid_choice": f"Choose which answer to check question {number} is right"
        },
    )


class MessageForm(GovukFormMixin, forms.Form):
    """A message and up to two check questions. A correction changes only the words
    (`published=True` leaves out the audience and the date: MessageCorrectionForm)."""

    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter a title for the message",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="What kind of message is it?",
        choices=MessageKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what kind of message it is",
            "invalid_choice": "Choose what kind of message it is",
        },
    )
    body = forms.CharField(
        label="Message",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Write it as you would say it to a team: what is changing, why, and what it "
        "means for them.",
        error_messages={"required": "Enter the message"},
    )
    brief_by = GovukDateField(
        label="Managers brief their teams by",
        what="the date by which managers must brief their teams",
        help_text="Each manager briefs their direct reports by this date, in a team meeting or "
        "one to one. For example, 31 3 2027",
    )
    audience = forms.ChoiceField(
        label="Who is it for?",
        choices=[
            (AUDIENCE_WHOLE, "The whole partnership"),
            (AUDIENCE_CHOSEN, "The agencies, localities or teams I choose"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who the message is for",
            "invalid_choice": "Choose who the message is for",
        },
    )
    agencies = _checkboxes("Agencies", agencies_by_name(), what="agencies")
    localities = _checkboxes("Localities", localities_by_name(), what="localities")
    teams = _checkboxes("Teams", teams_by_name(), what="teams")
    levels = forms.TypedMultipleChoiceField(
        label="Management levels",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to reach every level. Level 1 is the heads of agencies.",
        error_messages={"invalid_choice": "Choose management levels from the list"},
    )
    question_1_prompt = _check_prompt(1)
    question_1_choices = _check_choices()
    question_1_correct = _check_correct(1)
    question_2_prompt = _check_prompt(2)
    question_2_choices = _check_choices()
    question_2_correct = _check_correct(2)

    def __init__(
        self,
        *args: Any,
        published: bool = False,
        deepest_level: int = 1,
        named_people: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # A draft for named people (written by a service, such as a restructure's launch): this
        # form does not choose people, keeps those named, and needs no group beside them.
        self.named_people = named_people
        self.fields["levels"].choices = [  # type: ignore[attr-defined]
            (level, f"Level {level}") for level in range(1, max(deepest_level, 1) + 1)
        ]
        if published:
            for name in (
                "kind",
                "brief_by",
                "audience",
                "agencies",
                "localities",
                "teams",
                "levels",
            ):
                del self.fields[name]

    def _check_question(self, number: int) -> CheckQuestionInput | None:
        """The check question, or None with every problem with it on the form at once."""
        data = self.cleaned_data
        prompt = (data.get(f"question_{number}_prompt") or "").strip()
        choices = tuple(
            line.strip()
            for line in (data.get(f"question_{number}_choices") or "").splitlines()
            if line.strip()
        )
        correct = data.get(f"question_{number}_correct")
        if not prompt:
            if choices or correct is not None:
                self.add_error(
                    f"question_{number}_prompt",
                    f"Enter check question {number}, or clear its answers",
                )
            return None
        problems = False
        if not 2 <= len(choices) <= 4:
            problems = True
            self.add_error(
                f"question_{number}_choices",
                f"Give check question {number} between 2 and 4 answers, one on each line",
            )
        if correct is None or not 1 <= correct <= max(len(choices), 2):
            problems = True
            self.add_error(
                f"question_{number}_correct",
                f"Choose which answer to check question {number} is right: answer 1 to "
                f"answer {min(max(len(choices), 2), 4)}",
            )
        if problems or correct is None:
            return None
        return CheckQuestionInput(prompt, choices, correct - 1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        questions = [self._check_question(number) for number in CHECK_QUESTION_NUMBERS]
        data["check_questions"] = [q for q in questions if q is not None]
        if (
            data.get("audience") == AUDIENCE_CHOSEN
            and not self.named_people
            and not data.get("agencies")
            and not data.get("localities")
            and not data.get("teams")
            and not self.has_error("agencies")
            and not self.has_error("localities")
            and not self.has_error("teams")
        ):
            self.add_error(
                "audience",
                "Choose at least one agency, locality or team, or send it to the whole partnership",
            )
        return data

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned values, named as the message services take them."""
        data = self.cleaned_data
        arguments: dict[str, Any] = {name: data[name] for name in ("title", "body") if name in data}
        arguments["check_questions"] = data["check_questions"]
        if "audience" in self.fields:
            whole = data["audience"] == AUDIENCE_WHOLE
            arguments |= {
                "kind": data["kind"],
                "brief_by": data["brief_by"],
                "whole_partnership": whole,
                "agencies": [] if whole else list(data["agencies"]),
                "localities": [] if whole else list(data["localities"]),
                "teams": [] if whole else list(data["teams"]),
                "levels": data["levels"],
            }
        return arguments

    @staticmethod
    def initial_for(message: Message) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "title": message.title,
            "kind": message.kind,
            "body": message.body,
            "brief_by": message.brief_by,
            "audience": AUDIENCE_WHOLE if message.whole_partnership else AUDIENCE_CHOSEN,
            "agencies": list(message.agencies.all()),
            "localities": list(message.localities.all()),
            "teams": list(message.teams.all()),
            "levels": message.levels,
        }
        for number, question in enumerate(message.check_questions.all(), start=1):
            initial[f"question_{number}_prompt"] = question.prompt
            initial[f"question_{number}_choices"] = "\n".join(question.choices)
            initial[f"question_{number}_correct"] = question.correct_choice + 1
        return initial


class MessageCorrectionForm(MessageForm):
    """A published message's corrected words, and what changed and why, which everyone it went
    to reads with the message."""

    note = forms.CharField(
        label="What changed and why",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Everyone the message went to sees this with the message, such as 'The date "
        "was wrong: the front door opens in May, not April.'",
        error_messages={
            "required": "Say what changed and why",
            "max_length": "What changed and why must be 2,000 characters or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, published=True, **kwargs)

    def service_arguments(self) -> dict[str, Any]:
        return super().service_arguments() | {"note": self.cleaned_data["note"]}


class MessageConfirmForm(GovukFormMixin, forms.Form):
    """'I have read and understood it', with an answer to each check question."""

    def __init__(self, *args: Any, questions: Sequence[CheckQuestion] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, question in enumerate(questions, start=1):
            self.fields[f"answer_{number}"] = forms.TypedChoiceField(
                label=question.prompt,
                coerce=int,
                choices=[(str(i), choice) for i, choice in enumerate(question.choices)],
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose an answer to question {number}",
                    "invalid_choice": f"Choose an answer to question {number}",
                },
            )
        self.fields["understood"] = forms.BooleanField(
            label="I have read and understood this message",
            error_messages={"required": "Confirm that you have read and understood the message"},
        )
        self.question_count = len(questions)

    def answers(self) -> list[int | None]:
        return [
            self.cleaned_data.get(f"answer_{number}")
            for number in range(1, self.question_count + 1)
        ]


class MessageQuestionForm(GovukFormMixin, forms.Form):
    text = forms.CharField(
        label="Ask a question about this message",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="The sender answers it for everyone the message went to, without your name.",
        error_messages={
            "required": "Enter your question",
            "max_length": "Your question must be 2,000 characters or fewer",
        },
    )


class MessageAnswerForm(GovukFormMixin, forms.Form):
    answer = forms.CharField(
        label="Answer",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="Everyone the message went to sees the answer.",
        error_messages={
            "required": "Enter the answer",
            "max_length": "The answer must be 5,000 characters or fewer",
        },
    )


class BriefingForm(GovukFormMixin, forms.Form):
    method = forms.ChoiceField(
        label="How did you brief them?",
        choices=BriefingMethod.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how you briefed your team",
            "invalid_choice": "Choose how you briefed your team",
        },
    )
