"""Clerical review through the API: the pairs of records linkage was unsure of, and deciding
one (the same child, or not). For the front door and administrators, as on the pages; every
read of the records is audited."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Router, Schema

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, Message, RequestBody
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children import access
from childtrust.children.selectors import review as selectors
from childtrust.children.services import review as services
from childtrust.core.permissions import require

router = Router(tags=["Children"])


class ReviewRecord(Schema):
    agency: str = Field(description="The slug of the agency whose record it is.")
    record_id: str = Field(description="The agency's own id for the record.")
    given_name: str
    family_name: str
    date_of_birth: date | None
    sex: str = Field(description="F, M, X, U, or empty when not recorded.")
    postcode: str
    child: str | None = Field(description="The reference of the child it is in; null for none.")


class EvidenceItem(Schema):
    field: str = Field(
        description="The field compared, or `prior` (first): the weight before any comparison."
    )
    level: str = Field(description="How the two records compare on the field.")
    weight: float = Field(description="What it added to (or took from) the match weight.")


class LinkReviewOut(Schema):
    id: int
    match_probability: float = Field(description="From 0 to 1.")
    match_weight: float
    created_at: datetime
    record: ReviewRecord
    other: ReviewRecord
    evidence: list[EvidenceItem]


class LinkDecisionIn(RequestBody):
    same: bool = Field(description="True: the same child. False: not the same child.")
    note: str = Field(
        "", max_length=services.NOTE_MAX, description="Why; required when `same` is false."
    )


class LinkDecisionOut(Schema):
    id: int
    status: str = Field(description="accepted (the same child) or rejected (not the same).")
    children: list[str] = Field(description="The references of the children the records are in.")


def _record_out(record: Any) -> dict[str, Any]:
    return {
        "agency": record.agency.slug,
        "record_id": record.record_id,
        "given_name": record.given_name,
        "family_name": record.family_name,
        "date_of_birth": record.date_of_birth,
        "sex": record.sex,
        "postcode": record.postcode,
        "child": record.child.reference if record.child else None,
    }


def _review_out(review: Any) -> dict[str, Any]:
    return {
        "id": review.pk,
        "match_probability": review.match_probability,
        "match_weight": review.match_weight,
        "created_at": review.created_at,
        "record": _record_out(review.record),
        "other": _record_out(review.other),
        "evidence": [
            {"field": row.field, "level": row.level, "weight": row.weight}
            for row in selectors.evidence_rows(review)
        ],
    }


@router.get(
    "/link-reviews",
    response={200: list[LinkReviewOut], **REFUSALS},
    summary="Pairs of children's records waiting for review, likeliest first",
)
@paginated
def link_review_list(request: AuthenticatedRequest) -> Any:
    """For the front door and partnership administrators. A pair touching a shielded child is
    listed only for a reviewer working with that child."""
    require(access.can_review_child_links(request.user), to=services.REVIEW)
    queue = selectors.link_review_queue(request.user)
    return _AuditedPage(request, queue.select_related("record__child", "other__child"))


class _AuditedPage:
    """Ninja's pagination slices the queue; this audits what the slice shows, once."""

    def __init__(self, request: AuthenticatedRequest, queue: Any) -> None:
        self.request, self.queue = request, queue

    def count(self) -> int:
        return int(self.queue.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        reviews = list(self.queue[index])
        if reviews:
            audit_record(
                actor=self.request.user,
                action=AuditAction.VIEW,
                object_type="children.linkreview",
                object_repr="Records waiting for link review",
                reason="Review the uncertain links (API)",
                details={"reviews": [r.pk for r in reviews]},
            )
        return [_review_out(r) for r in reviews]


@router.post(
    "/link-reviews/{review_id}/decision",
    response={200: LinkDecisionOut, 400: Message, 404: Message, **REFUSALS},
    summary="Decide a pair: the same child, or not",
)
def link_review_decision(
    request: AuthenticatedRequest, review_id: int, payload: LinkDecisionIn
) -> dict[str, Any]:
    """The same child: both records end in one child (merging two children if need be). Not
    the same: linkage never joins the two records again. A pair is decided once."""
    require(access.can_review_child_links(request.user), to=services.REVIEW)
    review = access.link_review_for_user(
        request.user, review_id, purpose="Decide an uncertain link", audit=False
    )
    decided = services.link_review_decide(
        actor=request.user, review=review, same=payload.same, note=payload.note
    )
    decided.record.refresh_from_db()
    decided.other.refresh_from_db()
    children = sorted(
        {r.child.reference for r in (decided.record, decided.other) if r.child is not None}
    )
    return {"id": decided.pk, "status": decided.status, "children": children}
