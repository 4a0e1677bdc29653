"""The feedback forms: raising a suggestion or concern, and its owner's response."""

from __future__ import annotations

from typing import TypedDict

from django import forms

from childtrust.core.forms import GovukFormMixin
from childtrust.partnership.models import Agency
from childtrust.partnership.selectors.registry import agencies_by_name
from childtrust.voice.models import FeedbackKind


class FeedbackRaiseArguments(TypedDict):
    """The form's answers, named as services.feedback.feedback_raise takes them."""

    kind: str
    subject: str
    text: str
    agency: Agency | None
    anonymous: bool


class FeedbackResponseArguments(TypedDict):
    response: str
    publish: bool


FEEDBACK_NAMED = "named"
FEEDBACK_ANONYMOUS = "anonymous"
FEEDBACK_PUBLISH = "yes"
FEEDBACK_KEEP_PRIVATE = "no"


class FeedbackRaiseForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Is this a suggestion or a concern?",
        choices=FeedbackKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether this is a suggestion or a concern",
            "invalid_choice": "Choose whether this is a suggestion or a concern",
        },
    )
    subject = forms.CharField(
        label="Subject",
        max_length=200,
        help_text="A few words, such as 'Locality team meetings clash with school drop-off'.",
        error_messages={
            "required": "Enter a subject",
            "max_length": "The subject must be 200 characters or fewer",
        },
    )
    text = forms.CharField(
        label="Your suggestion or concern",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter your suggestion or concern"},
    )
    agency = forms.ModelChoiceField(
        label="What is it about?",
        queryset=agencies_by_name(),
        required=False,
        empty_label="The partnership as a whole",
        help_text="The head of the agency it is about will answer it; the Director of "
        "Children's Services answers feedback about the partnership as a whole.",
        error_messages={"invalid_choice": "Choose an agency from the list"},
    )
    name = forms.ChoiceField(
        label="Do you want to put your name to it?",
        choices=[
            (FEEDBACK_NAMED, "Yes, put my name to it"),
            (FEEDBACK_ANONYMOUS, "No, send it anonymously"),
        ],
        widget=forms.RadioSelect,
        help_text="Anonymous feedback keeps no record of who sent it, so we cannot tell you "
        "when it is answered: look for the answer on 'You said, we did'.",
        error_messages={
            "required": "Choose whether to put your name to it",
            "invalid_choice": "Choose whether to put your name to it",
        },
    )

    def service_arguments(self) -> FeedbackRaiseArguments:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "subject": data["subject"],
            "text": data["text"],
            "agency": data["agency"],
            "anonymous": data["name"] == FEEDBACK_ANONYMOUS,
        }


class FeedbackRespondForm(GovukFormMixin, forms.Form):
    response = forms.CharField(
        label="Your response",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Say what you have done or will do, or why not.",
        error_messages={"required": "Enter your response"},
    )
    publish = forms.ChoiceField(
        label="Publish it on 'You said, we did'?",
        choices=[
            (FEEDBACK_PUBLISH, "Yes, publish it for all staff"),
            (FEEDBACK_KEEP_PRIVATE, "No, do not publish it"),
        ],
        widget=forms.RadioSelect,
        help_text="Published responses never show who raised the feedback.",
        error_messages={
            "required": "Choose whether to publish your response",
            "invalid_choice": "Choose whether to publish your response",
        },
    )

    def service_arguments(self) -> FeedbackResponseArguments:
        return {
            "response": self.cleaned_data["response"],
            "publish": self.cleaned_data["publish"] == FEEDBACK_PUBLISH,
        }
