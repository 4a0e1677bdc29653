"""Forms about people: a spell of sickness absence, a caseload count, the starters and leavers
page's year and agency, and a workforce manager's remit."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from childtrust.accounts.models import User
from childtrust.accounts.selectors import active_user_with_username
from childtrust.core.forms import GovukDateField, GovukFormMixin
from childtrust.partnership.models import Agency
from childtrust.partnership.selectors.registry import agencies_by_name
from childtrust.workforce.forms.establishment.fields import RecordChoiceField


class AbsenceForm(GovukFormMixin, forms.Form):
    starts_on = GovukDateField(
        label="First day of absence",
        what="the first day of absence",
        help_text="For example, 4 11 2024.",
    )
    ends_on = GovukDateField(
        label="Last day of absence",
        what="the last day of absence",
        help_text="In the same year to 30 September: record a spell that crosses it as two.",
    )
    working_days_lost = forms.CharField(
        label="Working days lost",
        help_text="In full-time days: a half-time worker off for a week loses 2.5.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
        error_messages={"required": "Enter the working days lost, such as 5 or 2.5"},
    )

    def clean_working_days_lost(self) -> Decimal:
        text = self.cleaned_data["working_days_lost"].strip()
        try:
            days = Decimal(text)
        except InvalidOperation:
            raise ValidationError(
                "Enter the working days lost as a number, such as 5 or 2.5"
            ) from None
        if not days.is_finite():
            raise ValidationError("Enter the working days lost as a number, such as 5 or 2.5")
        return days


class CaseloadForm(GovukFormMixin, forms.Form):
    counted_on = GovukDateField(
        label="Day counted",
        what="the day the cases were counted",
        help_text="For example, 30 9 2025.",
    )
    cases = forms.IntegerField(
        label="Cases held",
        min_value=0,
        max_value=1000,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of cases, such as 17",
            "invalid": "Enter the number of cases as a whole number, such as 17",
            "min_value": "The number of cases cannot be below 0",
            "max_value": "The number of cases cannot be more than 1000",
        },
    )


class StartersLeaversForm(GovukFormMixin, forms.Form):
    year = forms.TypedChoiceField(
        label="Census year",
        coerce=int,
        choices=[],
        required=False,
        help_text="The year to 30 September.",
        error_messages={"invalid_choice": "Choose a census year from the list"},
    )
    agency = RecordChoiceField(
        label="Agency",
        queryset=agencies_by_name().none(),
        required=False,
        empty_label="Every agency",
        to_field_name="slug",
        error_messages={"invalid_choice": "Choose an agency from the list"},
    )

    def __init__(
        self, *args: Any, years: list[int], agencies: QuerySet[Agency], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            (year, f"1 October {year - 1} to 30 September {year}") for year in years
        ]
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.default_year = years[0]

    def chosen(self) -> tuple[int, Agency | None]:
        """The year and agency chosen, each when good: a bad agency does not drop the year."""
        if not self.is_bound:
            return self.default_year, None
        self.is_valid()
        data = self.cleaned_data
        return data.get("year") or self.default_year, data.get("agency")


class ConfirmForm(GovukFormMixin, forms.Form):
    """A confirmation page's button (lifting a remit): no fields; the service's refusal is the
    form's error, for the page's error summary and title."""


class RemitForm(GovukFormMixin, forms.Form):
    username = forms.CharField(
        label="The workforce manager's username",
        max_length=150,
        help_text="The name they sign in with.",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-20", "spellcheck": "false", "autocomplete": "off"}
        ),
        error_messages={"required": "Enter the workforce manager's username"},
    )
    agency = RecordChoiceField(
        label="Agency",
        queryset=agencies_by_name().none(),
        empty_label="Choose an agency",
        help_text="They will see and change only this agency's workforce.",
        error_messages={
            "required": "Choose the agency to limit them to",
            "invalid_choice": "Choose an agency from the list",
        },
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip()
        user = active_user_with_username(username)
        if user is None:
            raise ValidationError(f"No active account has the username {username}")
        return user
