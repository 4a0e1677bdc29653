"""Bad input on every registry form: the page says what to fix, in plain words, and nothing
is written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.partnership.models import Agency, Locality, Service, StaffMember, Team, Ward
from tests.factories import (
    AgencyFactory,
    LocalityFactory,
    ServiceFactory,
    StaffMemberFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client_for: Callable[[str], Client]) -> Client:
    return client_for(Role.PARTNERSHIP_ADMIN)


def assert_refused(
    client: Client, url: str, data: dict[str, Any], message: str, model: type[Model]
) -> None:
    before = model._default_manager.count()
    response = client.post(url, data)
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert "<title>Error: " in html  # the page title says so first
    assert model._default_manager.count() == before
    assert not AuditEvent.objects.filter(
        action__in=[AuditAction.CREATE, AuditAction.UPDATE]
    ).exists()


AGENCY = {"name": "City Police", "kind": "police"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Enter the agency's name"),
        ({"kind": ""}, "Choose the kind of agency"),
        ({"kind": "spies"}, "Choose the kind of agency"),
        ({"name": "x" * 201}, "Name must be 200 characters or fewer"),
        (
            {"contact_email": "not an email"},
            "Enter an email address in the right format, like name@example.org",
        ),
        (
            {"website": "http://"},
            "Enter the web address in the right format, like https://www.example.org",
        ),
    ],
)
def test_agency_form_refuses_bad_input(
    admin_client: Client, changes: dict[str, str], message: str
) -> None:
    url = reverse("partnership:agency_create")
    assert_refused(admin_client, url, AGENCY | changes, message, Agency)


def test_agency_form_refuses_a_name_already_taken(admin_client: Client) -> None:
    AgencyFactory(name="City Police")
    url = reverse("partnership:agency_create")
    assert_refused(
        admin_client, url, AGENCY, "There is already an agency called City Police", Agency
    )


def test_agency_edit_form_refuses_a_name_taken_by_another_agency(admin_client: Client) -> None:
    AgencyFactory(name="City Police")
    agency = AgencyFactory(name="City Health")
    url = reverse("partnership:agency_update", args=[agency.slug])
    assert_refused(
        admin_client, url, AGENCY, "There is already an agency called City Police", Agency
    )
    agency.refresh_from_db()
    assert agency.name == "City Health"


def test_locality_form_refuses_a_blank_or_taken_name(admin_client: Client) -> None:
    url = reverse("partnership:locality_create")
    assert_refused(admin_client, url, {"name": ""}, "Enter the locality's name", Locality)
    LocalityFactory(name="North")
    assert_refused(
        admin_client, url, {"name": "north"}, "There is already a locality called north", Locality
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "E0500245"}, "Enter the ward code as E05 followed by 6 digits, like E05002455"),
        ({"code": "E050024550"}, "Enter the ward code as E05 followed by 6 digits, like E05002455"),
        ({"code": "S13002455"}, "Enter the ward code as E05 followed by 6 digits, like E05002455"),
        ({"locality": ""}, "Choose the locality the ward belongs to"),
        ({"locality": "999999"}, "Choose a locality from the list"),
        ({"name": ""}, "Enter the ward's name"),
    ],
)
def test_ward_form_refuses_bad_input(
    admin_client: Client, changes: dict[str, str], message: str
) -> None:
    data = {"name": "Bevois", "code": "E05002455", "locality": LocalityFactory().pk} | changes
    assert_refused(admin_client, reverse("partnership:ward_create"), data, message, Ward)


def service_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "agency": AgencyFactory().pk,
        "name": "Young carers group",
        "description": "Fortnightly group.",
        "audience": "Young carers",
        "min_age": "8",
        "max_age": "18",
        "status": "active",
    }
    return data | changes


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"min_age": "12", "max_age": "8"},
            "The oldest age must be the same as or more than the youngest age",
        ),
        ({"max_age": "26"}, "Enter the oldest age as a whole number from 0 to 25"),
        ({"min_age": "-1"}, "Enter the youngest age as a whole number from 0 to 25"),
        ({"min_age": "five"}, "Enter the youngest age as a whole number from 0 to 25"),
        ({"agency": ""}, "Choose the agency that runs the service"),
        ({"name": ""}, "Enter the service's name"),
        ({"description": ""}, "Describe what the service does"),
        ({"audience": ""}, "Say who the service is for"),
        ({"status": "closed"}, "Choose the service's status"),
        ({"localities": ["999999"]}, "Choose localities from the list"),
    ],
)
def test_service_form_refuses_bad_input(
    admin_client: Client, changes: dict[str, Any], message: str
) -> None:
    url = reverse("partnership:service_create")
    assert_refused(admin_client, url, service_data(**changes), message, Service)


def test_service_edit_form_refuses_crossed_ages_and_keeps_the_service(admin_client: Client) -> None:
    service = ServiceFactory(min_age=0, max_age=5)
    url = reverse("partnership:service_update", args=[service.slug])
    data = service_data(agency=service.agency.pk, name=service.name, min_age="9", max_age="3")
    assert_refused(
        admin_client,
        url,
        data,
        "The oldest age must be the same as or more than the youngest age",
        Service,
    )
    service.refresh_from_db()
    assert (service.min_age, service.max_age) == (0, 5)


def test_service_form_refuses_a_name_the_agency_already_uses(admin_client: Client) -> None:
    agency = AgencyFactory(name="City Health")
    ServiceFactory(agency=agency, name="Young carers group")
    assert_refused(
        admin_client,
        reverse("partnership:service_create"),
        service_data(agency=agency.pk),
        "City Health already has a service called Young carers group",
        Service,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"name": "North team", "kind": "locality"},
            "Choose the locality a multi-agency locality team serves",
        ),
        (
            {"name": "Health visiting", "kind": "single_agency"},
            "Choose the agency that employs a single-agency team",
        ),
        ({"name": "Panel", "kind": ""}, "Choose the kind of team"),
        ({"name": "", "kind": "multi_agency"}, "Enter the team's name"),
    ],
)
def test_team_form_refuses_bad_input(
    admin_client: Client, data: dict[str, str], message: str
) -> None:
    assert_refused(admin_client, reverse("partnership:team_create"), data, message, Team)


def test_team_form_refuses_an_agency_for_a_multi_agency_team(admin_client: Client) -> None:
    data = {"name": "Panel", "kind": "multi_agency", "agency": AgencyFactory().pk}
    assert_refused(
        admin_client,
        reverse("partnership:team_create"),
        data,
        "A multi-agency team has no single employing agency: leave the agency blank",
        Team,
    )


def person_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "given_name": "Sam",
        "family_name": "Jones",
        "email": "sam.jones@example.org",
        "job_title": "Health visitor",
        "agency": AgencyFactory().pk,
        "is_active": "on",
    }
    return data | changes


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"given_name": ""}, "Enter the person's given name"),
        ({"family_name": ""}, "Enter the person's family name"),
        ({"email": ""}, "Enter the person's work email address"),
        ({"email": "sam at example"}, "Enter an email address in the right format"),
        ({"job_title": ""}, "Enter the person's job title"),
        ({"agency": ""}, "Choose the agency the person works for"),
        ({"manager": "999999"}, "Choose a line manager from the list"),
    ],
)
def test_staff_form_refuses_bad_input(
    admin_client: Client, changes: dict[str, Any], message: str
) -> None:
    url = reverse("partnership:staff_create")
    assert_refused(admin_client, url, person_data(**changes), message, StaffMember)


def test_staff_form_refuses_a_manager_from_another_agency(admin_client: Client) -> None:
    elsewhere = StaffMemberFactory()
    assert_refused(
        admin_client,
        reverse("partnership:staff_create"),
        person_data(manager=elsewhere.pk),
        "line management stays within the employing agency",
        StaffMember,
    )


def test_staff_edit_form_does_not_offer_the_person_as_their_own_manager(
    admin_client: Client,
) -> None:
    person = StaffMemberFactory()
    url = reverse("partnership:staff_update", args=[person.pk])
    html = admin_client.get(url).content.decode()
    manager_choices = html[html.index('name="manager"') :].split("</select>")[0]
    assert "<option" in manager_choices
    assert f'<option value="{person.pk}"' not in manager_choices
    data = person_data(agency=person.agency.pk, email=person.email, manager=person.pk)
    assert_refused(admin_client, url, data, "Choose a line manager from the list", StaffMember)


def test_staff_directory_filter_reports_a_bad_level_and_still_searches(
    client_for: Callable[[str], Client],
) -> None:
    StaffMemberFactory(given_name="Priya", family_name="Shah")
    response = client_for(Role.PRACTITIONER).get(
        reverse("partnership:staff_list"), {"q": "shah", "level": "top"}
    )
    html = response.content.decode()
    assert "Enter the level as a whole number, like 2" in html
    assert "Priya Shah" in html
    assert AuditEvent.objects.get().details == {"text": "shah"}
