"""Link review, merge and split.

Reviewers (the front door and administrators) see both records of a pair to decide it. A pair
touching a shielded child, and merging or splitting one, is only for a reviewer who may know
that child exists (their own involvement): nothing else reveals a shielded child's records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children.access.capabilities import can_review_child_links
from childtrust.children.access.reading import children_findable_by
from childtrust.children.access.relationships import can_know_child_exists
from childtrust.children.models import Child, LinkReview, ReviewStatus
from childtrust.core.permissions import PermissionHolder

if TYPE_CHECKING:
    from childtrust.accounts.models import User


def _child_open_to_reviewer(user: PermissionHolder | None, child: Child | None) -> bool:
    return child is None or can_know_child_exists(user, child)


def can_decide_link_review(user: PermissionHolder | None, review: LinkReview) -> bool:
    return can_review_child_links(user) and all(
        _child_open_to_reviewer(user, record.child) for record in (review.record, review.other)
    )


def link_reviews_visible_to(user: PermissionHolder | None) -> QuerySet[LinkReview]:
    """The pairs waiting for review that this reviewer may see, highest probability first."""
    if not can_review_child_links(user):
        return LinkReview.objects.none()
    findable = children_findable_by(user).values("pk")
    return (
        LinkReview.objects.filter(status=ReviewStatus.PENDING)
        .filter(Q(record__child__isnull=True) | Q(record__child__in=findable))
        .filter(Q(other__child__isnull=True) | Q(other__child__in=findable))
        .order_by("-match_probability", "pk")
    )


def can_merge_or_split_child(user: PermissionHolder | None, child: Child) -> bool:
    """Whether the child's page offers merging another child into it and splitting it."""
    return can_review_child_links(user) and _child_open_to_reviewer(user, child)


def link_review_for_user(
    user: User, review_id: int, *, purpose: str, audit: bool = True
) -> LinkReview:
    """One pair for review with both records, its reading audited (unless the caller's write
    audits it): 404 (as if none) for a pair the reader may not decide."""
    review = (
        LinkReview.objects.select_related(
            "record__agency", "other__agency", "record__child", "other__child", "decided_by"
        )
        .filter(pk=review_id)
        .first()
    )
    if review is None or not can_decide_link_review(user, review):
        raise Http404("No such pair of records")
    if audit:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            target=review,
            reason=purpose,
            details={"records": [review.record_id, review.other_id]},
        )
    return review
