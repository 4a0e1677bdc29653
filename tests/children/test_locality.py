"""Locality working: a locality team's caseload by agency and role, its children, and the
children in its locality known to three or more agencies with no lead professional; who may
see it, and what a member sees of a child they do not work with."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.children.models import Child, Sensitivity
from childtrust.children.selectors.locality import locality_caseload_for
from childtrust.partnership.models import Locality, Team
from tests.children.factories import (
    AgencyRecordFactory,
    ChildFactory,
    InvolvementFactory,
    ShieldedChildFactory,
    staff_user,
)
from tests.factories import (
    AgencyFactory,
    LocalityFactory,
    LocalityTeamFactory,
    StaffMemberFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def north() -> Locality:
    return LocalityFactory(name="North", slug="north")


@pytest.fixture
def team(north: Locality) -> Team:
    return LocalityTeamFactory(name="North locality team", slug="north-team", locality=north)


def _member(team: Team, role: Role = Role.PRACTITIONER) -> User:
    return staff_user(role, team=team)


def _known_to_three(team: Team, **child: object) -> Child:
    """A child a locality team's practitioner is involved with (no lead), known to 3 agencies."""
    unled = ChildFactory(**child)
    InvolvementFactory(child=unled, practitioner=StaffMemberFactory(team=team))
    AgencyRecordFactory(child=unled)
    AgencyRecordFactory(child=unled)
    return unled


def test_a_member_sees_the_team_caseload_by_agency_and_role(team: Team) -> None:
    reader = _member(team)
    colleague = StaffMemberFactory(team=team, agency=AgencyFactory(name="Health"))
    first, second = ChildFactory(family_name="Adams"), ChildFactory(family_name="Brown")
    InvolvementFactory(child=first, practitioner=colleague, role="Health visitor")
    InvolvementFactory(
        child=second, practitioner=colleague, role="Health visitor", is_lead_professional=True
    )
    InvolvementFactory(
        child=second,
        practitioner=colleague,
        role="Counsellor",
        sensitivity=Sensitivity.MENTAL_HEALTH,
    )
    InvolvementFactory(child=ChildFactory(), role="Elsewhere")  # another team's
    ended = InvolvementFactory(practitioner=colleague, ended_on=datetime.date(2025, 10, 1))
    caseload = locality_caseload_for(reader)
    assert caseload is not None
    assert [(r.agency, r.role, r.children) for r in caseload.by_role] == [
        ("Health", "Health visitor", 2)
    ]
    assert [row.child for row in caseload.children] == [first, second]
    assert [row.lead_in_team for row in caseload.children] == [False, True]
    assert ended.child not in [row.child for row in caseload.children]
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_id=str(team.pk))
    assert event.details["children"] == 2


def test_children_known_to_three_agencies_with_no_lead_are_listed(team: Team) -> None:
    reader = _member(team)
    unled = _known_to_three(team)
    two_agencies = ChildFactory()
    InvolvementFactory(child=two_agencies, practitioner=StaffMemberFactory(team=team))
    AgencyRecordFactory(child=two_agencies)
    led = _known_to_three(team)
    InvolvementFactory(child=led, is_lead_professional=True)
    caseload = locality_caseload_for(reader)
    assert caseload is not None
    assert [row.child for row in caseload.unled] == [unled]
    assert caseload.unled[0].agencies == 3
    assert caseload.unled[0].details_shown is True  # the team works with the child


def test_a_child_of_another_team_in_the_locality_is_shown_by_reference_only(
    team: Team, north: Locality
) -> None:
    reader = _member(team)
    other_team = LocalityTeamFactory(name="North schools", slug="north-schools", locality=north)
    theirs = _known_to_three(other_team, given_name="Zara", family_name="Quinn")
    ShieldedChildFactory()  # never listed: see below
    hidden = _known_to_three(other_team)
    hidden.shielded = True
    hidden.save()
    elsewhere = _known_to_three(LocalityTeamFactory(locality=LocalityFactory()))
    caseload = locality_caseload_for(reader)
    assert caseload is not None
    assert [(row.child, row.details_shown) for row in caseload.unled] == [(theirs, False)]
    client = Client()
    client.force_login(reader)
    page = client.get("/children/locality/").content.decode()
    assert theirs.reference in page
    assert "Quinn" not in page
    assert hidden.reference not in page
    assert elsewhere.reference not in page


def test_someone_in_no_locality_team_is_told_so() -> None:
    reader = staff_user(Role.PRACTITIONER)
    assert locality_caseload_for(reader) is None
    client = Client()
    client.force_login(reader)
    page = client.get("/children/locality/").content.decode()
    assert "You are not in a multi-agency locality team" in page


@pytest.mark.parametrize("role", list(Role))
def test_who_may_see_a_locality_caseload(role: Role, team: Team) -> None:
    reader = _member(team, role)
    allowed = role in {Role.PRACTITIONER, Role.TEAM_MANAGER, Role.FRONT_DOOR}
    client = Client()
    client.force_login(reader)
    assert client.get("/children/locality/").status_code == (200 if allowed else 403)
    if allowed:
        assert locality_caseload_for(reader) is not None
    else:
        with pytest.raises(PermissionDenied):
            locality_caseload_for(reader)


def test_the_page_lists_the_team_children_with_links(team: Team) -> None:
    reader = _member(team)
    child = ChildFactory(given_name="Ivy", family_name="Hart")
    InvolvementFactory(child=child, practitioner=reader.staff_member)
    client = Client()
    client.force_login(reader)
    page = client.get("/children/locality/").content.decode()
    assert "North locality team: caseload" in page
    assert f'href="/children/{child.reference}/">Ivy Hart</a>' in page


def test_a_visitor_is_sent_to_sign_in() -> None:
    assert Client().get("/children/locality/").status_code == 302


def test_a_colleagues_sensitive_involvement_does_not_list_the_child(team: Team) -> None:
    """The attacker: a member of another agency learns nothing of the children the team's CAMHS
    clinician sees (the caseload names children); the clinician's own agency sees them."""
    camhs = AgencyFactory(name="CAMHS")
    reader = _member(team)
    clinician = StaffMemberFactory(team=team, agency=camhs)
    seen = ChildFactory(family_name="Seen")
    InvolvementFactory(child=seen, practitioner=clinician, sensitivity=Sensitivity.MENTAL_HEALTH)
    caseload = locality_caseload_for(reader)
    assert caseload is not None
    assert caseload.children == []
    colleague = staff_user(Role.PRACTITIONER, team=team, agency=camhs)
    theirs = locality_caseload_for(colleague)
    assert theirs is not None
    assert [row.child for row in theirs.children] == [seen]
