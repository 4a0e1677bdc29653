"""Forms of the child's page: involvement (add, change, end, appoint the lead professional),
information-sharing decisions, shielding, break glass and the data protection lead's reviews."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from childtrust.children.models import ConsentOutcome, Involvement, LawfulBasis, Sensitivity
from childtrust.children.services.shielding import BREAK_GLASS_HOURS, DEFAULT_BREAK_GLASS_HOURS
from childtrust.core.form_fields import PersonChoiceField
from childtrust.core.forms import GovukDateField, GovukFormMixin
from childtrust.partnership.models import Service
from childtrust.partnership.selectors.registry import agencies_by_name, services_for_detail
from childtrust.partnership.selectors.staff import staff_in_post

DATE_HINT = "For example, 27 3 2026."
# As the error for a missing role says it (services.involvement).
ROLE_HINT = "Such as 'Health visitor' or 'Key worker'."


def _text(label: str, what: str, *, required: bool = True, rows: int = 3, **kw: Any) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"Enter {what}"},
        **kw,
    )


def _line(label: str, what: str, *, max_length: int, required: bool = True, **kw: Any) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        error_messages={
            "required": f"Enter {what}",
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
        **kw,
    )


class InvolvementForm(GovukFormMixin, forms.Form):
    practitioner = PersonChoiceField(
        label="Practitioner",
        queryset=staff_in_post().none(),
        required=False,
        empty_label="No one named (the agency only)",
        help_text="The agency is the practitioner's own.",
        error_messages={"invalid_choice": "Choose a practitioner from the list"},
    )
    agency = forms.ModelChoiceField(
        label="Agency, if no practitioner is named",
        queryset=agencies_by_name().none(),
        required=False,
        empty_label="Choose an agency",
        error_messages={"invalid_choice": "Choose an agency from the list"},
    )
    service = forms.ModelChoiceField(
        label="Service (optional)",
        queryset=services_for_detail().none(),
        required=False,
        empty_label="No particular service",
        error_messages={"invalid_choice": "Choose a service from the list"},
    )
    role = _line(
        "Role",
        "the role, such as 'Health visitor'",
        max_length=100,
        help_text=ROLE_HINT,
    )
    started_on = GovukDateField(
        label="Involved since", what="the date the involvement started", help_text=DATE_HINT
    )
    contact = _line(
        "How to contact them",
        "how to contact them",
        max_length=200,
        required=False,
        help_text="A telephone number or secure email address.",
    )
    sensitivity = forms.ChoiceField(
        label="Is the service a sensitive one?",
        choices=Sensitivity.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="A sensitive involvement is shown outside its agency only where a decision to "
        "share it is recorded.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["practitioner"].queryset = staff_in_post().order_by("family_name", "given_name")
        fields["agency"].queryset = agencies_by_name()
        fields["service"].queryset = services_for_detail().order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        practitioner = data.get("practitioner")
        if practitioner is not None:
            data["agency"] = practitioner.agency
        elif data.get("agency") is None and "agency" not in self.errors:
            self.add_error("agency", "Choose the practitioner, or the agency if no one is named")
        return data


class InvolvementChangeForm(GovukFormMixin, forms.Form):
    service = forms.ModelChoiceField(
        label="Service (optional)",
        queryset=services_for_detail().none(),
        required=False,
        empty_label="No particular service",
        error_messages={"invalid_choice": "Choose a service from the list"},
    )
    role = _line("Role", "the role, such as 'Health visitor'", max_length=100, help_text=ROLE_HINT)
    started_on = GovukDateField(
        label="Involved since", what="the date the involvement started", help_text=DATE_HINT
    )
    contact = _line("How to contact them", "how to contact them", max_length=200, required=False)

    def __init__(self, *args: Any, involvement: Involvement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        services: QuerySet[Service] = services_for_detail().filter(agency=involvement.agency_id)
        fields: Any = self.fields
        fields["service"].queryset = services.order_by("name")


class InvolvementEndForm(GovukFormMixin, forms.Form):
    ended_on = GovukDateField(
        label="Involvement ended on", what="the date the involvement ended", help_text=DATE_HINT
    )


class ConfirmForm(GovukFormMixin, forms.Form):
    """A confirmation's button: the service's refusal is the form's error."""


class SharingDecisionForm(GovukFormMixin, forms.Form):
    involvement = forms.ModelChoiceField(
        label="About",
        queryset=Involvement.objects.none(),
        required=False,
        empty_label="The child in general",
        help_text="Choose a sensitive involvement to record consent to share it.",
        error_messages={"invalid_choice": "Choose one of the child's involvements"},
    )
    what_shared = _text("What was shared", "what was shared")
    shared_with = _line("Shared with", "with whom it was shared", max_length=300)
    purpose = _text("Why it was shared", "why it was shared")
    lawful_basis = forms.ChoiceField(
        label="Lawful basis",
        choices=LawfulBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the lawful basis"},
    )
    outcome = forms.ChoiceField(
        label="Consent",
        choices=ConsentOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether consent was given, refused or overridden"},
    )
    override_reason = _text(
        "Why consent was overridden",
        "why consent was overridden",
        required=False,
        help_text="Only where consent was overridden: the risk that justified sharing without it.",
    )
    decided_on = GovukDateField(
        label="Decided on", what="the date of the decision", help_text=DATE_HINT
    )

    def __init__(self, *args: Any, involvements: list[Involvement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["involvement"].queryset = Involvement.objects.filter(
            pk__in=[i.pk for i in involvements]
        ).select_related("agency")
        fields["involvement"].label_from_instance = lambda i: (
            f"{i.role}, {i.agency.name}"
            + (f" ({i.get_sensitivity_display()})" if i.sensitivity else "")
        )

    def clean(self) -> dict[str, Any]:
        """The reason is asked for beside the other answers, so that one submission lists every
        problem; the service refuses an override without one all the same."""
        data = super().clean() or {}
        overridden = data.get("outcome") == ConsentOutcome.OVERRIDDEN
        if overridden and not data.get("override_reason", "").strip():
            self.add_error("override_reason", "Enter why consent was overridden")
        return data


class ShieldForm(GovukFormMixin, forms.Form):
    # As long as the child keeps it (Child.shielded_reason).
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the reason",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )


class BreakGlassForm(GovukFormMixin, forms.Form):
    reason = _text(
        "Why do you need to see this record now?",
        "why you need to see this record now",
        rows=4,
        help_text="At least a sentence: what the emergency is and why this child's record. "
        "The data protection lead reviews every reason.",
    )
    hours = forms.TypedChoiceField(
        label="For how long?",
        choices=[(h, f"{h} hour{'s' if h > 1 else ''}") for h in BREAK_GLASS_HOURS],
        coerce=int,
        initial=DEFAULT_BREAK_GLASS_HOURS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose for how long",
            "invalid_choice": "Choose 1, 4 or 8 hours",
        },
    )


class ReviewForm(GovukFormMixin, forms.Form):
    note = _text("Review note", "your review note")
