"""Why a reader may see a child's details: their own involvement (as lead professional or
not), their team's, the front door's role, or an unexpired break glass. The rest of the
package decides from these; `active_staff`, `own_relationship` and `child_with_key` are its
own helpers, not for callers outside it."""

from __future__ import annotations

import datetime
from enum import StrEnum

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from childtrust.children.access.capabilities import (
    can_break_glass,
    can_find_children,
    can_see_every_child,
)
from childtrust.children.models import BreakGlass, Child, ConsentOutcome, SharingDecision
from childtrust.core.permissions import PermissionHolder
from childtrust.partnership.models import StaffMember
from childtrust.partnership.selectors.staff import staff_record_of


class Relationship(StrEnum):
    """Why a reader may see a child's details; NONE: only that the child is known."""

    LEAD_PROFESSIONAL = "lead_professional"
    INVOLVED = "involved"
    TEAM = "team"
    FRONT_DOOR = "front_door"
    BREAK_GLASS = "break_glass"
    NONE = "none"


# The relationships of those working with the child: break glass is for reading in an emergency.
WORKING_RELATIONSHIPS = (
    Relationship.LEAD_PROFESSIONAL,
    Relationship.INVOLVED,
    Relationship.TEAM,
    Relationship.FRONT_DOOR,
)


def active_on(today: datetime.date) -> Q:
    """Involvements not ended by this day."""
    return Q(ended_on__isnull=True) | Q(ended_on__gte=today)


def active_staff(user: PermissionHolder | None) -> StaffMember | None:
    staff = staff_record_of(user)
    return staff if staff is not None and staff.is_active else None


def involvements_shown_to(staff: StaffMember | None) -> Q:
    """The involvements this member of staff may see, as a filter on involvements: every one
    not sensitive; a sensitive one only by its own agency, or once a decision to share it is
    recorded (consent given or overridden). A colleague's sensitive involvement the reader may
    not see gives them no relationship either: that their team works with the child would say
    what the service is."""
    shared = SharingDecision.objects.filter(
        involvement=OuterRef("pk"),
        outcome__in=[ConsentOutcome.GIVEN, ConsentOutcome.OVERRIDDEN],
    )
    own_agency = Q(agency_id=staff.agency_id) if staff is not None else Q(pk__in=[])
    return Q(sensitivity="") | own_agency | Q(Exists(shared))


def own_relationship(user: PermissionHolder | None, child: Child) -> Relationship | None:
    """The reader's relationship through an involvement: their own, or their team's."""
    staff = active_staff(user)
    if staff is None:
        return None
    involvements = child.involvements.filter(active_on(timezone.localdate()))
    own = involvements.filter(practitioner=staff).order_by("-is_lead_professional").first()
    if own is not None:
        return Relationship.LEAD_PROFESSIONAL if own.is_lead_professional else Relationship.INVOLVED
    team = involvements.filter(practitioner__team=staff.team_id) if staff.team_id else None
    if team is not None and team.filter(involvements_shown_to(staff)).exists():
        return Relationship.TEAM
    return None


def active_break_glass(user: PermissionHolder | None, child: Child) -> BreakGlass | None:
    user_id = getattr(user, "pk", None)
    if user_id is None or not can_break_glass(user):
        return None
    return (
        BreakGlass.objects.filter(child=child, user_id=user_id, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )


def relationship_to(user: PermissionHolder | None, child: Child) -> Relationship:
    """The reader's strongest reason to see this child's details, or NONE."""
    if not can_find_children(user):
        return Relationship.NONE
    own = own_relationship(user, child)
    if own is not None:
        return own
    if active_break_glass(user, child) is not None:
        return Relationship.BREAK_GLASS
    if can_see_every_child(user) and not child.shielded:
        return Relationship.FRONT_DOOR
    return Relationship.NONE


def can_know_child_exists(user: PermissionHolder | None, child: Child) -> bool:
    """Whether the reader may learn the child is known: anyone who finds children, except a
    shielded child, which only a relationship (or break glass) reveals."""
    if not can_find_children(user):
        return False
    if not child.shielded:
        return True
    return relationship_to(user, child) is not Relationship.NONE


def child_with_key(child_id: int | str) -> Child | None:
    """The child by key or reference, following merges to the child it was merged into."""
    key = (
        Q(reference=child_id)
        # isdigit() also says yes to digits int() refuses (a superscript two): ASCII only.
        if isinstance(child_id, str) and not (child_id.isascii() and child_id.isdigit())
        else Q(pk=int(child_id))
    )
    child = Child.objects.filter(key).first()
    seen: set[int] = set()
    while child is not None and child.merged_into_id is not None and child.pk not in seen:
        seen.add(child.pk)
        child = child.merged_into
    return child
