"""Shielded children, break glass and who has viewed a child.

A shielded child is hidden from all but those with a relationship of their own; those who may
break glass or shield are told only that a shielded record matches. Who has viewed a child is
for the data protection lead (any child) and the child's lead professional."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children.access.capabilities import (
    can_break_glass,
    can_find_children,
    can_review_child_access,
    can_see_shielded_matches,
)
from childtrust.children.access.relationships import (
    Relationship,
    can_know_child_exists,
    child_with_key,
    own_relationship,
)
from childtrust.children.models import Child
from childtrust.core.permissions import PermissionHolder

if TYPE_CHECKING:
    from childtrust.accounts.models import User


def can_start_break_glass(user: PermissionHolder | None, child: Child) -> bool:
    """Only for a shielded child, and only for a reader without a relationship of their own
    (who needs none)."""
    return (
        can_break_glass(user)
        and child.shielded
        and child.merged_into_id is None
        and own_relationship(user, child) is None
    )


def can_read_child_access_log(user: PermissionHolder | None, child: Child) -> bool:
    """Who has viewed the child: the data protection lead for any child, the lead professional
    for theirs."""
    if can_review_child_access(user):
        return True
    return (
        can_find_children(user) and own_relationship(user, child) is Relationship.LEAD_PROFESSIONAL
    )


def shielded_child_for(user: User, child_id: int | str, *, purpose: str) -> Child | None:
    """A shielded child whose details the reader may not see, for those told that a shielded
    record matches (to break glass, or to lift the shield): its reference only, the look
    audited. None for anyone else, or a child that is not shielded."""
    if not (can_see_shielded_matches(user) or can_review_child_access(user)):
        return None
    child = child_with_key(child_id)
    if child is None or not child.shielded:
        return None
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        target=child,
        reason=purpose,
        details={"relationship": str(Relationship.NONE), "details_shown": False, "shielded": True},
    )
    return child


def child_for_access_log(user: User, child_id: int | str) -> Child:
    """The child whose access log the reader asks for, the reading audited: 404 to a reader
    who may not know the child exists, 403 to one who may but may not read its log."""
    child = child_with_key(child_id)
    if child is None:
        raise Http404("No child found")
    if not can_read_child_access_log(user, child):
        if can_know_child_exists(user, child):
            raise PermissionDenied
        raise Http404("No child found")
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        target=child,
        reason="Read who has viewed the child",
        details={"access_log": True},
    )
    return child
