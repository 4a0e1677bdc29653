"""The form that runs a new allocation: the year, a name, the locality floor as a percentage and
whether posts and contracts are funded in whole blocks."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms

from childtrust.core.forms import GovukFormMixin
from childtrust.resources.models import FinancialYear
from childtrust.resources.selectors.allocation_problem import locality_floor_too_high


class AllocationRunForm(GovukFormMixin, forms.Form):
    year = forms.ModelChoiceField(
        queryset=FinancialYear.objects.order_by("-starts_on"),
        label="Financial year",
        empty_label=None,
        error_messages={
            "required": "Select the financial year to allocate",
            "invalid_choice": "Select a financial year from the list",
        },
    )
    name = forms.CharField(
        label="Name (optional)",
        required=False,
        max_length=200,
        help_text="Such as “Board paper, December”. Left blank, a name is made from the settings.",
        error_messages={"max_length": "The name must be 200 characters or fewer"},
    )
    # Messages with parameters are %-formatted by Django: a per cent sign is written %%.
    locality_floor_percent = forms.DecimalField(
        label="Locality floor (%)",
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        initial=Decimal("15"),
        help_text=(
            "The least share of the budget each locality must receive, so that no area is left "
            "out: 15 means 15%. Enter 0 for no floor."
        ),
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-4", "inputmode": "decimal", "spellcheck": "false"}
        ),
        error_messages={
            "required": "Enter the locality floor as a percentage, such as 15",
            "invalid": "The locality floor must be a number, such as 15",
            "min_value": "The locality floor must be 0%% or more",
            "max_value": "The locality floor must be 100%% or less",
            "max_digits": "The locality floor must be 100%% or less",
            "max_decimal_places": "The locality floor can have at most 2 decimal places",
            "max_whole_digits": "The locality floor must be 100%% or less",
        },
    )
    whole_blocks = forms.BooleanField(
        label="Fund posts and contracts in whole blocks",
        required=False,
        initial=True,
        help_text=(
            "Services costed in blocks (a post, a contract) get whole blocks only. Untick to let "
            "the optimiser fund part of a block."
        ),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        floor = cleaned.get("locality_floor_percent")
        problem = locality_floor_too_high(floor) if floor is not None else None
        if problem:
            self.add_error("locality_floor_percent", problem)
        return cleaned

    @staticmethod
    def run_arguments(answers: Mapping[str, Any]) -> dict[str, Any]:
        """The form's answers (its cleaned data) as allocation_run takes them."""
        return {
            "year": answers["year"],
            "name": answers["name"],
            "locality_floor_share": answers["locality_floor_percent"] / 100,
            "whole_blocks": answers["whole_blocks"],
        }
