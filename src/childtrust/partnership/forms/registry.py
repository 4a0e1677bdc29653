"""Forms for the registry's pages: agencies, localities and wards, services and teams, and the
services directory's search. The registry services hold the rules (unique names, age ranges,
team kinds); these forms only turn input into typed values."""

from __future__ import annotations

from django import forms

from childtrust.core.forms import GovukFormMixin, RecordsChoiceField
from childtrust.partnership.forms.fields import (
    age_field,
    choice_field,
    email_field,
    long_text_field,
    model_choice_field,
    phone_field,
    text_field,
    valid_values,
    web_address_field,
)
from childtrust.partnership.models import AgencyKind, ServiceStatus, TeamKind
from childtrust.partnership.selectors.registry import (
    ServiceFilter,
    agencies_by_name,
    localities_by_name,
)


class AgencyForm(GovukFormMixin, forms.Form):
    name = text_field("Name", required_message="Enter the agency's name")
    short_name = text_field(
        "Short name",
        max_length=40,
        help_text="Optional. The initials or short name people use, such as CAMHS.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    kind = choice_field(
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
    mission = long_text_field("Mission", help_text="The agency's own mission statement.")
    vision = long_text_field("Vision", help_text="The agency's own vision statement.")
    website = web_address_field("Website")
    contact_name = text_field("Contact name", help_text="Who partners should contact first.")
    contact_email = email_field("Contact email address")
    contact_phone = phone_field("Contact phone number")


class LocalityForm(GovukFormMixin, forms.Form):
    name = text_field("Name", required_message="Enter the locality's name", max_length=100)
    description = long_text_field("Description")


class WardForm(GovukFormMixin, forms.Form):
    name = text_field("Name", required_message="Enter the ward's name", max_length=100)
    code = text_field(
        "ONS ward code",
        max_length=9,
        help_text="Optional. E05 followed by 6 digits, like E05002455.",
        error_messages={
            "max_length": "Enter the ward code as E05 followed by 6 digits, like E05002455",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    locality = model_choice_field(
        "Locality",
        localities_by_name(),
        required_message="Choose the locality the ward belongs to",
        blank="Choose a locality",
    )


class ServiceForm(GovukFormMixin, forms.Form):
    agency = model_choice_field(
        "Agency",
        agencies_by_name(),
        required_message="Choose the agency that runs the service",
        blank="Choose an agency",
    )
    name = text_field("Name", required_message="Enter the service's name")
    description = long_text_field(
        "What the service does", required_message="Describe what the service does"
    )
    audience = text_field(
        "Who it is for",
        required_message="Say who the service is for",
        max_length=300,
        help_text="Such as children aged 0 to 5 and their families.",
    )
    eligibility = long_text_field(
        "Eligibility", help_text="Optional. Who may use it and how to qualify."
    )
    min_age = age_field(
        "Youngest age",
        "youngest",
        help_text="In years, from 0 to 25. Leave blank for no lower limit.",
    )
    max_age = age_field(
        "Oldest age", "oldest", help_text="In years, from 0 to 25. Leave blank for no upper limit."
    )
    localities = RecordsChoiceField(
        label="Localities covered",
        queryset=localities_by_name(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select every locality the service covers.",
        error_messages={
            "invalid_choice": "Choose localities from the list",
            "invalid_pk_value": "Choose localities from the list",
        },
    )
    status = choice_field(
        "Status",
        ServiceStatus.choices,
        message="Choose the service's status",
        blank="Choose a status",
    )
    how_to_access = long_text_field("How to refer or apply", help_text="Optional.")
    email = email_field("Email address")
    phone = phone_field("Phone number")
    url = web_address_field("Web page")


class TeamForm(GovukFormMixin, forms.Form):
    name = text_field("Name", required_message="Enter the team's name")
    kind = choice_field(
        "Kind of team",
        TeamKind.choices,
        message="Choose the kind of team",
        blank="Choose a kind",
        help_text=(
            "A single-agency team belongs to one agency. A multi-agency locality team serves one "
            "locality and its members keep their own employers."
        ),
    )
    agency = model_choice_field(
        "Agency",
        agencies_by_name(),
        blank="No single agency",
        help_text="Required for a single-agency team; leave blank for a multi-agency team.",
    )
    locality = model_choice_field(
        "Locality",
        localities_by_name(),
        blank="No locality",
        help_text="Required for a multi-agency locality team.",
    )
    purpose = long_text_field("Purpose", help_text="Optional. What the team is for.")


class ServiceFilterForm(GovukFormMixin, forms.Form):
    """The services directory's search and filters: a GET form that works without JavaScript.
    An invalid filter is shown with its message and left out; the others still apply."""

    q = text_field(
        "Search",
        max_length=200,
        help_text="Words in the name, description or audience.",
    )
    agency = model_choice_field(
        "Agency",
        agencies_by_name().only("slug", "name"),
        blank="Any agency",
        to_field_name="slug",
    )
    locality = model_choice_field(
        "Locality",
        localities_by_name().only("slug", "name"),
        blank="Any locality",
        to_field_name="slug",
    )
    kind = forms.ChoiceField(
        label="Kind of agency",
        required=False,
        choices=[("", "Any kind"), *AgencyKind.choices],
        error_messages={"invalid_choice": "Choose a kind of agency from the list"},
    )
    age = age_field("Age of child", "child's", help_text="In years, from 0 to 25.")
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *ServiceStatus.choices],
        error_messages={"invalid_choice": "Choose a status from the list"},
    )

    def to_filter(self) -> ServiceFilter:
        data = valid_values(self)
        return ServiceFilter(
            text=data.get("q", ""),
            agency=data.get("agency"),
            locality=data.get("locality"),
            agency_kind=data.get("kind", ""),
            age=data.get("age"),
            status=data.get("status", ""),
        )
