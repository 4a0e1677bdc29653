"""The forms of concerns: recording one about a child, and naming an agency's designated
safeguarding lead."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from childtrust.core.form_fields import PersonChoiceField
from childtrust.core.forms import GovukDateField, GovukFormMixin
from childtrust.partnership.models import Agency
from childtrust.partnership.selectors.staff import staff_in_post
from childtrust.safeguarding.models import ConcernCategory, Severity
from childtrust.safeguarding.school_days import LONDON
from childtrust.safeguarding.services.concerns import SUMMARY_MAX


def _number(label: str) -> Any:
    return forms.CharField(
        label=label,
        required=False,
        max_length=2,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input--width-2", "spellcheck": "false"}
        ),
        error_messages={"max_length": f"The {label.lower()} must be a number"},
    )


class ConcernForm(GovukFormMixin, forms.Form):
    category = forms.ChoiceField(
        label="What kind of concern is it?",
        choices=ConcernCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of concern it is"},
    )
    severity = forms.ChoiceField(
        label="How serious is it?",
        choices=Severity.choices,
        widget=forms.RadioSelect,
        help_text="Your judgement: the partnership's alert rules may count only the more "
        "serious concerns.",
        error_messages={"required": "Choose how serious it is"},
    )
    occurred_at = GovukDateField(
        label="Date it happened", what="the date it happened", help_text="For example, 27 3 2026."
    )
    occurred_hour = _number("Hour")
    occurred_minute = _number("Minute")
    summary = forms.CharField(
        label="What was seen or heard",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=SUMMARY_MAX,
        help_text="In your own words: what happened, who was there, what the child said.",
        error_messages={
            "required": "Enter what was seen or heard",
            "max_length": f"What was seen or heard must be {SUMMARY_MAX:,} characters or fewer",
        },
    )
    significant = forms.BooleanField(
        label="This is a significant event",
        required=False,
        help_text="It is flagged on the child's chronology.",
    )
    restricted = forms.BooleanField(
        label="Restrict the detail to my agency",
        required=False,
        help_text="Others working with the child see only that a concern was recorded, when, and "
        "whom to contact at your agency. The front door still reads it in full.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        hour, minute = (
            str(data.get(n) or "").strip() for n in ("occurred_hour", "occurred_minute")
        )
        when: datetime.datetime | None = None
        if not hour and not minute:
            self.add_error("occurred_hour", "Enter the time it happened, or your best estimate")
        elif not hour or not minute:
            missing = "occurred_hour" if not hour else "occurred_minute"
            self.add_error(missing, "The time it happened must include an hour and a minute")
        elif not _digits(hour, minute) or int(hour) > 23 or int(minute) > 59:
            self.add_error(
                "occurred_hour", "The time it happened must be a real time, such as 14 and 30"
            )
        elif isinstance(data.get("occurred_at"), datetime.date):
            when = datetime.datetime.combine(
                data["occurred_at"], datetime.time(int(hour), int(minute)), tzinfo=LONDON
            )
        data["when"] = when
        return data


def _digits(*texts: str) -> bool:
    """ASCII digits only: str.isdigit() also says yes to "²", which int() refuses."""
    return all(text.isascii() and text.isdigit() for text in texts)


class DesignatedLeadForm(GovukFormMixin, forms.Form):
    staff = PersonChoiceField(
        label="Designated safeguarding lead",
        queryset=staff_in_post().none(),
        required=False,
        empty_label="No one (remove the lead)",
        help_text="They are told of police notifications of domestic abuse about the agency's "
        "children before the next school day.",
        error_messages={"invalid_choice": "Choose someone from the list"},
    )
    deputy = PersonChoiceField(
        label="Deputy (optional)",
        queryset=staff_in_post().none(),
        required=False,
        empty_label="No deputy",
        error_messages={"invalid_choice": "Choose someone from the list"},
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = staff_in_post().filter(agency=agency).order_by("family_name", "given_name")
        fields: Any = self.fields
        fields["staff"].queryset = people
        fields["deputy"].queryset = people
