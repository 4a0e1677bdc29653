"""Clerical review of the child index: deciding a pair of records linkage was unsure of, merging
two children found to be one, and splitting a child whose records are of more than one.

Each is one transaction and one audit event saying what moved. A decision is remembered on its
LinkReview, which linkage reads: a pair found not to be the same child is never joined again,
and splitting a child records every pair it separates as such."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children import access
from childtrust.children.index_upkeep import child_references_next, child_summary_refresh
from childtrust.children.merge_hooks import ChildMerge, child_merge_hooks_run
from childtrust.children.models import (
    AgencyRecord,
    Child,
    Involvement,
    LinkReview,
    LinkStatus,
    ReviewStatus,
    SharingDecision,
)
from childtrust.children.search_keys import child_search_keys_refresh
from childtrust.core.permissions import require

REVIEW = "review the uncertain links between children's records"
MERGE = "merge children's records"
SPLIT = "split a child's records"
NOTE_MAX = 500


# --- Deciding a pair ---------------------------------------------------------------------------


@transaction.atomic
def link_review_decide(*, actor: User, review: LinkReview, same: bool, note: str) -> LinkReview:
    """Says whether the pair's two records are of the same child.

    The same child: both records end in one child (if each already has one, the younger
    child is merged into the older, whose reference has been in use longer; if one has none,
    it joins the other's; if neither has, they start a new child together). Not the same:
    each record without a child starts its own, and the pair is remembered as rejected, so
    linkage never proposes or makes the link again. The note is required to reject, since
    that decision outlives every later linkage run."""
    require(access.can_decide_link_review(actor, review), to=REVIEW)
    review = (
        LinkReview.objects.select_for_update().select_related("record", "other").get(pk=review.pk)
    )
    note = note.strip()
    _decision_check(review, same=same, note=note)
    record = AgencyRecord.objects.select_for_update().get(pk=review.record_id)
    other = AgencyRecord.objects.select_for_update().get(pk=review.other_id)
    details: dict[str, Any] = {"same": same, "records": [record.pk, other.pk]}
    if same:
        details |= _join(record, other, probability=review.match_probability, actor=actor)
    else:
        details["new_children"] = _own_children([record, other])
    review.status = ReviewStatus.ACCEPTED if same else ReviewStatus.REJECTED
    review.decided_by = actor
    review.decided_at = timezone.now()
    review.note = note
    review.save(update_fields=["status", "decided_by", "decided_at", "note"])
    if same:
        details["superseded"] = _settled_reviews_supersede()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=review,
        reason=note or "The same child",
        details=details,
    )
    return review


def _decision_check(review: LinkReview, *, same: bool, note: str) -> None:
    if review.status != ReviewStatus.PENDING:
        raise ValidationError(
            {"same": f"This pair has already been decided: {review.get_status_display().lower()}"}
        )
    if not same and not note:
        raise ValidationError({"note": "Enter why the records are not of the same child"})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": f"The note must be {NOTE_MAX} characters or fewer"})
    record, other = review.record, review.other
    if not same and record.child_id is not None and record.child_id == other.child_id:
        raise ValidationError(
            {"same": "Both records are already in one child: split the child to separate them"}
        )


def _join(
    record: AgencyRecord, other: AgencyRecord, *, probability: float, actor: User
) -> dict[str, Any]:
    """Puts both records in one child; says which child and what else it did."""
    done: dict[str, Any] = {}
    children = [r.child for r in (record, other) if r.child is not None]
    if len(children) == 2 and children[0].pk != children[1].pk:
        keep, merge = sorted(children, key=lambda c: c.pk)
        done["merged"] = _merge(keep, merge, actor=actor).summary()
        _index_refresh([merge])
        child = keep
    elif children:
        child = children[0]
    else:
        child = _children_new(1)[0]
        done["new_children"] = [child.reference]
    for each in (record, other):
        each.child = child
        each.link_status = LinkStatus.CONFIRMED
        each.match_probability = probability
        each.save(update_fields=["child", "link_status", "match_probability", "modified_at"])
    _index_refresh([child])
    done["child"] = child.reference
    return done


def _own_children(records: list[AgencyRecord]) -> list[str]:
    """A new child for each record that has none (it is nobody else's)."""
    alone = [r for r in records if r.child_id is None]
    for record, child in zip(alone, _children_new(len(alone)), strict=True):
        record.child = child
        record.link_status = LinkStatus.CONFIRMED
        record.save(update_fields=["child", "link_status", "modified_at"])
        _index_refresh([child])
    return [r.child.reference for r in alone if r.child is not None]


def _children_new(count: int) -> list[Child]:
    return [Child.objects.create(reference=ref) for ref in child_references_next(count)]


def _index_refresh(children: list[Child]) -> None:
    child_summary_refresh(children)
    child_search_keys_refresh(children)


def _settled_reviews_supersede() -> list[int]:
    """Pending pairs whose two records are now in one child need no decision."""
    settled = LinkReview.objects.filter(
        status=ReviewStatus.PENDING,
        record__child__isnull=False,
        record__child=F("other__child"),
    )
    ids = list(settled.values_list("pk", flat=True))
    LinkReview.objects.filter(pk__in=ids).update(status=ReviewStatus.SUPERSEDED)
    return ids


# --- Merging two children ----------------------------------------------------------------------


@dataclass
class Moved:
    keep: Child
    merge: Child
    records: list[int] = field(default_factory=list)
    involvements: list[int] = field(default_factory=list)
    sharing_decisions: list[int] = field(default_factory=list)
    lead_stood_down: int | None = None
    shielded: bool = False
    # What the apps above moved of their own (merge_hooks), by app and kind: counts.
    by_apps: dict[str, dict[str, int]] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        return {
            "kept": self.keep.reference,
            "merged": self.merge.reference,
            "records": self.records,
            "involvements": self.involvements,
            "sharing_decisions": self.sharing_decisions,
            "lead_professional_stood_down": self.lead_stood_down,
            "shielded": self.shielded,
            "moved_by_apps": self.by_apps,
        }


@transaction.atomic
def children_merge(*, actor: User, keep: Child, merge: Child, reason: str) -> Child:
    """Merges `merge` into `keep`: its records, involvements and sharing decisions move to
    `keep`, and `merge` points on to it (its reference still leads there). Break glass stays
    with the child it was granted for: it opened that record in an emergency, not the kept
    child's (which may hold more). The kept child is shielded if either was; where both have
    an active lead professional, the kept child's stays and the other's is stood down. Apps
    above move their own records of the child first (merge_hooks), in this transaction: one
    that refuses refuses the merge; the audit event says what each moved."""
    require(access.can_merge_or_split_child(actor, keep), to=MERGE)
    require(access.can_merge_or_split_child(actor, merge), to=MERGE)
    reason = reason.strip()
    locked = Child.objects.select_for_update().in_bulk([keep.pk, merge.pk])
    keep, merge = locked[keep.pk], locked.get(merge.pk, locked[keep.pk])
    _merge_check(keep, merge, reason)
    moved = _merge(keep, merge, actor=actor)
    _index_refresh([keep, merge])
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=keep, reason=reason, details=moved.summary()
    )
    return keep


def _merge_check(keep: Child, merge: Child, reason: str) -> None:
    if keep.pk == merge.pk:
        raise ValidationError({"other": "A child cannot be merged into itself"})
    for child in (keep, merge):
        if child.merged_into_id is not None:
            raise ValidationError(
                {"other": f"{child.reference} has already been merged into another child"}
            )
    if not reason:
        raise ValidationError({"reason": "Enter why these records are of the same child"})
    if len(reason) > NOTE_MAX:
        raise ValidationError({"reason": f"The reason must be {NOTE_MAX} characters or fewer"})


def _merge(keep: Child, merge: Child, *, actor: User) -> Moved:
    moved = Moved(keep=keep, merge=merge)
    moved.by_apps = child_merge_hooks_run(ChildMerge(keep=keep, merge=merge, actor=actor))
    moved.lead_stood_down = _lead_clash_resolve(keep, merge)
    moved.records = _ids(AgencyRecord.objects.filter(child=merge))
    AgencyRecord.objects.filter(pk__in=moved.records).update(
        child=keep, link_status=LinkStatus.CONFIRMED, modified_at=timezone.now()
    )
    moved.involvements = _ids(Involvement.objects.filter(child=merge))
    Involvement.objects.filter(pk__in=moved.involvements).update(child=keep)
    moved.sharing_decisions = _ids(SharingDecision.objects.filter(child=merge))
    SharingDecision.objects.filter(pk__in=moved.sharing_decisions).update(child=keep)
    if merge.shielded and not keep.shielded:
        keep.shielded = True
        keep.shielded_reason = merge.shielded_reason
        keep.shielded_at = merge.shielded_at
        keep.save(update_fields=["shielded", "shielded_reason", "shielded_at", "modified_at"])
    moved.shielded = keep.shielded
    merge.merged_into = keep
    merge.save(update_fields=["merged_into", "modified_at"])
    return moved


def _ids(rows: Any) -> list[int]:
    return sorted(rows.values_list("pk", flat=True))


def _lead_clash_resolve(keep: Child, merge: Child) -> int | None:
    """Only one active lead professional a child: the kept child's stays."""
    active = Q(is_lead_professional=True, ended_on__isnull=True)
    if not keep.involvements.filter(active).exists():
        return None
    clash = merge.involvements.filter(active).first()
    if clash is None:
        return None
    clash.is_lead_professional = False
    clash.save(update_fields=["is_lead_professional", "modified_at"])
    return clash.pk


# --- Splitting a child -------------------------------------------------------------------------


@transaction.atomic
def child_split(*, actor: User, child: Child, records: list[AgencyRecord], reason: str) -> Child:
    """Moves the chosen records to a new child (confirmed by the reviewer) and returns it.
    Involvements, sharing decisions and break glass stay with the child as it was: they were
    recorded about the child the practitioner worked with, which keeps its reference; a
    practitioner who works with the new child records that there. Every pair of records the
    split separates is remembered as not the same child, so linkage does not join them again.
    The new child is shielded if the child was. Apps above move nothing (no merge_hooks run):
    safeguarding's concerns, referrals, alerts and plans stay with the child as it was, since
    only a person can tell which child each was about."""
    require(access.can_merge_or_split_child(actor, child), to=SPLIT)
    child = Child.objects.select_for_update().get(pk=child.pk)
    reason = reason.strip()
    held = list(AgencyRecord.objects.select_for_update().filter(child=child).order_by("pk"))
    chosen = {r.pk for r in records}
    _split_check(child, held, chosen, reason)
    new = _children_new(1)[0]
    if child.shielded:
        new.shielded, new.shielded_reason = True, child.shielded_reason
        new.shielded_at = child.shielded_at
        new.save(update_fields=["shielded", "shielded_reason", "shielded_at"])
    AgencyRecord.objects.filter(pk__in=chosen).update(
        child=new, link_status=LinkStatus.CONFIRMED, modified_at=timezone.now()
    )
    staying = [r.pk for r in held if r.pk not in chosen]
    separated = _pairs_reject(actor, sorted(chosen), staying, reason)
    _index_refresh([child, new])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=child,
        reason=reason,
        details={
            "split_from": child.reference,
            "new_child": new.reference,
            "records_moved": sorted(chosen),
            "records_staying": staying,
            "pairs_rejected": separated,
        },
    )
    return new


def _split_check(child: Child, held: list[AgencyRecord], chosen: set[int], reason: str) -> None:
    if child.merged_into_id is not None:
        raise ValidationError({"records": "This child has been merged into another"})
    if not chosen <= {r.pk for r in held}:
        raise ValidationError({"records": "Choose only records of this child"})
    if not chosen:
        raise ValidationError({"records": "Choose the records that are of another child"})
    if len(chosen) == len(held):
        raise ValidationError(
            {"records": "Leave at least one record with this child: choose fewer records"}
        )
    if not reason:
        raise ValidationError({"reason": "Enter why these records are of another child"})
    if len(reason) > NOTE_MAX:
        raise ValidationError({"reason": f"The reason must be {NOTE_MAX} characters or fewer"})


def _pairs_reject(actor: User, moved: list[int], staying: list[int], reason: str) -> int:
    """Each pair across the split is rejected: an existing review of it (pending or accepted)
    becomes a rejection; a pair never reviewed gets one, with no probability of its own."""
    now = timezone.now()
    count = 0
    for a in moved:
        for b in staying:
            low, high = min(a, b), max(a, b)
            LinkReview.objects.update_or_create(
                record_id=low,
                other_id=high,
                defaults={
                    "status": ReviewStatus.REJECTED,
                    "decided_by": actor,
                    "decided_at": now,
                    "note": f"Separated by a split: {reason}"[:NOTE_MAX],
                },
                create_defaults={
                    "match_probability": 0.0,
                    "match_weight": 0.0,
                    "status": ReviewStatus.REJECTED,
                    "decided_by": actor,
                    "decided_at": now,
                    "note": f"Separated by a split: {reason}"[:NOTE_MAX],
                },
            )
            count += 1
    return count
