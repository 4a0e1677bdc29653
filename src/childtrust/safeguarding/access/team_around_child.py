"""Who may see and do what with a Team Around the Child.

- Seeing a team: those working with the child in the child index (children.access's working
  relationships: their own or their team's involvement, the lead professional, the front door)
  and the team's current members, who joined to work with the child.
- Starting one: practitioners and managers who record involvements (RECORD_INVOLVEMENT) and the
  front door, for a child they work with.
- Naming the lead professional: the child index's own rules (children.access), since the lead
  of a team is the child's lead professional there too: the reader may name themselves or
  someone they manage, or anyone already involved when they may appoint the lead; the front
  door anyone.
- Changing a team (members, assessment, plan, reviews, steps, ending it): its lead professional,
  the lead professional's line manager, and the front door; only while the team is open.
- Marking an action done: whoever may change the team, and the action's owner.
- Leaving: whoever may change the team, and the member themselves."""

from __future__ import annotations

from childtrust.children import access as children_access
from childtrust.children.access import can_find_children
from childtrust.children.models import Child, Involvement
from childtrust.core.permissions import PermissionHolder
from childtrust.partnership.models import StaffMember
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.safeguarding.access.capabilities import (
    can_run_front_door,
    can_view_safeguarding_clocks,
)
from childtrust.safeguarding.models import PlanAction, TeamAroundChild, TeamMember


def _staff(user: PermissionHolder | None) -> StaffMember | None:
    staff = staff_record_of(user)
    return staff if staff is not None and staff.is_active else None


def _is_member(staff: StaffMember, team: TeamAroundChild) -> bool:
    return team.members.filter(staff=staff, left_on__isnull=True).exists()


def can_view_own_teams(user: PermissionHolder | None) -> bool:
    """The page of one's own teams (as lead professional or member): those who work with
    children or manage those who do. Decided by the role alone, as every page's navigation asks
    it; the page lists the reader's own teams, none without a staff record in post."""
    return can_find_children(user) or can_view_safeguarding_clocks(user)


def can_see_team(user: PermissionHolder | None, team: TeamAroundChild) -> bool:
    if children_access.relationship_to(user, team.child) in children_access.WORKING_RELATIONSHIPS:
        return True
    staff = _staff(user)
    return staff is not None and (team.lead_professional_id == staff.pk or _is_member(staff, team))


def can_start_team(user: PermissionHolder | None, child: Child) -> bool:
    if not (children_access.can_record_involvement(user) or can_run_front_door(user)):
        return False
    return children_access.relationship_to(user, child) in children_access.WORKING_RELATIONSHIPS


def can_name_lead_professional(
    user: PermissionHolder | None, child: Child, staff: StaffMember
) -> bool:
    """Whether the child index lets this reader make `staff` the child's lead professional:
    through the staff member's current involvement, or by recording one for them first."""
    involvement = current_involvement(child, staff)
    if involvement is not None:
        return children_access.can_appoint_lead_professional(user, involvement)
    return children_access.can_add_involvement(user, child, staff)


def can_record_involvement_for_member(
    user: PermissionHolder | None, child: Child, staff: StaffMember
) -> bool:
    """Whether the reader may record a new member's involvement in the child index (the member
    themselves, their line manager, the front door): otherwise the member joins without one."""
    return children_access.can_add_involvement(user, child, staff)


def current_involvement(child: Child, staff: StaffMember) -> Involvement | None:
    return (
        child.involvements.filter(practitioner=staff, ended_on__isnull=True)
        .order_by("-is_lead_professional", "pk")
        .first()
    )


def can_change_team(user: PermissionHolder | None, team: TeamAroundChild) -> bool:
    if team.ended_on is not None:
        return False
    staff = _staff(user)
    if staff is not None and team.lead_professional_id == staff.pk:
        return True
    if staff is not None and team.lead_professional.manager_id == staff.pk:
        return True
    return (
        can_run_front_door(user)
        and children_access.relationship_to(user, team.child)
        is not children_access.Relationship.NONE
    )


def can_mark_action_done(user: PermissionHolder | None, action: PlanAction) -> bool:
    if can_change_team(user, action.team):
        return True
    staff = _staff(user)
    return staff is not None and action.team.ended_on is None and action.owner_id == staff.pk


def can_leave_team(user: PermissionHolder | None, member: TeamMember) -> bool:
    if can_change_team(user, member.team):
        return True
    staff = _staff(user)
    return staff is not None and member.team.ended_on is None and member.staff_id == staff.pk
