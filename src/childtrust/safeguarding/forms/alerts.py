"""Forms of the alerts pages: the list's filter, the three responses to an alert (acknowledge,
record what was done, close) and an alert rule. Their limits are the services' own; the forms
only turn text into values and say so in plain words."""

from __future__ import annotations

from typing import Any

from django import forms

from childtrust.core.forms import GovukFormMixin
from childtrust.safeguarding.models import AlertStatus, ConcernCategory, Rag, RuleKind, Severity
from childtrust.safeguarding.services.alert_lifecycle import NOTE_LONGEST


class AlertFilterForm(GovukFormMixin, forms.Form):
    rag = forms.ChoiceField(
        label="RAG rating", required=False, choices=[("", "Any rating"), *Rag.choices]
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Not closed"), *AlertStatus.choices, ("all", "Any status")],
    )


class AlertAcknowledgeForm(GovukFormMixin, forms.Form):
    """A button: the service's refusal (already acknowledged) is the form's error."""


def _words(label: str, what: str, hint: str) -> Any:
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=NOTE_LONGEST,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": f"Enter {what}",
            "max_length": f"{label} must be {NOTE_LONGEST:,} characters or fewer",
        },
    )


class AlertActionForm(GovukFormMixin, forms.Form):
    note = _words(
        "What was done",
        "what was done about the alert",
        "Such as 'Strategy discussion held with police and school on 4 December 2026'.",
    )


class AlertCloseForm(GovukFormMixin, forms.Form):
    reason = _words(
        "Why the alert can be closed",
        "why the alert can be closed",
        "Such as 'Child in need plan in place; lead professional monitoring'.",
    )


def _number(label: str, what: str, low: int, high: int, unit: str, hint: str = "") -> Any:
    message = f"{label} must be a whole number from {low} to {high} {unit}"
    return forms.IntegerField(
        label=label,
        help_text=hint,
        min_value=low,
        max_value=high,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": f"Enter {what}",
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
    )


class AlertRuleForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={
            "required": "Enter the rule's name",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="What the rule counts",
        choices=RuleKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the rule counts"},
    )
    categories = forms.MultipleChoiceField(
        label="Categories counted",
        help_text="Leave all unticked to count every category.",
        required=False,
        choices=ConcernCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select only the categories listed"},
    )
    minimum_severity = forms.ChoiceField(
        label="Lowest severity counted",
        required=False,
        choices=[("", "Any severity"), *Severity.choices],
        error_messages={"invalid_choice": "Select a severity from the list"},
    )
    minimum_concerns = _number("Number of concerns", "the number of concerns", 1, 50, "concerns")
    minimum_agencies = _number(
        "Number of agencies",
        "the number of agencies",
        1,
        50,
        "agencies",
        "Only for concerns from several agencies: 1 for the other kinds.",
    )
    window_days = _number("Window", "the window in days", 1, 365, "days", "In days, 1 to 365.")
    rag = forms.ChoiceField(
        label="RAG rating of its alerts",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a RAG rating"},
    )
    acknowledge_within_hours = _number(
        "Time to acknowledge",
        "the time to acknowledge in working hours",
        1,
        720,
        "working hours",
        "In working hours (weekends and bank holidays do not count), 1 to 720.",
    )
    description = forms.CharField(
        label="Why the rule matters (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
