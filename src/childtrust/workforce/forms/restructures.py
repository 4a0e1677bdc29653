"""Forms of restructures: the proposal and its timeline, the planned first dismissal (with the
acknowledgement a date earlier than the law allows needs), the HR1 notification, pools, post
changes, people affected, meetings, responses and answers, outcomes, and putting it in place.
Forms check the shape of what is typed; the services hold the rules, and their messages reach
the same error summary."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from childtrust.core.forms import GovukDateField, GovukFormMixin
from childtrust.partnership.models import Agency, StaffMember
from childtrust.partnership.selectors.registry import (
    agencies_by_name,
    localities_by_name,
    teams_by_name,
)
from childtrust.partnership.selectors.staff import staff_in_post
from childtrust.workforce.forms.establishment.fields import (
    FteField,
    RecordChoiceField,
    StaffChoiceField,
    TeamChoiceField,
)
from childtrust.workforce.models import (
    AffectedOutcome,
    LeavingReason,
    MeetingKind,
    Post,
    PostChangeKind,
    Profession,
    Restructure,
    SelectionPool,
)

DATE_HINT = "For example, 27 3 2026."


def _text(label: str, *, required: bool = True, what: str = "", rows: int = 4, **kw: Any) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"Enter {what or label.lower()}"},
        **kw,
    )


def _date(label: str, what: str, *, required: bool = False, hint: str = DATE_HINT) -> Any:
    return GovukDateField(label=label, what=what, required=required, help_text=hint)


class PostChoiceField(RecordChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        team = f", {obj.team.name}" if obj.team_id else ""
        return f"{obj.job_title} ({obj.reference}){team}, {obj.fte:.2f} FTE"


def _pool_field() -> Any:
    return RecordChoiceField(
        label="Selection pool",
        queryset=SelectionPool.objects.none(),
        required=False,
        empty_label="No pool",
        error_messages={"invalid_choice": "Choose a pool from the list"},
    )


class ConfirmForm(GovukFormMixin, forms.Form):
    """A confirmation page's button (finish, withdraw, remove): the service's refusal is the
    form's error, for the error summary and the title."""


class RestructureForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the restructure's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    reason = _text("Why is it proposed?", what="why the restructure is proposed")
    agency = RecordChoiceField(
        label="Agency (the establishment)",
        queryset=agencies_by_name().none(),
        empty_label="Choose an agency",
        help_text="The employer whose posts it changes: the law counts redundancies at one "
        "establishment.",
        error_messages={
            "required": "Choose the agency whose posts it changes",
            "invalid_choice": "Choose an agency from the list",
        },
    )
    proposed_redundancies = forms.IntegerField(
        label="Proposed redundancies",
        min_value=0,
        max_value=100_000,
        help_text="How many dismissals as redundant it proposes: 0 if none.",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-4", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={
            "required": "Enter the proposed redundancies, 0 if none",
            "invalid": "Enter the proposed redundancies as a whole number, such as 25",
            "min_value": "The proposed redundancies must be 0 or a whole number",
            "max_value": "The proposed redundancies must be 100,000 or fewer",
        },
    )
    consultation_starts_on = _date("Consultation starts", "the day consultation starts")
    consultation_ends_on = _date("Consultation ends", "the day consultation ends")
    decision_on = _date("Decision", "the day of the decision")
    support_offered = _text(
        "Support offered",
        required=False,
        help_text="Redeployment, the employee assistance programme and other support: shown to "
        "everyone affected.",
    )
    how_to_respond = _text(
        "How to respond",
        required=False,
        help_text="Shown to everyone affected beside the form for their response.",
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(restructure: Restructure) -> dict[str, Any]:
        return {name: getattr(restructure, name) for name in RestructureForm.base_fields}

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data.get(name) for name in self.fields} | {
            "support_offered": data.get("support_offered") or "",
            "how_to_respond": data.get("how_to_respond") or "",
        }


class FirstDismissalForm(GovukFormMixin, forms.Form):
    first_dismissal_on = _date(
        "Planned first dismissal",
        "the day the first dismissal is planned to take effect",
        required=True,
    )
    acknowledged = forms.BooleanField(
        label="I know this day is earlier than the law allows and it must stay",
        required=False,
        help_text="Only for a day earlier than the earliest shown: a reason is kept with your "
        "name.",
    )
    early_dismissal_reason = _text(
        "Why must it be earlier than the law allows?", required=False, rows=3
    )


class Hr1Form(GovukFormMixin, forms.Form):
    hr1_notified_on = _date(
        "Date sent", "the day form HR1 was sent", required=True, hint="The day it was sent."
    )
    hr1_reference = forms.CharField(
        label="HR1 reference",
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
        error_messages={"max_length": "The HR1 reference must be 60 characters or fewer"},
    )


class PoolForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Pool name",
        max_length=200,
        error_messages={
            "required": "Enter the pool's name",
            "max_length": "The pool's name must be 200 characters or fewer",
        },
    )
    description = _text("Description", required=False, rows=3)


class PostChangeForm(GovukFormMixin, forms.Form):
    """A deleted post (the post and its pool), a changed post (the post and what it will be)
    or a created post (what it will be)."""

    post = PostChoiceField(
        label="Post",
        queryset=Post.objects.none(),
        empty_label="Choose a post",
        error_messages={"invalid_choice": "Choose a post from the list"},
    )
    job_title = forms.CharField(
        label="Job title",
        max_length=200,
        error_messages={
            "required": "Enter the post's job title",
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
    fte = FteField(label="FTE", what="post's FTE", person=False, help_text="From 0.01 to 1.00.")
    team = TeamChoiceField(
        label="Team",
        queryset=teams_by_name().none(),
        required=False,
        empty_label="No team",
        error_messages={"invalid_choice": "Choose a team from the list"},
    )
    locality = RecordChoiceField(
        label="Locality",
        queryset=localities_by_name(),
        required=False,
        empty_label="No locality (its team's)",
        error_messages={"invalid_choice": "Choose a locality from the list"},
    )
    profession = forms.ChoiceField(
        label="Profession",
        choices=[("", "Choose a profession"), *Profession.choices],
        error_messages={
            "required": "Choose the post's profession",
            "invalid_choice": "Choose a profession from the list",
        },
    )
    social_worker = forms.BooleanField(
        label="A social worker post, registered with Social Work England", required=False
    )
    job_description = _text("Job description", required=False, rows=8)
    pool = _pool_field()

    def __init__(
        self,
        *args: Any,
        kind: str,
        posts: QuerySet[Post],
        pools: QuerySet[SelectionPool],
        agency: Agency,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["post"].queryset = posts  # type: ignore[attr-defined]
        self.fields["pool"].queryset = pools  # type: ignore[attr-defined]
        self.fields["team"].queryset = (  # type: ignore[attr-defined]
            teams_by_name()
            .filter(Q(agency=agency) | Q(agency__isnull=True))
            .select_related("agency")
        )
        if kind == PostChangeKind.CREATE:
            del self.fields["post"]
            self.fields["job_description"].required = True
            self.fields["job_description"].error_messages["required"] = (
                "Enter the new post's job description"
            )
        else:
            self.fields["post"].error_messages["required"] = (
                f"Choose the post to be {'deleted' if kind == PostChangeKind.DELETE else 'changed'}"
            )
        if kind == PostChangeKind.DELETE:
            for name in (
                "job_title",
                "grade",
                "fte",
                "team",
                "locality",
                "profession",
                "social_worker",
                "job_description",
            ):
                del self.fields[name]
        elif kind == PostChangeKind.CHANGE:
            self.fields[
                "job_description"
            ].help_text = (
                "Leave as it is to keep the job description; a change becomes a new version."
            )

    @staticmethod
    def initial_from(post: Post) -> dict[str, Any]:
        latest = post.job_descriptions.order_by("-version").first()
        return {
            "post": post.pk,
            "job_title": post.job_title,
            "grade": post.grade,
            "fte": f"{post.fte:.2f}",
            "team": post.team_id,
            "locality": post.locality_id,
            "profession": post.profession,
            "social_worker": post.social_worker,
            "job_description": latest.text if latest else "",
        }

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        arguments: dict[str, Any] = {"kind": self.kind, "pool": data.get("pool")}
        for name in self.fields:
            if name != "pool":
                arguments[name] = data.get(name)
        for name in ("job_title", "grade", "profession", "job_description"):
            if name in arguments and arguments[name] is None:
                arguments[name] = ""
        return arguments


class PersonForm(GovukFormMixin, forms.Form):
    staff = StaffChoiceField(
        label="Person",
        queryset=staff_in_post().none(),
        empty_label="Choose a person",
        error_messages={
            "required": "Choose the person whose post is affected",
            "invalid_choice": "Choose a person from the list",
        },
    )
    post = PostChoiceField(
        label="Their post",
        queryset=Post.objects.none(),
        empty_label="Choose the post they hold",
        error_messages={
            "required": "Choose the post the person holds",
            "invalid_choice": "Choose a post from the list",
        },
    )
    proposal = _text(
        "What is proposed for their post",
        what="what is proposed for the person's post, in plain words",
        help_text="In plain words: the person reads this on their own page.",
    )
    pool = _pool_field()
    at_risk = forms.BooleanField(label="At risk of redundancy", required=False)

    def __init__(
        self,
        *args: Any,
        staff: QuerySet[StaffMember] | None,
        posts: QuerySet[Post] | None,
        pools: QuerySet[SelectionPool],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if staff is None or posts is None:  # changing a person's line: not who or which post
            del self.fields["staff"]
            del self.fields["post"]
        else:
            self.fields["staff"].queryset = staff  # type: ignore[attr-defined]
            self.fields["post"].queryset = posts  # type: ignore[attr-defined]
        self.fields["pool"].queryset = pools  # type: ignore[attr-defined]


class MeetingForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Kind of meeting",
        choices=MeetingKind.choices,
        initial=MeetingKind.INDIVIDUAL,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the kind of meeting",
            "invalid_choice": "Choose the kind of meeting",
        },
    )
    held_on = _date("Date", "the day of the meeting", required=True)
    attendees = forms.CharField(
        label="Who attended",
        required=False,
        max_length=300,
        error_messages={"max_length": "The attendees must be 300 characters or fewer"},
    )
    notes = _text("Notes", required=False, rows=6)


class ResponseForm(GovukFormMixin, forms.Form):
    text = _text(
        "Your response",
        what="your response",
        rows=8,
        max_length=10_000,
        help_text="What you think of the proposal, questions, or other ideas. Only you, the "
        "workforce manager and HR read it.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["max_length"] = (
            "Your response must be 10,000 characters or fewer"
        )


class AnswerForm(GovukFormMixin, forms.Form):
    answer = _text("Answer", what="the answer", rows=6)


class OutcomeForm(GovukFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="What became of them?",
        choices=[
            (v, label) for v, label in AffectedOutcome.choices if v != AffectedOutcome.PENDING
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what became of the person"},
    )
    outcome_on = _date(
        "Date",
        "the date of the outcome",
        required=True,
        hint="Made redundant or left: their last day. Slotted in or redeployed: their first day "
        "in the new post.",
    )
    new_post = PostChoiceField(
        label="New post (slotted in or redeployed)",
        queryset=Post.objects.none(),
        required=False,
        empty_label="No new post",
        error_messages={"invalid_choice": "Choose a post from the list"},
    )
    fte = FteField(
        label="FTE in the new post",
        what="FTE in the new post",
        person=True,
        required=False,
        help_text="Leave empty to keep the FTE of their post.",
    )
    leaving_reason = forms.ChoiceField(
        label="Why they left (left before the outcome)",
        required=False,
        choices=[("", "Choose a reason")]
        + [(v, label) for v, label in LeavingReason.choices if v != LeavingReason.REDUNDANCY],
        error_messages={"invalid_choice": "Choose a reason from the list"},
    )

    def __init__(self, *args: Any, posts: QuerySet[Post], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_post"].queryset = posts  # type: ignore[attr-defined]


class ImplementForm(GovukFormMixin, forms.Form):
    implemented_on = _date(
        "Put in place on",
        "the day it is put in place",
        required=True,
        hint="New posts start that day; posts it deletes end the day before, or when their "
        "last holder goes.",
    )
