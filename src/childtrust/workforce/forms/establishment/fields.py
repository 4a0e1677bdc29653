"""The establishment forms' shared questions: an FTE typed as text (GOV.UK asks for numbers
in text inputs), a choice of one record that refuses an id no record could have, and a choice
of the census year."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from childtrust.core.form_fields import PersonChoiceField
from childtrust.workforce.establishment_rules import person_fte_error

_RECORD_ID = re.compile(r"[0-9]{1,18}")


class RecordChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Django's choice of one record, refusing a value that is not a plausible id with the
    field's own "choose from the list" message (SQLite fails on an id too large)."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if not self.to_field_name and not _RECORD_ID.fullmatch(str(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class StaffChoiceField(RecordChoiceField, PersonChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj}, {obj.job_title}"


class TeamChoiceField(RecordChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.agency.name if obj.agency_id else 'multi-agency'})"


class FteField(forms.CharField):
    """An FTE such as 0.60 typed into a text box, read as a Decimal to 2 places. `person`:
    one person's FTE in one post (the establishment rules' message); otherwise a post's."""

    def __init__(self, *, label: str, what: str, person: bool, **kwargs: Any) -> None:
        self.what = what
        self.person = person
        super().__init__(
            label=label,
            error_messages={"required": f"Enter the {what}, such as 1.00 or 0.60"},
            widget=forms.TextInput(
                attrs={
                    "class": "govuk-input--width-4",
                    "inputmode": "decimal",
                    "spellcheck": "false",
                }
            ),
            **kwargs,
        )

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            fte = Decimal(text.strip())
        except InvalidOperation:
            raise ValidationError(f"Enter the {self.what} as a number, such as 0.60") from None
        if not fte.is_finite():
            raise ValidationError(f"Enter the {self.what} as a number, such as 0.60")
        if fte != fte.quantize(Decimal("0.01")):
            raise ValidationError(f"Enter the {self.what} to 2 decimal places at most, like 0.75")
        if self.person:
            problem = person_fte_error(fte)
        elif fte > 1:
            problem = (
                f"A post's funded FTE cannot be more than 1.00; {fte:.2f} was given: record the "
                "work of more than one person as more than one post"
            )
        elif fte <= 0:
            problem = "The post's funded FTE must be more than 0, such as 0.50"
        else:
            problem = None
        if problem:
            raise ValidationError(problem)
        return fte.quantize(Decimal("0.01"))
