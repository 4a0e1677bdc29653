"""An alert's life: acknowledged, actioned and closed in that order, by those who may (the
front door, the lead professional, the manager it escalated to), and escalated up the line when
not acknowledged in time."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditEvent
from childtrust.safeguarding.models import Alert, AlertStatus, Notification, NotificationKind
from childtrust.safeguarding.services.alert_lifecycle import (
    alert_acknowledge,
    alert_action,
    alert_close,
    alerts_escalate_due,
)
from childtrust.safeguarding.working_hours import add_working_hours
from tests.children.factories import ChildFactory, InvolvementFactory, involved_user, staff_user
from tests.safeguarding.factories_alerts import (
    AlertFactory,
    front_door_user,
    lead_professional_for,
    manager_chain,
)

pytestmark = pytest.mark.django_db


def test_the_front_door_acknowledges_actions_and_closes_an_alert_each_audited() -> None:
    door = front_door_user()
    alert = AlertFactory()
    before = AuditEvent.objects.count()

    alert = alert_acknowledge(actor=door, alert=alert)
    assert alert.status == AlertStatus.ACKNOWLEDGED
    assert alert.acknowledged_by == door.staff_member
    alert = alert_action(actor=door, alert=alert, note="Strategy discussion held.")
    assert alert.status == AlertStatus.ACTIONED
    assert alert.action_taken == "Strategy discussion held."
    alert = alert_close(actor=door, alert=alert, reason="Child in need plan in place.")
    assert alert.status == AlertStatus.CLOSED
    assert alert.closed_reason

    assert AuditEvent.objects.count() == before + 3


def test_the_lead_professional_may_respond_to_their_childs_alert() -> None:
    child = ChildFactory()
    lead = lead_professional_for(child)
    alert = alert_acknowledge(actor=lead, alert=AlertFactory(child=child))
    assert alert.status == AlertStatus.ACKNOWLEDGED


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.PARTNERSHIP_ADMIN])
def test_others_are_refused_and_nothing_changes(role: Role) -> None:
    alert = AlertFactory()
    someone = staff_user(role)
    for respond in (
        lambda: alert_acknowledge(actor=someone, alert=alert),
        lambda: alert_action(actor=someone, alert=alert, note="Done"),
        lambda: alert_close(actor=someone, alert=alert, reason="Done"),
    ):
        with pytest.raises(PermissionDenied):
            respond()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN


def test_a_practitioner_involved_but_not_leading_sees_but_may_not_respond() -> None:
    user, child = involved_user(Role.PRACTITIONER)
    with pytest.raises(PermissionDenied):
        alert_acknowledge(actor=user, alert=AlertFactory(child=child))


def test_out_of_order_responses_are_refused_with_a_clear_message() -> None:
    door = front_door_user()
    alert = AlertFactory()
    with pytest.raises(ValidationError) as error:
        alert_action(actor=door, alert=alert, note="Done")
    assert error.value.message_dict["status"] == [
        "Acknowledge the alert before recording what was done"
    ]
    with pytest.raises(ValidationError) as error:
        alert_close(actor=door, alert=alert, reason="Done")
    assert error.value.message_dict["status"] == [
        "Record what was done about the alert before closing it"
    ]
    alert_acknowledge(actor=door, alert=alert)
    with pytest.raises(ValidationError, match="already been acknowledged"):
        alert_acknowledge(actor=door, alert=alert)


def test_an_empty_note_or_reason_is_refused_and_nothing_is_written() -> None:
    door = front_door_user()
    alert = alert_acknowledge(actor=door, alert=AlertFactory())
    with pytest.raises(ValidationError) as error:
        alert_action(actor=door, alert=alert, note="   ")
    assert error.value.message_dict == {"note": ["Enter what was done about the alert"]}
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED
    assert alert.action_taken == ""


# Each written step, by the status it is taken from: None where it is taken, else its refusal.
_STEPS = {
    "action": (
        alert_action,
        "note",
        ("action_taken", "actioned_by", "actioned_at", AlertStatus.ACTIONED),
        {
            AlertStatus.OPEN: "Acknowledge the alert before recording what was done",
            AlertStatus.ACKNOWLEDGED: None,
            AlertStatus.ACTIONED: "What was done about this alert is already recorded",
            AlertStatus.CLOSED: "What was done about this alert is already recorded",
        },
    ),
    "close": (
        alert_close,
        "reason",
        ("closed_reason", "closed_by", "closed_at", AlertStatus.CLOSED),
        {
            AlertStatus.OPEN: "Record what was done about the alert before closing it",
            AlertStatus.ACKNOWLEDGED: "Record what was done about the alert before closing it",
            AlertStatus.ACTIONED: None,
            AlertStatus.CLOSED: "This alert is already closed",
        },
    ),
}


@pytest.mark.parametrize("status", list(AlertStatus))
@pytest.mark.parametrize("step", list(_STEPS))
def test_what_was_done_and_closing_are_each_taken_only_in_their_turn(
    step: str, status: AlertStatus
) -> None:
    respond, words, (words_field, by_field, at_field, becomes), refusals = _STEPS[step]
    door = front_door_user()
    alert = AlertFactory(status=status)
    refusal = refusals[status]
    if refusal is None:
        alert = respond(actor=door, alert=alert, **{words: "  Strategy discussion held. "})
        assert alert.status == becomes
        assert getattr(alert, words_field) == "Strategy discussion held."
        assert getattr(alert, by_field) == door.staff_member
        assert getattr(alert, at_field) is not None
        return
    with pytest.raises(ValidationError) as error:
        respond(actor=door, alert=alert, **{words: "Done"})
    assert error.value.message_dict == {"status": [refusal]}
    alert.refresh_from_db()
    assert (alert.status, getattr(alert, words_field)) == (status, "")


def test_words_too_long_and_out_of_order_are_refused_together() -> None:
    door = front_door_user()
    with pytest.raises(ValidationError) as error:
        alert_close(actor=door, alert=AlertFactory(), reason="x" * 4001)
    assert error.value.message_dict == {
        "reason": ["Enter 4,000 characters or fewer"],
        "status": ["Record what was done about the alert before closing it"],
    }
    alert = AlertFactory(status=AlertStatus.ACKNOWLEDGED)
    alert_action(actor=door, alert=alert, note="x" * 4000)  # the longest is allowed


def test_an_empty_reason_is_refused_and_the_alert_stays_actioned() -> None:
    door = front_door_user()
    alert = AlertFactory(status=AlertStatus.ACTIONED)
    with pytest.raises(ValidationError) as error:
        alert_close(actor=door, alert=alert, reason=" ")
    assert error.value.message_dict == {"reason": ["Enter why the alert can be closed"]}
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACTIONED


def test_the_audit_log_names_the_fields_changed_but_keeps_out_the_words() -> None:
    door = front_door_user()
    alert = alert_acknowledge(actor=door, alert=AlertFactory())
    alert_action(actor=door, alert=alert, note="Spoke to the child's aunt.")
    alert_close(actor=door, alert=alert, reason="The aunt is caring for the child.")
    actioned, closed = AuditEvent.objects.order_by("-sequence")[:2][::-1]
    assert actioned.details == {"changed": ["action_taken", "actioned_at", "actioned_by", "status"]}
    assert closed.details == {"changed": ["closed_at", "closed_by", "closed_reason", "status"]}


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.TEAM_MANAGER])
def test_those_who_may_not_respond_may_not_record_or_close(role: Role) -> None:
    actor = staff_user(role)
    for status, respond in (
        (AlertStatus.ACKNOWLEDGED, lambda a: alert_action(actor=actor, alert=a, note="Done")),
        (AlertStatus.ACTIONED, lambda a: alert_close(actor=actor, alert=a, reason="Done")),
    ):
        alert = AlertFactory(status=status)
        with pytest.raises(PermissionDenied):
            respond(alert)
        alert.refresh_from_db()
        assert alert.status == status


# --- Working hours -------------------------------------------------------------------------------


def test_working_hours_skip_weekends_and_bank_holidays() -> None:
    tz = timezone.get_current_timezone()
    friday = datetime.datetime(2026, 12, 4, 17, 0, tzinfo=tz)
    assert add_working_hours(friday, 24) == datetime.datetime(2026, 12, 7, 17, 0, tzinfo=tz)
    christmas_eve = datetime.datetime(2026, 12, 24, 12, 0, tzinfo=tz)
    # Christmas Day (Friday), the weekend and Boxing Day's substitute (Monday 28th) do not count.
    assert add_working_hours(christmas_eve, 24) == datetime.datetime(2026, 12, 29, 12, 0, tzinfo=tz)


# --- Escalation ----------------------------------------------------------------------------------


def test_an_alert_not_acknowledged_in_time_escalates_up_the_line_two_levels() -> None:
    first_line, head_of_service = manager_chain(2)
    child = ChildFactory()
    lead_professional_for(child, manager=first_line)
    raised = timezone.now() - datetime.timedelta(days=10)
    alert = AlertFactory(
        child=child, raised_at=raised, acknowledge_by=raised + datetime.timedelta(hours=24)
    )

    now = timezone.now()
    assert alerts_escalate_due(now=now).escalated == [alert.pk]
    alert.refresh_from_db()
    assert (alert.escalation_level, alert.escalated_to) == (1, first_line)
    assert alert.acknowledge_by == add_working_hours(now, alert.rule.acknowledge_within_hours)
    assert alerts_escalate_due(now=now).escalated == []  # not due again yet

    later = alert.acknowledge_by + datetime.timedelta(minutes=1)
    assert alerts_escalate_due(now=later).escalated == [alert.pk]
    alert.refresh_from_db()
    assert (alert.escalation_level, alert.escalated_to) == (2, head_of_service)

    told = Notification.objects.filter(kind=NotificationKind.ALERT_ESCALATED)
    assert {n.recipient for n in told} == {first_line.user, head_of_service.user}
    assert all(child.given_name not in n.subject for n in told)

    # At the top of the line it stays with the last manager.
    final = alert.acknowledge_by + datetime.timedelta(minutes=1)
    assert alerts_escalate_due(now=final).at_the_top == [alert.pk]


def test_the_manager_escalated_to_may_acknowledge_which_stops_escalation() -> None:
    (manager,) = manager_chain(1)
    child = ChildFactory()
    lead_professional_for(child, manager=manager)
    raised = timezone.now() - datetime.timedelta(days=10)
    alert = AlertFactory(child=child, raised_at=raised, acknowledge_by=raised)
    alerts_escalate_due()
    alert.refresh_from_db()

    alert_acknowledge(actor=manager.user, alert=alert)
    assert alerts_escalate_due(now=timezone.now() + datetime.timedelta(days=30)).escalated == []


def test_with_no_lead_professional_it_escalates_to_the_front_doors_manager() -> None:
    (manager,) = manager_chain(1)
    front_door_user(manager=manager)
    front_door_user(manager=manager)
    raised = timezone.now() - datetime.timedelta(days=10)
    alert = AlertFactory(raised_at=raised, acknowledge_by=raised)

    alerts_escalate_due()
    alert.refresh_from_db()
    assert alert.escalated_to == manager


def test_a_lead_professional_whose_manager_has_left_escalates_to_the_front_doors_manager() -> None:
    (door_manager,) = manager_chain(1)
    front_door_user(manager=door_manager)
    (gone,) = manager_chain(1)
    gone.is_active = False
    gone.save()
    child = ChildFactory()
    lead_professional_for(child, manager=gone)
    raised = timezone.now() - datetime.timedelta(days=10)
    alert = AlertFactory(child=child, raised_at=raised, acknowledge_by=raised)

    alerts_escalate_due()
    alert.refresh_from_db()
    assert alert.escalated_to == door_manager


def test_a_lead_professional_who_is_the_front_doors_manager_is_not_escalated_to_themselves() -> (
    None
):
    (door_manager,) = manager_chain(1)
    front_door_user(manager=door_manager)
    child = ChildFactory()
    InvolvementFactory(child=child, practitioner=door_manager, is_lead_professional=True)
    raised = timezone.now() - datetime.timedelta(days=10)
    alert = AlertFactory(child=child, raised_at=raised, acknowledge_by=raised)

    alerts_escalate_due()
    alert.refresh_from_db()
    assert alert.escalated_to is None


def test_an_acknowledged_alert_never_escalates() -> None:
    raised = timezone.now() - datetime.timedelta(days=10)
    AlertFactory(raised_at=raised, acknowledge_by=raised, status=AlertStatus.ACKNOWLEDGED)
    assert alerts_escalate_due().escalated == []
    assert Alert.objects.get().escalation_level == 0
