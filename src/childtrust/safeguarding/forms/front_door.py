"""The front door's forms, one per step: a new contact or referral, screening, asking the
agencies involved, the decision (each option revealing its own reason), telling the referrer,
the strategy discussion, a conference, an assessment completed, and an agency's answer. They
check the shape of the input; the rules are the services'."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from childtrust.core.forms import GovukDateField, GovukFormMixin, RecordsChoiceField
from childtrust.partnership.models import Agency, StaffMember
from childtrust.partnership.selectors.registry import agencies_by_name
from childtrust.partnership.selectors.staff import staff_in_post
from childtrust.safeguarding.models import (
    ConferenceKind,
    Rag,
    ReferralDecision,
    ReferralKind,
)
from childtrust.safeguarding.services.front_door_meetings import PLAN_CATEGORIES

_TIME = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])")
YES_NO = [("yes", "Yes"), ("no", "No")]


class ChildReferenceInput(forms.TextInput):
    """The child as GOV.UK's autocomplete with a fallback. Without JavaScript: a text box for
    the child's reference and a link to find the child first with the search (whose child's
    page links back here, filled in). Where JavaScript runs and the reader may find children,
    safeguarding/child-autocomplete.js makes the box the accessible autocomplete (the library
    core/static/childtrust/person-autocomplete.js loads): type part of a name, choose the child,
    and the form sends their reference; a reference typed in is sent as it is."""

    template_name = "safeguarding/front_door/_child_reference_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {
                "class": "govuk-input--width-10",
                "autocomplete": "off",
                "spellcheck": "false",
                **(attrs or {}),
            }
        )
        self.find_child_url = ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)
        context["widget"]["find_child_url"] = self.find_child_url
        context["widget"]["suggests"] = "data-child-suggestions" in self.attrs
        return context


CHILD_HINT_WITH_SUGGESTIONS = (
    "Type their name and choose them from the list, or enter their reference, such as CT-004217"
)


class ReferralForm(GovukFormMixin, forms.Form):
    child_reference = forms.CharField(
        label="The child",
        max_length=20,
        help_text="Their reference, as shown on the child's page, such as CT-004217",
        widget=ChildReferenceInput,
        error_messages={
            "required": "Enter the child's reference",
            "max_length": "Enter the child's reference, such as CT-004217",
        },
    )
    kind = forms.ChoiceField(
        label="Is this a contact or a referral?",
        choices=ReferralKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this is a contact or a referral"},
    )
    received_on = GovukDateField(
        what="the date it was received", label="Date received", help_text="For example, 4 12 2026"
    )
    received_time = forms.CharField(
        label="Time received",
        max_length=5,
        help_text="On the 24-hour clock, such as 14:30",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the time it was received"},
    )
    referrer_name = forms.CharField(
        label="Referrer's name",
        max_length=200,
        error_messages={"required": "Enter the name of the person who referred the child"},
    )
    referrer_agency = forms.ModelChoiceField(
        label="Referrer's agency (optional)",
        queryset=agencies_by_name().none(),
        required=False,
        empty_label="Not from a partner agency",
    )
    referrer_email = forms.CharField(
        label="Referrer's email address (optional)",
        max_length=254,
        required=False,
        help_text="The outcome is emailed here where email is configured",
    )
    referrer_phone = forms.CharField(
        label="Referrer's phone number (optional)", max_length=40, required=False
    )
    reason = forms.CharField(
        label="Why is the referrer worried?",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="In their words",
        error_messages={"required": "Enter why the referrer is worried about the child"},
    )

    def __init__(
        self,
        *args: Any,
        agencies: QuerySet[Agency],
        find_child_url: str = "",
        suggestions_url: str = "",
        **kwargs: Any,
    ) -> None:
        """`find_child_url`: the search, linked for a reader who does not know the reference;
        `suggestions_url`: where the autocomplete asks for children by name (neither for a
        reader who may not find children)."""
        super().__init__(*args, **kwargs)
        field = self.fields["referrer_agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies
        child = self.fields["child_reference"].widget
        assert isinstance(child, ChildReferenceInput)
        child.find_child_url = find_child_url
        if suggestions_url:
            child.attrs["data-child-suggestions"] = suggestions_url
            child.attrs["data-hint"] = CHILD_HINT_WITH_SUGGESTIONS

    def clean_received_time(self) -> datetime.time:
        match = _TIME.fullmatch(self.cleaned_data["received_time"].strip())
        if match is None:
            raise forms.ValidationError("Enter the time as hours and minutes, such as 14:30")
        return datetime.time(int(match.group(1)), int(match.group(2)))

    def received_at(self) -> datetime.datetime:
        return datetime.datetime.combine(
            self.cleaned_data["received_on"],
            self.cleaned_data["received_time"],
            tzinfo=timezone.get_current_timezone(),
        )


class ScreenForm(GovukFormMixin, forms.Form):
    rag = forms.ChoiceField(
        label="Rating",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a rating: red, amber or green"},
    )
    note = forms.CharField(
        label="Why this rating?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter a note of why you gave this rating"},
    )


class InformationRequestForm(GovukFormMixin, forms.Form):
    # Refuses an id too large for the database before it is asked (SQLite: a server error).
    agencies = RecordsChoiceField(
        label="Agencies to ask",
        queryset=agencies_by_name().none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="The agencies working with the child now",
        error_messages={"required": "Select at least one agency to ask"},
    )

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agencies"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = agencies_by_name().filter(pk__in=[a.pk for a in agencies])


class DecisionForm(GovukFormMixin, forms.Form):
    """The decision, each option revealing its own box for the reason (GOV.UK's conditional
    reveal; without JavaScript every box shows, and only the chosen one's is read)."""

    decision = forms.ChoiceField(
        label="Decision",
        choices=ReferralDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a decision"},
    )
    social_worker = forms.ModelChoiceField(
        label="Social worker for the assessment (optional)",
        queryset=staff_in_post().none(),
        required=False,
        empty_label="You, until one is allocated",
    )

    def __init__(self, *args: Any, social_workers: QuerySet[StaffMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in ReferralDecision.choices:
            self.fields[f"reason_{value}"] = forms.CharField(
                label=f"Reason for '{label}'",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
            )
        field = self.fields["social_worker"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = social_workers

    def options(self) -> list[tuple[Any, forms.BoundField]]:
        """Each radio option with its reason's field, for the template."""
        return [(option, self[f"reason_{option.data['value']}"]) for option in self["decision"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decision = data.get("decision")
        if decision:
            reason = str(data.get(f"reason_{decision}") or "").strip()
            if not reason:
                self.add_error(f"reason_{decision}", "Enter the reason for the decision")
            data["reason"] = reason
        return data


class TellForm(GovukFormMixin, forms.Form):
    how = forms.CharField(
        label="How was the referrer told?",
        max_length=150,
        help_text="Such as 'By phone, 4 December 2026'",
        error_messages={"required": "Enter how the referrer was told, such as 'By phone'"},
    )


class StrategyForm(GovukFormMixin, forms.Form):
    held_on = GovukDateField(what="the date it was held", label="Date held")
    # Refuses an id too large for the database before it is asked (SQLite: a server error).
    agencies = RecordsChoiceField(
        label="Agencies that took part",
        queryset=agencies_by_name().none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the agencies that took part"},
    )
    outcome = forms.CharField(
        label="What did the discussion decide?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what the discussion decided"},
    )
    proceed_to_conference = forms.ChoiceField(
        label="Proceed to an initial child protection conference?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="It must be held within 15 working days",
        error_messages={"required": "Select whether to proceed to a conference"},
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agencies"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = agencies


class ConferenceForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Conference",
        choices=ConferenceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this is an initial or a review conference"},
    )
    held_on = GovukDateField(what="the date it was held", label="Date held")
    plan_made = forms.ChoiceField(
        label="Is the child (still) subject to a child protection plan?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether there is a child protection plan"},
    )
    category = forms.ChoiceField(
        label="Category of the child protection plan",
        help_text="For a plan made at an initial conference",
        choices=[("", "Select a category"), *PLAN_CATEGORIES.items()],
        required=False,
    )
    notes = forms.CharField(
        label="Notes (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class AssessmentCompleteForm(GovukFormMixin, forms.Form):
    completed_on = GovukDateField(what="the date it was completed", label="Date completed")
    outcome = forms.CharField(
        label="Outcome",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the outcome of the assessment"},
    )


class AnswerForm(GovukFormMixin, forms.Form):
    answer = forms.CharField(
        label="What does your agency know about the child?",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what your agency knows about the child"},
    )
