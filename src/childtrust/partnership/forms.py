"""Forms for the partnership's own administration pages, with messages a non-technical person
understands. Forms validate input; services hold the rules and do the writing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet

from childtrust.core.forms import GovukFormMixin
from childtrust.partnership.models import (
    Agency,
    AgencyKind,
    Locality,
    Outcome,
    Priority,
    ServiceStatus,
    StaffMember,
    Team,
    TeamKind,
)
from childtrust.partnership.selectors.registry import ServiceFilter
from childtrust.partnership.selectors.staff import StaffFilter
from childtrust.partnership.services import MAX_CHILD_AGE

# --- Registry ----------------------------------------------------------------------------------
# Forms turn input into typed values with plain messages; the registry services hold the rules
# (unique names, age ranges, team kinds, line management) and their messages reach the form
# through `core.forms.form_write`.


def _valid_values(form: forms.BaseForm) -> dict[str, Any]:
    """The values of a filter form's valid fields: one bad filter does not drop the others."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


def _text(
    label: str,
    *,
    required_message: str = "",
    max_length: int = 200,
    error_messages: dict[str, str] | None = None,
    **kwargs: Any,
) -> forms.CharField:
    messages = {"max_length": f"{label} must be {max_length} characters or fewer"}
    if required_message:
        messages["required"] = required_message
    return forms.CharField(
        label=label,
        required=bool(required_message),
        max_length=max_length,
        error_messages=messages | (error_messages or {}),
        **kwargs,
    )


def _long_text(label: str, *, required_message: str = "", **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=bool(required_message),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": required_message} if required_message else None,
        **kwargs,
    )


def _email(label: str) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the right format, like name@example.org",
            "max_length": "The email address must be 254 characters or fewer",
        },
    )


def _web_address(label: str) -> forms.URLField:
    return forms.URLField(
        label=label,
        required=False,
        assume_scheme="https",
        max_length=200,
        error_messages={
            "invalid": "Enter the web address in the right format, like https://www.example.org",
            "max_length": "The web address must be 200 characters or fewer",
        },
    )


def _phone(label: str) -> forms.CharField:
    return _text(
        label,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "class": "govuk-input--width-20"}),
    )


def _choice(
    label: str, choices: list[tuple[str, str]], *, message: str, blank: str, help_text: str = ""
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", blank), *choices],
        help_text=help_text,
        error_messages={"required": message, "invalid_choice": message},
    )


def _model_choice(
    label: str,
    queryset: QuerySet[Any],
    *,
    required_message: str = "",
    blank: str,
    to_field_name: str | None = None,
    help_text: str = "",
    widget: type[forms.Select] = forms.Select,
) -> forms.ModelChoiceField[Any]:
    article = "an" if label[0].lower() in "aeiou" else "a"
    invalid = f"Choose {article} {label.lower()} from the list"
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        required=bool(required_message),
        empty_label=blank,
        to_field_name=to_field_name,
        help_text=help_text,
        widget=widget,
        error_messages={
            "required": required_message or invalid,
            "invalid_choice": invalid,
        },
    )


def _age(
    label: str,
    which: str,
    *,
    help_text: str = "",
) -> forms.IntegerField:
    message = f"Enter the {which} age as a whole number from 0 to {MAX_CHILD_AGE}"
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_CHILD_AGE,
        help_text=help_text,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
        # GOV.UK asks for a text input with a numeric keyboard rather than type="number".
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )


class AgencyForm(GovukFormMixin, forms.Form):
    name = _text("Name", required_message="Enter the agency's name")
    short_name = _text(
        "Short name",
        max_length=40,
        help_text="Optional. The initials or short name people use, such as CAMHS.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    kind = _choice(
        "Kind of agency",
        AgencyKind.choices,
        message="Choose the kind of agency",
        blank="Choose a kind",
    )
    statutory_partner = forms.BooleanField(
        label="Statutory partner",
        required=False,
        help_text="Named as a relevant partner under the Children Act 2004.",
    )
    mission = _long_text("Mission", help_text="The agency's own mission statement.")
    vision = _long_text("Vision", help_text="The agency's own vision statement.")
    website = _web_address("Website")
    contact_name = _text("Contact name", help_text="Who partners should contact first.")
    contact_email = _email("Contact email address")
    contact_phone = _phone("Contact phone number")


class LocalityForm(GovukFormMixin, forms.Form):
    name = _text("Name", required_message="Enter the locality's name", max_length=100)
    description = _long_text("Description")


class WardForm(GovukFormMixin, forms.Form):
    name = _text("Name", required_message="Enter the ward's name", max_length=100)
    code = _text(
        "ONS ward code",
        max_length=9,
        help_text="Optional. E05 followed by 6 digits, like E05002455.",
        error_messages={
            "max_length": "Enter the ward code as E05 followed by 6 digits, like E05002455",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    locality = _model_choice(
        "Locality",
        Locality.objects.order_by("name"),
        required_message="Choose the locality the ward belongs to",
        blank="Choose a locality",
    )


class ServiceForm(GovukFormMixin, forms.Form):
    agency = _model_choice(
        "Agency",
        Agency.objects.order_by("name"),
        required_message="Choose the agency that runs the service",
        blank="Choose an agency",
    )
    name = _text("Name", required_message="Enter the service's name")
    description = _long_text(
        "What the service does", required_message="Describe what the service does"
    )
    audience = _text(
        "Who it is for",
        required_message="Say who the service is for",
        max_length=300,
        help_text="Such as children aged 0 to 5 and their families.",
    )
    eligibility = _long_text(
        "Eligibility", help_text="Optional. Who may use it and how to qualify."
    )
    min_age = _age(
        "Youngest age",
        "youngest",
        help_text="In years, from 0 to 25. Leave blank for no lower limit.",
    )
    max_age = _age(
        "Oldest age", "oldest", help_text="In years, from 0 to 25. Leave blank for no upper limit."
    )
    localities = forms.ModelMultipleChoiceField(
        label="Localities covered",
        queryset=Locality.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select every locality the service covers.",
        error_messages={
            "invalid_choice": "Choose localities from the list",
            "invalid_pk_value": "Choose localities from the list",
        },
    )
    status = _choice(
        "Status",
        ServiceStatus.choices,
        message="Choose the service's status",
        blank="Choose a status",
    )
    how_to_access = _long_text("How to refer or apply", help_text="Optional.")
    email = _email("Email address")
    phone = _phone("Phone number")
    url = _web_address("Web page")


class TeamForm(GovukFormMixin, forms.Form):
    name = _text("Name", required_message="Enter the team's name")
    kind = _choice(
        "Kind of team",
        TeamKind.choices,
        message="Choose the kind of team",
        blank="Choose a kind",
        help_text=(
            "A single-agency team belongs to one agency. A multi-agency locality team serves one "
            "locality and its members keep their own employers."
        ),
    )
    agency = _model_choice(
        "Agency",
        Agency.objects.order_by("name"),
        blank="No single agency",
        help_text="Required for a single-agency team; leave blank for a multi-agency team.",
    )
    locality = _model_choice(
        "Locality",
        Locality.objects.order_by("name"),
        blank="No locality",
        help_text="Required for a multi-agency locality team.",
    )
    purpose = _long_text("Purpose", help_text="Optional. What the team is for.")


class _TeamChoiceField(forms.ModelChoiceField[Team]):
    def label_from_instance(self, obj: Team) -> str:
        return f"{obj.name} ({obj.agency.name if obj.agency else 'multi-agency'})"


class _ManagerChoiceField(forms.ModelChoiceField[StaffMember]):
    def label_from_instance(self, obj: StaffMember) -> str:
        return f"{obj.full_name}, {obj.job_title} ({obj.agency.name})"


class StaffMemberForm(GovukFormMixin, forms.Form):
    given_name = _text(
        "Given name", required_message="Enter the person's given name", max_length=100
    )
    family_name = _text(
        "Family name", required_message="Enter the person's family name", max_length=100
    )
    email = forms.EmailField(
        label="Work email address",
        max_length=254,
        error_messages={
            "required": "Enter the person's work email address",
            "invalid": "Enter an email address in the right format, like name@example.org",
            "max_length": "The email address must be 254 characters or fewer",
        },
    )
    phone = _phone("Phone number")
    job_title = _text("Job title", required_message="Enter the person's job title")
    agency = _model_choice(
        "Agency",
        Agency.objects.order_by("name"),
        required_message="Choose the agency the person works for",
        blank="Choose an agency",
    )
    team = _TeamChoiceField(
        label="Team",
        queryset=Team.objects.select_related("agency").order_by("name"),
        required=False,
        empty_label="No team",
        help_text="Optional. A single-agency team must be in the person's own agency.",
        error_messages={"invalid_choice": "Choose a team from the list"},
    )
    manager = _ManagerChoiceField(
        label="Line manager",
        queryset=StaffMember.objects.select_related("agency").order_by(
            "agency__name", "family_name", "given_name"
        ),
        required=False,
        empty_label="No line manager (top of the agency)",
        help_text="Someone in the same agency. Leave blank for the head of the agency.",
        error_messages={"invalid_choice": "Choose a line manager from the list"},
    )
    is_active = forms.BooleanField(
        label="In post", required=False, initial=True, help_text="Untick when the person leaves."
    )

    def __init__(self, *args: Any, person: StaffMember | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if person is not None:
            manager = self.fields["manager"]
            assert isinstance(manager, forms.ModelChoiceField)
            manager.queryset = manager.queryset.exclude(pk=person.pk)  # type: ignore[union-attr]


class ServiceFilterForm(GovukFormMixin, forms.Form):
    """The services directory's search and filters: a GET form that works without JavaScript.
    An invalid filter is shown with its message and left out; the others still apply."""

    q = _text(
        "Search",
        max_length=200,
        help_text="Words in the name, description or audience.",
    )
    agency = _model_choice(
        "Agency",
        Agency.objects.only("slug", "name").order_by("name"),
        blank="Any agency",
        to_field_name="slug",
    )
    locality = _model_choice(
        "Locality",
        Locality.objects.only("slug", "name").order_by("name"),
        blank="Any locality",
        to_field_name="slug",
    )
    kind = forms.ChoiceField(
        label="Kind of agency",
        required=False,
        choices=[("", "Any kind"), *AgencyKind.choices],
        error_messages={"invalid_choice": "Choose a kind of agency from the list"},
    )
    age = _age("Age of child", "child's", help_text="In years, from 0 to 25.")
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *ServiceStatus.choices],
        error_messages={"invalid_choice": "Choose a status from the list"},
    )

    def to_filter(self) -> ServiceFilter:
        data = _valid_values(self)
        return ServiceFilter(
            text=data.get("q", ""),
            agency=data.get("agency"),
            locality=data.get("locality"),
            agency_kind=data.get("kind", ""),
            age=data.get("age"),
            status=data.get("status", ""),
        )


class StaffFilterForm(GovukFormMixin, forms.Form):
    q = _text("Search", max_length=200, help_text="A name or job title.")
    agency = _model_choice(
        "Agency", Agency.objects.order_by("name"), blank="Any agency", to_field_name="slug"
    )
    team = _model_choice(
        "Team", Team.objects.order_by("name"), blank="Any team", to_field_name="slug"
    )
    locality = _model_choice(
        "Locality",
        Locality.objects.order_by("name"),
        blank="Any locality",
        to_field_name="slug",
        help_text="People in teams that serve the locality.",
    )
    level = forms.IntegerField(
        label="Management level",
        required=False,
        min_value=1,
        max_value=99,
        help_text="1 is the head of an agency (no line manager), 2 reports to level 1, and so on.",
        error_messages={
            "invalid": "Enter the level as a whole number, like 2",
            "min_value": "Enter a level of 1 or more",
            "max_value": "Enter a level of 99 or less",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )

    def to_filter(self) -> StaffFilter:
        data = _valid_values(self)
        return StaffFilter(
            text=data.get("q", ""),
            agency=data.get("agency"),
            team=data.get("team"),
            locality=data.get("locality"),
            level=data.get("level"),
        )


# --- Shared vision and outcomes framework ------------------------------------------------------

_POSITION_HELP = "Lower numbers come first. Leave blank to put it last."


def _position_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="Order (optional)",
        help_text=_POSITION_HELP,
        required=False,
        min_value=0,
        max_value=1000,
        error_messages={
            "invalid": "Enter the order as a whole number, like 3",
            "min_value": "Enter the order as a whole number from 0 to 1000",
            "max_value": "Enter the order as a whole number from 0 to 1000",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )


class VisionAdoptForm(GovukFormMixin, forms.Form):
    text = forms.CharField(
        label="The vision",
        help_text="The whole text as adopted. Earlier versions are kept.",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the text of the vision"},
    )
    adopted_on = forms.DateField(
        label="Date it was adopted",
        help_text="For example, 2026-11-25. It cannot be in the future.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the date the vision was adopted",
            "invalid": "Enter the date the vision was adopted as a real date, like 2026-11-25",
        },
    )
    adopted_by = forms.CharField(
        label="Adopted by",
        help_text="The body that agreed it, such as the Children's Trust Board.",
        max_length=200,
        error_messages={
            "required": "Enter who adopted the vision, such as the Children's Trust Board",
            "max_length": "Who adopted the vision must be 200 characters or fewer",
        },
    )


class OutcomeForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Name",
        help_text="For example, Be healthy.",
        max_length=100,
        error_messages={
            "required": "Enter the outcome's name",
            "max_length": "The outcome's name must be 100 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    position = _position_field()


class PriorityForm(GovukFormMixin, forms.Form):
    outcome = forms.ModelChoiceField(
        label="Outcome",
        help_text="The outcome this priority works towards.",
        queryset=Outcome.objects.all(),
        empty_label="Choose an outcome",
        error_messages={
            "required": "Choose the outcome this priority works towards",
            "invalid_choice": "Choose the outcome this priority works towards",
        },
    )
    title = forms.CharField(
        label="Title",
        help_text="For example, Fewer children living with obesity.",
        max_length=200,
        error_messages={
            "required": "Enter the priority's title",
            "max_length": "The priority's title must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    position = _position_field()


class _PriorityChoiceField(forms.ModelChoiceField[Priority]):
    def label_from_instance(self, obj: Priority) -> str:
        return f"{obj.outcome}: {obj.title}"


class FrameworkIndicatorForm(GovukFormMixin, forms.Form):
    priority = _PriorityChoiceField(
        label="Priority",
        help_text="The priority whose progress this indicator measures.",
        queryset=Priority.objects.select_related("outcome"),
        empty_label="Choose a priority",
        error_messages={
            "required": "Choose the priority this indicator measures",
            "invalid_choice": "Choose the priority this indicator measures",
        },
    )
    name = forms.CharField(
        label="Name",
        help_text="For example, Children overweight or obese at reception age.",
        max_length=200,
        error_messages={
            "required": "Enter the indicator's name",
            "max_length": "The indicator's name must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description (optional)",
        help_text="How it is measured and where the figures come from.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@dataclass(frozen=True)
class CommitmentChoice:
    priority: Priority
    commit: forms.BoundField
    contribution: forms.BoundField


class AgencyCommitmentsForm(GovukFormMixin, forms.Form):
    """One checkbox per priority, grouped by outcome, each with what the agency will do.
    Works without JavaScript: every contribution box is always shown."""

    def __init__(
        self,
        *args: Any,
        agency: Agency,
        groups: list[tuple[Outcome, list[Priority]]],
        contributions: dict[int, str],
        **kwargs: Any,
    ) -> None:
        self.agency = agency
        self.priority_groups = groups
        super().__init__(*args, **kwargs)
        # Added after GovukFormMixin has styled the declared fields, so styled here.
        name = agency.short_name or agency.name
        for _outcome, priorities in groups:
            for priority in priorities:
                self.fields[f"commit_{priority.pk}"] = forms.BooleanField(
                    label=priority.title,
                    help_text=priority.description,
                    required=False,
                    initial=priority.pk in contributions,
                )
                self.fields[f"contribution_{priority.pk}"] = forms.CharField(
                    label=f"What {name} will do towards “{priority.title}”",
                    required=False,
                    initial=contributions.get(priority.pk, ""),
                    widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for priority in self._priorities():
            ticked = cleaned.get(f"commit_{priority.pk}")
            written = cleaned.get(f"contribution_{priority.pk}", "").strip()
            if ticked and not written:
                self.add_error(
                    f"contribution_{priority.pk}",
                    f"Say what {self.agency} will do towards “{priority.title}”",
                )
            elif written and not ticked:
                self.add_error(
                    f"commit_{priority.pk}",
                    f"Tick “{priority.title}” if {self.agency} commits to it, "
                    "or clear what you wrote about it",
                )
        return cleaned

    def _priorities(self) -> list[Priority]:
        return [p for _outcome, priorities in self.priority_groups for p in priorities]

    def chosen(self) -> dict[Priority, str]:
        """The priorities ticked, each with what the agency will do towards it."""
        return {
            priority: self.cleaned_data[f"contribution_{priority.pk}"]
            for priority in self._priorities()
            if self.cleaned_data.get(f"commit_{priority.pk}")
        }

    def groups(self) -> list[tuple[Outcome, list[CommitmentChoice]]]:
        """The fields laid out for the page: each outcome with a checkbox and a text box per
        priority."""
        return [
            (
                outcome,
                [
                    CommitmentChoice(
                        priority=p,
                        commit=self[f"commit_{p.pk}"],
                        contribution=self[f"contribution_{p.pk}"],
                    )
                    for p in priorities
                ],
            )
            for outcome, priorities in self.priority_groups
        ]
