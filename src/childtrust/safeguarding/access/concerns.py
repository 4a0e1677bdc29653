"""Who may record a concern about a child, who reads it in full, and who names a school's
designated safeguarding lead.

- Recording (RECORD_CONCERNS): anyone of a role that records concerns, with a staff record in
  post (the concern is their own agency's) and a child they may know exists. No involvement is
  needed: any agency may raise a concern about any child it meets, which is the point of a
  shared front door. A partner system posts as its token's user, so a police system's user is
  police staff and its concerns are the police's.
- Reading in full: the person who recorded it, and those with a reason to see the child's
  details (a working relationship or an unexpired break glass: children.access). A RESTRICTED
  concern's detail stays with its own agency: among those, only the recording agency's staff and
  the front door (which screens every contact, and must weigh it) read it.
- Operation Encompass: the designated safeguarding lead (or deputy) of a school working with the
  child reads the police's concerns of domestic abuse about that child (not a restricted one:
  the police may keep the detail, and the school then sees whom to contact), though they need
  not be the practitioner of the school's involvement.
- Everyone else who may know the child exists sees only that a concern exists, when it
  happened, which agency recorded it and whom to contact there (the agency's contact details):
  not its category, severity or summary. A child they may not know exists: 404.
- Designated safeguarding leads are named by partnership administrators (MANAGE_PARTNERSHIP).

Every read of a concern writes one audit event (`concern_for_user`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children import access as children_access
from childtrust.children.models import Child
from childtrust.children.selectors.education import schools_involved_with
from childtrust.core.permissions import PermissionHolder
from childtrust.partnership.access import can_manage_partnership
from childtrust.partnership.models import AgencyKind, StaffMember
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.safeguarding.access.capabilities import can_record_concerns, can_run_front_door
from childtrust.safeguarding.models import (
    Concern,
    ConcernCategory,
    ConcernSensitivity,
    DesignatedLead,
)

if TYPE_CHECKING:
    from childtrust.accounts.models import User

# Those who read a child's safeguarding detail: those working with the child, and break glass.
_READING_RELATIONSHIPS = (
    *children_access.WORKING_RELATIONSHIPS,
    children_access.Relationship.BREAK_GLASS,
)


def recording_staff(user: PermissionHolder | None) -> StaffMember | None:
    """The staff record in post a concern is recorded under (its agency is the concern's)."""
    staff = staff_record_of(user)
    return staff if staff is not None and staff.is_active else None


def can_record_concern_about(user: PermissionHolder | None, child: Child) -> bool:
    return (
        can_record_concerns(user)
        and recording_staff(user) is not None
        and children_access.can_know_child_exists(user, child)
    )


def can_read_concern(user: PermissionHolder | None, concern: Concern) -> bool:
    """Whether the reader sees the concern's detail (its category, severity and summary)."""
    return _reads(user, concern, lambda child: children_access.relationship_to(user, child))


def _reads(
    user: PermissionHolder | None,
    concern: Concern,
    relationship_of: Callable[[Child], children_access.Relationship],
) -> bool:
    staff = recording_staff(user)
    if staff is not None and concern.recorded_by_staff_id == staff.pk:
        return True
    restricted = concern.sensitivity == ConcernSensitivity.RESTRICTED
    if not restricted and staff is not None and _leads_a_school_of(staff, concern):
        return True
    if relationship_of(concern.child) not in _READING_RELATIONSHIPS:
        return False
    if not restricted:
        return True
    own_agency = staff is not None and staff.agency_id == concern.agency_id
    return own_agency or can_run_front_door(user)


def _leads_a_school_of(staff: StaffMember, concern: Concern) -> bool:
    """Whether the person is a designated lead (or deputy) of a school working with the child,
    and the concern is the police's of domestic abuse (Operation Encompass)."""
    if (
        concern.category != ConcernCategory.DOMESTIC_ABUSE
        or concern.agency.kind != AgencyKind.POLICE
    ):
        return False
    schools = schools_involved_with(concern.child, today=timezone.localdate())
    return DesignatedLead.objects.filter(
        Q(staff=staff) | Q(deputy=staff), agency__in=schools
    ).exists()


def can_set_designated_leads(user: PermissionHolder | None) -> bool:
    return can_manage_partnership(user)


@dataclass(frozen=True)
class ConcernView:
    """One concern as one reader may see it: `full` with its detail, otherwise only that it
    exists, when, which agency and whom to contact."""

    concern: Concern
    full: bool


def concern_views_for(user: PermissionHolder | None, concerns: list[Concern]) -> list[ConcernView]:
    """Each concern (of children the reader may know exist) with what the reader may see: the
    reader's relationship asked once per child, however many of its concerns are listed."""
    known: dict[int, children_access.Relationship] = {}

    def relationship_of(child: Child) -> children_access.Relationship:
        if child.pk not in known:
            known[child.pk] = children_access.relationship_to(user, child)
        return known[child.pk]

    return [ConcernView(concern, _reads(user, concern, relationship_of)) for concern in concerns]


def concern_for_user(user: User, concern_id: int, *, purpose: str) -> ConcernView:
    """The one way to open a concern: 404 when it does not exist or its child may not be known
    to the reader (as if it did not exist), otherwise the concern as the reader may see it,
    with one audit event saying whether the detail was shown."""
    concern = (
        Concern.objects.select_related("child", "agency", "recorded_by_staff")
        .filter(pk=concern_id)
        .first()
    )
    if concern is None or not children_access.can_know_child_exists(user, concern.child):
        raise Http404("No concern found")
    full = can_read_concern(user, concern)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        target=concern,
        reason=purpose,
        details={"child": concern.child.reference, "details_shown": full},
    )
    return ConcernView(concern, full)
