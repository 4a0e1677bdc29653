"""The Team Around the Child's services: who may and who may not, bad input refused whole, one
open team a child, the lead professional also the lead in the child index, members' history,
and steps up (a referral to the front door) and down with the history kept."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.children import access as children_access
from childtrust.safeguarding.models import (
    EarlyHelpAssessment,
    Notification,
    NotificationKind,
    PlanAction,
    Referral,
    StepChange,
    StepDirection,
    SupportLevel,
    TeamAroundChild,
    TeamMember,
    TeamReview,
)
from childtrust.safeguarding.services import team_around_child as services
from childtrust.safeguarding.services import team_around_child_plan as plan
from tests.children.factories import ChildFactory, InvolvementFactory, involved_user, staff_user
from tests.factories import StaffMemberFactory
from tests.safeguarding.factories_team import (
    PlanActionFactory,
    TeamMemberFactory,
    days_ago,
    lead_user,
    member_of,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _start(actor, child, lead, **kw):  # type: ignore[no-untyped-def]
    return services.team_start(
        actor=actor,
        child=child,
        lead_professional=lead,
        lead_role=kw.pop("lead_role", "Family support worker"),
        started_on=kw.pop("started_on", days_ago(1)),
    )


# --- Starting a team ----------------------------------------------------------------------------


def test_an_involved_practitioner_starts_a_team_and_leads_it_in_the_child_index_too() -> None:
    user, child = involved_user(Role.PRACTITIONER)
    team = _start(user, child, user.staff_member)
    assert team.level == SupportLevel.EARLY_HELP
    assert list(team.members.values_list("staff", flat=True)) == [user.staff_member.pk]
    assert (
        children_access.relationship_to(user, child)
        is children_access.Relationship.LEAD_PROFESSIONAL
    )
    assert child.involvements.get(practitioner=user.staff_member).is_lead_professional
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type__icontains="teamaroundchild"
    ).exists()


def test_the_front_door_names_anyone_lead_and_their_involvement_is_recorded() -> None:
    front_door = staff_user(Role.FRONT_DOOR)
    child = ChildFactory()
    lead = StaffMemberFactory()
    _start(front_door, child, lead, lead_role="School family worker")
    involvement = child.involvements.get(practitioner=lead)
    assert involvement.is_lead_professional
    assert involvement.role == "School family worker"


def test_a_practitioner_cannot_name_another_agencys_practitioner_lead() -> None:
    user, child = involved_user(Role.PRACTITIONER)
    with pytest.raises(ValidationError) as refused:
        _start(user, child, StaffMemberFactory())
    assert "lead_professional" in refused.value.message_dict
    assert not TeamAroundChild.objects.exists()


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.TEAM_MANAGER])
def test_no_one_without_a_working_relationship_starts_a_team(role: Role) -> None:
    user = staff_user(role)
    with pytest.raises(PermissionDenied):
        _start(user, ChildFactory(), user.staff_member)


@pytest.mark.parametrize("role", [Role.STRATEGIC_LEAD, Role.DATA_PROTECTION_LEAD, Role.AUDITOR])
def test_roles_not_working_with_children_cannot_start_a_team(role: Role) -> None:
    user = staff_user(role)
    with pytest.raises(PermissionDenied):
        _start(user, ChildFactory(), user.staff_member)


def test_a_child_has_one_open_team_and_a_new_one_once_it_has_ended() -> None:
    user, child = involved_user(Role.PRACTITIONER)
    team = _start(user, child, user.staff_member)
    with pytest.raises(ValidationError, match="already has a team"):
        _start(user, child, user.staff_member)
    services.team_end(actor=user, team=team, ended_on=TODAY(), reason="Goals met")
    assert _start(user, child, user.staff_member).pk != team.pk


def test_bad_start_is_refused_with_every_message_and_nothing_written() -> None:
    user, child = involved_user(Role.PRACTITIONER)
    with pytest.raises(ValidationError) as refused:
        _start(
            user,
            child,
            user.staff_member,
            lead_role=" ",
            started_on=TODAY() + datetime.timedelta(days=1),
        )
    assert set(refused.value.message_dict) == {"lead_role", "started_on"}
    assert not TeamAroundChild.objects.exists()
    assert not TeamMember.objects.exists()


# --- The lead professional ----------------------------------------------------------------------


def test_the_lead_hands_over_to_an_involved_member_who_becomes_lead_in_the_child_index() -> None:
    user, team = lead_user()
    new_lead = StaffMemberFactory()
    InvolvementFactory(child=team.child, practitioner=new_lead)
    member = TeamMemberFactory(team=team, staff=new_lead)
    services.lead_professional_change(actor=user, team=team, member=member)
    team.refresh_from_db()
    assert team.lead_professional == new_lead
    lead = team.child.involvements.get(is_lead_professional=True, ended_on__isnull=True)
    assert lead.practitioner == new_lead


def test_the_lead_professionals_line_manager_may_change_the_team() -> None:
    manager = staff_user(Role.TEAM_MANAGER)
    lead = StaffMemberFactory(manager=manager.staff_member)
    from tests.safeguarding.factories_team import team_led_by

    team = team_led_by(lead)
    member = member_of(team)
    plan.plan_action_add(
        actor=manager, team=team, action="Visit", owner=member.staff_member, due_on=TODAY()
    )


def test_a_member_cannot_change_the_lead() -> None:
    _user, team = lead_user()
    member = member_of(team)
    with pytest.raises(PermissionDenied):
        services.lead_professional_change(
            actor=member, team=team, member=team.members.get(staff=member.staff_member)
        )


def test_the_lead_goes_only_to_a_current_member() -> None:
    user, team = lead_user()
    gone = TeamMemberFactory(team=team, left_on=days_ago(1))
    with pytest.raises(ValidationError, match="current member"):
        services.lead_professional_change(actor=user, team=team, member=gone)


# --- Members ------------------------------------------------------------------------------------


def test_a_member_from_another_agency_joins_without_an_involvement_the_lead_cannot_record() -> None:
    user, team = lead_user()
    nurse = staff_user(Role.PRACTITIONER).staff_member
    member = services.member_add(
        actor=user, team=team, staff=nurse, role="School nurse", joined_on=TODAY()
    )
    assert member.agency == nurse.agency
    assert not team.child.involvements.filter(practitioner=nurse).exists()
    told = Notification.objects.get(recipient=nurse.user)
    assert told.kind == NotificationKind.TEAM_AROUND_CHILD
    assert team.child.reference in told.subject
    assert team.child.family_name not in told.subject


def test_the_front_door_adds_a_member_with_an_involvement() -> None:
    _user, team = lead_user()
    front_door = staff_user(Role.FRONT_DOOR)
    nurse = StaffMemberFactory()
    services.member_add(
        actor=front_door, team=team, staff=nurse, role="School nurse", joined_on=TODAY()
    )
    assert team.child.involvements.get(practitioner=nurse).role == "School nurse"


def test_a_member_cannot_add_members() -> None:
    _user, team = lead_user()
    member = member_of(team)
    with pytest.raises(PermissionDenied):
        services.member_add(
            actor=member, team=team, staff=StaffMemberFactory(), role="Nurse", joined_on=TODAY()
        )


def test_bad_member_is_refused_with_every_message() -> None:
    user, team = lead_user()
    with pytest.raises(ValidationError) as refused:
        services.member_add(
            actor=user,
            team=team,
            staff=user.staff_member,
            role="",
            joined_on=team.started_on - datetime.timedelta(days=1),
        )
    assert set(refused.value.message_dict) == {"staff", "role", "joined_on"}


def test_a_member_leaving_is_kept_as_history_and_may_join_again() -> None:
    user, team = lead_user()
    member = TeamMemberFactory(team=team)
    services.member_leave(actor=user, member=member, left_on=TODAY())
    member.refresh_from_db()
    assert member.left_on == TODAY()
    again = services.member_add(
        actor=staff_user(Role.FRONT_DOOR),
        team=team,
        staff=member.staff,
        role="Nurse",
        joined_on=TODAY(),
    )
    assert team.members.filter(staff=member.staff).count() == 2
    assert again.left_on is None


def test_a_member_may_leave_themselves_but_not_take_another_off() -> None:
    _user, team = lead_user()
    member = member_of(team)
    other = TeamMemberFactory(team=team)
    with pytest.raises(PermissionDenied):
        services.member_leave(actor=member, member=other, left_on=TODAY())
    own = team.members.get(staff=member.staff_member)
    services.member_leave(actor=member, member=own, left_on=TODAY())


def test_the_lead_professional_cannot_leave_without_handing_over() -> None:
    user, team = lead_user()
    with pytest.raises(ValidationError, match="Hand the lead"):
        services.member_leave(
            actor=user, member=team.members.get(staff=user.staff_member), left_on=TODAY()
        )


# --- Assessment, plan and reviews ---------------------------------------------------------------


def test_the_lead_records_an_early_help_assessment_in_three_domains() -> None:
    user, team = lead_user()
    plan.early_help_assessment_record(
        actor=user,
        team=team,
        child_development="Speech delayed.",
        parents_and_carers="Mother isolated.",
        family_and_environment="Overcrowded flat.",
        child_views="Wants to play football.",
        completed_on=TODAY(),
    )
    assert EarlyHelpAssessment.objects.get().child_views == "Wants to play football."


def test_a_blank_assessment_is_refused_with_every_domain_named() -> None:
    user, team = lead_user()
    with pytest.raises(ValidationError) as refused:
        plan.early_help_assessment_record(
            actor=user,
            team=team,
            child_development="",
            parents_and_carers=" ",
            family_and_environment="",
            child_views="",
            completed_on=TODAY() + datetime.timedelta(days=1),
        )
    assert set(refused.value.message_dict) == {
        "child_development",
        "parents_and_carers",
        "family_and_environment",
        "completed_on",
    }
    assert not EarlyHelpAssessment.objects.exists()


def test_a_member_cannot_record_the_assessment_or_plan_or_reviews() -> None:
    _user, team = lead_user()
    member = member_of(team)
    with pytest.raises(PermissionDenied):
        plan.early_help_assessment_record(
            actor=member,
            team=team,
            child_development="a",
            parents_and_carers="b",
            family_and_environment="c",
            child_views="",
            completed_on=TODAY(),
        )
    with pytest.raises(PermissionDenied):
        plan.plan_action_add(
            actor=member, team=team, action="x", owner=member.staff_member, due_on=TODAY()
        )
    with pytest.raises(PermissionDenied):
        plan.review_record(
            actor=member, team=team, held_on=TODAY(), progress="Good", next_review_on=None
        )


def test_an_action_is_owned_by_a_current_member_and_due_from_today() -> None:
    user, team = lead_user()
    outsider = StaffMemberFactory()
    with pytest.raises(ValidationError) as refused:
        plan.plan_action_add(actor=user, team=team, action=" ", owner=outsider, due_on=days_ago(1))
    assert set(refused.value.message_dict) == {"action", "owner", "due_on"}
    assert not PlanAction.objects.exists()


def test_an_actions_owner_marks_it_done_and_another_member_may_not() -> None:
    _user, team = lead_user()
    owner = member_of(team)
    other = member_of(team)
    action = PlanActionFactory(team=team, owner=owner.staff_member)
    with pytest.raises(PermissionDenied):
        plan.plan_action_done(actor=other, action=action, done_on=TODAY())
    plan.plan_action_done(actor=owner, action=action, done_on=TODAY())
    action.refresh_from_db()
    assert action.done_on == TODAY()
    with pytest.raises(ValidationError, match="already done"):
        plan.plan_action_done(actor=owner, action=action, done_on=TODAY())


def test_a_review_records_progress_and_the_next_review_after_it() -> None:
    user, team = lead_user()
    with pytest.raises(ValidationError) as refused:
        plan.review_record(
            actor=user, team=team, held_on=TODAY(), progress="", next_review_on=TODAY()
        )
    assert set(refused.value.message_dict) == {"progress", "next_review_on"}
    plan.review_record(
        actor=user,
        team=team,
        held_on=TODAY(),
        progress="Attendance better.",
        next_review_on=TODAY() + datetime.timedelta(days=42),
    )
    assert TeamReview.objects.get().progress == "Attendance better."


# --- Steps and the end --------------------------------------------------------------------------


def test_step_up_refers_the_child_to_the_front_door_with_the_teams_history_and_keeps_it() -> None:
    user, team = lead_user()
    PlanActionFactory(team=team, owner=user.staff_member, action="Home visit")
    step = services.step_up(actor=user, team=team, reason="Bruising seen twice this week.")
    team.refresh_from_db()
    assert team.level == SupportLevel.SOCIAL_CARE
    assert team.ended_on is None
    assert step.direction == StepDirection.UP
    assert step.referral is not None
    referral = Referral.objects.get()
    assert referral.child == team.child
    assert referral.reason.startswith("Bruising seen twice this week.")
    assert "Team around the child since" in referral.reason
    assert "Plan: 1 action, 0 done, 0 overdue." in referral.reason
    with pytest.raises(ValidationError, match="already at children's social care"):
        services.step_up(actor=user, team=team, reason="Again")


def test_step_down_to_early_help_keeps_both_steps_as_history() -> None:
    user, team = lead_user()
    services.step_up(actor=user, team=team, reason="Bruising seen.")
    services.step_down(actor=user, team=team, reason="Assessment found early help enough.")
    team.refresh_from_db()
    assert team.level == SupportLevel.EARLY_HELP
    assert [s.direction for s in StepChange.objects.order_by("pk")] == ["up", "down"]
    with pytest.raises(ValidationError, match="already at early help"):
        services.step_down(actor=user, team=team, reason="Again")


def test_a_member_cannot_step_up_down_or_end_the_team() -> None:
    _user, team = lead_user()
    member = member_of(team)
    with pytest.raises(PermissionDenied):
        services.step_up(actor=member, team=team, reason="x")
    with pytest.raises(PermissionDenied):
        services.step_down(actor=member, team=team, reason="x")
    with pytest.raises(PermissionDenied):
        services.team_end(actor=member, team=team, ended_on=TODAY(), reason="x")


def test_an_ended_team_keeps_its_history_and_cannot_be_changed() -> None:
    user, team = lead_user()
    with pytest.raises(ValidationError) as refused:
        services.team_end(actor=user, team=team, ended_on=TODAY(), reason="")
    assert set(refused.value.message_dict) == {"end_reason"}
    services.team_end(actor=user, team=team, ended_on=TODAY(), reason="Goals met")
    team.refresh_from_db()
    assert team.members.count() == 1
    with pytest.raises(PermissionDenied):
        plan.plan_action_add(
            actor=user, team=team, action="x", owner=user.staff_member, due_on=TODAY()
        )
