"""Who may say who is involved with a child, and record a decision to share.

The front door (it allocates every contact), the practitioner themselves for their own agency,
and their line manager (the team manager who allocates the work). Adding an involvement also
needs a reason to see the child already (a relationship, or managing the practitioner), so
that no one gains a child's details by naming themselves."""

from __future__ import annotations

from childtrust.children.access.capabilities import can_record_involvement, can_see_every_child
from childtrust.children.access.relationships import (
    WORKING_RELATIONSHIPS,
    Relationship,
    active_staff,
    can_know_child_exists,
    relationship_to,
)
from childtrust.children.models import Child, Involvement
from childtrust.core.permissions import PermissionHolder
from childtrust.partnership.models import StaffMember


def _manages(user: PermissionHolder | None, practitioner: StaffMember | None) -> bool:
    staff = active_staff(user)
    return staff is not None and practitioner is not None and practitioner.manager_id == staff.pk


def _is_self(user: PermissionHolder | None, practitioner: StaffMember | None) -> bool:
    staff = active_staff(user)
    return staff is not None and practitioner is not None and practitioner.pk == staff.pk


def can_record_involvement_of(
    user: PermissionHolder | None, practitioner: StaffMember | None
) -> bool:
    """Whether the reader may record or change an involvement of this practitioner (None: an
    agency's involvement with no one named, which only the front door records)."""
    if not can_record_involvement(user):
        return False
    if can_see_every_child(user):
        return True
    return _is_self(user, practitioner) or _manages(user, practitioner)


def can_add_involvement(
    user: PermissionHolder | None, child: Child, practitioner: StaffMember | None
) -> bool:
    if not can_record_involvement_of(user, practitioner):
        return False
    if relationship_to(user, child) not in (Relationship.NONE, Relationship.BREAK_GLASS):
        return True
    return _manages(user, practitioner) and can_know_child_exists(user, child)


def can_add_involvements_to(user: PermissionHolder | None, child: Child) -> bool:
    """Whether the page to add an involvement opens: for those working with the child, and for
    a line manager allocating the work to someone they manage (the service checks whom)."""
    if not can_record_involvement(user):
        return False
    if relationship_to(user, child) in WORKING_RELATIONSHIPS:
        return True
    staff = active_staff(user)
    return (
        staff is not None
        and can_know_child_exists(user, child)
        and staff.direct_reports.filter(is_active=True).exists()
    )


def can_change_involvement(user: PermissionHolder | None, involvement: Involvement) -> bool:
    """Change or end it: its practitioner, their line manager, or the front door (which must
    work with the child: a shielded child's only by its own involvement, not by break glass,
    which is for reading in an emergency)."""
    if not can_record_involvement_of(user, involvement.practitioner):
        return False
    if _is_self(user, involvement.practitioner) or _manages(user, involvement.practitioner):
        return True
    return relationship_to(user, involvement.child) in WORKING_RELATIONSHIPS


def can_appoint_lead_professional(user: PermissionHolder | None, involvement: Involvement) -> bool:
    """Whoever may change the involvement to be appointed, or the child's lead professional now
    (handing over to a colleague)."""
    return can_change_involvement(user, involvement) or (
        can_record_involvement(user)
        and relationship_to(user, involvement.child) is Relationship.LEAD_PROFESSIONAL
    )


def can_record_sharing_decision(
    user: PermissionHolder | None, child: Child, involvement: Involvement | None = None
) -> bool:
    """Those working with the child (not by break glass, which is for reading in an
    emergency); a decision about a sensitive involvement only by its own agency, which holds
    the consent."""
    if not can_record_involvement(user):
        return False
    if relationship_to(user, child) not in WORKING_RELATIONSHIPS:
        return False
    if involvement is None or not involvement.sensitivity:
        return True
    staff = active_staff(user)
    return staff is not None and staff.agency_id == involvement.agency_id
