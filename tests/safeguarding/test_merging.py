"""Safeguarding's records follow a child merged into another (safeguarding.merging, registered with
children.merge_hooks): every kind moves, inside the merge's transaction; what may be held once
is folded (alerts) or refuses the merge (plans, teams); a split moves nothing; rows written
later on a retired record land on the live child; the chronology counts each once."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.children import merge_hooks
from childtrust.children.merge_hooks import ChildMerge, child_merge_hooks_register
from childtrust.children.models import AgencyRecord, Child
from childtrust.children.services.review import child_split, children_merge
from childtrust.safeguarding import models as s
from childtrust.safeguarding.access import chronology_child_for
from childtrust.safeguarding.merging import child_fields
from childtrust.safeguarding.selectors.chronology import chronology_for
from tests.children.factories import (
    AgencyRecordFactory,
    ChildFactory,
    InvolvementFactory,
    ShieldedChildFactory,
    signed_in,
    staff_user,
)
from tests.factories import AgencyFactory
from tests.safeguarding.factories_alerts import (
    AlertFactory,
    AlertRuleFactory,
    ChildProtectionPlanFactory,
    ConcernFactory,
    front_door_user,
)
from tests.safeguarding.factories_front_door import (
    AssessmentFactory,
    ClockFactory,
    ReferralFactory,
)
from tests.safeguarding.factories_team import TeamAroundChildFactory, days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer() -> User:
    return staff_user(Role.FRONT_DOOR)


def _merge(actor: User, keep: Child, merge: Child) -> Child:
    return children_merge(actor=actor, keep=keep, merge=merge, reason="One child, two records")


def _rows_of(child: Child) -> dict[str, int]:
    """How many rows of each safeguarding model with a key to a child name this one."""
    counts = {
        model._meta.model_name or "": model._default_manager.filter(**{field.name: child}).count()
        for model, field in child_fields()
    }
    return {kind: n for kind, n in counts.items() if n}


def _everything_about(child: Child) -> None:
    concern = ConcernFactory(child=child)
    AlertFactory(child=child, with_concerns=[concern])
    ReferralFactory(child=child).concerns.add(concern)
    ClockFactory(child=child)
    AssessmentFactory(child=child)
    s.StrategyDiscussion.objects.create(child=child, held_on=days_ago(5), outcome="Section 47.")
    s.Conference.objects.create(
        child=child, kind=s.ConferenceKind.INITIAL, held_on=days_ago(2), plan_made=True
    )
    ChildProtectionPlanFactory(child=child)
    TeamAroundChildFactory(child=child, ended_on=days_ago(1), end_reason="Stepped up.")


def test_every_kind_moves_to_the_child_kept_and_the_audit_event_counts_them(
    reviewer: User,
) -> None:
    keep, merge = ChildFactory(), ChildFactory()
    _everything_about(merge)
    before = _rows_of(merge)
    assert set(before) == {
        "concern",
        "alert",
        "referral",
        "clock",
        "assessment",
        "strategydiscussion",
        "conference",
        "childprotectionplan",
        "teamaroundchild",
    }  # every model with a key to a child (a new one would be listed here)

    _merge(reviewer, keep, merge)

    assert _rows_of(merge) == {}
    assert _rows_of(keep) == before
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="children.child")
    assert event.details["moved_by_apps"] == {"safeguarding": dict(sorted(before.items()))}


def test_a_concern_merged_into_a_shielded_child_is_hidden_as_the_child_is(
    reviewer: User,
) -> None:
    keep, merge = ShieldedChildFactory(), ChildFactory()
    InvolvementFactory(child=keep, practitioner=reviewer.staff_member)  # so may merge it
    concern = ConcernFactory(child=merge)
    door = signed_in(front_door_user())  # no relationship with the shielded child
    door.raise_request_exception = False
    assert door.get(f"/safeguarding/concerns/{concern.pk}/").status_code == 200

    _merge(reviewer, keep, merge)

    assert door.get(f"/safeguarding/concerns/{concern.pk}/").status_code == 404


# --- What may be held once ---------------------------------------------------------------------


def test_two_open_alerts_for_one_rule_fold_into_the_kept_childs(reviewer: User) -> None:
    rule, other_rule = AlertRuleFactory(), AlertRuleFactory(name="Another rule")
    keep, merge = ChildFactory(), ChildFactory()
    kept = AlertFactory(rule=rule, child=keep)
    folded = AlertFactory(
        rule=rule,
        child=merge,
        with_concerns=[ConcernFactory(child=merge), ConcernFactory(child=merge)],
    )
    other = AlertFactory(rule=other_rule, child=merge)
    closed = AlertFactory(rule=rule, child=merge, status=s.AlertStatus.CLOSED)

    _merge(reviewer, keep, merge)

    folded.refresh_from_db()
    assert folded.child == keep
    assert folded.status == s.AlertStatus.CLOSED
    assert folded.closed_by == reviewer.staff_member
    assert folded.closed_at is not None
    assert f"added to alert {kept.pk}" in folded.closed_reason
    assert merge.reference in folded.closed_reason
    assert set(kept.concerns.all()) >= set(folded.concerns.all())
    assert kept.concerns.count() == 3
    assert s.Alert.objects.get(pk=other.pk).status == s.AlertStatus.OPEN  # another rule's
    assert s.Alert.objects.get(pk=closed.pk).closed_reason == closed.closed_reason
    assert s.Alert.objects.filter(child=keep).exclude(status=s.AlertStatus.CLOSED).count() == 2
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="children.child")
    assert event.details["moved_by_apps"]["safeguarding"]["alerts_folded"] == 1
    assert event.details["moved_by_apps"]["safeguarding"]["alert"] == 3


@pytest.mark.parametrize("held_once", ["plan", "team"])
def test_two_open_plans_or_teams_refuse_the_merge_and_nothing_moves(
    reviewer: User, held_once: str
) -> None:
    keep, merge = ChildFactory(), ChildFactory()
    for child in (keep, merge):
        if held_once == "plan":
            ChildProtectionPlanFactory(child=child)
        else:
            TeamAroundChildFactory(child=child)
    concern = ConcernFactory(child=merge)
    record = AgencyRecordFactory(child=merge)
    AlertFactory(child=merge, with_concerns=[concern])
    AlertFactory(child=keep, rule=s.Alert.objects.get().rule)
    before = _rows_of(merge)

    with pytest.raises(ValidationError, match="end one before merging"):
        _merge(reviewer, keep, merge)

    merge.refresh_from_db()
    assert merge.merged_into_id is None
    assert _rows_of(merge) == before
    assert s.Alert.objects.exclude(status=s.AlertStatus.CLOSED).count() == 2  # none folded
    assert AgencyRecord.objects.get(pk=record.pk).child_id == merge.pk
    assert not AuditEvent.objects.filter(object_type="children.child").exists()


def test_an_ended_plan_or_team_does_not_refuse_the_merge(reviewer: User) -> None:
    keep, merge = ChildFactory(), ChildFactory()
    ChildProtectionPlanFactory(child=keep)
    ChildProtectionPlanFactory(child=merge, ended_on=days_ago(1))
    TeamAroundChildFactory(child=keep, ended_on=days_ago(3), end_reason="Needs met.")
    TeamAroundChildFactory(child=merge)

    _merge(reviewer, keep, merge)

    assert _rows_of(keep) == {"childprotectionplan": 2, "teamaroundchild": 2}


def test_the_merge_page_says_why_it_is_refused(reviewer: User) -> None:
    keep, merge = ChildFactory(), ChildFactory()
    ChildProtectionPlanFactory(child=keep)
    ChildProtectionPlanFactory(child=merge)
    concern = ConcernFactory(child=merge)

    page = signed_in(reviewer).post(
        f"/children/{keep.reference}/merge/",
        {"other": merge.reference, "keep": "this", "reason": "The same child", "confirmed": "1"},
    )

    assert page.status_code == 200
    assert "have an open child protection plan: end one before merging" in (page.content.decode())
    merge.refresh_from_db()
    assert merge.merged_into_id is None
    assert s.Concern.objects.get(pk=concern.pk).child_id == merge.pk


def test_a_later_handler_refusing_puts_back_what_safeguarding_moved(
    reviewer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(merge_hooks, "_HANDLERS", dict(merge_hooks._HANDLERS))

    def refuse(merging: ChildMerge) -> Mapping[str, int]:
        raise ValidationError("Not yet")

    child_merge_hooks_register("zz-refuses", refuse)  # after "safeguarding"
    keep, merge = ChildFactory(), ChildFactory()
    _everything_about(merge)
    AlertFactory(child=keep, rule=s.Alert.objects.get().rule)
    before = _rows_of(merge)

    with pytest.raises(ValidationError):
        _merge(reviewer, keep, merge)

    assert _rows_of(merge) == before
    assert s.Alert.objects.filter(status=s.AlertStatus.CLOSED).count() == 0


# --- A split, and rows written after the merge --------------------------------------------------


def test_a_split_moves_nothing_of_safeguarding(reviewer: User) -> None:
    child = ChildFactory()
    first, _second = AgencyRecordFactory(child=child), AgencyRecordFactory(child=child)
    _everything_about(child)
    before = _rows_of(child)

    new = child_split(actor=reviewer, child=child, records=[first], reason="Two children")

    assert _rows_of(child) == before
    assert _rows_of(new) == {}


def test_a_row_written_with_a_retired_record_lands_on_the_live_child() -> None:
    live = ChildFactory()
    middle = ChildFactory(merged_into=live)
    retired = ChildFactory(merged_into=middle)

    concern = ConcernFactory(child=retired)
    alert = AlertFactory(child=retired, with_concerns=[concern])

    assert s.Concern.objects.get(pk=concern.pk).child_id == live.pk
    assert s.Alert.objects.get(pk=alert.pk).child_id == live.pk


def test_concerns_recorded_before_a_merge_made_outside_the_service_follow_it() -> None:
    keep, merge = ChildFactory(), ChildFactory()
    concerns = [ConcernFactory(child=merge, agency=AgencyFactory()) for _ in range(2)]

    merge.merged_into = keep
    merge.save(update_fields=["merged_into"])

    assert set(s.Concern.objects.filter(child=keep)) == set(concerns)


def test_the_chronology_lists_each_merged_concern_once(reviewer: User) -> None:
    keep, merge = ChildFactory(), ChildFactory()
    ConcernFactory(child=merge, summary="Recorded on the other record")
    ConcernFactory(child=keep, summary="Recorded on the kept record")
    _merge(reviewer, keep, merge)

    door = front_door_user()
    view = chronology_child_for(door, keep.reference, purpose="Test")
    details = sorted(e.detail for e in chronology_for(door, view).entries)
    assert details == ["Recorded on the kept record", "Recorded on the other record"]


def test_merging_through_the_page_moves_the_concerns(reviewer: User) -> None:
    keep, merge = ChildFactory(), ChildFactory()
    concern = ConcernFactory(child=merge)
    client: Client = signed_in(reviewer)

    response = client.post(
        f"/children/{keep.reference}/merge/",
        {"other": merge.reference, "keep": "this", "reason": "The same child", "confirmed": "1"},
    )

    assert response.status_code == 302
    assert s.Concern.objects.get(pk=concern.pk).child_id == keep.pk
