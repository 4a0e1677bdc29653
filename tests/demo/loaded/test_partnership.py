"""The demo partnership as `childtrust load_demo` leaves it, and `childtrust demo_accounts` on
it: loaded once for the package (conftest.py)."""

from __future__ import annotations

from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from pytest_django.fixtures import Settings

from childtrust.accounts.demo import DEMO_ACCOUNTS
from childtrust.accounts.models import User
from childtrust.audit.integrity import verify_chain
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.partnership import models as p
from tests.demo.loaded.loading import LoadedDemo
from tests.demo.southampton import SOUTHAMPTON_WARDS

EVERY_CHILD_MATTERS = [
    "Be healthy",
    "Stay safe",
    "Enjoy and achieve",
    "Make a positive contribution",
    "Achieve economic well-being",
]


@pytest.fixture
def loaded(demo_partnership: LoadedDemo) -> str:
    """What the command printed when it loaded the demo partnership."""
    return demo_partnership.output


def _levels(staff: list[p.StaffMember]) -> dict[int, int]:
    """Each staff member's level in their agency's line management: 1 for the head."""
    by_id = {member.pk: member for member in staff}
    levels: dict[int, int] = {}

    def level(member: p.StaffMember) -> int:
        if member.pk not in levels:
            manager = by_id.get(member.manager_id) if member.manager_id else None
            levels[member.pk] = 1 if manager is None else level(manager) + 1
        return levels[member.pk]

    for member in staff:
        level(member)
    return levels


# --- What is loaded ------------------------------------------------------------------------


def test_load_demo_prints_a_short_summary(loaded: str) -> None:
    assert "Loaded the demo partnership" in loaded
    assert "8 agencies" in loaded
    # 300 in post, and those who left in the last three years (the workforce demo's leavers).
    assert f"{p.StaffMember.objects.count()} staff members" in loaded
    assert p.StaffMember.objects.filter(is_active=True).count() == 300
    assert len(loaded.splitlines()) == 1


def test_counts_are_those_of_a_city_partnership(loaded: str) -> None:
    assert 7 <= p.Agency.objects.count() <= 9
    assert 35 <= p.Service.objects.count() <= 45
    assert 280 <= p.StaffMember.objects.filter(is_active=True).count() <= 320
    assert 30 <= p.StaffMember.objects.filter(is_active=False).count() <= 60
    assert p.Locality.objects.count() == 3
    assert p.Ward.objects.count() == 17
    assert p.VisionStatement.objects.count() == 1


def test_most_services_are_active(loaded: str) -> None:
    statuses = Counter(p.Service.objects.values_list("status", flat=True))
    assert statuses[p.ServiceStatus.ACTIVE] >= 0.8 * sum(statuses.values())
    assert len(statuses) > 1  # and a few are not, so that the directory shows the difference


def test_services_carry_localities_and_every_kind_of_agency(loaded: str) -> None:
    # What services cost and how many children they take are the costings' demo (resources).
    services = list(p.Service.objects.prefetch_related("localities"))
    assert all(service.localities.exists() for service in services)
    assert {p.Agency.objects.get(pk=s.agency_id).kind for s in services} == {
        kind for kind in p.AgencyKind if kind != p.AgencyKind.OTHER
    }


def test_agencies_have_their_own_diverging_missions_and_visions(loaded: str) -> None:
    agencies = list(p.Agency.objects.all())
    assert all(agency.mission and agency.vision and agency.contact_email for agency in agencies)
    assert len({agency.mission for agency in agencies}) == len(agencies)
    assert len({agency.vision for agency in agencies}) == len(agencies)
    assert {agency.statutory_partner for agency in agencies} == {True, False}


def test_every_southampton_ward_belongs_to_one_of_the_three_localities(loaded: str) -> None:
    wards = {ward.name: ward.locality.name for ward in p.Ward.objects.select_related("locality")}
    assert set(wards) == SOUTHAMPTON_WARDS
    assert set(wards.values()) == {"West", "Central", "East"}
    assert all(ward.code == "" for ward in p.Ward.objects.all())


def test_each_agency_has_at_least_four_levels_of_line_management(loaded: str) -> None:
    staff = list(p.StaffMember.objects.all())
    levels = _levels(staff)
    depth_by_agency: dict[int, int] = defaultdict(int)
    for member in staff:
        depth_by_agency[member.agency_id] = max(
            depth_by_agency[member.agency_id], levels[member.pk]
        )
    bigger = [agency.pk for agency in p.Agency.objects.all() if agency.staff.count() >= 20]
    assert len(bigger) >= 5
    assert all(depth_by_agency[agency_id] >= 4 for agency_id in bigger)


def test_line_management_stays_within_each_agency_under_one_head(loaded: str) -> None:
    staff = list(p.StaffMember.objects.select_related("manager"))
    assert all(m.manager is None or m.manager.agency_id == m.agency_id for m in staff)
    heads = Counter(member.agency_id for member in staff if member.manager is None)
    assert set(heads.values()) == {1}
    assert len(heads) == p.Agency.objects.count()


def test_staff_have_invented_names_and_example_org_addresses(loaded: str) -> None:
    staff = list(p.StaffMember.objects.all())
    assert all(member.email.endswith(".example.org") for member in staff)
    assert len({(member.given_name, member.family_name) for member in staff}) == len(staff)
    assert all(member.job_title and member.team_id for member in staff)


def test_the_three_locality_teams_draw_members_from_several_agencies(loaded: str) -> None:
    teams = list(p.Team.objects.filter(kind=p.TeamKind.LOCALITY).select_related("locality"))
    assert sorted(team.locality.name for team in teams if team.locality) == [
        "Central", "East", "West"
    ]  # fmt: skip
    for team in teams:
        assert team.agency_id is None
        agencies = set(team.members.values_list("agency_id", flat=True))
        assert len(agencies) >= 2, team.name


def test_single_agency_teams_hold_only_their_own_agencys_staff(loaded: str) -> None:
    teams = p.Team.objects.filter(kind=p.TeamKind.SINGLE_AGENCY)
    assert teams.count() >= 8
    for team in teams:
        assert set(team.members.values_list("agency_id", flat=True)) <= {team.agency_id}


def test_the_framework_has_the_five_outcomes_with_priorities_and_indicators(loaded: str) -> None:
    assert list(p.Outcome.objects.values_list("name", flat=True)) == EVERY_CHILD_MATTERS
    for outcome in p.Outcome.objects.all():
        assert 2 <= outcome.priorities.count() <= 4, outcome.name
    for priority in p.Priority.objects.all():
        assert 1 <= priority.indicators.count() <= 2, priority.title
    titles = " ".join(p.Priority.objects.values_list("title", flat=True)).lower()
    assert "oral health" in titles
    assert "mental health" in titles


def test_the_shared_vision_is_version_1_adopted_by_the_board(loaded: str) -> None:
    vision = p.VisionStatement.objects.get()
    assert vision.version == 1
    assert vision.adopted_by == "Children's Trust Board"
    assert vision.text


def test_commitments_leave_a_gap_and_an_overlap(loaded: str) -> None:
    committed = Counter(p.Commitment.objects.values_list("priority_id", flat=True))
    priorities = list(p.Priority.objects.values_list("pk", flat=True))
    assert any(committed[pk] == 0 for pk in priorities)
    assert any(committed[pk] >= 3 for pk in priorities)


# --- Sign-in accounts ------------------------------------------------------------------------


@pytest.mark.parametrize(("username", "role"), DEMO_ACCOUNTS)
def test_each_demo_account_signs_in_with_the_demo_password(
    loaded: str, demo_mode: Settings, username: str, role: str
) -> None:
    client = Client()
    response = client.post("/sign-in/", {"username": username, "password": demo_mode.DEMO_PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(username=username)
    assert user.role == role
    assert user.staff_member.email == user.email


@pytest.mark.django_db
def test_a_demo_account_refuses_a_wrong_password(loaded: str) -> None:
    response = Client().post("/sign-in/", {"username": "admin", "password": "not-the-password"})
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()


def test_demo_accounts_sit_where_their_role_works(loaded: str) -> None:
    staff = {
        user.username: user.staff_member
        for user in User.objects.select_related("staff_member__team", "staff_member__manager")
    }
    assert staff["practitioner"].manager == staff["teammanager"]
    assert staff["practitioner"].team.kind == p.TeamKind.LOCALITY
    assert staff["frontdoor"].team.name == "Multi-Agency Safeguarding Hub"
    assert staff["strategiclead"].manager is None
    assert staff["dataprotection"].team.name == "Information Governance and Audit"


# --- The audit log ---------------------------------------------------------------------------


RESOURCES = "resources."  # the pooled budget's demos: checked in test_resources_*.py


STRATEGY = "strategy."  # the strategic plan's demos: checked in test_strategy_*.py
WORKFORCE = "workforce."  # the workforce's demo: checked in tests/workforce/test_demo.py
CHILDREN = "children."  # the children's demo: checked in test_children.py
# Safeguarding's demo: its bulk records one event per kind, and what its services and the
# worker do on the demo (alerts raised, acknowledged and escalated, notifications, a request for
# information) in their own events: checked in test_safeguarding.py.
SAFEGUARDING = "safeguarding."
OTHER_PARTS = ("voice.", "outcomes.", RESOURCES, STRATEGY, WORKFORCE, CHILDREN, SAFEGUARDING)


def test_one_audit_event_per_kind_of_record_and_the_chain_verifies(loaded: str) -> None:
    events = list(AuditEvent.objects.order_by("sequence"))
    # The demo's allocation run is created and then proposed to the board: the proposal is a
    # second event on the run, an update by the demo strategic lead, counted on its own.
    [proposal] = [
        e
        for e in events
        if e.object_type == "resources.allocationrun" and e.action == AuditAction.UPDATE
    ]
    assert proposal.details["proposed"] == {"from": False, "to": True}
    assert proposal.actor is not None
    assert proposal.actor.username == "strategiclead"
    # The workforce's restructure in consultation is launched through its service by the demo
    # strategic workforce manager: the message, survey and round it sends are recorded by the
    # services in their name (checked in tests/workforce/test_demo.py).
    launcher = User.objects.get(username="workforce")
    launch = [event for event in events if event.actor_id == launcher.pk]
    assert launch
    events = [event for event in events if event.pk != proposal.pk and event not in launch]
    events = [event for event in events if not event.object_type.startswith(SAFEGUARDING)]
    # Safeguarding's teams around children: the demo team manager allocates each child to its
    # lead professional through the children's services, recorded in their name.
    allocator = User.objects.get(username="teammanager")
    events = [event for event in events if event.actor_id != allocator.pk]
    # The front door involves each assessing social worker with their child through the
    # children's services, in its own name (checked in tests/demo/loaded/test_safeguarding.py).
    front_door = User.objects.get(username="frontdoor")
    events = [
        event
        for event in events
        if not (event.actor_id == front_door.pk and event.object_type == "children.involvement")
    ]
    kinds = [event.object_type for event in events]
    assert len(kinds) == len(set(kinds))
    assert {
        "partnership.locality", "partnership.ward", "partnership.agency", "partnership.service",
        "partnership.team", "partnership.staffmember", "partnership.visionstatement",
        "partnership.outcome", "partnership.priority", "partnership.frameworkindicator",
        "partnership.commitment", "accounts.user",
    } == {kind for kind in kinds if not kind.startswith(OTHER_PARTS)}  # fmt: skip
    for event in events:
        if event.object_type.startswith(STRATEGY):
            continue
        if event.object_type.startswith(RESOURCES) and event.actor_id is not None:
            # The demo's allocation is run, through the service, by the demo strategic lead.
            continue
        assert event.action == AuditAction.CREATE
        assert event.actor_id is None
        assert event.details["source"] == "demo data"
    staff_event = next(e for e in events if e.object_type == "partnership.staffmember")
    assert staff_event.details["count"] == p.StaffMember.objects.count()
    assert verify_chain().ok


# --- demo_accounts ---------------------------------------------------------------------------


def test_demo_accounts_lists_each_username_role_and_the_password(
    loaded: str, demo_mode: Settings
) -> None:
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    lines = out.getvalue().splitlines()
    for username, role in DEMO_ACCOUNTS:
        line = next(line for line in lines if line.startswith(f"{username} "))
        assert User(role=role).get_role_display() in line
        assert demo_mode.DEMO_PASSWORD in line
