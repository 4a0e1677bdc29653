"""Forms of clerical review: deciding a pair, merging another child into this one, splitting
records off to a new child. The services check everything again; these give each field its
message."""

from __future__ import annotations

from typing import Any

from django import forms

from childtrust.children.models import AgencyRecord
from childtrust.children.services.review import NOTE_MAX
from childtrust.core.forms import GovukFormMixin, RecordsChoiceField

SAME, NOT_SAME = "same", "not_same"


def _reason(label: str, what: str, *, required: bool = True, help_text: str = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=NOTE_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": f"Enter {what}",
            "max_length": f"{label} must be {NOTE_MAX} characters or fewer",
        },
    )


class DecisionForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Are these records of the same child?",
        choices=[(SAME, "Yes, the same child"), (NOT_SAME, "No, not the same child")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the records are of the same child"},
    )
    note = _reason(
        "Note",
        "why the records are not of the same child",
        required=False,
        help_text="Optional if they are the same child. Required if not: linkage will never "
        "join these two records again, so say why for whoever looks at them later.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == NOT_SAME and not (data.get("note") or "").strip():
            self.add_error("note", "Enter why the records are not of the same child")
        return data

    @property
    def same(self) -> bool:
        return bool(self.cleaned_data["decision"] == SAME)


class MergeForm(GovukFormMixin, forms.Form):
    other = forms.CharField(
        label="The other child's reference",
        max_length=12,
        help_text="For example, CT-004217. Its records, involvements and sharing decisions "
        "move to the child kept.",
        error_messages={"required": "Enter the other child's reference"},
    )
    keep = forms.ChoiceField(
        label="Which reference should the child keep?",
        choices=[("this", "This child's"), ("other", "The other child's")],
        initial="this",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which reference the child keeps"},
    )
    reason = _reason("Why are they the same child?", "why these records are of the same child")
    # Set by the check page's button: the reviewer has seen the two children side by side.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_other(self) -> str:
        return str(self.cleaned_data["other"]).strip().upper()


class SplitForm(GovukFormMixin, forms.Form):
    # Refuses an id too large for the database before it is asked (SQLite: a server error).
    records = RecordsChoiceField(
        label="Which records are of another child?",
        queryset=AgencyRecord.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="They move to a new child. Leave at least one record with this child.",
        error_messages={
            "required": "Choose the records that are of another child",
            "invalid_choice": "Choose only records of this child",
            "invalid_pk_value": "Choose only records of this child",
        },
    )
    reason = _reason("Why are they of another child?", "why these records are of another child")

    def __init__(self, *args: Any, records: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["records"]
        assert isinstance(field, RecordsChoiceField)
        field.queryset = records
        field.label_from_instance = _record_label  # type: ignore[method-assign,assignment]


def _record_label(record: AgencyRecord) -> str:
    born = (
        f", born {record.date_of_birth.day} {record.date_of_birth:%B %Y}"
        if record.date_of_birth
        else ""
    )
    name = f"{record.given_name} {record.family_name}".strip() or "No name"
    return f"{record.agency.name} record {record.record_id}: {name}{born}"
