"""The costings forms: the services page's filter (a GET form), and the forms for a service's
costing, its demand in a locality and its expected benefit on an outcome. The services make the
final checks (future dates, a block's price); the forms turn text into figures with a message
a person can act on."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms

from childtrust.core.form_fields import MoneyField
from childtrust.core.forms import GovukDateField, GovukFormMixin
from childtrust.partnership.selectors.framework import outcomes_in_order
from childtrust.partnership.selectors.registry import agencies_by_name, localities_by_name
from childtrust.resources.models import EvidenceRating, TargetGroup
from childtrust.resources.selectors.costings import EVIDENCE_SHORT, CostingFilter

HUNDRED = Decimal("100")


def _date(label: str, what: str) -> GovukDateField:
    return GovukDateField(
        label=label,
        what=f"the date of the {what}",
        help_text="The day the figure describes, for example 1 4 2026. It cannot be in the future.",
    )


def _source(label: str, what: str, *, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=300,
        help_text=help_text,
        error_messages={
            "required": f"Enter where the {what} comes from",
            "max_length": f"Where the {what} comes from must be 300 characters or fewer",
        },
    )


def _pounds(
    label: str, what: str, *, required: bool, help_text: str, max_digits: int
) -> MoneyField:
    limit = f"£{10 ** (max_digits - 2):,}"
    return MoneyField(
        label=label,
        what=f"the {what}",
        required=required,
        allow_negative=True,  # the form's clean says "more than £0", with the block's rules
        max_digits=max_digits,
        help_text=help_text,
        error_messages={
            "required": f"Enter the {what} in pounds, like 450.00",
            "invalid": f"Enter the {what} as an amount in pounds, like 450.00 or 1,250.50",
            "max_digits": f"Enter a {what} under {limit}",
            "max_whole_digits": f"Enter a {what} under {limit}",
            "max_decimal_places": f"Enter the {what} in pounds and pence, like 450.50",
        },
    )


def _whole(label: str, what: str, *, required: bool, help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=10_000_000,
        help_text=help_text,
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"Enter the {what} as a whole number, like 120",
            "min_value": f"The {what} cannot be negative",
            "max_value": f"Enter a {what} of 10,000,000 or fewer",
        },
    )


class CostingFilterForm(GovukFormMixin, forms.Form):
    """The services page's filters: a GET form that works without JavaScript. An invalid filter is
    shown with its message and left out; the others still apply."""

    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=agencies_by_name().only("slug", "name"),
        required=False,
        empty_label="Any agency",
        to_field_name="slug",
        error_messages={"invalid_choice": "Choose an agency from the list"},
    )
    locality = forms.ModelChoiceField(
        label="Locality",
        queryset=localities_by_name().only("slug", "name"),
        required=False,
        empty_label="Any locality",
        to_field_name="slug",
        error_messages={"invalid_choice": "Choose a locality from the list"},
    )
    target_group = forms.ChoiceField(
        label="Target group",
        required=False,
        choices=[("", "Any target group"), *TargetGroup.choices],
        error_messages={"invalid_choice": "Choose a target group from the list"},
    )
    outcome = forms.ModelChoiceField(
        label="Outcome",
        queryset=outcomes_in_order().only("slug", "name", "position"),
        required=False,
        empty_label="Any outcome",
        to_field_name="slug",
        error_messages={"invalid_choice": "Choose an outcome from the list"},
    )

    def to_filter(self) -> CostingFilter:
        if not self.is_bound:
            return CostingFilter()
        self.is_valid()
        data = self.cleaned_data
        return CostingFilter(
            agency=data.get("agency"),
            locality=data.get("locality"),
            target_group=data.get("target_group") or "",
            outcome=data.get("outcome"),
        )


class ServiceCostingForm(GovukFormMixin, forms.Form):
    target_group = forms.ChoiceField(
        label="Who the service is for",
        choices=[("", "Choose a target group"), *TargetGroup.choices],
        help_text="Services of different agencies for the same group, outcome and locality may "
        "duplicate each other.",
        error_messages={
            "required": "Choose who the service is for",
            "invalid_choice": "Choose a target group from the list",
        },
    )
    cost_per_child = _pounds(
        "Cost per child",
        "cost per child",
        required=True,
        max_digits=10,
        help_text="The average cost of supporting one child for a year, like 450.00.",
    )
    cost_source = _source(
        "Where the cost comes from",
        "cost",
        help_text="Such as the service's accounts for 2025-26.",
    )
    cost_as_of = _date("Date of the cost", "cost")
    capacity = _whole(
        "Capacity",
        "capacity",
        required=True,
        help_text="How many children the service can support in a year.",
    )
    capacity_source = _source(
        "Where the capacity comes from",
        "capacity",
        help_text="Such as the service plan for 2026-27.",
    )
    capacity_as_of = _date("Date of the capacity", "capacity")
    block_cost = _pounds(
        "Cost of one block (optional)",
        "block cost",
        required=False,
        max_digits=14,
        help_text="Only for a service funded in whole posts or contracts, like 42000.00 for one "
        "family support worker. Leave blank if it can be funded child by child.",
    )
    block_children = _whole(
        "Children one block serves (optional)",
        "number of children one block serves",
        required=False,
        help_text="Like 25 families a year for one worker. Give both block figures or neither.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        cost, children = data.get("block_cost"), data.get("block_children")
        # Only when both fields were read: a field with its own error is left to say so.
        if "block_cost" in data and "block_children" in data:
            if cost is not None and children is None:
                self.add_error(
                    "block_children",
                    "Enter the children one block serves, or leave the block cost blank too",
                )
            elif children is not None and cost is None:
                self.add_error(
                    "block_cost",
                    "Enter the cost of one block, or leave the children per block blank",
                )
        if cost is not None and cost <= 0:
            self.add_error("block_cost", "Enter a block cost of more than £0")
        if children is not None and children == 0:
            self.add_error("block_children", "Enter the children one block serves, 1 or more")
        per_child = data.get("cost_per_child")
        if per_child is not None and per_child <= 0:
            self.add_error("cost_per_child", "Enter a cost per child of more than £0")
        return data


class LocalityDemandForm(GovukFormMixin, forms.Form):
    locality = forms.ModelChoiceField(
        label="Locality",
        queryset=localities_by_name(),
        empty_label="Choose a locality",
        to_field_name="slug",
        help_text="A figure already held for the locality is replaced.",
        error_messages={
            "required": "Choose the locality",
            "invalid_choice": "Choose a locality from the list",
        },
    )
    children = _whole(
        "Children who need the service",
        "number of children who need the service",
        required=True,
        help_text="In the locality, in a year.",
    )
    source = _source(
        "Where the figure comes from",
        "demand figure",
        help_text="Such as the joint strategic needs assessment, 2026.",
    )
    as_of = _date("Date of the figure", "demand figure")


class ServiceBenefitForm(GovukFormMixin, forms.Form):
    """Asks for the benefit as "children better off per 100 supported" (8) and hands the service
    the chance (0.08)."""

    outcome = forms.ModelChoiceField(
        label="Outcome",
        queryset=outcomes_in_order(),
        empty_label="Choose an outcome",
        to_field_name="slug",
        help_text="A figure already held for the outcome is replaced.",
        error_messages={
            "required": "Choose the outcome",
            "invalid_choice": "Choose an outcome from the list",
        },
    )
    better_off_per_100 = forms.DecimalField(
        label="Children better off per 100 supported",
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        help_text="How many more of every 100 children the service supports reach a good "
        "outcome than would without it, like 8. From 0 to 100.",
        error_messages={
            "required": "Enter how many children of every 100 supported are better off",
            "invalid": "Enter the children better off per 100 as a number, like 8 or 2.5",
            "min_value": "The children better off per 100 cannot be negative",
            "max_value": "The children better off per 100 cannot be more than 100",
            "max_digits": "The children better off per 100 cannot be more than 100",
            "max_whole_digits": "The children better off per 100 cannot be more than 100",
            "max_decimal_places": "Give the children better off per 100 to at most 2 decimal "
            "places, like 2.25",
        },
    )
    evidence_rating = forms.TypedChoiceField(
        label="How strong is the evidence?",
        coerce=int,
        choices=[
            (value, f"{label} ({EVIDENCE_SHORT[value].lower()})")
            for value, label in EvidenceRating.choices
        ],
        widget=forms.RadioSelect,
        help_text="The levels of the Early Intervention Foundation's evidence standards.",
        error_messages={
            "required": "Choose how strong the evidence is",
            "invalid_choice": "Choose how strong the evidence is from the list",
        },
    )
    source = _source(
        "Where the figure comes from",
        "benefit figure",
        help_text="Such as the evaluation, or the Early Intervention Foundation guidebook entry.",
    )
    as_of = _date("Date of the figure", "benefit figure")

    @staticmethod
    def service_arguments(answers: Mapping[str, Any]) -> dict[str, Any]:
        """The form's answers (its cleaned data) as service_benefit_set takes them: the chance
        of a better outcome (0.08) from the children better off per 100 supported (8)."""
        better_off: Decimal = answers["better_off_per_100"]
        return {
            "outcome": answers["outcome"],
            "benefit_per_child": (better_off / HUNDRED).quantize(Decimal("0.0001")),
            "evidence_rating": answers["evidence_rating"],
            "source": answers["source"],
            "as_of": answers["as_of"],
        }
