"""Forms for posts: the establishment list's filters, a post (new or changed), its end, and a
new version of its job description. Forms check the shape of what is typed; the services hold
the rules and their messages reach the same error summary."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from childtrust.core.forms import GovukDateField, GovukFormMixin
from childtrust.partnership.models import Agency, Team
from childtrust.partnership.selectors.registry import (
    agencies_by_name,
    localities_by_name,
    teams_by_name,
)
from childtrust.workforce.forms.establishment.fields import (
    FteField,
    RecordChoiceField,
    TeamChoiceField,
)
from childtrust.workforce.models import Post, Profession
from childtrust.workforce.selectors.establishment.posts import PostFilter
from childtrust.workforce.services.establishment.posts import POST_FIELDS


class EstablishmentFilterForm(GovukFormMixin, forms.Form):
    agency = RecordChoiceField(
        label="Agency",
        queryset=agencies_by_name().none(),
        required=False,
        empty_label="Any agency",
        to_field_name="slug",
        error_messages={"invalid_choice": "Choose an agency from the list"},
    )
    team = TeamChoiceField(
        label="Team",
        queryset=teams_by_name().none(),
        required=False,
        empty_label="Any team",
        to_field_name="slug",
        error_messages={"invalid_choice": "Choose a team from the list"},
    )
    locality = RecordChoiceField(
        label="Locality",
        queryset=localities_by_name(),
        required=False,
        empty_label="Any locality",
        to_field_name="slug",
        help_text="The post's locality, or its team's.",
        error_messages={"invalid_choice": "Choose a locality from the list"},
    )
    profession = forms.ChoiceField(
        label="Profession",
        choices=[("", "Any profession"), *Profession.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a profession from the list"},
    )
    social_worker = forms.BooleanField(label="Social worker posts only", required=False)
    vacant = forms.BooleanField(label="Posts with a vacancy only", required=False)

    def __init__(
        self, *args: Any, agencies: QuerySet[Agency], teams: QuerySet[Team], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["team"].queryset = teams.select_related("agency")  # type: ignore[attr-defined]

    def to_filter(self) -> PostFilter:
        """The filters whose values are good: one bad filter does not drop the others."""
        if not self.is_bound:
            return PostFilter()
        self.is_valid()
        data = self.cleaned_data
        return PostFilter(
            agency=data.get("agency"),
            team=data.get("team"),
            locality=data.get("locality"),
            profession=data.get("profession") or "",
            social_worker=bool(data.get("social_worker")),
            vacant=bool(data.get("vacant")),
        )


class PostForm(GovukFormMixin, forms.Form):
    agency = RecordChoiceField(
        label="Agency",
        queryset=agencies_by_name().none(),
        empty_label="Choose an agency",
        error_messages={
            "required": "Choose the agency that funds the post",
            "invalid_choice": "Choose an agency from the list",
        },
    )
    reference = forms.CharField(
        label="Post reference",
        max_length=40,
        help_text="The post's number in the agency's HR system.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the post's reference: its number in the agency's HR system",
            "max_length": "The post reference must be 40 characters or fewer",
        },
    )
    job_title = forms.CharField(
        label="Job title",
        max_length=200,
        error_messages={
            "required": "Enter the job title",
            "max_length": "The job title must be 200 characters or fewer",
        },
    )
    grade = forms.CharField(
        label="Grade",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"max_length": "The grade must be 40 characters or fewer"},
    )
    fte = FteField(
        label="Funded FTE",
        what="post's funded FTE",
        person=False,
        help_text="Full-time equivalent, from 0.01 to 1.00: 1.00 is full time.",
    )
    team = TeamChoiceField(
        label="Team",
        queryset=teams_by_name().none(),
        required=False,
        empty_label="No team",
        help_text="One of the agency's own teams, or a multi-agency team.",
        error_messages={"invalid_choice": "Choose a team from the list"},
    )
    locality = RecordChoiceField(
        label="Locality",
        queryset=localities_by_name(),
        required=False,
        empty_label="The team's locality, or none",
        error_messages={"invalid_choice": "Choose a locality from the list"},
    )
    profession = forms.ChoiceField(
        label="Profession",
        choices=[("", "Choose a profession"), *Profession.choices],
        error_messages={
            "required": "Choose the post's profession",
            "invalid_choice": "Choose the post's profession from the list",
        },
    )
    social_worker = forms.BooleanField(
        label="A social worker post, registered with Social Work England",
        required=False,
        help_text="The national workforce measures count these posts.",
    )
    starts_on = GovukDateField(
        label="First funded on",
        what="the day the post was first funded",
        help_text="For example, 1 4 2025.",
    )
    job_description = forms.CharField(
        label="Job description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Optional: the first version. Each later change is kept as a new version.",
    )

    def __init__(
        self,
        *args: Any,
        agencies: QuerySet[Agency] | None = None,
        teams: QuerySet[Team],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams.select_related("agency")  # type: ignore[attr-defined]
        if agencies is None:  # a change: the agency stays, and the first version is kept
            del self.fields["agency"]
            del self.fields["job_description"]
        else:
            self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        arguments = {name: data.get(name) for name in POST_FIELDS}
        arguments["grade"] = data.get("grade") or ""
        arguments["social_worker"] = bool(data.get("social_worker"))
        if "agency" in self.fields:
            arguments["agency"] = data["agency"]
            arguments["job_description"] = data.get("job_description") or ""
        return arguments

    @staticmethod
    def initial_for(post: Post) -> dict[str, Any]:
        initial = {name: getattr(post, name) for name in POST_FIELDS}
        initial["fte"] = f"{post.fte:.2f}"
        return initial


class PostEndForm(GovukFormMixin, forms.Form):
    ends_on = GovukDateField(
        label="The post's last day",
        what="the post's last day",
        help_text="The last day it is funded. For example, 31 3 2026.",
    )


class JobDescriptionForm(GovukFormMixin, forms.Form):
    text = forms.CharField(
        label="Job description",
        widget=forms.Textarea(attrs={"rows": 16}),
        error_messages={"required": "Enter the job description"},
    )
    reason = forms.CharField(
        label="Why has it changed?",
        max_length=300,
        help_text="Such as a restructure, a new duty or a change of grade.",
        error_messages={
            "required": "Enter why the job description changed",
            "max_length": "The reason must be 300 characters or fewer",
        },
    )
