"""Forms for the shared vision and the outcomes framework: a new version of the vision, an
outcome, a priority, an indicator, and an agency's commitments (one checkbox per priority)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from childtrust.core.forms import GovukDateField, GovukFormMixin
from childtrust.partnership.models import Agency, Outcome, Priority
from childtrust.partnership.selectors.framework import (
    outcomes_in_order,
    priorities_with_outcome,
)

_POSITION_HELP = "Lower numbers come first. Leave blank to put it last."


def _position_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="Order (optional)",
        help_text=_POSITION_HELP,
        required=False,
        min_value=0,
        max_value=1000,
        error_messages={
            "invalid": "Enter the order as a whole number, like 3",
            "min_value": "Enter the order as a whole number from 0 to 1000",
            "max_value": "Enter the order as a whole number from 0 to 1000",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )


class VisionAdoptForm(GovukFormMixin, forms.Form):
    text = forms.CharField(
        label="The vision",
        help_text="The whole text as adopted. Earlier versions are kept.",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the text of the vision"},
    )
    adopted_on = GovukDateField(
        label="Date it was adopted",
        what="the date the vision was adopted",
        help_text="For example, 25 11 2026. It cannot be in the future.",
    )
    adopted_by = forms.CharField(
        label="Adopted by",
        help_text="The body that agreed it, such as the Children's Trust Board.",
        max_length=200,
        error_messages={
            "required": "Enter who adopted the vision, such as the Children's Trust Board",
            "max_length": "Who adopted the vision must be 200 characters or fewer",
        },
    )


class OutcomeForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Name",
        help_text="For example, Be healthy.",
        max_length=100,
        error_messages={
            "required": "Enter the outcome's name",
            "max_length": "The outcome's name must be 100 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    position = _position_field()


class PriorityForm(GovukFormMixin, forms.Form):
    outcome = forms.ModelChoiceField(
        label="Outcome",
        help_text="The outcome this priority works towards.",
        queryset=outcomes_in_order(),
        empty_label="Choose an outcome",
        error_messages={
            "required": "Choose the outcome this priority works towards",
            "invalid_choice": "Choose the outcome this priority works towards",
        },
    )
    title = forms.CharField(
        label="Title",
        help_text="For example, Fewer children living with obesity.",
        max_length=200,
        error_messages={
            "required": "Enter the priority's title",
            "max_length": "The priority's title must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    position = _position_field()


class _PriorityChoiceField(forms.ModelChoiceField[Priority]):
    def label_from_instance(self, obj: Priority) -> str:
        return f"{obj.outcome}: {obj.title}"


class FrameworkIndicatorForm(GovukFormMixin, forms.Form):
    priority = _PriorityChoiceField(
        label="Priority",
        help_text="The priority whose progress this indicator measures.",
        queryset=priorities_with_outcome(),
        empty_label="Choose a priority",
        error_messages={
            "required": "Choose the priority this indicator measures",
            "invalid_choice": "Choose the priority this indicator measures",
        },
    )
    name = forms.CharField(
        label="Name",
        help_text="For example, Children overweight or obese at reception age.",
        max_length=200,
        error_messages={
            "required": "Enter the indicator's name",
            "max_length": "The indicator's name must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description (optional)",
        help_text="How it is measured and where the figures come from.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@dataclass(frozen=True)
class CommitmentChoice:
    priority: Priority
    commit: forms.BoundField
    contribution: forms.BoundField


class AgencyCommitmentsForm(GovukFormMixin, forms.Form):
    """One checkbox per priority, grouped by outcome, each with what the agency will do.
    Works without JavaScript: every contribution box is always shown."""

    def __init__(
        self,
        *args: Any,
        agency: Agency,
        groups: list[tuple[Outcome, list[Priority]]],
        contributions: dict[int, str],
        **kwargs: Any,
    ) -> None:
        self.agency = agency
        self.priority_groups = groups
        super().__init__(*args, **kwargs)
        # Added after GovukFormMixin has styled the declared fields, so styled here.
        name = agency.short_name or agency.name
        for _outcome, priorities in groups:
            for priority in priorities:
                self.fields[f"commit_{priority.pk}"] = forms.BooleanField(
                    label=priority.title,
                    help_text=priority.description,
                    required=False,
                    initial=priority.pk in contributions,
                )
                self.fields[f"contribution_{priority.pk}"] = forms.CharField(
                    label=f"What {name} will do towards “{priority.title}”",
                    required=False,
                    initial=contributions.get(priority.pk, ""),
                    widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for priority in self._priorities():
            ticked = cleaned.get(f"commit_{priority.pk}")
            written = cleaned.get(f"contribution_{priority.pk}", "").strip()
            if ticked and not written:
                self.add_error(
                    f"contribution_{priority.pk}",
                    f"Say what {self.agency} will do towards “{priority.title}”",
                )
            elif written and not ticked:
                self.add_error(
                    f"commit_{priority.pk}",
                    f"Tick “{priority.title}” if {self.agency} commits to it, "
                    "or clear what you wrote about it",
                )
        return cleaned

    def _priorities(self) -> list[Priority]:
        return [p for _outcome, priorities in self.priority_groups for p in priorities]

    def chosen(self) -> dict[Priority, str]:
        """The priorities ticked, each with what the agency will do towards it."""
        return {
            priority: self.cleaned_data[f"contribution_{priority.pk}"]
            for priority in self._priorities()
            if self.cleaned_data.get(f"commit_{priority.pk}")
        }

    def groups(self) -> list[tuple[Outcome, list[CommitmentChoice]]]:
        """The fields laid out for the page: each outcome with a checkbox and a text box per
        priority."""
        return [
            (
                outcome,
                [
                    CommitmentChoice(
                        priority=p,
                        commit=self[f"commit_{p.pk}"],
                        contribution=self[f"contribution_{p.pk}"],
                    )
                    for p in priorities
                ],
            )
            for outcome, priorities in self.priority_groups
        ]
