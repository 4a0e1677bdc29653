"""The questions the partnership's forms share, each with messages a non-technical person
understands: text, long text, email, web address, phone, a choice, a record from a list, an age."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from childtrust.partnership.services.registry import MAX_CHILD_AGE


def valid_values(form: forms.BaseForm) -> dict[str, Any]:
    """The values of a filter form's valid fields: one bad filter does not drop the others."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


def text_field(
    label: str,
    *,
    required_message: str = "",
    max_length: int = 200,
    error_messages: dict[str, str] | None = None,
    **kwargs: Any,
) -> forms.CharField:
    messages = {"max_length": f"{label} must be {max_length} characters or fewer"}
    if required_message:
        messages["required"] = required_message
    return forms.CharField(
        label=label,
        required=bool(required_message),
        max_length=max_length,
        error_messages=messages | (error_messages or {}),
        **kwargs,
    )


def long_text_field(label: str, *, required_message: str = "", **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=bool(required_message),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": required_message} if required_message else None,
        **kwargs,
    )


def email_field(label: str) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the right format, like name@example.org",
            "max_length": "The email address must be 254 characters or fewer",
        },
    )


def web_address_field(label: str) -> forms.URLField:
    return forms.URLField(
        label=label,
        required=False,
        assume_scheme="https",
        max_length=200,
        error_messages={
            "invalid": "Enter the web address in the right format, like https://www.example.org",
            "max_length": "The web address must be 200 characters or fewer",
        },
    )


def phone_field(label: str) -> forms.CharField:
    return text_field(
        label,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "class": "govuk-input--width-20"}),
    )


def choice_field(
    label: str, choices: list[tuple[str, str]], *, message: str, blank: str, help_text: str = ""
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", blank), *choices],
        help_text=help_text,
        error_messages={"required": message, "invalid_choice": message},
    )


def model_choice_field(
    label: str,
    queryset: QuerySet[Any],
    *,
    required_message: str = "",
    blank: str,
    to_field_name: str | None = None,
    help_text: str = "",
    widget: type[forms.Select] = forms.Select,
) -> forms.ModelChoiceField[Any]:
    article = "an" if label[0].lower() in "aeiou" else "a"
    invalid = f"Choose {article} {label.lower()} from the list"
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        required=bool(required_message),
        empty_label=blank,
        to_field_name=to_field_name,
        help_text=help_text,
        widget=widget,
        error_messages={
            "required": required_message or invalid,
            "invalid_choice": invalid,
        },
    )


def age_field(
    label: str,
    which: str,
    *,
    help_text: str = "",
) -> forms.IntegerField:
    message = f"Enter the {which} age as a whole number from 0 to {MAX_CHILD_AGE}"
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_CHILD_AGE,
        help_text=help_text,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
        # GOV.UK asks for a text input with a numeric keyboard rather than type="number".
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )
