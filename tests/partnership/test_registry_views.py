"""Registry pages over HTTP: who may view, who may create and edit, what each page shows, and
what is audited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.partnership.models import Agency, AgencyKind, Service, StaffMember
from childtrust.partnership.services import registry as services
from tests.factories import (
    AgencyFactory,
    LocalityFactory,
    LocalityTeamFactory,
    ServiceFactory,
    StaffMemberFactory,
    TeamFactory,
    UserFactory,
    WardFactory,
)

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)
MANAGERS = {Role.PARTNERSHIP_ADMIN}


@dataclass
class Registry:
    agency: Agency
    service: Service
    person: StaffMember
    locality_slug: str
    team_slug: str
    ward_pk: int


@pytest.fixture
def registry() -> Registry:
    agency = AgencyFactory(name="City Health", kind=AgencyKind.HEALTH)
    locality = LocalityFactory(name="North")
    ward = WardFactory(name="Bassett", locality=locality, code="E05002455")
    team = LocalityTeamFactory(name="North locality team", locality=locality)
    service = ServiceFactory(name="Baby clinic", agency=agency)
    service.localities.set([locality])
    head = StaffMemberFactory(agency=agency, given_name="Ada", family_name="Head")
    person = StaffMemberFactory(
        agency=agency, manager=head, team=team, given_name="Sam", family_name="Jones"
    )
    return Registry(agency, service, person, locality.slug, team.slug, ward.pk)


def view_urls(r: Registry) -> list[str]:
    return [
        reverse("partnership:agency_list"),
        reverse("partnership:agency_detail", args=[r.agency.slug]),
        reverse("partnership:org_chart", args=[r.agency.slug]),
        reverse("partnership:service_list"),
        reverse("partnership:service_detail", args=[r.service.slug]),
        reverse("partnership:locality_list"),
        reverse("partnership:locality_detail", args=[r.locality_slug]),
        reverse("partnership:team_list"),
        reverse("partnership:team_detail", args=[r.team_slug]),
        reverse("partnership:staff_list"),
        reverse("partnership:staff_detail", args=[r.person.pk]),
    ]


def manage_urls(r: Registry) -> list[str]:
    return [
        reverse("partnership:agency_create"),
        reverse("partnership:agency_update", args=[r.agency.slug]),
        reverse("partnership:service_create"),
        reverse("partnership:service_update", args=[r.service.slug]),
        reverse("partnership:locality_create"),
        reverse("partnership:locality_update", args=[r.locality_slug]),
        reverse("partnership:ward_create"),
        reverse("partnership:ward_update", args=[r.ward_pk]),
        reverse("partnership:team_create"),
        reverse("partnership:team_update", args=[r.team_slug]),
        reverse("partnership:staff_create"),
        reverse("partnership:staff_update", args=[r.person.pk]),
    ]


# Who may do what


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_signed_in_role_may_view_every_registry_page(
    client_for: Callable[[str], Client], registry: Registry, role: str
) -> None:
    client = client_for(role)
    for url in view_urls(registry):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_partnership_administrators_may_open_the_create_and_edit_forms(
    client_for: Callable[[str], Client], registry: Registry, role: str
) -> None:
    client = client_for(role)
    expected = 200 if role in MANAGERS else 403
    for url in manage_urls(registry):
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_partnership_administrators_may_create_an_agency(
    client_for: Callable[[str], Client], role: str
) -> None:
    response = client_for(role).post(
        reverse("partnership:agency_create"), {"name": "City Police", "kind": "police"}
    )
    created = Agency.objects.filter(name="City Police").exists()
    if role in MANAGERS:
        assert response.status_code == 302
        assert created
    else:
        assert response.status_code == 403
        assert not created
        assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


@pytest.mark.parametrize("role", sorted(set(ALL_ROLES) - MANAGERS))
def test_every_registry_form_refuses_a_post_from_a_role_that_may_not_and_writes_nothing(
    client_for: Callable[[str], Client], registry: Registry, role: str
) -> None:
    client = client_for(role)
    for url in manage_urls(registry):
        assert client.post(url, {"name": "Changed", "kind": "police"}).status_code == 403, url
    assert not AuditEvent.objects.filter(
        action__in=[AuditAction.CREATE, AuditAction.UPDATE]
    ).exists()
    assert not Agency.objects.filter(name="Changed").exists()
    assert Agency.objects.get(pk=registry.agency.pk).name == "City Health"


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_partnership_administrators_may_edit_a_person(
    client_for: Callable[[str], Client], registry: Registry, role: str
) -> None:
    person = registry.person
    data = {
        "given_name": "Samuel",
        "family_name": person.family_name,
        "email": person.email,
        "job_title": person.job_title,
        "agency": person.agency.pk,
        "manager": person.manager_id,
        "team": person.team_id,
        "is_active": "on",
    }
    response = client_for(role).post(reverse("partnership:staff_update", args=[person.pk]), data)
    person.refresh_from_db()
    if role in MANAGERS:
        assert response.status_code == 302
        assert person.given_name == "Samuel"
    else:
        assert response.status_code == 403
        assert person.given_name == "Sam"


@pytest.mark.parametrize("role", ALL_ROLES)
def test_create_and_change_links_show_only_to_administrators(
    client_for: Callable[[str], Client], registry: Registry, role: str
) -> None:
    page = client_for(role).get(reverse("partnership:agency_detail", args=[registry.agency.slug]))
    change = reverse("partnership:agency_update", args=[registry.agency.slug])
    assert (change in page.content.decode()) == (role in MANAGERS)


def test_signed_out_visitors_are_sent_to_sign_in(registry: Registry) -> None:
    for url in view_urls(registry) + manage_urls(registry):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign_in"))


# Agencies


def test_agency_list_shows_each_agencys_kind_and_whether_it_is_a_statutory_partner(
    client_for: Callable[[str], Client],
) -> None:
    AgencyFactory(name="City Police", kind=AgencyKind.POLICE, statutory_partner=True)
    AgencyFactory(name="Youth Trust", kind=AgencyKind.VOLUNTARY, statutory_partner=False)
    html = client_for(Role.PRACTITIONER).get(reverse("partnership:agency_list")).content.decode()
    assert "City Police" in html
    assert "Police" in html
    assert "Voluntary and community sector" in html
    assert html.count('<td class="govuk-table__cell">Yes</td>') == 1
    assert html.count('<td class="govuk-table__cell">No</td>') == 1


def test_agency_page_shows_its_own_mission_vision_contacts_services_teams_and_chart_link(
    client_for: Callable[[str], Client],
) -> None:
    agency = AgencyFactory(
        name="City Health",
        mission="Healthy from the start.",
        vision="Every child healthy.",
        contact_name="Jo Bloggs",
        contact_email="jo@example.org",
    )
    ServiceFactory(agency=agency, name="Baby clinic")
    TeamFactory(agency=agency, name="Health visiting east")
    html = (
        client_for(Role.AUDITOR)
        .get(reverse("partnership:agency_detail", args=[agency.slug]))
        .content.decode()
    )
    for text in (
        "Healthy from the start.",
        "Every child healthy.",
        "Jo Bloggs",
        "jo@example.org",
        "Baby clinic",
        "Health visiting east",
        reverse("partnership:org_chart", args=[agency.slug]),
    ):
        assert text in html


def test_administrator_adds_an_agency_and_sees_it(client_for: Callable[[str], Client]) -> None:
    client = client_for(Role.PARTNERSHIP_ADMIN)
    response = client.post(
        reverse("partnership:agency_create"),
        {
            "name": "City Police",
            "kind": "police",
            "statutory_partner": "on",
            "mission": "Keep people safe.",
            "contact_email": "mash@police.example.org",
        },
        follow=True,
    )
    agency = Agency.objects.get(name="City Police")
    assert agency.statutory_partner
    assert response.redirect_chain[-1][0] == reverse(
        "partnership:agency_detail", args=["city-police"]
    )
    assert "City Police has been added." in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.CREATE).count() == 1


def test_administrator_changes_an_agency_through_its_form(
    client_for: Callable[[str], Client],
) -> None:
    agency = AgencyFactory(name="City Health", kind=AgencyKind.HEALTH)
    client = client_for(Role.PARTNERSHIP_ADMIN)
    form_page = client.get(reverse("partnership:agency_update", args=[agency.slug]))
    assert 'value="City Health"' in form_page.content.decode()
    client.post(
        reverse("partnership:agency_update", args=[agency.slug]),
        {
            "name": "City Health NHS Trust",
            "kind": "health",
            "statutory_partner": "on",
            "mission": agency.mission,
        },
    )
    agency.refresh_from_db()
    assert agency.name == "City Health NHS Trust"
    assert agency.mission == "To keep children healthy."
    assert AuditEvent.objects.get(action=AuditAction.UPDATE).details == {"changed": ["name"]}


# Services directory


def test_services_directory_searches_and_filters_with_a_plain_get_form(
    client_for: Callable[[str], Client],
) -> None:
    north = LocalityFactory(name="North", slug="north")
    police = AgencyFactory(name="City Police", slug="city-police", kind=AgencyKind.POLICE)
    kept = ServiceFactory(name="Schools liaison", agency=police, min_age=11, max_age=16)
    kept.localities.set([north])
    ServiceFactory(name="Schools liaison south", agency=police, min_age=11, max_age=16)
    ServiceFactory(name="Baby clinic", min_age=0, max_age=2).localities.set([north])
    client = client_for(Role.FRONT_DOOR)
    html = client.get(
        reverse("partnership:service_list"),
        {
            "q": "liaison",
            "agency": "city-police",
            "locality": "north",
            "age": "12",
            "kind": "police",
        },
    ).content.decode()
    assert "1 service found" in html
    assert "Schools liaison</a>" in html
    assert "Baby clinic" not in html
    assert 'method="get"' in html


def test_services_directory_reports_a_bad_filter_and_still_applies_the_others(
    client_for: Callable[[str], Client],
) -> None:
    ServiceFactory(name="Youth club", min_age=11, max_age=19)
    ServiceFactory(name="Baby clinic", min_age=0, max_age=2)
    html = (
        client_for(Role.PRACTITIONER)
        .get(
            reverse("partnership:service_list"), {"q": "club", "age": "thirty", "agency": "nobody"}
        )
        .content.decode()
    )
    assert "Enter the child&#x27;s age as a whole number from 0 to 25" in html
    assert "Choose an agency from the list" in html
    assert "Youth club" in html
    assert "Baby clinic" not in html


def test_services_directory_pages_through_results_keeping_the_filters(
    client_for: Callable[[str], Client],
) -> None:
    for number in range(25):
        ServiceFactory(name=f"Clinic {number:02d}")
    client = client_for(Role.PRACTITIONER)
    first = client.get(reverse("partnership:service_list"), {"q": "clinic"}).content.decode()
    assert "Page 1 of 2" in first
    assert "?q=clinic&amp;page=2" in first
    second = client.get(reverse("partnership:service_list"), {"q": "clinic", "page": "2"})
    assert "Clinic 24" in second.content.decode()
    assert "Clinic 00" not in second.content.decode()


def test_services_directory_is_not_audited(
    client_for: Callable[[str], Client], registry: Registry
) -> None:
    client = client_for(Role.PRACTITIONER)
    client.get(reverse("partnership:service_list"), {"q": "clinic"})
    client.get(reverse("partnership:service_detail", args=[registry.service.slug]))
    assert not AuditEvent.objects.exists()


def test_services_directory_costs_a_fixed_small_number_of_queries(
    client_for: Callable[[str], Client], django_assert_max_num_queries: Any
) -> None:
    client = client_for(Role.PRACTITIONER)
    localities = [LocalityFactory() for _ in range(3)]

    def add_services(count: int) -> None:
        for _ in range(count):
            ServiceFactory().localities.set(localities)

    add_services(3)
    client.get(reverse("partnership:service_list"))  # the session's first write is not the page's
    cache.clear()
    with django_assert_max_num_queries(9) as few:
        assert client.get(reverse("partnership:service_list")).status_code == 200
    add_services(40)
    with django_assert_max_num_queries(10) as many:
        response = client.get(
            reverse("partnership:service_list"), {"q": "children", "locality": localities[0].slug}
        )
        assert response.status_code == 200
    assert len(many.captured_queries) <= len(few.captured_queries) + 1  # the locality looked up
    assert response.content.decode().count('class="govuk-heading-s govuk-!-margin-bottom-1"') == 20


def test_services_directory_answers_a_repeated_question_from_its_cache(
    client_for: Callable[[str], Client], django_assert_max_num_queries: Any
) -> None:
    client = client_for(Role.PRACTITIONER)
    ServiceFactory.create_batch(5)
    url = reverse("partnership:service_list")
    client.get(url)
    # Signed in (session, user, two-factor device) and the directory's version: nothing else.
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "change",
    ["rename_service", "add_service", "rename_agency", "rename_locality", "change_localities"],
)
def test_services_directory_shows_a_change_at_once_despite_its_cache(
    client_for: Callable[[str], Client], change: str
) -> None:
    admin = UserFactory(role=Role.PARTNERSHIP_ADMIN)
    client = client_for(Role.PRACTITIONER)
    locality, other_locality = LocalityFactory(name="Central"), LocalityFactory(name="Eastside")
    service = ServiceFactory(name="Baby clinic")
    service.localities.set([locality])
    url = reverse("partnership:service_list")
    assert "Baby clinic" in client.get(url).content.decode()
    expected = {
        "rename_service": "Infant clinic",
        "add_service": "Toddler group",
        "rename_agency": "Renamed agency",
        "rename_locality": "Renamed locality",
        "change_localities": "Eastside",
    }[change]
    if change == "rename_service":
        services.service_update(actor=admin, service=service, name="Infant clinic")
    elif change == "add_service":
        ServiceFactory(name="Toddler group")
    elif change == "rename_agency":
        services.agency_update(actor=admin, agency=service.agency, name="Renamed agency")
    elif change == "rename_locality":
        services.locality_update(actor=admin, locality=locality, name="Renamed locality")
    else:
        services.service_update(actor=admin, service=service, localities=[other_locality])
    page = client.get(url).content.decode()
    assert expected in page.split('id="results"')[1]


def test_administrator_adds_a_service_with_localities_ticked(
    client_for: Callable[[str], Client],
) -> None:
    agency = AgencyFactory()
    north, south, east = LocalityFactory(), LocalityFactory(), LocalityFactory()
    response = client_for(Role.PARTNERSHIP_ADMIN).post(
        reverse("partnership:service_create"),
        {
            "agency": agency.pk,
            "name": "Young carers group",
            "description": "Fortnightly group.",
            "audience": "Young carers",
            "min_age": "8",
            "max_age": "18",
            "localities": [north.pk, east.pk],
            "status": "active",
        },
    )
    service = Service.objects.get(name="Young carers group")
    assert response.status_code == 302
    assert set(service.localities.all()) == {north, east}
    assert south not in service.localities.all()


def test_service_form_shows_localities_as_checkboxes(client_for: Callable[[str], Client]) -> None:
    north = LocalityFactory(name="North")
    html = (
        client_for(Role.PARTNERSHIP_ADMIN)
        .get(reverse("partnership:service_create"))
        .content.decode()
    )
    assert f'name="localities" type="checkbox" value="{north.pk}"' in html


def test_service_edit_form_starts_with_the_services_localities_ticked(
    client_for: Callable[[str], Client], registry: Registry
) -> None:
    other = LocalityFactory(name="South")
    html = (
        client_for(Role.PARTNERSHIP_ADMIN)
        .get(reverse("partnership:service_update", args=[registry.service.slug]))
        .content.decode()
    )
    north = registry.service.localities.get()
    assert f'type="checkbox" value="{north.pk}" checked>' in html
    assert f'type="checkbox" value="{other.pk}">' in html
    assert 'value="Children aged 0 to 5 and their families"' in html


def test_service_page_shows_ages_and_localities(
    client_for: Callable[[str], Client], registry: Registry
) -> None:
    html = (
        client_for(Role.PRACTITIONER)
        .get(reverse("partnership:service_detail", args=[registry.service.slug]))
        .content.decode()
    )
    assert "0 to 5" in html
    assert "North" in html


# Localities and wards


def test_locality_list_shows_each_locality_with_its_wards_teams_and_services(
    client_for: Callable[[str], Client], registry: Registry
) -> None:
    html = client_for(Role.TEAM_MANAGER).get(reverse("partnership:locality_list")).content.decode()
    assert "Bassett" in html
    assert "E05002455" in html
    assert "North locality team" in html
    assert "1 service covers North" in html
    assert f"?locality={registry.locality_slug}" in html


def test_locality_page_lists_the_services_covering_it(
    client_for: Callable[[str], Client], registry: Registry
) -> None:
    html = (
        client_for(Role.TEAM_MANAGER)
        .get(reverse("partnership:locality_detail", args=[registry.locality_slug]))
        .content.decode()
    )
    assert "Baby clinic</a>, City Health" in html


def test_administrator_adds_a_ward_to_a_locality(
    client_for: Callable[[str], Client], registry: Registry
) -> None:
    client = client_for(Role.PARTNERSHIP_ADMIN)
    form = client.get(reverse("partnership:ward_create"), {"locality": registry.locality_slug})
    assert "selected" in form.content.decode()
    response = client.post(
        reverse("partnership:ward_create"),
        {
            "name": "Portswood",
            "code": "E05002461",
            "locality": form.context["form"].initial["locality"],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "partnership:locality_detail", args=[registry.locality_slug]
    )


# Teams


def test_team_page_shows_members_with_their_employing_agencies(
    client_for: Callable[[str], Client],
) -> None:
    team = LocalityTeamFactory(name="East locality team")
    StaffMemberFactory(team=team, agency=AgencyFactory(name="City Police"), family_name="Cole")
    StaffMemberFactory(team=team, agency=AgencyFactory(name="City Health"), family_name="Dunn")
    html = (
        client_for(Role.PRACTITIONER)
        .get(reverse("partnership:team_detail", args=[team.slug]))
        .content.decode()
    )
    assert "Members come from 2 agencies: City Health, City Police." in html
    assert "Cole" in html
    assert "Dunn" in html
    assert AuditEvent.objects.get().action == AuditAction.VIEW


def test_administrator_is_told_a_single_agency_team_needs_its_agency(
    client_for: Callable[[str], Client],
) -> None:
    response = client_for(Role.PARTNERSHIP_ADMIN).post(
        reverse("partnership:team_create"), {"name": "Health visiting", "kind": "single_agency"}
    )
    assert response.status_code == 200
    assert "Choose the agency that employs a single-agency team" in response.content.decode()


# Staff directory and organisation chart


def test_staff_directory_shows_agency_job_manager_and_level_and_audits_the_search(
    client_for: Callable[[str], Client], registry: Registry
) -> None:
    html = (
        client_for(Role.FRONT_DOOR)
        .get(reverse("partnership:staff_list"), {"q": "jones"})
        .content.decode()
    )
    assert "Sam Jones" in html
    assert "City Health" in html
    assert "Ada Head" in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in html
    [event] = AuditEvent.objects.all()
    assert (event.action, event.details) == (AuditAction.SEARCH, {"text": "jones"})


def test_every_page_of_the_staff_directory_is_one_audited_search(
    client_for: Callable[[str], Client], registry: Registry
) -> None:
    client = client_for(Role.PRACTITIONER)
    client.get(reverse("partnership:staff_list"))
    client.get(reverse("partnership:staff_list"), {"level": "1"})
    assert AuditEvent.objects.filter(action=AuditAction.SEARCH).count() == 2
    assert AuditEvent.objects.count() == 2


def test_staff_directory_costs_the_same_queries_for_a_bigger_directory(
    client_for: Callable[[str], Client], django_assert_max_num_queries: Any
) -> None:
    client = client_for(Role.PRACTITIONER)
    agency = AgencyFactory()
    team = LocalityTeamFactory()
    head = StaffMemberFactory(agency=agency, team=team)
    url = reverse("partnership:staff_list")
    client.get(url)  # the session's first write and the audit chain's first event
    with django_assert_max_num_queries(15) as small:
        client.get(url)
    for _ in range(40):
        StaffMemberFactory(agency=agency, manager=head, team=team)
    with django_assert_max_num_queries(15) as large:
        response = client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
    assert response.content.decode().count("/people/") >= 25


def test_person_page_shows_line_manager_and_direct_reports_and_audits_the_view(
    client_for: Callable[[str], Client], registry: Registry
) -> None:
    head = registry.person.manager
    assert head is not None
    html = (
        client_for(Role.AUDITOR)
        .get(reverse("partnership:staff_detail", args=[head.pk]))
        .content.decode()
    )
    assert "Sam Jones" in html  # a direct report
    assert "is at the top of City Health" in html
    [event] = AuditEvent.objects.all()
    assert (event.action, event.object_id) == (AuditAction.VIEW, str(head.pk))


def test_administrator_is_told_why_a_manager_who_reports_to_the_person_is_refused(
    client_for: Callable[[str], Client], registry: Registry
) -> None:
    head = registry.person.manager
    assert head is not None
    response = client_for(Role.PARTNERSHIP_ADMIN).post(
        reverse("partnership:staff_update", args=[head.pk]),
        {
            "given_name": head.given_name,
            "family_name": head.family_name,
            "email": head.email,
            "job_title": head.job_title,
            "agency": head.agency_id,
            "manager": registry.person.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "Sam Jones cannot be Ada Head&#x27;s line manager" in response.content.decode()
    head.refresh_from_db()
    assert head.manager is None
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_organisation_chart_is_nested_lists_of_the_line_management_tree(
    client_for: Callable[[str], Client], registry: Registry
) -> None:
    response = client_for(Role.STRATEGIC_LEAD).get(
        reverse("partnership:org_chart", args=[registry.agency.slug])
    )
    html = response.content.decode()
    assert '<ul class="app-org-chart">' in html
    head_at = html.index("Ada Head")
    nested_at = html.index("<ul>", head_at)
    assert head_at < nested_at < html.index("Sam Jones")
    assert html.count('class="app-org-chart__person"') == 2
    assert AuditEvent.objects.get().action == AuditAction.VIEW


def test_organisation_chart_costs_the_same_queries_for_a_bigger_agency(
    client_for: Callable[[str], Client], django_assert_max_num_queries: Any
) -> None:
    client = client_for(Role.PRACTITIONER)
    agency = AgencyFactory()
    head = StaffMemberFactory(agency=agency, team=TeamFactory(agency=agency))
    url = reverse("partnership:org_chart", args=[agency.slug])
    client.get(url)  # the session's first write and the audit chain's first event
    with django_assert_max_num_queries(10) as small:
        client.get(url)
    managers = [head]
    for number in range(30):
        managers.append(
            StaffMemberFactory(agency=agency, manager=managers[number // 3], team=head.team)
        )
    with django_assert_max_num_queries(10) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
