"""Registry services: each write is validated, saved and audited once, or refused whole."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.partnership.models import (
    Agency,
    AgencyKind,
    Locality,
    Service,
    ServiceStatus,
    StaffMember,
    Team,
    TeamKind,
    Ward,
)
from childtrust.partnership.services import registry as services
from childtrust.partnership.services import staff as staff_services
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


@pytest.fixture
def admin() -> User:
    return UserFactory(username="registry-admin", role=Role.PARTNERSHIP_ADMIN)


def refused(call: Any, **kwargs: Any) -> dict[str, list[str]]:
    """Calls a service that must refuse, and returns its messages by field."""
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value.message_dict


def events(action: AuditAction) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


# Agencies


def test_agency_create_saves_the_agency_with_a_slug_and_records_one_create_event(
    admin: User,
) -> None:
    agency = services.agency_create(
        actor=admin,
        name="  City Youth Trust ",
        kind=AgencyKind.VOLUNTARY,
        mission="Young people thrive.",
    )
    agency.refresh_from_db()
    assert agency.name == "City Youth Trust"
    assert agency.slug == "city-youth-trust"
    assert agency.created_by == admin
    [event] = AuditEvent.objects.all()
    assert event.action == AuditAction.CREATE
    assert event.object_type == "partnership.agency"
    assert event.object_id == str(agency.pk)
    assert event.actor_username == admin.username


def test_agency_create_refuses_a_name_already_taken_ignoring_case(admin: User) -> None:
    AgencyFactory(name="City Police")
    errors = refused(services.agency_create, actor=admin, name="city police", kind="police")
    assert errors == {"name": ["There is already an agency called city police"]}
    assert Agency.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_agency_create_refuses_a_blank_name_and_an_unknown_kind(admin: User) -> None:
    errors = refused(services.agency_create, actor=admin, name="  ", kind="spies")
    assert errors == {"name": ["Enter the agency's name"], "kind": ["Choose the kind of agency"]}
    assert not Agency.objects.exists()


def test_agency_slug_avoids_slugs_taken_and_the_reserved_word_add(admin: User) -> None:
    AgencyFactory(name="Other", slug="health-trust")
    assert services.agency_create(actor=admin, name="Health Trust", kind="health").slug == (
        "health-trust-2"
    )
    assert services.agency_create(actor=admin, name="Add", kind="other").slug == "add-2"


def test_agency_update_changes_only_the_fields_given_and_records_their_names(
    admin: User,
) -> None:
    agency = AgencyFactory(name="Old name", mission="Keep.")
    services.agency_update(actor=admin, agency=agency, name="New name", statutory_partner=False)
    agency.refresh_from_db()
    assert (agency.name, agency.mission, agency.slug) == ("New name", "Keep.", "old-name")
    [event] = events(AuditAction.UPDATE)
    assert event.details == {"changed": ["name", "statutory_partner"]}


def test_agency_update_that_changes_nothing_writes_no_event(admin: User) -> None:
    agency = AgencyFactory(name="Same")
    services.agency_update(actor=admin, agency=agency, name="Same")
    assert not AuditEvent.objects.exists()


def test_agency_update_refuses_a_field_it_does_not_manage(admin: User) -> None:
    with pytest.raises(TypeError):
        services.agency_update(actor=admin, agency=AgencyFactory(), slug="hijack")


def test_agency_update_refused_leaves_the_agency_as_it_was_on_the_callers_object(
    admin: User,
) -> None:
    AgencyFactory(name="City Police")
    agency = AgencyFactory(name="City Health", kind=AgencyKind.HEALTH)
    refused(services.agency_update, actor=admin, agency=agency, name="City Police", kind="spies")
    assert (agency.name, agency.kind) == ("City Health", AgencyKind.HEALTH)
    assert not AuditEvent.objects.exists()


def test_agency_update_of_spaces_around_a_name_changes_nothing(admin: User) -> None:
    agency = AgencyFactory(name="City Health")
    services.agency_update(actor=admin, agency=agency, name="  City Health ")
    assert not AuditEvent.objects.exists()


# Localities and wards


def test_locality_create_and_update_each_record_one_event(admin: User) -> None:
    locality = services.locality_create(actor=admin, name="North", description="The north.")
    services.locality_update(actor=admin, locality=locality, description="The north side.")
    assert [e.action for e in AuditEvent.objects.order_by("sequence")] == [
        AuditAction.CREATE,
        AuditAction.UPDATE,
    ]
    assert Locality.objects.get().description == "The north side."


def test_locality_create_refuses_a_duplicate_name(admin: User) -> None:
    LocalityFactory(name="North")
    errors = refused(services.locality_create, actor=admin, name="NORTH")
    assert errors == {"name": ["There is already a locality called NORTH"]}


def test_ward_create_accepts_an_ons_code_and_tidies_its_case(admin: User) -> None:
    locality = LocalityFactory()
    ward = services.ward_create(actor=admin, name="Bevois", code=" e05002455 ", locality=locality)
    assert ward.code == "E05002455"
    assert ward.locality == locality
    assert len(events(AuditAction.CREATE)) == 1


def test_ward_create_accepts_no_code(admin: User) -> None:
    ward = services.ward_create(actor=admin, name="Bevois", locality=LocalityFactory())
    assert ward.code == ""


@pytest.mark.parametrize("code", ["E0500245", "E050024551", "W05000001", "E05OO2455", "12345"])
def test_ward_create_refuses_a_code_that_is_not_an_ons_ward_code(admin: User, code: str) -> None:
    errors = refused(
        services.ward_create, actor=admin, name="Bevois", code=code, locality=LocalityFactory()
    )
    assert errors == {
        "code": [
            "Enter the ward code as E05 followed by 6 digits, like E05002455, or leave it blank"
        ]
    }
    assert not Ward.objects.exists()


def test_ward_create_refuses_a_ward_without_a_locality(admin: User) -> None:
    errors = refused(services.ward_create, actor=admin, name="Bevois", locality=None)
    assert errors == {"locality": ["Choose the locality the ward belongs to"]}


def test_ward_update_moves_a_ward_to_another_locality(admin: User) -> None:
    ward = WardFactory()
    other = LocalityFactory()
    services.ward_update(actor=admin, ward=ward, locality=other)
    ward.refresh_from_db()
    assert ward.locality == other
    assert events(AuditAction.UPDATE)[0].details == {"changed": ["locality"]}


# Services


def service_kwargs(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "agency": AgencyFactory(),
        "name": "Baby clinic",
        "description": "Weighing and advice.",
        "audience": "Babies and parents",
        "min_age": 0,
        "max_age": 2,
    }
    return values | overrides


def test_service_create_saves_the_service_with_its_localities_and_one_event(
    admin: User,
) -> None:
    north, south = LocalityFactory(), LocalityFactory()
    service = services.service_create(actor=admin, localities=[north, south], **service_kwargs())
    assert service.slug == "baby-clinic"
    assert set(service.localities.all()) == {north, south}
    assert service.status == ServiceStatus.ACTIVE
    assert len(events(AuditAction.CREATE)) == 1
    assert AuditEvent.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"min_age": 6, "max_age": 5},
            {"max_age": ["The oldest age must be the same as or more than the youngest age"]},
        ),
        ({"max_age": 26}, {"max_age": ["The oldest age must be from 0 to 25"]}),
        ({"min_age": -1}, {"min_age": ["The youngest age must be from 0 to 25"]}),
        ({"agency": None}, {"agency": ["Choose the agency that runs the service"]}),
        ({"name": " "}, {"name": ["Enter the service's name"]}),
        ({"description": ""}, {"description": ["Describe what the service does"]}),
        ({"audience": ""}, {"audience": ["Say who the service is for"]}),
        ({"status": "closed"}, {"status": ["Choose the service's status"]}),
    ],
)
def test_service_create_refuses_each_broken_rule_with_a_clear_message(
    admin: User, overrides: dict[str, Any], expected: dict[str, list[str]]
) -> None:
    errors = refused(services.service_create, actor=admin, **service_kwargs(**overrides))
    assert errors == expected
    assert not Service.objects.exists()
    assert not AuditEvent.objects.exists()


def test_service_create_allows_equal_ages_and_open_ends(admin: User) -> None:
    services.service_create(actor=admin, **service_kwargs(name="A", min_age=5, max_age=5))
    services.service_create(actor=admin, **service_kwargs(name="B", min_age=None, max_age=25))
    assert Service.objects.count() == 2


def test_service_create_refuses_a_name_the_agency_already_uses(admin: User) -> None:
    existing = ServiceFactory(name="Baby clinic")
    errors = refused(services.service_create, actor=admin, **service_kwargs(agency=existing.agency))
    assert errors == {"name": [f"{existing.agency} already has a service called Baby clinic"]}


def test_two_agencies_may_each_run_a_service_of_the_same_name(admin: User) -> None:
    ServiceFactory(name="Baby clinic")
    service = services.service_create(actor=admin, **service_kwargs())
    assert service.slug == "baby-clinic-2"


def test_service_update_records_a_change_of_localities(admin: User) -> None:
    service = ServiceFactory()
    north = LocalityFactory()
    services.service_update(actor=admin, service=service, localities=[north])
    assert list(service.localities.all()) == [north]
    assert events(AuditAction.UPDATE)[0].details == {"changed": ["localities"]}


def test_service_update_of_fields_and_localities_records_both_in_one_event(admin: User) -> None:
    service = ServiceFactory(name="Baby clinic")
    north = LocalityFactory()
    services.service_update(actor=admin, service=service, localities=[north], name="Baby club")
    service = Service.objects.get(pk=service.pk)
    assert (service.name, list(service.localities.all())) == ("Baby club", [north])
    updates = AuditEvent.objects.filter(action=AuditAction.UPDATE)
    assert [event.details for event in updates] == [{"changed": ["localities", "name"]}]


def test_service_update_with_the_same_localities_writes_nothing(admin: User) -> None:
    north = LocalityFactory()
    service = ServiceFactory()
    service.localities.set([north])
    services.service_update(actor=admin, service=service, localities=[north], name=service.name)
    assert not AuditEvent.objects.exists()


def test_service_update_refused_leaves_the_service_and_its_localities_as_they_were(
    admin: User,
) -> None:
    north, south = LocalityFactory(), LocalityFactory()
    service = ServiceFactory(min_age=0, max_age=5)
    service.localities.set([north])
    with pytest.raises(ValidationError):
        services.service_update(actor=admin, service=service, localities=[south], min_age=9)
    service = Service.objects.get(pk=service.pk)
    assert (service.min_age, list(service.localities.all())) == (0, [north])
    assert not AuditEvent.objects.exists()


# Teams


def test_team_create_single_agency_team_needs_its_agency(admin: User) -> None:
    errors = refused(
        services.team_create, actor=admin, name="Health visiting north", kind="single_agency"
    )
    assert errors == {"agency": ["Choose the agency that employs a single-agency team"]}
    assert not Team.objects.exists()


def test_team_create_locality_team_needs_its_locality(admin: User) -> None:
    errors = refused(services.team_create, actor=admin, name="North locality team", kind="locality")
    assert errors == {"locality": ["Choose the locality a multi-agency locality team serves"]}


def test_team_create_multi_agency_team_has_no_single_agency(admin: User) -> None:
    errors = refused(
        services.team_create,
        actor=admin,
        name="Missing children panel",
        kind="multi_agency",
        agency=AgencyFactory(),
    )
    assert errors == {
        "agency": ["A multi-agency team has no single employing agency: leave the agency blank"]
    }


def test_team_create_saves_a_locality_team_and_records_one_event(admin: User) -> None:
    north = LocalityFactory(name="North")
    team = services.team_create(
        actor=admin, name="North locality team", kind=TeamKind.LOCALITY, locality=north
    )
    assert (team.slug, team.locality, team.agency) == ("north-locality-team", north, None)
    assert len(events(AuditAction.CREATE)) == 1


def test_team_update_refuses_to_make_a_mixed_team_single_agency(admin: User) -> None:
    team = LocalityTeamFactory()
    police, health = AgencyFactory(), AgencyFactory()
    StaffMemberFactory(team=team, agency=police)
    StaffMemberFactory(team=team, agency=health)
    errors = refused(
        services.team_update, actor=admin, team=team, kind="single_agency", agency=police
    )
    assert list(errors) == ["agency"]
    assert "work for other agencies" in errors["agency"][0]
    assert Team.objects.get(pk=team.pk).kind == TeamKind.LOCALITY


# Staff and line management


def person_kwargs(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "given_name": "Sam",
        "family_name": "Jones",
        "email": "sam.jones@example.org",
        "job_title": "Health visitor",
        "agency": AgencyFactory(),
    }
    return values | overrides


def test_staff_member_create_saves_the_person_and_records_one_event(admin: User) -> None:
    head = StaffMemberFactory()
    person = staff_services.staff_member_create(
        actor=admin, **person_kwargs(agency=head.agency, manager=head)
    )
    assert person.manager == head
    [event] = AuditEvent.objects.all()
    assert (event.action, event.object_type) == (AuditAction.CREATE, "partnership.staffmember")


def test_staff_member_create_refuses_a_manager_from_another_agency(admin: User) -> None:
    elsewhere = StaffMemberFactory()
    errors = refused(
        staff_services.staff_member_create, actor=admin, **person_kwargs(manager=elsewhere)
    )
    assert list(errors) == ["manager"]
    assert "line management stays within the employing agency" in errors["manager"][0]
    assert StaffMember.objects.count() == 1


def test_staff_member_create_refuses_an_email_already_in_the_directory(admin: User) -> None:
    StaffMemberFactory(email="sam.jones@example.org")
    errors = refused(
        staff_services.staff_member_create,
        actor=admin,
        **person_kwargs(email="Sam.Jones@example.org"),
    )
    assert errors == {
        "email": ["Someone in the directory already has the email address Sam.Jones@example.org"]
    }


def test_staff_member_create_refuses_a_single_agency_team_of_another_agency(admin: User) -> None:
    team = TeamFactory()
    errors = refused(staff_services.staff_member_create, actor=admin, **person_kwargs(team=team))
    assert list(errors) == ["team"]
    assert f"{team} is a team of {team.agency}" in errors["team"][0]


def test_staff_member_create_allows_a_multi_agency_team(admin: User) -> None:
    team = LocalityTeamFactory()
    person = staff_services.staff_member_create(actor=admin, **person_kwargs(team=team))
    assert person.team == team


def test_staff_member_update_refuses_the_person_as_their_own_manager(admin: User) -> None:
    person = StaffMemberFactory()
    errors = refused(staff_services.staff_member_update, actor=admin, person=person, manager=person)
    assert errors == {"manager": ["A person cannot be their own line manager"]}


def test_staff_member_update_refuses_a_manager_who_reports_to_the_person(admin: User) -> None:
    head = StaffMemberFactory(given_name="Ada", family_name="Head")
    middle = StaffMemberFactory(agency=head.agency, manager=head)
    below = StaffMemberFactory(
        agency=head.agency, manager=middle, given_name="Bo", family_name="Below"
    )
    errors = refused(staff_services.staff_member_update, actor=admin, person=head, manager=below)
    assert errors == {
        "manager": [
            "Bo Below cannot be Ada Head's line manager, because Bo Below already reports to "
            "Ada Head, directly or through others"
        ]
    }
    assert StaffMember.objects.get(pk=head.pk).manager is None
    assert not AuditEvent.objects.exists()


def test_staff_member_update_moves_a_person_within_the_tree(admin: User) -> None:
    head = StaffMemberFactory()
    first = StaffMemberFactory(agency=head.agency, manager=head)
    second = StaffMemberFactory(agency=head.agency, manager=head)
    staff_services.staff_member_update(actor=admin, person=second, manager=first)
    assert StaffMember.objects.get(pk=second.pk).manager == first
    [event] = events(AuditAction.UPDATE)
    assert event.details == {"changed": ["manager"]}


def test_staff_member_update_refuses_to_move_a_manager_away_from_their_reports(
    admin: User,
) -> None:
    head = StaffMemberFactory()
    StaffMemberFactory(agency=head.agency, manager=head)
    errors = refused(
        staff_services.staff_member_update, actor=admin, person=head, agency=AgencyFactory()
    )
    assert list(errors) == ["agency"]
    assert "line-manages 1 person in another agency" in errors["agency"][0]


def test_staff_member_update_details_name_fields_but_never_their_values(admin: User) -> None:
    person = StaffMemberFactory(phone="")
    staff_services.staff_member_update(actor=admin, person=person, phone="07700 900123")
    [event] = events(AuditAction.UPDATE)
    assert event.details == {"changed": ["phone"]}
    assert "07700" not in str(event.details)
