"""The child index's merge hooks (children.merge_hooks): what apps above do when two children are
merged, run inside the merge's transaction, recorded in its audit event, able to refuse it; run
too, with no actor, when a child is marked merged outside the service; never on a split."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from django.core.exceptions import ValidationError

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.children import merge_hooks
from childtrust.children.merge_hooks import ChildMerge, child_merge_hooks_register
from childtrust.children.models import AgencyRecord, Child
from childtrust.children.services.review import child_split, children_merge, link_review_decide
from tests.children.factories import AgencyRecordFactory, ChildFactory, staff_user
from tests.children.factories_review import LinkReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[ChildMerge]:
    """Only a test handler registered (the apps' own are put back afterwards): it records each
    merge it is told of and says it moved two 'widgets' and no 'gadgets'."""
    monkeypatch.setattr(merge_hooks, "_HANDLERS", {})
    seen: list[ChildMerge] = []

    def handler(merging: ChildMerge) -> Mapping[str, int]:
        if merging.actor is not None:  # the service's: before it marks the child merged
            assert Child.objects.get(pk=merging.merge.pk).merged_into_id is None
        seen.append(merging)
        return {"widgets": 2, "gadgets": 0}

    child_merge_hooks_register("test", handler)
    return seen


@pytest.fixture
def reviewer() -> User:
    return staff_user(Role.FRONT_DOOR)


def _merge_events() -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="children.child").order_by(
            "sequence"
        )
    )


def test_a_merge_runs_each_handler_once_and_records_what_it_moved(
    calls: list[ChildMerge], reviewer: User
) -> None:
    keep, merge = ChildFactory(), ChildFactory()

    children_merge(actor=reviewer, keep=keep, merge=merge, reason="One child, two records")

    (merging,) = calls  # not again when the child is saved as merged
    assert (merging.keep.pk, merging.merge.pk, merging.actor) == (keep.pk, merge.pk, reviewer)
    (event,) = _merge_events()
    assert event.details["moved_by_apps"] == {"test": {"widgets": 2}}


def test_a_merge_by_accepting_a_link_review_runs_the_handlers_too(
    calls: list[ChildMerge], reviewer: User
) -> None:
    older, younger = ChildFactory(), ChildFactory()
    review = LinkReviewFactory(
        record=AgencyRecordFactory(child=younger), other=AgencyRecordFactory(child=older)
    )

    link_review_decide(actor=reviewer, review=review, same=True, note="")

    (merging,) = calls
    assert (merging.keep.pk, merging.merge.pk, merging.actor) == (older.pk, younger.pk, reviewer)
    event = AuditEvent.objects.get(object_type="children.linkreview")
    assert event.details["merged"]["moved_by_apps"] == {"test": {"widgets": 2}}


def test_a_handler_that_refuses_refuses_the_merge_and_nothing_of_it_is_kept(
    calls: list[ChildMerge], reviewer: User
) -> None:
    def refuse(merging: ChildMerge) -> Mapping[str, int]:
        raise ValidationError("These two cannot be merged yet")

    child_merge_hooks_register("zz-refuses", refuse)  # runs after "test"
    keep, merge = ChildFactory(), ChildFactory()
    record = AgencyRecordFactory(child=merge)

    with pytest.raises(ValidationError, match="cannot be merged yet"):
        children_merge(actor=reviewer, keep=keep, merge=merge, reason="One child")

    merge.refresh_from_db()
    assert merge.merged_into_id is None
    assert AgencyRecord.objects.get(pk=record.pk).child_id == merge.pk
    assert _merge_events() == []
    # Refused, the child marked merged later runs the handlers again (not taken as done).
    merge_hooks._HANDLERS.pop("zz-refuses")
    calls.clear()
    merge.merged_into = keep
    merge.save(update_fields=["merged_into"])
    assert len(calls) == 1


def test_a_child_marked_merged_outside_the_service_runs_the_handlers_with_no_actor(
    calls: list[ChildMerge],
) -> None:
    live = ChildFactory()
    middle = ChildFactory(merged_into=live)  # made merged: runs them, into `live`
    retired = ChildFactory()

    retired.merged_into = middle
    retired.save(update_fields=["merged_into"])

    assert [(c.keep.pk, c.merge.pk, c.actor) for c in calls] == [
        (live.pk, middle.pk, None),
        (live.pk, retired.pk, None),  # on through the merge of the merge, to the live child
    ]


def test_saving_a_child_otherwise_runs_no_handler(calls: list[ChildMerge]) -> None:
    child = ChildFactory()
    child.given_name = "Ama"
    child.save()
    merged = ChildFactory(merged_into=ChildFactory())
    calls.clear()
    merged.given_name = "Kofi"
    merged.save(update_fields=["given_name"])

    assert calls == []


def test_a_split_runs_no_handler(calls: list[ChildMerge], reviewer: User) -> None:
    child = ChildFactory()
    first, _second = AgencyRecordFactory(child=child), AgencyRecordFactory(child=child)

    child_split(actor=reviewer, child=child, records=[first], reason="Two children")

    assert calls == []
