"""Forms for the staff directory: a person's record and the directory's search. The staff
services hold the line-management rules; these forms only turn input into typed values."""

from __future__ import annotations

from typing import Any

from django import forms

from childtrust.core.form_fields import PersonChoiceField
from childtrust.core.forms import GovukFormMixin
from childtrust.partnership.forms.fields import (
    model_choice_field,
    phone_field,
    text_field,
    valid_values,
)
from childtrust.partnership.models import StaffMember, Team
from childtrust.partnership.selectors.registry import (
    agencies_by_name,
    localities_by_name,
    teams_by_name,
)
from childtrust.partnership.selectors.staff import StaffFilter, line_manager_choices


class _TeamChoiceField(forms.ModelChoiceField[Team]):
    def label_from_instance(self, obj: Team) -> str:
        return f"{obj.name} ({obj.agency.name if obj.agency else 'multi-agency'})"


class _ManagerChoiceField(PersonChoiceField):
    def label_from_instance(self, obj: StaffMember) -> str:
        return f"{obj.full_name}, {obj.job_title} ({obj.agency.name})"


class StaffMemberForm(GovukFormMixin, forms.Form):
    given_name = text_field(
        "Given name", required_message="Enter the person's given name", max_length=100
    )
    family_name = text_field(
        "Family name", required_message="Enter the person's family name", max_length=100
    )
    email = forms.EmailField(
        label="Work email address",
        max_length=254,
        error_messages={
            "required": "Enter the person's work email address",
            "invalid": "Enter an email address in the right format, like name@example.org",
            "max_length": "The email address must be 254 characters or fewer",
        },
    )
    phone = phone_field("Phone number")
    job_title = text_field("Job title", required_message="Enter the person's job title")
    agency = model_choice_field(
        "Agency",
        agencies_by_name(),
        required_message="Choose the agency the person works for",
        blank="Choose an agency",
    )
    team = _TeamChoiceField(
        label="Team",
        queryset=teams_by_name().select_related("agency"),
        required=False,
        empty_label="No team",
        help_text="Optional. A single-agency team must be in the person's own agency.",
        error_messages={"invalid_choice": "Choose a team from the list"},
    )
    manager = _ManagerChoiceField(
        label="Line manager",
        queryset=line_manager_choices(),
        required=False,
        empty_label="No line manager (top of the agency)",
        help_text="Someone in the same agency. Leave blank for the head of the agency.",
        error_messages={"invalid_choice": "Choose a line manager from the list"},
    )
    is_active = forms.BooleanField(
        label="In post", required=False, initial=True, help_text="Untick when the person leaves."
    )

    def __init__(self, *args: Any, person: StaffMember | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if person is not None:
            manager = self.fields["manager"]
            assert isinstance(manager, forms.ModelChoiceField)
            manager.queryset = line_manager_choices(excluding=person)


class StaffFilterForm(GovukFormMixin, forms.Form):
    q = text_field("Search", max_length=200, help_text="A name or job title.")
    agency = model_choice_field(
        "Agency", agencies_by_name(), blank="Any agency", to_field_name="slug"
    )
    team = model_choice_field("Team", teams_by_name(), blank="Any team", to_field_name="slug")
    locality = model_choice_field(
        "Locality",
        localities_by_name(),
        blank="Any locality",
        to_field_name="slug",
        help_text="People in teams that serve the locality.",
    )
    level = forms.IntegerField(
        label="Management level",
        required=False,
        min_value=1,
        max_value=99,
        help_text="1 is the head of an agency (no line manager), 2 reports to level 1, and so on.",
        error_messages={
            "invalid": "Enter the level as a whole number, like 2",
            "min_value": "Enter a level of 1 or more",
            "max_value": "Enter a level of 99 or less",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )

    def to_filter(self) -> StaffFilter:
        data = valid_values(self)
        return StaffFilter(
            text=data.get("q", ""),
            agency=data.get("agency"),
            team=data.get("team"),
            locality=data.get("locality"),
            level=data.get("level"),
        )
