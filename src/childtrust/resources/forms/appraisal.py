"""Appraisal forms: the decision record, an option with a table of its costs and benefits year by
year (plain inputs, one row a year: no JavaScript needed), a risk, and the decision.

Forms check the shape of what is typed, with plain messages; the appraisal services hold the
rules (unique names, decided appraisals locked) and their messages reach the form through the
views."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from childtrust.core.form_fields import MoneyField
from childtrust.core.forms import GovukFormMixin
from childtrust.resources.models import Appraisal, AppraisalOption
from childtrust.resources.services.appraisal import (
    EARLIEST_FIRST_YEAR,
    LAST_YEAR_INDEX,
    LATEST_FIRST_YEAR,
    OPTION_FIELDS,
    YearInput,
)

DEFAULT_YEARS = 10  # rows shown for a new option: years 0 to 9
MAX_POUNDS = Decimal("999999999999.99")  # OptionYear.costs: 14 digits, 2 after the point


def _pounds(label: str, *, what: str, required: bool = True) -> MoneyField:
    return MoneyField(
        label=label,
        what=what,
        required=required,
        max_value=MAX_POUNDS,
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as an amount in pounds, like 25,000 or 1,250,000.50",
            "min_value": f"{what[0].upper()}{what[1:]} cannot be negative",
            "max_value": f"{what[0].upper()}{what[1:]} must be less than £1 trillion",
            "max_decimal_places": f"Enter {what} to the penny at most (2 decimal places)",
            "max_digits": f"{what[0].upper()}{what[1:]} must be less than £1 trillion",
        },
    )


class AppraisalForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="A short name for the choice, such as “Agencies independent or one trust”.",
        error_messages={
            "required": "Enter a title for the appraisal",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    question = forms.CharField(
        label="The question",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The choice to be made, and why now.",
        error_messages={"required": "Enter the question the appraisal answers"},
    )
    first_year = forms.IntegerField(
        label="First year",
        min_value=EARLIEST_FIRST_YEAR,
        max_value=LATEST_FIRST_YEAR,
        help_text="The calendar year of year 0, when the costs and benefits start, like 2027.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the first year",
            "invalid": "Enter the first year as a year, like 2027",
            "min_value": f"Enter a first year from {EARLIEST_FIRST_YEAR} to {LATEST_FIRST_YEAR}",
            "max_value": f"Enter a first year from {EARLIEST_FIRST_YEAR} to {LATEST_FIRST_YEAR}",
        },
    )


class OptionForm(GovukFormMixin, forms.Form):
    """An option and its years. `year_count` rows (years 0 to year_count - 1) are shown; a row
    left blank has no figures, and a row with only one of the two filled counts the other as
    £0."""

    name = forms.CharField(
        label="Name of the option",
        max_length=200,
        error_messages={
            "required": "Enter a name for the option",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="What the option is",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    people_affected = forms.CharField(
        label="Who it affects, and how",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Children, families and staff: who gains, who loses, who has to change.",
    )
    people_benefited = forms.IntegerField(
        label="People benefited",
        min_value=0,
        max_value=2_147_483_647,
        help_text="How many people the option benefits over the appraisal period.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter how many people the option benefits (0 if none)",
            "invalid": "Enter the number of people benefited as a whole number, like 50000",
            "min_value": "The number of people benefited cannot be negative",
            "max_value": "The number of people benefited is too large",
        },
    )
    optimism_bias_costs = forms.DecimalField(
        label="Optimism bias on costs (%)",
        min_value=Decimal("0"),
        max_value=Decimal("200"),
        decimal_places=2,
        initial=Decimal("0"),
        help_text="Per cent added to the costs, because appraisals of such changes have been "
        "found to underestimate them (the Green Book's supplementary guidance).",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the optimism bias on costs (0 if none)",
            "invalid": "Enter the optimism bias on costs as a percentage, like 20",
            "min_value": "The optimism bias on costs cannot be negative",
            "max_value": "Enter the optimism bias on costs as 0 to 200 per cent",
            "max_decimal_places": "Enter the optimism bias on costs to 2 decimal places at most",
            "max_digits": "Enter the optimism bias on costs as 0 to 200 per cent",
        },
    )
    optimism_bias_benefits = forms.DecimalField(
        label="Optimism bias on benefits (%)",
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        decimal_places=2,
        initial=Decimal("0"),
        help_text="Per cent taken off the benefits.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the optimism bias on benefits (0 if none)",
            "invalid": "Enter the optimism bias on benefits as a percentage, like 10",
            "min_value": "The optimism bias on benefits cannot be negative",
            "max_value": "Enter the optimism bias on benefits as 0 to 100 per cent",
            "max_decimal_places": "Enter the optimism bias on benefits to 2 decimal places at most",
            "max_digits": "Enter the optimism bias on benefits as 0 to 100 per cent",
        },
    )
    pros = forms.CharField(
        label="For the option",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One point on each line.",
    )
    cons = forms.CharField(
        label="Against the option",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One point on each line.",
    )

    def __init__(self, *args: Any, year_count: int = DEFAULT_YEARS, **kwargs: Any) -> None:
        self.year_count = max(1, min(year_count, LAST_YEAR_INDEX + 1))
        super().__init__(*args, **kwargs)
        for year in range(self.year_count):
            self.fields[f"year_{year}_costs"] = _pounds(
                f"Costs in year {year}", what=f"the costs in year {year}", required=False
            )
            self.fields[f"year_{year}_benefits"] = _pounds(
                f"Benefits in year {year}", what=f"the benefits in year {year}", required=False
            )
        # The table's inputs are narrower than the mixin's full-width text inputs.
        for name, field in self.fields.items():
            if name.startswith("year_"):
                field.widget.attrs["class"] = "govuk-input govuk-input--width-10"

    @staticmethod
    def initial_for(option: AppraisalOption) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(option, name) for name in OPTION_FIELDS}
        for row in option.years.all():
            initial[f"year_{row.year_index}_costs"] = row.costs
            initial[f"year_{row.year_index}_benefits"] = row.benefits
        return initial

    def year_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [
            (year, self[f"year_{year}_costs"], self[f"year_{year}_benefits"])
            for year in range(self.year_count)
        ]

    def years(self) -> list[YearInput]:
        rows = []
        for year in range(self.year_count):
            costs = self.cleaned_data.get(f"year_{year}_costs")
            benefits = self.cleaned_data.get(f"year_{year}_benefits")
            if costs is None and benefits is None:
                continue
            rows.append(
                YearInput(
                    year_index=year,
                    costs=costs if costs is not None else Decimal("0"),
                    benefits=benefits if benefits is not None else Decimal("0"),
                )
            )
        return rows

    def service_arguments(self) -> dict[str, Any]:
        return {
            **{name: self.cleaned_data[name] for name in OPTION_FIELDS},
            "years": self.years(),
        }


class RiskForm(GovukFormMixin, forms.Form):
    description = forms.CharField(
        label="The risk",
        max_length=300,
        error_messages={
            "required": "Describe the risk",
            "max_length": "The description must be 300 characters or fewer",
        },
    )
    likelihood = forms.DecimalField(
        label="Likelihood",
        min_value=Decimal("0"),
        max_value=Decimal("1"),
        decimal_places=3,
        help_text="The chance it happens, from 0 to 1: 0.25 is a one in four chance.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the likelihood, from 0 to 1",
            "invalid": "Enter the likelihood as a number from 0 to 1, like 0.25",
            "min_value": "The likelihood cannot be below 0",
            "max_value": (
                "The likelihood cannot be more than 1: enter it as a number from 0 to 1, "
                "like 0.25 for a one in four chance"
            ),
            "max_decimal_places": "Enter the likelihood to 3 decimal places at most",
            "max_digits": "Enter the likelihood as a number from 0 to 1, like 0.25",
        },
    )
    cost_if_it_happens = _pounds("Cost if it happens", what="the cost if it happens")
    year_index = forms.IntegerField(
        label="Year of the appraisal it would fall in",
        min_value=0,
        max_value=LAST_YEAR_INDEX,
        initial=0,
        help_text="0 is the first year.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the year it would fall in (0 is the first)",
            "invalid": "Enter the year as a whole number, like 1",
            "min_value": f"Enter the year as 0 to {LAST_YEAR_INDEX}",
            "max_value": f"Enter the year as 0 to {LAST_YEAR_INDEX}",
        },
    )
    mitigation = forms.CharField(
        label="How it is managed",
        required=False,
        max_length=300,
        error_messages={"max_length": "The mitigation must be 300 characters or fewer"},
    )


class DecisionForm(GovukFormMixin, forms.Form):
    chosen_option = forms.ModelChoiceField(
        label="The option chosen",
        queryset=AppraisalOption.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose the option the partnership chose",
            "invalid_choice": "Choose one of this appraisal's options",
        },
    )
    decision = forms.CharField(
        label="The decision",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What was decided, by whom (such as the partnership board, and when) and why.",
        error_messages={"required": "Enter what was decided, by whom and why"},
    )

    def __init__(self, *args: Any, appraisal: Appraisal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["chosen_option"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = appraisal.options.order_by("position", "pk")


def year_count_for(appraisal: Appraisal, requested: str | None) -> int:
    """How many rows the years table shows: as many as the appraisal's longest option uses
    (10 for the first), or more when asked (?years=15), up to 101."""
    longest = max(
        (y.year_index + 1 for o in appraisal.options.all() for y in o.years.all()),
        default=DEFAULT_YEARS,
    )
    try:
        asked = int(requested) if requested else 0
    except (TypeError, ValueError, InvalidOperation):
        asked = 0
    return max(1, min(max(longest, asked), LAST_YEAR_INDEX + 1))
