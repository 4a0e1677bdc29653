"""Finding and reading a child: which children search may reveal, which involvements a reader
sees (a sensitive one only by its own agency or once a decision to share it is recorded), and
`child_for_user`, the one way to read a child, which decides and writes one audit event."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children.access.capabilities import can_find_children
from childtrust.children.access.relationships import (
    Relationship,
    active_break_glass,
    active_on,
    active_staff,
    can_know_child_exists,
    child_with_key,
    involvements_shown_to,
    relationship_to,
)
from childtrust.children.models import Child, Involvement
from childtrust.core.permissions import PermissionHolder

if TYPE_CHECKING:
    from childtrust.accounts.models import User


def involvements_visible_to(user: PermissionHolder | None, child: Child) -> QuerySet[Involvement]:
    """The child's involvements this reader may see: every one not sensitive; a sensitive one
    only to its own agency, or once a decision to share it is recorded."""
    return (
        child.involvements.select_related("agency", "service", "practitioner")
        .filter(involvements_shown_to(active_staff(user)))
        .order_by("-is_lead_professional", "started_on", "pk")
    )


@dataclass(frozen=True)
class ChildView:
    """What one reader may see of one child: the details only with a relationship; otherwise
    that the child is known and whom to contact (its involvements' agencies and contacts,
    sensitive ones left out)."""

    child: Child
    relationship: Relationship
    involvements: list[Involvement]

    @property
    def full(self) -> bool:
        return self.relationship is not Relationship.NONE


def child_for_user(
    user: User, child_id: int | str, *, purpose: str, audit: bool = True
) -> ChildView:
    """The one way to read a child: finds the child by key or reference (following a merge),
    refuses (404, as if unknown) a reader who may not know the child exists, and writes one
    audit event saying what the reader saw and why they looked."""
    child = child_with_key(child_id)
    if child is None or not can_know_child_exists(user, child):
        raise Http404("No child found")
    relationship = relationship_to(user, child)
    involvements = list(involvements_visible_to(user, child))
    if audit:
        glass = (
            active_break_glass(user, child) if relationship is Relationship.BREAK_GLASS else None
        )
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            target=child,
            reason=purpose,
            details={
                "relationship": str(relationship),
                "details_shown": relationship is not Relationship.NONE,
                **({"break_glass": glass.pk} if glass is not None else {}),
            },
        )
    return ChildView(child=child, relationship=relationship, involvements=involvements)


def children_findable_by(user: PermissionHolder | None) -> QuerySet[Child]:
    """The children whose existence search may reveal to this reader: none without the
    capability; shielded children only where the reader has a relationship of their own."""
    if not can_find_children(user):
        return Child.objects.none()
    live = Child.objects.filter(merged_into__isnull=True, anonymised_at__isnull=True)
    staff = active_staff(user)
    if staff is None:
        return live.filter(shielded=False)
    today = timezone.localdate()
    team = (
        Q(practitioner__team=staff.team_id) & involvements_shown_to(staff)
        if staff.team_id is not None
        else Q(pk__in=[])
    )
    involved = Involvement.objects.filter(active_on(today)).filter(Q(practitioner=staff) | team)
    return live.filter(Q(shielded=False) | Q(pk__in=involved.values("child_id")))
