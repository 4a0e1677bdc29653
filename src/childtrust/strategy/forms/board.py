"""The partnership board's forms: a meeting, an agenda item (what it is about chosen with radios,
each subject's choice beside it), an action and its progress, the minutes and their approval at
a later meeting, and the action tracker's filter.

Forms check the shape of what is typed, with plain messages; the board's services hold the rules
(a subject needs its choice, locked minutes, a done date not in the future) and their messages
reach the form through the views."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from childtrust.core.form_fields import PersonChoiceField
from childtrust.core.forms import GovukDateField, GovukFormMixin, RecordsChoiceField
from childtrust.partnership.models import StaffMember
from childtrust.strategy.models import (
    ActionStatus,
    AgendaItem,
    AgendaSubject,
    BoardAction,
    BoardMeeting,
)
from childtrust.strategy.models.board import AGENDA_SUBJECT_FIELDS
from childtrust.strategy.selectors import board as selectors
from childtrust.strategy.selectors.board import ACTION_FILTER_LABELS, ActionFilter
from childtrust.strategy.services.board import SUBJECT_WORDS
from childtrust.voice.models import SurveyRound


class StaffChoiceField(PersonChoiceField):
    def label_from_instance(self, obj: StaffMember) -> str:
        return f"{obj}, {obj.job_title} ({obj.agency.short_name or obj.agency.name})"


class StaffMultipleChoiceField(RecordsChoiceField[StaffMember]):
    def label_from_instance(self, obj: StaffMember) -> str:
        return f"{obj}, {obj.job_title}"


class MeetingForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="Such as “Partnership board”.",
        error_messages={
            "required": "Enter the meeting's title, such as “Partnership board”",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    held_on = GovukDateField(
        label="Date of the meeting",
        what="the date of the meeting",
        help_text="For example, 4 3 2027",
    )
    location = forms.CharField(
        label="Where it is held (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "The place must be 200 characters or fewer"},
    )
    chair = forms.CharField(
        label="Chair",
        max_length=200,
        help_text="Such as “Councillor Jane Smith, lead member for children's services”.",
        error_messages={
            "required": "Enter who chaired the meeting",
            "max_length": "The chair must be 200 characters or fewer",
        },
    )
    present = StaffMultipleChoiceField(
        label="Members present from the partnership's staff",
        queryset=selectors.staff_choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose members from the list"},
    )
    others_present = forms.CharField(
        label="Others present (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Councillors, guests and others not on the staff list: one name and role a line.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def present_by_agency(self) -> list[tuple[str, list[Any]]]:
        """The present checkboxes grouped by agency, for the template."""
        groups: dict[str, list[Any]] = {}
        staff = {person.pk: person for person in self.fields["present"].queryset}  # type: ignore[attr-defined]
        for option in self["present"]:
            person = staff.get(int(str(option.data["value"])))
            agency = person.agency.name if person else ""
            groups.setdefault(agency, []).append(option)
        return list(groups.items())

    @staticmethod
    def initial_for(meeting: BoardMeeting) -> dict[str, Any]:
        return {
            "title": meeting.title,
            "held_on": meeting.held_on,
            "location": meeting.location,
            "chair": meeting.chair,
            "present": [p.pk for p in meeting.present.all() if p.is_active],
            "others_present": meeting.others_present,
        }


class SurveyRoundField(forms.TypedChoiceField):
    """A survey round chosen by its id from the rounds the voice app lists."""

    def __init__(self, rounds: Iterable[SurveyRound], **kwargs: Any) -> None:
        self.rounds = {r.pk: r for r in rounds}
        choices = [("", "Choose a survey round")] + [(r.pk, str(r)) for r in self.rounds.values()]
        super().__init__(choices=choices, coerce=int, empty_value=None, **kwargs)

    def clean(self, value: Any) -> SurveyRound | None:
        pk = super().clean(value)
        return self.rounds.get(pk) if pk is not None else None


def _choice(label: str, queryset: Any, what: str) -> forms.ModelChoiceField[Any]:
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        required=False,
        empty_label=f"Choose {what}",
        error_messages={"invalid_choice": f"Choose {what} from the list"},
    )


class AgendaItemForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the agenda item's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    subject = forms.ChoiceField(
        label="What is it about?",
        choices=AgendaSubject.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose what the item is about"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Papers, who presents it, what the board is asked to do.",
    )

    SUBJECT_FIELDS = ("objective", "risk", "appraisal", "allocation_run", "survey_round")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objective"] = _choice(
            "Objective", selectors.objective_choices(), "an objective"
        )
        self.fields["risk"] = _choice("Risk", selectors.risk_choices(), "a risk")
        self.fields["appraisal"] = _choice(
            "Appraisal", selectors.appraisal_choices(), "an appraisal"
        )
        self.fields["allocation_run"] = _choice(
            "Allocation run", selectors.allocation_run_choices(), "an allocation run"
        )
        self.fields["survey_round"] = SurveyRoundField(
            selectors.survey_round_choices(),
            label="Survey round",
            required=False,
            error_messages={"invalid_choice": "Choose a survey round from the list"},
        )
        # The GOV.UK classes for the fields added after the mixin's pass.
        for name in self.SUBJECT_FIELDS:
            self.fields[name].widget.attrs["class"] = "govuk-select"

    def subject_options(self) -> list[tuple[Any, Any]]:
        """Each radio with the select revealed under it (None for "nothing in particular")."""
        fields = dict(
            zip([s.value for s in AgendaSubject if s.value], self.SUBJECT_FIELDS, strict=True)
        )
        return [
            (option, self[fields[str(option.data["value"])]] if option.data["value"] else None)
            for option in self["subject"]
        ]

    def clean(self) -> dict[str, Any]:
        """A subject without its choice is said at once with the form's other messages (the
        service refuses it too)."""
        data = super().clean() or {}
        subject = data.get("subject") or ""
        words = {s.value: label for s, label in SUBJECT_WORDS.items()}
        field = AGENDA_SUBJECT_FIELDS.get(AgendaSubject(subject)) if subject else None
        if field and not data.get(field) and field not in self.errors:
            self.add_error(field, f"Choose {words[subject]} this item is about")
        return data

    @staticmethod
    def initial_for(item: AgendaItem) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "title": item.title,
            "subject": item.subject,
            "notes": item.notes,
        }
        for name in AgendaItemForm.SUBJECT_FIELDS:
            value = getattr(item, f"{name}_id")
            if value is not None:
                initial[name] = value
        return initial


class ActionForm(GovukFormMixin, forms.Form):
    description = forms.CharField(
        label="What is to be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what is to be done"},
    )
    owner = StaffChoiceField(
        label="Owner",
        queryset=selectors.staff_choices(),
        empty_label="Choose who will do it",
        error_messages={
            "required": "Choose who will do it",
            "invalid_choice": "Choose the owner from the list",
        },
    )
    due_on = GovukDateField(
        label="Due date", what="the due date", help_text="For example, 30 6 2027"
    )
    agenda_item = forms.ModelChoiceField(
        label="Agenda item (optional)",
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="Not about one item",
        error_messages={"invalid_choice": "Choose an item on this meeting's agenda"},
    )

    def __init__(self, *args: Any, meeting: BoardMeeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        item: forms.ModelChoiceField[AgendaItem] = self.fields["agenda_item"]  # type: ignore[assignment]
        item.queryset = meeting.agenda.order_by("position")


class ActionUpdateForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the action is open or done",
            "invalid_choice": "Choose whether the action is open or done",
        },
    )
    done_on = GovukDateField(
        label="Date it was done (optional)",
        what="the date it was done",
        required=False,
        help_text="Only if done. Leave it blank for today. For example, 2 5 2027",
    )
    update = forms.CharField(
        label="Latest update (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What has happened since the meeting.",
    )

    @staticmethod
    def initial_for(action: BoardAction) -> dict[str, Any]:
        return {"status": action.status, "done_on": action.done_on, "update": action.update}


class MinutesForm(GovukFormMixin, forms.Form):
    text = forms.CharField(
        label="Minutes",
        widget=forms.Textarea(attrs={"rows": 16}),
        error_messages={"required": "Enter the minutes"},
    )


class MeetingChoiceField(forms.ModelChoiceField[BoardMeeting]):
    def label_from_instance(self, obj: BoardMeeting) -> str:
        return f"{obj.title}, {obj.held_on.day} {obj.held_on:%B %Y}"


class MinutesApproveForm(GovukFormMixin, forms.Form):
    at_meeting = MeetingChoiceField(
        label="Approved at the meeting of",
        queryset=BoardMeeting.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose the meeting that approved the minutes",
            "invalid_choice": "Choose a meeting held after this one, today or before",
        },
    )

    def __init__(
        self, *args: Any, choices: list[BoardMeeting], locked: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if locked:
            # Approved minutes: nothing to choose; the service's refusal is the form's error.
            del self.fields["at_meeting"]
            return
        field: MeetingChoiceField = self.fields["at_meeting"]  # type: ignore[assignment]
        field.queryset = BoardMeeting.objects.filter(pk__in=[m.pk for m in choices]).order_by(
            "held_on", "pk"
        )


class ActionFilterForm(GovukFormMixin, forms.Form):
    show = forms.ChoiceField(
        label="Show",
        choices=[(key.value, label) for key, label in ACTION_FILTER_LABELS.items()],
        required=False,
        widget=forms.RadioSelect,
    )

    def chosen(self) -> ActionFilter:
        if self.is_valid() and self.cleaned_data["show"]:
            return ActionFilter(self.cleaned_data["show"])
        return ActionFilter.OPEN
