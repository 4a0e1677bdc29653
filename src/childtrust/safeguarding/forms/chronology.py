"""The chronology's filter, sent by GET: an agency, a kind of entry, significant entries only,
a from and a to date (GOV.UK's date input), and the order. A filter with a mistake in it still
applies its parts that are right while the page says what is wrong (as the audit log's does)."""

from __future__ import annotations

from typing import Any

from django import forms

from childtrust.core.forms import GovukDateField, GovukFormMixin
from childtrust.safeguarding.selectors.chronology import ChronologyFilter, EntryKind

NEWEST_FIRST = "newest"
OLDEST_FIRST = "oldest"


class ChronologyFilterForm(GovukFormMixin, forms.Form):
    agency = forms.TypedChoiceField(
        label="Agency",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[],
        error_messages={"invalid_choice": "Choose an agency from the list"},
    )
    kind = forms.ChoiceField(
        label="Kind of entry",
        required=False,
        choices=[("", "Every kind"), *EntryKind.choices],
        error_messages={"invalid_choice": "Choose a kind of entry from the list"},
    )
    significant = forms.BooleanField(label="Significant entries only", required=False)
    date_from = GovukDateField(
        label="From", what="the from date", required=False, help_text="For example, 25 11 2026"
    )
    date_to = GovukDateField(
        label="To", what="the to date", required=False, help_text="For example, 25 11 2026"
    )
    order = forms.ChoiceField(
        label="Order",
        required=False,
        widget=forms.RadioSelect,
        choices=[(NEWEST_FIRST, "Newest first"), (OLDEST_FIRST, "Oldest first")],
        error_messages={"invalid_choice": "Choose newest first or oldest first"},
    )

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        """`agencies`: those the child's chronology names, (key, name)."""
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ChoiceField)
        agency.choices = [("", "Every agency"), *((str(pk), name) for pk, name in agencies)]
        self.fields["order"].initial = NEWEST_FIRST

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return cleaned

    def to_filter(self) -> ChronologyFilter:
        if not self.is_bound:
            return ChronologyFilter()
        self.is_valid()  # fields with errors are left out: the rest still apply
        data = self.cleaned_data
        return ChronologyFilter(
            agency=data.get("agency"),
            kind=data.get("kind") or "",
            significant_only=bool(data.get("significant")),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            oldest_first=data.get("order") == OLDEST_FIRST,
        )
