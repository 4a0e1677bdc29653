"""Budget forms: a new year, a contribution, a budget line, a month's spend and a spend file."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import IO, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from childtrust.core.csv_files import CsvFileError
from childtrust.core.csv_stream import CsvStream, open_csv_stream
from childtrust.core.form_fields import MoneyField
from childtrust.core.forms import CsvFileField, GovukFormMixin, megabytes
from childtrust.partnership.models import Service
from childtrust.partnership.selectors.registry import agencies_by_name, services_active
from childtrust.resources.budget_rules import (
    MAX_AMOUNT,
    financial_year_months,
    spend_columns_problem,
)
from childtrust.resources.models import BudgetLine, ContributionKind, FinancialYear
from childtrust.resources.selectors.budget import (
    services_with_budget_line,
    services_without_budget_line,
)

# A year of monthly spend for every service is a few thousand rows: 5 MB is plenty. A file over
# core.import_jobs.INLINE_MAX_BYTES is loaded in the background, not in the request.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class PoundsField(MoneyField):
    """An amount in pounds and pence, written as people write it: "1250", "£1,250.50"."""

    def __init__(self, *, allow_negative: bool = False, **kwargs: Any) -> None:
        label = str(kwargs.get("label", "amount")).lower()
        kwargs.setdefault(
            "error_messages",
            {
                "required": f"Enter the {label} in pounds",
                "invalid": f"Enter the {label} in pounds, like 1,250 or 1,250.50",
                "min_value": f"The {label} must be £0 or more",
                "max_digits": f"The {label} must be less than £1,000,000,000,000",
                "max_decimal_places": f"Enter the {label} to the penny, at most 2 decimal places",
                "max_whole_digits": f"The {label} must be less than £1,000,000,000,000",
            },
        )
        super().__init__(what=f"the {label}", allow_negative=allow_negative, **kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and abs(value) > MAX_AMOUNT:
            raise ValidationError(self.error_messages["max_digits"], code="max_digits")


class FinancialYearForm(GovukFormMixin, forms.Form):
    start_year = forms.IntegerField(
        label="The year it starts",
        help_text="A financial year runs from 1 April to 31 March: enter 2027 for 2027-28.",
        error_messages={
            "required": "Enter the year it starts, such as 2027",
            "invalid": "Enter the year it starts as 4 digits, such as 2027",
        },
    )


class ServiceChoiceField(forms.ModelChoiceField[Service]):
    """Services named with their partner: two partners may run services of the same name."""

    def label_from_instance(self, obj: Service) -> str:
        return f"{obj.name} ({obj.agency})"


class ContributionForm(GovukFormMixin, forms.Form):
    agency = forms.ModelChoiceField(
        label="Partner",
        queryset=agencies_by_name().none(),
        empty_label="Choose a partner",
        error_messages={"required": "Choose the partner making the contribution"},
    )
    kind = forms.ChoiceField(
        label="Pooled or aligned?",
        choices=ContributionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the contribution is pooled or aligned"},
    )
    amount = PoundsField(label="Amount")
    ring_fenced_service = ServiceChoiceField(
        label="Ring-fenced to a service (optional)",
        queryset=services_active().none(),
        required=False,
        empty_label="Not ring-fenced",
        help_text="Only services with a budget line this year are listed.",
    )
    description = forms.CharField(label="Description (optional)", max_length=300, required=False)

    def __init__(self, *args: Any, year: FinancialYear, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ModelChoiceField)
        agency_field.queryset = agencies_by_name()
        if editing:
            del self.fields["agency"]
        service_field = self.fields["ring_fenced_service"]
        assert isinstance(service_field, forms.ModelChoiceField)
        service_field.queryset = services_with_budget_line(year)


class BudgetLineForm(GovukFormMixin, forms.Form):
    service = ServiceChoiceField(
        label="Service",
        queryset=services_active().none(),
        empty_label="Choose a service",
        help_text="Services that already have a budget line this year are not listed.",
        error_messages={"required": "Choose the service the budget is for"},
    )
    budget = PoundsField(label="Budget")
    statutory_minimum = PoundsField(
        label="Statutory minimum",
        required=False,
        help_text="The least the service must be given by law or binding contract; leave blank "
        "if none.",
    )
    statutory_basis = forms.CharField(
        label="Statutory basis",
        max_length=300,
        required=False,
        help_text='The duty behind the minimum, such as "Children Act 1989, section 17".',
    )

    def __init__(self, *args: Any, year: FinancialYear, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["service"]
            return
        field = self.fields["service"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = services_without_budget_line(year)

    def clean_statutory_minimum(self) -> Decimal:
        value = self.cleaned_data.get("statutory_minimum")
        return Decimal("0") if value is None else value


def month_choices(year: FinancialYear, today: datetime.date) -> list[tuple[str, str]]:
    """The months of the year that have begun, latest first: "2026-10" / "October 2026"."""
    this_month = today.replace(day=1)
    months = [m for m in financial_year_months(year) if m <= this_month]
    return [(f"{m:%Y-%m}", f"{m:%B %Y}") for m in reversed(months)]


class MonthlySpendForm(GovukFormMixin, forms.Form):
    month = forms.ChoiceField(
        label="Month",
        choices=[],
        help_text="Recording a month already recorded replaces its figure.",
        error_messages={
            "required": "Choose the month",
            "invalid_choice": "Choose a month of this year that has begun",
        },
    )
    amount = PoundsField(
        label="Spend",
        allow_negative=True,
        help_text="In pounds; a month's credits may make it negative, such as -250.",
    )
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)

    def __init__(self, *args: Any, line: BudgetLine, today: datetime.date, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = month_choices(line.year, today)
        month = self.fields["month"]
        assert isinstance(month, forms.ChoiceField)
        month.choices = [("", "Choose a month"), *choices]

    def clean_month(self) -> datetime.date:
        text: str = self.cleaned_data["month"]
        return datetime.date.fromisoformat(f"{text}-01")


class SpendUploadForm(GovukFormMixin, forms.Form):
    file = CsvFileField(
        max_bytes=MAX_UPLOAD_BYTES,
        help_text=(
            f"A CSV file smaller than {megabytes(MAX_UPLOAD_BYTES)}, with the columns Service "
            "(the service's slug or name), Month (YYYY-MM, such as 2026-04) and Amount "
            "(pounds), and optionally Note."
        ),
    )

    def clean_file(self) -> UploadedFile:
        """The file is read as a stream: its encoding, header and first row are checked here,
        the rows by the import, one at a time."""
        uploaded: UploadedFile = self.cleaned_data["file"]
        name = uploaded.name or "you chose"
        try:
            stream = open_csv_stream(cast(IO[bytes], uploaded.file))
        except CsvFileError as error:
            raise ValidationError(error.message_for(name)) from None
        problem = spend_columns_problem(name, stream.columns)
        if problem:
            raise ValidationError(problem)
        self.csv_stream: CsvStream = stream
        return uploaded
