"""Recording a team's briefing: who came, and how they were briefed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from childtrust.core.forms import GovukFormMixin
from childtrust.voice.models import BriefingMethod, Recipient


class TeamBriefingForm(GovukFormMixin, forms.Form):
    attended = forms.TypedMultipleChoiceField(
        label="Who came to the briefing?",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select everyone who was briefed. Those already recorded are not listed.",
        error_messages={
            "required": "Choose the people who came to the briefing",
            "invalid_choice": "Choose people from the list",
        },
    )
    method = forms.ChoiceField(
        label="How did you brief them?",
        choices=BriefingMethod.choices,
        initial=BriefingMethod.TEAM_MEETING,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how you briefed your team",
            "invalid_choice": "Choose how you briefed your team",
        },
    )

    def __init__(self, *args: Any, people: Sequence[Recipient], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attended"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [
            (person.staff_id, f"{person.staff.full_name}, {person.staff.job_title}")
            for person in people
            if person.briefed_at is None
        ]
