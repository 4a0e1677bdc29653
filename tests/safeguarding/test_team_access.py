"""Who may see, start and change a Team Around the Child (safeguarding/access/
team_around_child.py): each rule's allowed and refused."""

from __future__ import annotations

import pytest

from childtrust.accounts.models import Role
from childtrust.safeguarding import access
from tests.children.factories import (
    BreakGlassFactory,
    ChildFactory,
    InvolvementFactory,
    ShieldedChildFactory,
    staff_user,
)
from tests.factories import StaffMemberFactory, TeamFactory
from tests.safeguarding.factories_team import (
    PlanActionFactory,
    TeamMemberFactory,
    lead_user,
    member_of,
    team_led_by,
)

pytestmark = pytest.mark.django_db


def test_those_working_with_the_child_and_members_see_the_team_and_others_do_not() -> None:
    lead, team = lead_user()
    involved = staff_user(Role.PRACTITIONER)
    InvolvementFactory(child=team.child, practitioner=involved.staff_member)
    assert access.can_see_team(lead, team)
    assert access.can_see_team(involved, team)
    assert access.can_see_team(member_of(team), team)
    assert access.can_see_team(staff_user(Role.FRONT_DOOR), team)
    assert not access.can_see_team(staff_user(Role.PRACTITIONER), team)
    assert not access.can_see_team(staff_user(Role.STRATEGIC_LEAD), team)


def test_a_colleague_in_the_leads_own_staff_team_sees_the_team() -> None:
    staff_team = TeamFactory()
    lead = StaffMemberFactory(team=staff_team)
    team = team_led_by(lead)
    colleague = staff_user(Role.PRACTITIONER, team=staff_team)
    assert access.can_see_team(colleague, team)


def test_a_member_who_left_no_longer_sees_the_team() -> None:
    _lead, team = lead_user()
    left = staff_user(Role.PRACTITIONER)
    TeamMemberFactory(team=team, staff=left.staff_member, left_on=team.started_on)
    assert not access.can_see_team(left, team)


def test_the_front_door_starts_a_team_except_for_a_shielded_child_it_has_no_way_to() -> None:
    front_door = staff_user(Role.FRONT_DOOR)
    assert access.can_start_team(front_door, ChildFactory())
    assert not access.can_start_team(front_door, ShieldedChildFactory())


def test_break_glass_does_not_start_or_change_a_team() -> None:
    manager = staff_user(Role.TEAM_MANAGER)
    glass = BreakGlassFactory(user=manager)
    assert not access.can_start_team(manager, glass.child)


def test_the_lead_their_line_manager_and_the_front_door_change_the_team_and_a_member_does_not() -> (
    None
):
    manager = staff_user(Role.TEAM_MANAGER)
    lead = staff_user(Role.PRACTITIONER, manager=manager.staff_member)
    team = team_led_by(lead.staff_member)
    assert access.can_change_team(lead, team)
    assert access.can_change_team(manager, team)
    assert access.can_change_team(staff_user(Role.FRONT_DOOR), team)
    assert not access.can_change_team(member_of(team), team)
    assert not access.can_change_team(staff_user(Role.TEAM_MANAGER), team)


def test_no_one_changes_an_ended_team() -> None:
    lead, team = lead_user()
    team.ended_on = team.started_on
    team.save()
    assert not access.can_change_team(lead, team)
    assert not access.can_change_team(staff_user(Role.FRONT_DOOR), team)


def test_an_actions_owner_marks_it_done_and_another_member_does_not() -> None:
    _lead, team = lead_user()
    owner = member_of(team)
    action = PlanActionFactory(team=team, owner=owner.staff_member)
    assert access.can_mark_action_done(owner, action)
    assert not access.can_mark_action_done(member_of(team), action)


def test_a_practitioner_names_themselves_lead_but_not_another_agencys_practitioner() -> None:
    user = staff_user(Role.PRACTITIONER)
    child = ChildFactory()
    InvolvementFactory(child=child, practitioner=user.staff_member)
    assert access.can_name_lead_professional(user, child, user.staff_member)
    assert not access.can_name_lead_professional(user, child, StaffMemberFactory())
    assert access.can_name_lead_professional(
        staff_user(Role.FRONT_DOOR), child, StaffMemberFactory()
    )
