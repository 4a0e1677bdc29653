"""The filter of a year's budget lines: by service, partner and status (a GET form; issue 14's
long pages)."""

from __future__ import annotations

from typing import Any

from django import forms

from childtrust.core.forms import GovukFormMixin
from childtrust.resources.selectors.budget import STATUS_WORDS, LineFigures, LineStatus

BELOW_MINIMUM = "below_minimum"


class BudgetLinesFilterForm(GovukFormMixin, forms.Form):
    service = forms.CharField(
        label="Service",
        help_text="Words of its name",
        required=False,
        max_length=200,
        error_messages={"max_length": "Service must be 200 characters or fewer"},
    )
    partner = forms.ChoiceField(
        label="Partner",
        required=False,
        choices=[],
        error_messages={"invalid_choice": "Choose a partner from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "Any status"),
            *[(status.value, STATUS_WORDS[status]) for status in LineStatus],
            (BELOW_MINIMUM, "Below statutory minimum"),
        ],
        error_messages={"invalid_choice": "Choose a status from the list"},
    )

    def __init__(self, *args: Any, partners: list[tuple[str, str]], **kwargs: Any) -> None:
        """`partners` are the partners whose lines the reader sees: (slug, name)."""
        super().__init__(*args, **kwargs)
        partner = self.fields["partner"]
        assert isinstance(partner, forms.ChoiceField)
        partner.choices = [("", "Every partner"), *partners]

    def chosen(self, lines: list[LineFigures]) -> list[LineFigures]:
        """The lines the filter keeps; a part of it with a mistake is left out, and the page
        says what is wrong."""
        if not self.is_bound:
            return lines
        self.is_valid()
        data = self.cleaned_data
        words = str(data.get("service", "")).lower().split()
        partner = data.get("partner", "")
        status = data.get("status", "")
        return [
            figures
            for figures in lines
            if all(word in str(figures.line.service).lower() for word in words)
            and (not partner or figures.line.service.agency.slug == partner)
            and _has_status(figures, status)
        ]


def _has_status(figures: LineFigures, status: str) -> bool:
    if not status:
        return True
    if status == BELOW_MINIMUM:
        return figures.below_statutory_minimum
    return figures.status == status
