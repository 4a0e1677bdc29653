"""The access functions for people's records: each checks the role and audits one read."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from childtrust.accounts import roles
from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.core.permissions import Capability
from childtrust.partnership import access
from childtrust.partnership.models import StaffMember
from childtrust.partnership.selectors.staff import StaffFilter
from tests.factories import (
    AgencyFactory,
    LocalityFactory,
    LocalityTeamFactory,
    StaffMemberFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader() -> User:
    return UserFactory(username="reader", role=Role.PRACTITIONER)


def test_org_chart_for_user_records_one_view_of_the_agency(reader: User) -> None:
    agency = AgencyFactory()
    StaffMemberFactory(agency=agency)
    access.org_chart_for_user(user=reader, agency=agency)
    [event] = AuditEvent.objects.all()
    assert (event.action, event.object_type, event.object_id) == (
        AuditAction.VIEW,
        "partnership.agency",
        str(agency.pk),
    )


# Staff directory


def test_staff_directory_search_matches_names_and_job_titles_and_records_one_search(
    reader: User,
) -> None:
    StaffMemberFactory(given_name="Priya", family_name="Shah", job_title="Social worker")
    StaffMemberFactory(given_name="Tom", family_name="Reed", job_title="School nurse")
    StaffMemberFactory(given_name="Ann", family_name="Priyanka", job_title="Youth worker")
    directory = access.staff_directory_for_user(user=reader, staff_filter=StaffFilter(text="priya"))
    assert [p.family_name for p in directory.people] == ["Priyanka", "Shah"]
    directory = access.staff_directory_for_user(
        user=reader, staff_filter=StaffFilter(text="priya social")
    )
    assert [p.family_name for p in directory.people] == ["Shah"]
    searches = AuditEvent.objects.filter(action=AuditAction.SEARCH).order_by("sequence")
    assert [e.details for e in searches] == [{"text": "priya"}, {"text": "priya social"}]
    assert AuditEvent.objects.count() == 2


def test_staff_directory_filters_by_agency_team_locality_and_level(reader: User) -> None:
    agency = AgencyFactory()
    north = LocalityFactory()
    locality_team = LocalityTeamFactory(locality=north)
    single_team = TeamFactory(agency=agency)
    head = StaffMemberFactory(agency=agency, team=single_team, family_name="Head")
    report = StaffMemberFactory(agency=agency, manager=head, team=locality_team, family_name="Rep")
    other = StaffMemberFactory(team=locality_team, family_name="Other")

    def found(**criteria: object) -> list[StaffMember]:
        search = access.staff_directory_for_user(
            user=reader,
            staff_filter=StaffFilter(**criteria),  # type: ignore[arg-type]
        )
        return list(search.people)

    assert found(agency=agency) == [head, report]
    assert found(team=single_team) == [head]
    assert found(locality=north) == [other, report]
    assert found(level=1) == [head, other]
    assert found(level=2) == [report]
    assert found(agency=agency, level=2) == [report]
    last = AuditEvent.objects.order_by("-sequence").first()
    assert last is not None
    assert last.details == {"agency": agency.slug, "level": 2}


def test_staff_directory_gives_every_person_their_level(reader: User) -> None:
    head = StaffMemberFactory()
    report = StaffMemberFactory(agency=head.agency, manager=head)
    directory = access.staff_directory_for_user(user=reader, staff_filter=StaffFilter())
    assert directory.levels[head.pk] == 1
    assert directory.levels[report.pk] == 2


def test_staff_member_for_user_records_one_view_of_the_person(reader: User) -> None:
    head = StaffMemberFactory()
    report = StaffMemberFactory(agency=head.agency, manager=head)
    person = access.staff_member_for_user(reader, head.pk, purpose="view")
    assert list(person.direct_reports.all()) == [report]
    [event] = AuditEvent.objects.all()
    assert (event.action, event.object_id, event.details) == (
        AuditAction.VIEW,
        str(head.pk),
        {"purpose": "view"},
    )


def test_people_reads_refuse_a_user_without_the_staff_directory(db: None) -> None:
    inactive = UserFactory(username="gone", role=Role.PRACTITIONER, is_active=False)
    person = StaffMemberFactory()
    with pytest.raises(PermissionDenied):
        access.staff_member_for_user(inactive, person.pk, purpose="view")
    with pytest.raises(PermissionDenied):
        access.staff_directory_for_user(user=inactive, staff_filter=StaffFilter())
    with pytest.raises(PermissionDenied):
        access.org_chart_for_user(user=inactive, agency=person.agency)
    assert not AuditEvent.objects.exists()


def test_team_members_for_user_lists_members_of_several_agencies_and_records_one_view(
    reader: User,
) -> None:
    team = LocalityTeamFactory()
    members = [StaffMemberFactory(team=team) for _ in range(3)]
    shown = access.team_members_for_user(user=reader, team=team)
    assert set(shown) == set(members)
    assert len({member.agency_id for member in shown}) == 3
    [event] = AuditEvent.objects.all()
    assert event.object_type == "partnership.team"


# Who may read and who may keep the partnership: the role table, rule by rule

REGISTRY_KEEPERS = {Role.PARTNERSHIP_ADMIN}
FRAMEWORK_KEEPERS = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reads_the_partnership_and_only_its_keepers_change_it(role: Role) -> None:
    user = UserFactory.build(role=role)
    assert access.can_view_partnership(user)
    assert access.can_view_staff_directory(user)
    assert access.can_manage_partnership(user) == (role in REGISTRY_KEEPERS)
    assert access.can_manage_framework(user) == (role in FRAMEWORK_KEEPERS)


@pytest.mark.parametrize(
    "user",
    [None, AnonymousUser(), UserFactory.build(role=Role.PARTNERSHIP_ADMIN, is_active=False)],
    ids=["nobody", "signed out", "deactivated administrator"],
)
def test_no_one_signed_out_or_deactivated_may_read_or_change_anything(user: Any) -> None:
    assert not access.can_view_partnership(user)
    assert not access.can_view_staff_directory(user)
    assert not access.can_manage_partnership(user)
    assert not access.can_manage_framework(user)


def test_a_role_without_the_staff_directory_reads_no_team_members(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(
        roles.ROLE_CAPABILITIES,
        Role.PRACTITIONER,
        roles.ROLE_CAPABILITIES[Role.PRACTITIONER] - {Capability.VIEW_STAFF_DIRECTORY},
    )
    reader = UserFactory(role=Role.PRACTITIONER)
    team = LocalityTeamFactory()
    StaffMemberFactory(team=team)
    with pytest.raises(PermissionDenied, match=r"^Your role does not allow you to see this\.$"):
        access.team_members_for_user(reader, team)
    assert not AuditEvent.objects.exists()
