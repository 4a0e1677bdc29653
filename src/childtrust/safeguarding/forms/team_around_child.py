"""Forms of the Team Around the Child: starting it, its lead professional and members, the early
help assessment, the plan's actions, reviews, steps up and down, and its end. People are chosen
with core's person field (a select grouped by agency, which the accessible autocomplete enhances
where JavaScript runs); dates with GOV.UK's date input. The rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms

from childtrust.core.form_fields import PersonChoiceField
from childtrust.core.forms import GovukDateField, GovukFormMixin
from childtrust.partnership.selectors.staff import staff_in_post
from childtrust.safeguarding.models import TeamAroundChild, TeamMember

DATE_HINT = "For example, 27 3 2026."


def _text(label: str, what: str, *, required: bool = True, rows: int = 4, **kw: Any) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"Enter {what}"},
        **kw,
    )


def _line(label: str, what: str, *, max_length: int, **kw: Any) -> Any:
    return forms.CharField(
        label=label,
        max_length=max_length,
        error_messages={
            "required": f"Enter {what}",
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
        **kw,
    )


def _person(label: str, what: str, **kw: Any) -> Any:
    return PersonChoiceField(
        label=label,
        queryset=staff_in_post().none(),
        empty_label=f"Choose {what}",
        error_messages={
            "required": f"Choose {what}",
            "invalid_choice": f"Choose {what} from the list",
        },
        **kw,
    )


class TeamStartForm(GovukFormMixin, forms.Form):
    lead_professional = _person(
        "Lead professional",
        "the lead professional",
        help_text="Start typing a name, or choose from the list. They become the child's lead "
        "professional in the child index too.",
    )
    lead_role = _line(
        "Their role",
        "the lead professional's role, such as 'Family support worker'",
        max_length=100,
        help_text="Such as 'Family support worker' or 'School nurse'.",
    )
    started_on = GovukDateField(
        label="Team started on", what="the date the team started", help_text=DATE_HINT
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["lead_professional"].queryset = staff_in_post().order_by("family_name", "given_name")


class MemberAddForm(GovukFormMixin, forms.Form):
    staff = _person(
        "Practitioner",
        "the practitioner",
        help_text="Start typing a name, or choose from the list. Their agency is their own.",
    )
    role = _line(
        "Their role in the team",
        "their role in the team, such as 'School nurse'",
        max_length=100,
        help_text="Such as 'School nurse' or 'Class teacher'.",
    )
    joined_on = GovukDateField(label="Joined on", what="the date they joined", help_text=DATE_HINT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["staff"].queryset = staff_in_post().order_by("family_name", "given_name")


class MemberLeaveForm(GovukFormMixin, forms.Form):
    left_on = GovukDateField(label="Left on", what="the date they left", help_text=DATE_HINT)


class MemberChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.staff.full_name}, {obj.role} ({obj.agency.name})"


class LeadChangeForm(GovukFormMixin, forms.Form):
    member = MemberChoiceField(
        label="Who is to be the lead professional?",
        queryset=TeamMember.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose the member who is to be the lead professional",
            "invalid_choice": "Choose a current member of the team",
        },
    )

    def __init__(self, *args: Any, team: TeamAroundChild, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["member"].queryset = (
            team.members.filter(left_on__isnull=True)
            .exclude(staff=team.lead_professional_id)
            .select_related("staff", "agency")
        )


class AssessmentForm(GovukFormMixin, forms.Form):
    child_development = _text(
        "The child's development",
        "what the assessment found about the child's development",
        help_text="Health, learning, emotional and behavioural development, identity.",
    )
    parents_and_carers = _text(
        "Parents and carers",
        "what the assessment found about parents and carers",
        help_text="Basic care, safety, warmth, stimulation, guidance and stability.",
    )
    family_and_environment = _text(
        "Family and environment",
        "what the assessment found about family and environment",
        help_text="Family history, housing, income, community and wider family.",
    )
    child_views = _text(
        "What the child says (optional)",
        "what the child says",
        required=False,
        help_text="In the child's own words where you can.",
    )
    completed_on = GovukDateField(
        label="Completed on", what="the date it was completed", help_text=DATE_HINT
    )


class ActionAddForm(GovukFormMixin, forms.Form):
    action = _line("Action", "the action", max_length=300)
    owner = _person(
        "Who owns it",
        "the member who owns it",
        help_text="A current member of the team.",
    )
    due_on = GovukDateField(label="Due on", what="the due date", help_text=DATE_HINT)

    def __init__(self, *args: Any, team: TeamAroundChild, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["owner"].queryset = staff_in_post().filter(
            pk__in=team.members.filter(left_on__isnull=True).values("staff")
        )


class ActionDoneForm(GovukFormMixin, forms.Form):
    done_on = GovukDateField(label="Done on", what="the date it was done", help_text=DATE_HINT)


class ReviewForm(GovukFormMixin, forms.Form):
    held_on = GovukDateField(
        label="Review held on", what="the date of the review", help_text=DATE_HINT
    )
    progress = _text(
        "Progress",
        "the progress made since the plan or the last review",
        help_text="What has changed for the child, and what has not.",
    )
    next_review_on = GovukDateField(
        label="Next review on (optional)",
        what="the date of the next review",
        required=False,
        help_text="Leave empty only when the team is to end. " + DATE_HINT,
    )


class StepForm(GovukFormMixin, forms.Form):
    # Required by the service, whose message says which way the team is stepping.
    reason = _text("Why", "why", required=False)


class TeamEndForm(GovukFormMixin, forms.Form):
    ended_on = GovukDateField(label="Ended on", what="the date the team ended", help_text=DATE_HINT)
    end_reason = _line("Why the team is ending", "why the team is ending", max_length=300)
