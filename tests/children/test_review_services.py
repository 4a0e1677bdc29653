"""Clerical review's services: deciding a pair (each case of accept and reject, and deciding
twice), merging two children and splitting one: every record kept, one audit event each, and
who may and who may not."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.children.models import (
    AgencyRecord,
    BreakGlass,
    Child,
    Involvement,
    LinkReview,
    LinkStatus,
    ReviewStatus,
    SharingDecision,
)
from childtrust.children.services.review import child_split, children_merge, link_review_decide
from tests.children.factories import (
    AgencyRecordFactory,
    BreakGlassFactory,
    ChildFactory,
    InvolvementFactory,
    SharingDecisionFactory,
    ShieldedChildFactory,
    staff_user,
)
from tests.children.factories_review import LinkReviewFactory
from tests.conftest import ALL_ROLES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REVIEWERS = {Role.FRONT_DOOR, Role.PARTNERSHIP_ADMIN}


@pytest.fixture
def reviewer() -> User:
    return staff_user(Role.FRONT_DOOR)


def _fresh(record: AgencyRecord) -> AgencyRecord:
    return AgencyRecord.objects.select_related("child").get(pk=record.pk)


def _events(object_type: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type=object_type).order_by(
            "sequence"
        )
    )


# --- Deciding a pair ---------------------------------------------------------------------------


def test_accepting_two_records_without_children_starts_one_child_for_both(reviewer: User) -> None:
    review = LinkReviewFactory()
    link_review_decide(actor=reviewer, review=review, same=True, note="")
    record, other = _fresh(review.record), _fresh(review.other)
    assert record.child is not None
    assert record.child == other.child
    assert record.link_status == other.link_status == LinkStatus.CONFIRMED
    assert record.child.given_name in {record.given_name, other.given_name}
    review.refresh_from_db()
    assert review.status == ReviewStatus.ACCEPTED
    assert review.decided_by == reviewer
    (event,) = _events("children.linkreview")
    assert event.details["same"] is True
    assert event.details["child"] == record.child.reference


def test_accepting_a_record_without_a_child_joins_it_to_the_others(reviewer: User) -> None:
    child = ChildFactory()
    review = LinkReviewFactory(record=AgencyRecordFactory(child=child))
    link_review_decide(actor=reviewer, review=review, same=True, note="Same school, same GP")
    assert _fresh(review.other).child == child
    assert Child.objects.count() == 1


def test_accepting_records_of_two_children_merges_the_younger_into_the_older(
    reviewer: User,
) -> None:
    older, younger = ChildFactory(), ChildFactory()
    moved = InvolvementFactory(child=younger)
    review = LinkReviewFactory(
        record=AgencyRecordFactory(child=younger), other=AgencyRecordFactory(child=older)
    )
    link_review_decide(actor=reviewer, review=review, same=True, note="")
    younger.refresh_from_db()
    assert younger.merged_into == older
    assert _fresh(review.record).child == _fresh(review.other).child == older
    assert Involvement.objects.get(pk=moved.pk).child == older
    (event,) = _events("children.linkreview")
    assert event.details["merged"]["merged"] == younger.reference


def test_accepting_settles_the_other_pending_pairs_now_in_one_child(reviewer: User) -> None:
    child = ChildFactory()
    a, b = AgencyRecordFactory(child=child), AgencyRecordFactory()
    review = LinkReviewFactory(record=a, other=b)
    c = AgencyRecordFactory(child=child)
    settled = LinkReviewFactory(record=b, other=c)
    link_review_decide(actor=reviewer, review=review, same=True, note="")
    settled.refresh_from_db()
    assert settled.status == ReviewStatus.SUPERSEDED


def test_rejecting_gives_the_record_without_a_child_its_own_and_is_remembered(
    reviewer: User,
) -> None:
    child = ChildFactory()
    review = LinkReviewFactory(record=AgencyRecordFactory(child=child))
    link_review_decide(actor=reviewer, review=review, same=False, note="Different mothers")
    record, other = _fresh(review.record), _fresh(review.other)
    assert record.child == child
    assert other.child is not None
    assert other.child != child
    assert other.link_status == LinkStatus.CONFIRMED
    review.refresh_from_db()
    assert review.status == ReviewStatus.REJECTED
    assert review.note == "Different mothers"
    assert LinkReview.objects.filter(status=ReviewStatus.REJECTED).count() == 1


def test_rejecting_needs_a_note_and_writes_nothing_without_one(reviewer: User) -> None:
    review = LinkReviewFactory()
    with pytest.raises(ValidationError, match="Enter why"):
        link_review_decide(actor=reviewer, review=review, same=False, note="  ")
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING
    assert Child.objects.count() == 0


def test_rejecting_two_records_already_in_one_child_points_to_a_split(reviewer: User) -> None:
    child = ChildFactory()
    review = LinkReviewFactory(
        record=AgencyRecordFactory(child=child), other=AgencyRecordFactory(child=child)
    )
    with pytest.raises(ValidationError, match="split the child"):
        link_review_decide(actor=reviewer, review=review, same=False, note="Twins")


@pytest.mark.parametrize("same", [True, False])
def test_a_pair_is_decided_once(reviewer: User, same: bool) -> None:
    review = LinkReviewFactory()
    link_review_decide(actor=reviewer, review=review, same=same, note="Checked with the school")
    with pytest.raises(ValidationError, match="already been decided"):
        link_review_decide(actor=reviewer, review=review, same=not same, note="Changed my mind")
    assert len(_events("children.linkreview")) == 1


@pytest.mark.parametrize("role", sorted(set(ALL_ROLES) - REVIEWERS))
def test_only_reviewers_decide_pairs(role: Role) -> None:
    review = LinkReviewFactory()
    with pytest.raises(PermissionDenied):
        link_review_decide(actor=UserFactory(role=role), review=review, same=True, note="")
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING


@pytest.mark.parametrize("role", sorted(REVIEWERS))
def test_each_reviewer_role_decides_pairs(role: Role) -> None:
    review = LinkReviewFactory()
    link_review_decide(actor=UserFactory(role=role), review=review, same=True, note="")
    review.refresh_from_db()
    assert review.status == ReviewStatus.ACCEPTED


def test_a_pair_touching_a_shielded_child_is_only_for_a_reviewer_working_with_it() -> None:
    shielded = ShieldedChildFactory()
    review = LinkReviewFactory(record=AgencyRecordFactory(child=shielded))
    outsider, involved = staff_user(Role.FRONT_DOOR), staff_user(Role.FRONT_DOOR)
    InvolvementFactory(child=shielded, practitioner=involved.staff_member)
    with pytest.raises(PermissionDenied):
        link_review_decide(actor=outsider, review=review, same=True, note="")
    link_review_decide(actor=involved, review=review, same=True, note="")
    assert _fresh(review.other).child == shielded


# --- Merging -----------------------------------------------------------------------------------


def test_merging_moves_every_record_involvement_and_sharing_decision(reviewer: User) -> None:
    keep, merge = ChildFactory(), ChildFactory()
    kept_record = AgencyRecordFactory(child=keep)
    records = [AgencyRecordFactory(child=merge) for _ in range(2)]
    involvement = InvolvementFactory(child=merge)
    decision = SharingDecisionFactory(child=merge)
    glass = BreakGlassFactory(child=merge)
    children_merge(actor=reviewer, keep=keep, merge=merge, reason="One child, two school records")
    merge.refresh_from_db()
    assert merge.merged_into == keep
    assert set(AgencyRecord.objects.filter(child=keep)) == {kept_record, *records}
    assert AgencyRecord.objects.count() == 3
    assert Involvement.objects.get(pk=involvement.pk).child == keep
    assert SharingDecision.objects.get(pk=decision.pk).child == keep
    # Break glass stays with the child it was granted for.
    assert BreakGlass.objects.get(pk=glass.pk).child_id == merge.pk
    (event,) = _events("children.child")
    assert event.object_id == str(keep.pk)
    assert event.details["records"] == sorted(r.pk for r in records)
    assert event.details["involvements"] == [involvement.pk]
    assert event.details["sharing_decisions"] == [decision.pk]


def test_the_kept_child_is_shielded_if_either_was() -> None:
    reviewer = staff_user(Role.FRONT_DOOR)
    keep, merge = ChildFactory(), ShieldedChildFactory()
    InvolvementFactory(child=merge, practitioner=reviewer.staff_member)
    children_merge(actor=reviewer, keep=keep, merge=merge, reason="Same child")
    keep.refresh_from_db()
    assert keep.shielded
    assert keep.shielded_reason == merge.shielded_reason


def test_two_lead_professionals_leave_the_kept_childs(reviewer: User) -> None:
    keep, merge = ChildFactory(), ChildFactory()
    kept_lead = InvolvementFactory(child=keep, is_lead_professional=True)
    other_lead = InvolvementFactory(child=merge, is_lead_professional=True)
    children_merge(actor=reviewer, keep=keep, merge=merge, reason="Same child")
    assert Involvement.objects.get(pk=kept_lead.pk).is_lead_professional
    other_lead.refresh_from_db()
    assert other_lead.child == keep
    assert not other_lead.is_lead_professional


def test_a_child_is_not_merged_into_itself(reviewer: User) -> None:
    child = ChildFactory()
    with pytest.raises(ValidationError, match="into itself"):
        children_merge(actor=reviewer, keep=child, merge=child, reason="Oops")


def test_nothing_is_merged_into_a_child_merged_already(reviewer: User) -> None:
    target = ChildFactory()
    gone = ChildFactory(merged_into=target)
    with pytest.raises(ValidationError, match="already been merged"):
        children_merge(actor=reviewer, keep=gone, merge=ChildFactory(), reason="Same child")


def test_a_merge_needs_a_reason(reviewer: User) -> None:
    keep, merge = ChildFactory(), ChildFactory()
    with pytest.raises(ValidationError, match="Enter why"):
        children_merge(actor=reviewer, keep=keep, merge=merge, reason=" ")
    merge.refresh_from_db()
    assert merge.merged_into is None


@pytest.mark.parametrize("role", sorted(set(ALL_ROLES) - REVIEWERS))
def test_only_reviewers_merge_and_split(role: Role) -> None:
    user = staff_user(role)
    keep, merge = ChildFactory(), ChildFactory()
    records = [AgencyRecordFactory(child=keep) for _ in range(2)]
    with pytest.raises(PermissionDenied):
        children_merge(actor=user, keep=keep, merge=merge, reason="Same child")
    with pytest.raises(PermissionDenied):
        child_split(actor=user, child=keep, records=records[:1], reason="Twins")
    assert Child.objects.filter(merged_into__isnull=False).count() == 0
    assert Child.objects.count() == 2


# --- Splitting ---------------------------------------------------------------------------------


def test_splitting_moves_the_chosen_records_to_a_new_child(reviewer: User) -> None:
    child = ChildFactory()
    staying = AgencyRecordFactory(child=child, given_name="Amelia")
    moving = [AgencyRecordFactory(child=child, given_name="Ava") for _ in range(2)]
    involvement = InvolvementFactory(child=child)
    accepted = LinkReviewFactory(record=staying, other=moving[0], status=ReviewStatus.ACCEPTED)
    new = child_split(actor=reviewer, child=child, records=moving, reason="Twins")
    assert new.reference != child.reference
    assert new.given_name == "Ava"
    assert {r.pk for r in AgencyRecord.objects.filter(child=new)} == {r.pk for r in moving}
    assert list(AgencyRecord.objects.filter(child=child)) == [staying]
    assert AgencyRecord.objects.count() == 3
    assert {r.link_status for r in AgencyRecord.objects.filter(child=new)} == {LinkStatus.CONFIRMED}
    assert Involvement.objects.get(pk=involvement.pk).child == child
    # Every pair across the split is remembered as not the same child, the accepted one too.
    accepted.refresh_from_db()
    assert accepted.status == ReviewStatus.REJECTED
    assert LinkReview.objects.filter(status=ReviewStatus.REJECTED).count() == 2
    (event,) = _events("children.child")
    assert event.details["new_child"] == new.reference
    assert event.details["records_moved"] == sorted(r.pk for r in moving)


def test_a_shielded_childs_split_off_records_stay_shielded() -> None:
    reviewer = staff_user(Role.FRONT_DOOR)
    child = ShieldedChildFactory()
    InvolvementFactory(child=child, practitioner=reviewer.staff_member)
    records = [AgencyRecordFactory(child=child) for _ in range(2)]
    new = child_split(actor=reviewer, child=child, records=records[1:], reason="Twins")
    assert new.shielded


@pytest.mark.parametrize("chosen", ["none", "all"])
def test_a_split_moves_some_records_not_none_nor_all(reviewer: User, chosen: str) -> None:
    child = ChildFactory()
    records = [AgencyRecordFactory(child=child) for _ in range(2)]
    with pytest.raises(ValidationError, match=r"[Cc]hoose"):
        child_split(
            actor=reviewer, child=child, records=records if chosen == "all" else [], reason="Twins"
        )
    assert Child.objects.count() == 1
    assert AgencyRecord.objects.filter(child=child).count() == 2


def test_a_split_moves_only_the_childs_own_records(reviewer: User) -> None:
    child = ChildFactory()
    AgencyRecordFactory(child=child)
    AgencyRecordFactory(child=child)
    stranger = AgencyRecordFactory(child=ChildFactory())
    with pytest.raises(ValidationError, match="only records of this child"):
        child_split(actor=reviewer, child=child, records=[stranger], reason="Twins")
