"""The audit log's filter: by person, by what they did, by record (its kind and name) and by
date, the dates in GOV.UK's date input."""

from __future__ import annotations

from typing import Any

from django import forms

from childtrust.audit.models import AuditAction
from childtrust.audit.selectors import AuditFilter
from childtrust.core.forms import GovukDateField, GovukFormMixin


class AuditFilterForm(GovukFormMixin, forms.Form):
    person = forms.CharField(
        label="Person",
        help_text="Their name or username",
        required=False,
        max_length=150,
        error_messages={"max_length": "Person must be 150 characters or fewer"},
    )
    action = forms.ChoiceField(
        label="What they did",
        required=False,
        choices=[("", "Anything"), *AuditAction.choices],
        error_messages={"invalid_choice": "Choose what they did from the list"},
    )
    object_type = forms.ChoiceField(
        label="Kind of record",
        required=False,
        choices=[],
        error_messages={"invalid_choice": "Choose a kind of record from the list"},
    )
    object_name = forms.CharField(
        label="Record's name",
        help_text="Words of its name, such as Family Hub North",
        required=False,
        max_length=200,
        error_messages={"max_length": "Record's name must be 200 characters or fewer"},
    )
    # Not shown as a question: a link to one record's history sets it (shown as a hidden input).
    object_id = forms.CharField(
        required=False,
        max_length=64,
        widget=forms.HiddenInput,
        error_messages={"max_length": "Record ID must be 64 characters or fewer"},
    )
    date_from = GovukDateField(
        label="From",
        what="the from date",
        required=False,
        help_text="For example, 25 11 2026",
    )
    date_to = GovukDateField(
        label="To",
        what="the to date",
        required=False,
        help_text="For example, 25 11 2026",
    )

    def __init__(self, *args: Any, object_types: list[tuple[str, str]], **kwargs: Any) -> None:
        """`object_types` are the kinds of record in the log: (value, name shown)."""
        super().__init__(*args, **kwargs)
        object_type = self.fields["object_type"]
        assert isinstance(object_type, forms.ChoiceField)
        object_type.choices = [("", "Any kind"), *object_types]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return cleaned

    def to_filter(self) -> AuditFilter:
        if not self.is_bound:
            return AuditFilter()
        # Fields with errors are left out of cleaned_data: the parts that are right still apply
        # while the page explains what is wrong.
        self.is_valid()
        data = self.cleaned_data
        return AuditFilter(
            person=data.get("person", ""),
            action=data.get("action", ""),
            object_type=data.get("object_type", ""),
            object_name=data.get("object_name", ""),
            object_id=data.get("object_id", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
