"""Forms for who holds a post: a holder added, a holding ended (a leaver, with the national
collection's reason, or a move within the agency), and agency cover added and ended."""

from __future__ import annotations

from typing import Any

from django import forms

from childtrust.core.forms import GovukDateField, GovukFormMixin
from childtrust.partnership.selectors.staff import staff_in_post
from childtrust.workforce.forms.establishment.fields import FteField, StaffChoiceField
from childtrust.workforce.models import CoverReason, LeavingReason, Post

LEFT = "left"
MOVED = "moved"


class HoldingForm(GovukFormMixin, forms.Form):
    staff = StaffChoiceField(
        label="Member of staff",
        queryset=staff_in_post().none(),
        empty_label="Choose a member of staff",
        help_text="Someone in post at the post's agency.",
        error_messages={
            "required": "Choose the member of staff",
            "invalid_choice": "Choose a member of staff from the list",
        },
    )
    fte = FteField(
        label="Contracted FTE in this post",
        what="FTE",
        person=True,
        help_text="From 0.01 to 1.00: 1.00 is full time.",
    )
    starts_on = GovukDateField(
        label="Start date", what="the start date", help_text="For example, 1 9 2025."
    )
    joined_agency = forms.BooleanField(
        label="They joined the agency with this post (a starter)",
        required=False,
        help_text="Leave unticked for someone who moved from another post in the agency.",
    )

    def __init__(self, *args: Any, post: Post, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = (  # type: ignore[attr-defined]
            staff_in_post()
            .filter(agency_id=post.agency_id)
            .order_by("family_name", "given_name", "pk")
        )


class HoldingEndForm(GovukFormMixin, forms.Form):
    how = forms.ChoiceField(
        label="Why does the holding end?",
        choices=[
            (LEFT, "They are leaving the agency (a leaver)"),
            (MOVED, "They are moving to another post in the agency (not a leaver)"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether they are leaving the agency or moving within it",
            "invalid_choice": "Choose whether they are leaving the agency or moving within it",
        },
    )
    leaving_reason = forms.ChoiceField(
        label="Leaving reason",
        choices=[("", "Choose a reason"), *LeavingReason.choices],
        required=False,
        help_text="The reasons the national workforce collection uses. Only for a leaver.",
        error_messages={"invalid_choice": "Choose a leaving reason from the list"},
    )
    ends_on = GovukDateField(
        label="Last day in the post",
        what="the last day in the post",
        help_text="For example, 31 8 2025.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        how, reason = data.get("how"), data.get("leaving_reason")
        if how == LEFT and not reason:
            self.add_error(
                "leaving_reason", "Choose the leaving reason of someone leaving the agency"
            )
        if how == MOVED and reason:
            self.add_error(
                "leaving_reason",
                "Someone moving within the agency has no leaving reason: choose none, or that "
                "they are leaving",
            )
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "ends_on": data["ends_on"],
            "leaving_reason": (data.get("leaving_reason") or "") if data["how"] == LEFT else "",
        }


class CoverForm(GovukFormMixin, forms.Form):
    worker_name = forms.CharField(
        label="Agency worker's name",
        max_length=200,
        error_messages={
            "required": "Enter the agency worker's name",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    supplier = forms.CharField(
        label="Employment agency",
        max_length=200,
        help_text="The agency that supplies them, such as a locum agency.",
        error_messages={
            "required": "Enter the employment agency that supplies them",
            "max_length": "The employment agency must be 200 characters or fewer",
        },
    )
    fte = FteField(label="FTE", what="FTE", person=True, help_text="From 0.01 to 1.00.")
    reason = forms.ChoiceField(
        label="Why is the post covered?",
        choices=CoverReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose why the post is covered",
            "invalid_choice": "Choose why the post is covered",
        },
    )
    starts_on = GovukDateField(
        label="Start date", what="the start date", help_text="For example, 3 4 2025."
    )
    ends_on = GovukDateField(
        label="End date",
        what="the end date",
        required=False,
        help_text="Optional: leave blank while the cover continues.",
    )


class CoverEndForm(GovukFormMixin, forms.Form):
    ends_on = GovukDateField(
        label="Last day of the cover",
        what="the last day of the cover",
        help_text="For example, 30 6 2025.",
    )
