"""An alert's life: acknowledged, what was done recorded, closed, in that order; and, when no
one acknowledges it in time, escalated up the line.

Escalation (the partnership's rule, issue 17): an alert still waiting to be acknowledged when
its time (the rule's working hours) has passed goes to the next manager up: first the lead
professional's line manager (with no lead professional, the manager most of the front door's
staff report to), then that manager's manager at each further missed deadline. Each escalation
records the level and the manager, tells them (ALERT_ESCALATED) and gives a new time to
acknowledge from then. At the top of the line it stays with the last manager."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import update_and_record
from childtrust.core.permissions import require
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.safeguarding import access
from childtrust.safeguarding.models import Alert, AlertStatus, NotificationKind
from childtrust.safeguarding.selectors.alerts import (
    alert_subject,
    alerts_due_to_escalate,
    next_manager_up,
)
from childtrust.safeguarding.working_hours import add_working_hours

RESPOND = "respond to this alert"
NOTE_LONGEST = 4000


def _locked(alert: Alert) -> Alert:
    return Alert.objects.select_for_update().select_related("rule", "child").get(pk=alert.pk)


def _words(text: str, *, field_name: str, missing: str) -> dict[str, str]:
    if not text.strip():
        return {field_name: missing}
    if len(text) > NOTE_LONGEST:
        return {field_name: f"Enter {NOTE_LONGEST:,} characters or fewer"}
    return {}


@transaction.atomic
def alert_acknowledge(*, actor: User, alert: Alert) -> Alert:
    """Says someone has seen the alert and is dealing with it: stops its escalation."""
    require(access.can_respond_to_alert(actor, alert), to=RESPOND)
    alert = _locked(alert)
    if alert.status != AlertStatus.OPEN:
        raise ValidationError({"status": "This alert has already been acknowledged"})
    update_and_record(
        actor=actor,
        instance=alert,
        changes={
            "status": AlertStatus.ACKNOWLEDGED,
            "acknowledged_by": staff_record_of(actor),
            "acknowledged_at": timezone.now(),
        },
        allowed=("status", "acknowledged_by", "acknowledged_at"),
        errors=dict,
    )
    return alert


@transaction.atomic
def alert_action(*, actor: User, alert: Alert, note: str) -> Alert:
    """Records what was done about an acknowledged alert."""
    require(access.can_respond_to_alert(actor, alert), to=RESPOND)
    alert = _locked(alert)
    problems = _words(note, field_name="note", missing="Enter what was done about the alert")
    if alert.status == AlertStatus.OPEN:
        problems["status"] = "Acknowledge the alert before recording what was done"
    elif alert.status != AlertStatus.ACKNOWLEDGED:
        problems["status"] = "What was done about this alert is already recorded"
    if problems:
        raise ValidationError(problems)
    update_and_record(
        actor=actor,
        instance=alert,
        changes={
            "status": AlertStatus.ACTIONED,
            "action_taken": note.strip(),
            "actioned_by": staff_record_of(actor),
            "actioned_at": timezone.now(),
        },
        allowed=("status", "action_taken", "actioned_by", "actioned_at"),
        values_in_log=False,
        errors=dict,
    )
    return alert


@transaction.atomic
def alert_close(*, actor: User, alert: Alert, reason: str) -> Alert:
    """Closes an actioned alert with the reason. Its concerns never raise the rule again for the
    child (services/alerts.py); a new concern may."""
    require(access.can_respond_to_alert(actor, alert), to=RESPOND)
    alert = _locked(alert)
    problems = _words(reason, field_name="reason", missing="Enter why the alert can be closed")
    if alert.status == AlertStatus.CLOSED:
        problems["status"] = "This alert is already closed"
    elif alert.status != AlertStatus.ACTIONED:
        problems["status"] = "Record what was done about the alert before closing it"
    if problems:
        raise ValidationError(problems)
    update_and_record(
        actor=actor,
        instance=alert,
        changes={
            "status": AlertStatus.CLOSED,
            "closed_reason": reason.strip(),
            "closed_by": staff_record_of(actor),
            "closed_at": timezone.now(),
        },
        allowed=("status", "closed_reason", "closed_by", "closed_at"),
        values_in_log=False,
        errors=dict,
    )
    return alert


@dataclass
class EscalationReport:
    escalated: list[int] = field(default_factory=list)
    at_the_top: list[int] = field(default_factory=list)


def alerts_escalate_due(*, now: datetime.datetime | None = None) -> EscalationReport:
    """The worker's escalation, every quarter of an hour: each alert not acknowledged by its
    time goes one manager up (see the module's docstring)."""
    from childtrust.safeguarding.services.notifications import notify

    now = now or timezone.now()
    report = EscalationReport()
    for pk in list(alerts_due_to_escalate(now).values_list("pk", flat=True)):
        with transaction.atomic():
            alert = _locked(Alert(pk=pk))
            if alert.status != AlertStatus.OPEN or alert.acknowledge_by >= now:
                continue
            manager = next_manager_up(alert)
            if manager is None:
                report.at_the_top.append(alert.pk)
                continue
            level = alert.escalation_level + 1
            update_and_record(
                actor=None,  # type: ignore[arg-type]  # the worker's, on the partnership's rule
                instance=alert,
                changes={
                    "escalated_to": manager,
                    "escalated_at": now,
                    "escalation_level": level,
                    "acknowledge_by": add_working_hours(now, alert.rule.acknowledge_within_hours),
                },
                allowed=("escalated_to", "escalated_at", "escalation_level", "acknowledge_by"),
                errors=dict,
            )
            if manager.user is not None and manager.user.is_active:
                notify(
                    recipient=manager.user,
                    kind=NotificationKind.ALERT_ESCALATED,
                    subject=f"Not acknowledged in time: {alert_subject(alert)}",
                    url=reverse("safeguarding:alert", args=[alert.pk]),
                    key=f"alert:{alert.pk}:escalated:{level}",
                    due_by=alert.acknowledge_by,
                )
            report.escalated.append(alert.pk)
    return report
