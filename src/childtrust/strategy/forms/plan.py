"""The plan's forms: the plan and its period, an adopted version, an objective, a milestone and a
milestone's status.

Forms check what has to be there (a title, a date, an owner, a priority) and the due date's
period, so that every message of a form shows at once; the services hold the plan's rules
(titles unique in a plan, an owner in post, a reason to drop a milestone, a new status) and their
messages reach the form through form_write."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet

from childtrust.core.form_fields import PersonChoiceField
from childtrust.core.forms import GovukDateField, GovukFormMixin, RecordsChoiceField
from childtrust.partnership.models import Outcome, Priority, StaffMember
from childtrust.partnership.selectors.framework import priorities_with_outcome
from childtrust.partnership.selectors.registry import agencies_by_name
from childtrust.partnership.selectors.staff import staff_in_post
from childtrust.strategy.models import (
    Milestone,
    MilestoneStatus,
    StrategicPlan,
    financial_year_label,
)
from childtrust.strategy.selectors.plan import due_date_problem

# Financial years offered for a plan's period: from 2020-21 to 2045-46.
FIRST_OFFERED_YEAR, LAST_OFFERED_YEAR = 2020, 2045


def _year_choices() -> list[tuple[str, str]]:
    return [("", "Choose a year")] + [
        (str(year), financial_year_label(year))
        for year in range(FIRST_OFFERED_YEAR, LAST_OFFERED_YEAR + 1)
    ]


def _staff_choices() -> QuerySet[StaffMember]:
    """People in post, by name, with their agency (shown in the option)."""
    return staff_in_post().select_related("agency").order_by("family_name", "given_name", "pk")


class StaffChoiceField(PersonChoiceField):
    def label_from_instance(self, obj: StaffMember) -> str:
        return (
            f"{obj}, {obj.job_title} ({obj.agency})" if obj.job_title else f"{obj} ({obj.agency})"
        )


def _owner_field(label: str, what: str) -> StaffChoiceField:
    return StaffChoiceField(
        label=label,
        queryset=_staff_choices(),
        empty_label="Choose a person",
        error_messages={
            "required": f"Choose {what}",
            "invalid_choice": (
                f"Choose {what} from the list: people no longer in post cannot be chosen"
            ),
        },
    )


class PlanForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="Such as “Children and Young People's Plan”.",
        error_messages={
            "required": "Enter the plan's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    start_year = forms.TypedChoiceField(
        label="First year",
        coerce=int,
        choices=_year_choices,
        help_text="Financial years run from 1 April to 31 March.",
        error_messages={"required": "Choose the plan's first year"},
    )
    end_year = forms.TypedChoiceField(
        label="Last year",
        coerce=int,
        choices=_year_choices,
        help_text=(
            "A shorter period removes the measures' targets for the years it no longer holds; "
            "a longer one needs a target for each new year on every measure."
        ),
        error_messages={"required": "Choose the plan's last year"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_year"), data.get("end_year")
        if isinstance(start, int) and isinstance(end, int) and end < start:
            self.add_error(
                "end_year", "The plan's last year must be the same as or after its first year"
            )
        return data

    @staticmethod
    def initial_for(plan: StrategicPlan) -> dict[str, Any]:
        return {"title": plan.title, "start_year": plan.start_year, "end_year": plan.end_year}


class PlanVersionForm(GovukFormMixin, forms.Form):
    text = forms.CharField(
        label="Text of the plan",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="The plan as it was adopted. Earlier versions are kept as they were.",
        error_messages={"required": "Enter the text of the plan"},
    )
    adopted_on = GovukDateField(
        label="Date adopted",
        what="the date the plan was adopted",
        help_text="For example, 27 3 2026",
    )
    adopted_by = forms.CharField(
        label="Adopted by",
        max_length=200,
        help_text="Such as the Children's Trust Board.",
        error_messages={
            "required": "Enter who adopted the plan, such as the Children's Trust Board",
            "max_length": "Who adopted the plan must be 200 characters or fewer",
        },
    )


class PriorityCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes for the framework's priorities, grouped under their outcomes by the template."""


class ObjectiveForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the objective's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the objective will change for children and young people, and how.",
    )
    owner = _owner_field("Accountable owner", "the objective's accountable owner")
    priorities = RecordsChoiceField(
        label="Priorities of the outcomes framework",
        queryset=priorities_with_outcome(),
        widget=PriorityCheckboxes,
        help_text="Choose every priority the objective serves.",
        error_messages={
            "required": "Choose at least one priority of the outcomes framework",
            "invalid_choice": "Choose priorities from the list",
        },
    )
    agencies = RecordsChoiceField(
        label="Contributing agencies",
        queryset=agencies_by_name(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Choose the agencies whose work contributes to it.",
        error_messages={"invalid_choice": "Choose agencies from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff_choices()  # type: ignore[attr-defined]
        self.fields["priorities"].queryset = priorities_with_outcome()  # type: ignore[attr-defined]
        self.fields["agencies"].queryset = agencies_by_name()  # type: ignore[attr-defined]

    def priority_groups(self) -> list[tuple[Outcome, list[Any]]]:
        """The priorities' checkboxes under their outcomes, in the framework's order."""
        by_pk = {priority.pk: priority for priority in self.fields["priorities"].queryset}  # type: ignore[attr-defined]
        groups: dict[int, tuple[Outcome, list[Any]]] = {}
        for option in self["priorities"]:
            priority: Priority = by_pk[int(str(option.data["value"]))]
            groups.setdefault(priority.outcome_id, (priority.outcome, []))[1].append(option)
        return list(groups.values())

    @staticmethod
    def initial_for(objective: Any) -> dict[str, Any]:
        return {
            "title": objective.title,
            "description": objective.description,
            "owner": objective.owner_id,
            "priorities": [p.pk for p in objective.priorities.all()],
            "agencies": [a.pk for a in objective.agencies.all()],
        }

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "owner": data["owner"],
            "priorities": list(data["priorities"]),
            "agencies": list(data["agencies"]),
        }


class MilestoneForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the milestone's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    due_on = GovukDateField(label="Due date", what="the due date")
    owner = _owner_field("Owner", "the milestone's owner")

    def __init__(self, *args: Any, plan: StrategicPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["owner"].queryset = _staff_choices()  # type: ignore[attr-defined]
        self.fields["due_on"].help_text = (
            f"Within the plan's period, {plan.period_label}. "
            f"For example, 30 9 {plan.start_year + 1}"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        due_on = data.get("due_on")
        if isinstance(due_on, datetime.date) and (problem := due_date_problem(self.plan, due_on)):
            self.add_error("due_on", problem)
        return data

    @staticmethod
    def initial_for(milestone: Milestone) -> dict[str, Any]:
        return {"title": milestone.title, "due_on": milestone.due_on, "owner": milestone.owner_id}


class MilestoneStatusForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=MilestoneStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the milestone's status",
            "invalid_choice": "Choose the milestone's status",
        },
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What has changed, kept in the milestone's history. If you are dropping the "
        "milestone, say why it was dropped: the board will see the reason.",
    )
