"""Who may read a child's merged chronology, and what of each entry they see.

- The chronology is for those working with the child (children.access's working relationships:
  their own involvement or their team's, the lead professional, the front door) and for an
  unexpired break glass. A reader who may know the child exists but has no relationship is
  refused (403, as they see only whom to contact on the child's page); a reader who may not know
  the child exists sees 404, as for the child's page.
- Within it, a restricted concern (ConcernSensitivity.RESTRICTED) shows its detail only to the
  person who recorded it, its own agency and the front door (which screens every contact): the
  rule of access.concerns.can_read_concern for a reader working with the child, decided here
  once per page rather than once per concern (that function asks for the reader's relationship
  each time). Every other reader sees that it exists, when, and whom to ask: "Restricted by
  <agency>: contact <the agency's contact details>".
- Sensitive involvements are left out as the child's page leaves them out
  (children.access.involvements_visible_to, which ChildView already holds).

Each look (the page, the printable page, the CSV file, the API) is one audit event: the child is
read through `child_for_user` without its own event, and `chronology_child_for` writes the one
event, saying which of the four it was and with which filters, so that nothing is counted twice
(decision recorded in the module docstring of safeguarding.selectors.chronology)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children import access as children_access
from childtrust.children.access import ChildView, Relationship
from childtrust.core.permissions import PermissionHolder
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.safeguarding.access.capabilities import can_run_front_door
from childtrust.safeguarding.models import Concern, ConcernSensitivity

if TYPE_CHECKING:
    from childtrust.accounts.models import User

REFUSED = "You can see a child's safeguarding chronology only if you work with the child."


def can_view_chronology(view: ChildView) -> bool:
    """Those working with the child, and break glass (read in an emergency, and reviewed)."""
    return view.relationship in (*children_access.WORKING_RELATIONSHIPS, Relationship.BREAK_GLASS)


def chronology_child_for(
    user: User,
    child_id: int | str,
    *,
    purpose: str,
    action: AuditAction = AuditAction.VIEW,
    details: dict[str, Any] | None = None,
) -> ChildView:
    """The child whose chronology the reader asks for, with one audit event for the look: 404
    to a reader who may not know the child exists, 403 to one without a relationship."""
    view = children_access.child_for_user(user, child_id, purpose=purpose, audit=False)
    if not can_view_chronology(view):
        raise PermissionDenied(REFUSED)
    glass = (
        children_access.active_break_glass(user, view.child)
        if view.relationship is Relationship.BREAK_GLASS
        else None
    )
    audit_record(
        actor=user,
        action=action,
        target=view.child,
        reason=purpose,
        details={
            "relationship": str(view.relationship),
            "details_shown": True,
            "chronology": True,
            **({"break_glass": glass.pk} if glass is not None else {}),
            **(details or {}),
        },
    )
    return view


@dataclass(frozen=True)
class ChronologyReader:
    """What one reader of a chronology may see of its entries, decided once per page."""

    staff_id: int | None
    agency_id: int | None
    front_door: bool

    def sees_concern_detail(self, concern: Concern) -> bool:
        """A restricted concern's detail: whoever recorded it, its own agency, the front door."""
        if concern.sensitivity != ConcernSensitivity.RESTRICTED:
            return True
        if self.staff_id is not None and concern.recorded_by_staff_id == self.staff_id:
            return True
        own_agency = self.agency_id is not None and concern.agency_id == self.agency_id
        return own_agency or self.front_door


def chronology_reader(user: PermissionHolder | None) -> ChronologyReader:
    staff = staff_record_of(user)
    in_post = staff if staff is not None and staff.is_active else None
    return ChronologyReader(
        staff_id=in_post.pk if in_post is not None else None,
        agency_id=in_post.agency_id if in_post is not None else None,
        front_door=can_run_front_door(user),
    )
