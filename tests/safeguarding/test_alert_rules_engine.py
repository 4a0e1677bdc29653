"""The alert rules as each concern arrives and at night: each kind met and just missed (the
window's edge, the number of agencies, the category, the severity), and the same situation never
raising two alerts (services/alerts.py)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from childtrust.audit.models import AuditEvent
from childtrust.safeguarding.models import Alert, AlertStatus, Notification, NotificationKind, Rag
from childtrust.safeguarding.services.alerts import alerts_for_concern
from childtrust.safeguarding.services.alerts_nightly import alerts_evaluate_all
from tests.children.factories import ChildFactory
from tests.factories import AgencyFactory
from tests.safeguarding.factories_alerts import (
    AlertRuleFactory,
    ChildProtectionPlanFactory,
    ConcernFactory,
    PlanRuleFactory,
    RepeatedRuleFactory,
    concerns_about,
    front_door_user,
    lead_professional_for,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def _new_concern(child, **kw):  # type: ignore[no-untyped-def]
    concern = ConcernFactory(child=child, **kw)
    return concern, alerts_for_concern(concern)


# --- Concerns across agencies -------------------------------------------------------------------


def test_three_concerns_from_two_agencies_raise_one_amber_alert_naming_them() -> None:
    AlertRuleFactory()
    child = ChildFactory()
    first, second = concerns_about(child, 2, agencies=2)
    third, raised = _new_concern(child, agency=first.agency)

    assert len(raised) == 1
    alert = raised[0]
    assert alert.rag == Rag.AMBER
    assert alert.status == AlertStatus.OPEN
    assert set(alert.concerns.all()) == {first, second, third}
    assert alert.acknowledge_by > alert.raised_at


def test_two_concerns_are_one_short() -> None:
    AlertRuleFactory()
    child = ChildFactory()
    concerns_about(child, 1)
    assert _new_concern(child)[1] == []


def test_three_concerns_from_one_agency_miss_the_agencies_count() -> None:
    AlertRuleFactory()
    child = ChildFactory()
    agency = AgencyFactory()
    ConcernFactory(child=child, agency=agency)
    ConcernFactory(child=child, agency=agency)
    assert _new_concern(child, agency=agency)[1] == []


def test_a_concern_just_outside_the_window_is_not_counted() -> None:
    AlertRuleFactory(window_days=90)
    child = ChildFactory()
    ConcernFactory(child=child, occurred_at=_ago(90) - datetime.timedelta(minutes=5))
    ConcernFactory(child=child)
    assert _new_concern(child)[1] == []


def test_a_concern_just_inside_the_window_is_counted() -> None:
    AlertRuleFactory(window_days=90)
    child = ChildFactory()
    ConcernFactory(child=child, occurred_at=_ago(90) + datetime.timedelta(minutes=5))
    ConcernFactory(child=child)
    assert len(_new_concern(child)[1]) == 1


def test_only_the_rules_categories_and_severity_are_counted() -> None:
    AlertRuleFactory(categories=["neglect"], minimum_severity="medium")
    child = ChildFactory()
    ConcernFactory(child=child, category="health")  # another category
    ConcernFactory(child=child, severity="low")  # too low
    ConcernFactory(child=child)
    assert _new_concern(child)[1] == []
    assert len(_new_concern(child, severity="high")[1]) == 1


# --- Repeated concerns of one kind --------------------------------------------------------------


def test_three_missing_episodes_raise_a_red_alert_but_two_do_not() -> None:
    RepeatedRuleFactory()
    child = ChildFactory()
    ConcernFactory(child=child, category="missing")
    assert _new_concern(child, category="missing")[1] == []
    _concern, raised = _new_concern(child, category="missing")
    assert [alert.rag for alert in raised] == [Rag.RED]


def test_three_concerns_of_different_kinds_are_not_repeated() -> None:
    RepeatedRuleFactory(categories=[])
    child = ChildFactory()
    ConcernFactory(child=child, category="missing")
    ConcernFactory(child=child, category="neglect")
    assert _new_concern(child, category="health")[1] == []


# --- A child with a child protection plan -------------------------------------------------------


def test_any_concern_about_a_child_with_an_open_plan_raises_an_alert() -> None:
    PlanRuleFactory()
    plan = ChildProtectionPlanFactory()
    assert len(_new_concern(plan.child)[1]) == 1


def test_no_alert_without_a_plan_or_after_it_ended() -> None:
    PlanRuleFactory()
    assert _new_concern(ChildFactory())[1] == []
    ended = ChildProtectionPlanFactory(ended_on=timezone.localdate() - DAY)
    assert _new_concern(ended.child)[1] == []


# --- Never the same situation twice ------------------------------------------------------------


def test_a_further_concern_joins_the_open_alert_instead_of_raising_another() -> None:
    rule = AlertRuleFactory(rag=Rag.AMBER)
    child = ChildFactory()
    concerns_about(child, 2, agencies=2)
    (alert,) = _new_concern(child)[1]
    rule.rag = Rag.RED
    rule.save()

    fourth, extended = _new_concern(child)

    assert extended == [alert]
    assert Alert.objects.count() == 1
    alert.refresh_from_db()
    assert fourth in alert.concerns.all()
    assert alert.concerns.count() == 4
    assert alert.rag == Rag.RED  # raised with the rule's


def test_evaluating_again_changes_nothing() -> None:
    AlertRuleFactory()
    child = ChildFactory()
    concerns_about(child, 2, agencies=2)
    third, _raised = _new_concern(child)
    assert alerts_for_concern(third) == []
    assert alerts_evaluate_all(today=timezone.localdate()).raised == 0
    assert Alert.objects.count() == 1


def test_a_closed_alerts_concerns_never_raise_it_again_but_a_new_one_does() -> None:
    AlertRuleFactory()
    child = ChildFactory()
    concerns_about(child, 2, agencies=2)
    (alert,) = _new_concern(child)[1]
    Alert.objects.filter(pk=alert.pk).update(status=AlertStatus.CLOSED)

    assert alerts_evaluate_all(today=timezone.localdate()).raised == 0
    assert Alert.objects.count() == 1

    _fourth, raised = _new_concern(child)
    assert len(raised) == 1
    assert raised[0].pk != alert.pk
    assert raised[0].concerns.count() == 4


def test_a_concern_that_meets_no_rule_costs_three_queries(
    django_assert_max_num_queries: Any,
) -> None:
    AlertRuleFactory()
    RepeatedRuleFactory()
    PlanRuleFactory()
    concern = ConcernFactory()
    with django_assert_max_num_queries(3):  # the rules, the child's concerns, an open plan
        assert alerts_for_concern(concern) == []


# --- The nightly run ----------------------------------------------------------------------------


def test_the_nightly_run_raises_what_a_new_rule_finds_in_concerns_already_recorded() -> None:
    child, other = ChildFactory(), ChildFactory()
    concerns_about(child, 3, agencies=2)
    concerns_about(other, 2, agencies=2)
    AlertRuleFactory()  # added after the concerns

    report = alerts_evaluate_all(today=timezone.localdate())

    assert report.raised == 1
    assert report.children == 2
    assert report.concerns == 5
    assert Alert.objects.get().child == child
    assert alerts_evaluate_all(today=timezone.localdate()).raised == 0


def test_the_nightly_run_raises_many_together_with_one_audit_event_naming_each() -> None:
    door = front_door_user()
    children = [ChildFactory() for _ in range(3)]
    for child in children:
        concerns_about(child, 3, agencies=2)
    AlertRuleFactory()

    report = alerts_evaluate_all(today=timezone.localdate())

    assert report.raised == 3
    events = AuditEvent.objects.filter(object_type="safeguarding.alert", action="create")
    assert events.count() == 1
    named = events.get().details["alerts"]
    assert sorted(entry["alert"] for entry in named) == sorted(report.raised_ids)
    assert {entry["child"] for entry in named} == {child.pk for child in children}
    assert all(len(entry["concerns"]) == 3 for entry in named)
    told = Notification.objects.filter(recipient=door, kind=NotificationKind.ALERT)
    assert sorted(told.values_list("key", flat=True)) == sorted(
        f"alert:{pk}" for pk in report.raised_ids
    )


def test_a_nightly_batch_meeting_an_alert_raised_meanwhile_adds_to_it_rather_than_raising_two(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from childtrust.safeguarding.services import alerts_nightly

    AlertRuleFactory()
    child = ChildFactory()
    concerns_about(child, 3, agencies=2)
    inserted = alerts_nightly._insert_together

    def raced(fresh, *, now):  # type: ignore[no-untyped-def]
        # Another connection raises the same alert first, as a concern arrives.
        rule, child_id, meeting = fresh[0]
        raced_alert = Alert.objects.create(
            rule=rule, child_id=child_id, rag=rule.rag, raised_at=now, acknowledge_by=now
        )
        raced_alert.concerns.add(min(meeting))
        return inserted(fresh, now=now)

    monkeypatch.setattr(alerts_nightly, "_insert_together", raced)

    alerts_evaluate_all(today=timezone.localdate())

    alert = Alert.objects.get()
    assert alert.concerns.count() == 3


def test_the_nightly_run_raises_for_a_plan_started_after_the_concerns() -> None:
    PlanRuleFactory(window_days=30)
    child = ChildFactory()
    concern, raised = _new_concern(child)
    assert raised == []
    ChildProtectionPlanFactory(child=child, started_on=timezone.localdate())

    assert alerts_evaluate_all(today=timezone.localdate()).raised == 1
    assert list(Alert.objects.get().concerns.all()) == [concern]


def test_a_switched_off_rule_raises_nothing() -> None:
    AlertRuleFactory(active=False)
    child = ChildFactory()
    concerns_about(child, 2, agencies=2)
    assert _new_concern(child)[1] == []
    assert alerts_evaluate_all(today=timezone.localdate()).raised == 0


# --- Who hears of it ---------------------------------------------------------------------------


def test_the_front_door_and_the_lead_professional_are_told_without_the_childs_name() -> None:
    AlertRuleFactory(name="Three from two")
    child = ChildFactory(given_name="Amelia", family_name="Quill")
    door = front_door_user()
    lead = lead_professional_for(child)
    concerns_about(child, 2, agencies=2)
    (alert,) = _new_concern(child)[1]

    told = Notification.objects.filter(kind=NotificationKind.ALERT)
    assert {n.recipient for n in told} == {door, lead}
    for notification in told:
        assert "Amelia" not in notification.subject
        assert "Quill" not in notification.subject
        assert notification.subject == f"Alert {alert.pk} (Amber): Three from two"
        assert notification.url == f"/safeguarding/alerts/{alert.pk}/"


def test_a_concern_added_to_an_acknowledged_alert_is_news_to_those_told_of_it() -> None:
    """Otherwise a serious new concern joins an alert already dealt with, unseen, and is
    closed with it."""
    AlertRuleFactory(name="Three from two")
    child = ChildFactory()
    door = front_door_user()
    lead = lead_professional_for(child)
    concerns_about(child, 2, agencies=2)
    (alert,) = _new_concern(child)[1]
    Alert.objects.filter(pk=alert.pk).update(status=AlertStatus.ACTIONED)

    fourth, _ = _new_concern(child)

    added = Notification.objects.filter(key=f"alert:{alert.pk}:added:{fourth.pk}")
    assert {n.recipient for n in added} == {door, lead}
    for notification in added:
        assert (
            notification.subject
            == f"New concerns added to Alert {alert.pk} (Amber): Three from two"
        )
        assert notification.due_by is None
    _new_concern(child)  # each addition is told of once, under its own key
    assert Notification.objects.filter(key__startswith=f"alert:{alert.pk}:added:").count() == 4


def test_a_concern_added_to_an_alert_not_yet_acknowledged_adds_no_notification() -> None:
    """Those told of the alert have still to open it, and will see every concern then."""
    AlertRuleFactory()
    child = ChildFactory()
    front_door_user()
    concerns_about(child, 2, agencies=2)
    _new_concern(child)
    told = Notification.objects.count()

    _new_concern(child)

    assert Notification.objects.count() == told
