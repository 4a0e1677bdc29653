from typing import Any

from django import forms

from childtrust.audit.models import AuditAction
from childtrust.audit.selectors import AuditFilter
from childtrust.core.forms import GovukFormMixin


class AuditFilterForm(GovukFormMixin, forms.Form):
    actor = forms.CharField(
        label="Username",
        required=False,
        max_length=150,
        error_messages={"max_length": "Username must be 150 characters or fewer"},
    )
    action = forms.ChoiceField(
        label="Action",
        required=False,
        choices=[("", "Any action"), *AuditAction.choices],
        error_messages={"invalid_choice": "Choose an action from the list"},
    )
    object_type = forms.ChoiceField(
        label="Kind of record",
        required=False,
        choices=[],
        error_messages={"invalid_choice": "Choose a kind of record from the list"},
    )
    object_id = forms.CharField(
        label="Record ID",
        required=False,
        max_length=64,
        error_messages={"max_length": "Record ID must be 64 characters or fewer"},
    )
    date_from = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the from date as a real date, like 2026-11-25"},
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the to date as a real date, like 2026-11-25"},
    )

    def __init__(self, *args: Any, object_types: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        object_type = self.fields["object_type"]
        assert isinstance(object_type, forms.ChoiceField)
        object_type.choices = [("", "Any kind"), *[(t, t) for t in object_types]]

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
            actor=data.get("actor", ""),
            action=data.get("action", ""),
            object_type=data.get("object_type", ""),
            object_id=data.get("object_id", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
