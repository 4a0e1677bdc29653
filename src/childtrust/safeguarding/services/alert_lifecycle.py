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


# The statuses in the order an alert passes through them.
_LIFE = (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED, AlertStatus.ACTIONED, AlertStatus.CLOSED)


@dataclass(frozen=True)
class _WrittenStep:
    """A step of an alert's life that keeps someone's words (what was done; why it can close)
    with who took it and when: from the status it `needs` to the one it `becomes`."""

    needs: AlertStatus
    becomes: AlertStatus
    words_field: str  # the alert's fields for the words, who took the step and when
    by_field: str
    at_field: str
    form_field: str  # the form's field for the words, where a refusal of them is shown
    missing: str
    too_early: str  # refused while the alert is still short of `needs`
    already: str  # refused once it is past it


_ACTION = _WrittenStep(
    needs=AlertStatus.ACKNOWLEDGED,
    becomes=AlertStatus.ACTIONED,
    words_field="action_taken",
    by_field="actioned_by",
    at_field="actioned_at",
    form_field="note",
    missing="Enter what was done about the alert",
    too_early="Acknowledge the alert before recording what was done",
    already="What was done about this alert is already recorded",
)
_CLOSE = _WrittenStep(
    needs=AlertStatus.ACTIONED,
    becomes=AlertStatus.CLOSED,
    words_field="closed_reason",
    by_field="closed_by",
    at_field="closed_at",
    form_field="reason",
    missing="Enter why the alert can be closed",
    too_early="Record what was done about the alert before closing it",
    already="This alert is already closed",
)


def _take_written_step(step: _WrittenStep, *, actor: User, alert: Alert, words: str) -> Alert:
    """Takes the step for one who may respond to the alert, refusing with every problem at once
    (no words, too many, out of order). The words may name people: the audit log, which keeps
    everything for good, records only which fields changed. The caller has checked the actor."""
    alert = _locked(alert)
    problems: dict[str, str] = {}
    if not words.strip():
        problems[step.form_field] = step.missing
    elif len(words) > NOTE_LONGEST:
        problems[step.form_field] = f"Enter {NOTE_LONGEST:,} characters or fewer"
    where, needed = _LIFE.index(AlertStatus(alert.status)), _LIFE.index(step.needs)
    if where != needed:
        problems["status"] = step.too_early if where < needed else step.already
    if problems:
        raise ValidationError(problems)
    update_and_record(
        actor=actor,
        instance=alert,
        changes={
            "status": step.becomes,
            step.words_field: words.strip(),
            step.by_field: staff_record_of(actor),
            step.at_field: timezone.now(),
        },
        allowed=("status", step.words_field, step.by_field, step.at_field),
        values_in_log=False,
        errors=dict,
    )
    return alert


@transaction.atomic
def alert_action(*, actor: User, alert: Alert, note: str) -> Alert:
    """Records what was done about an acknowledged alert."""
    require(access.can_respond_to_alert(actor, alert), to=RESPOND)
    return _take_written_step(_ACTION, actor=actor, alert=alert, words=note)


@transaction.atomic
def alert_close(*, actor: User, alert: Alert, reason: str) -> Alert:
    """Closes an actioned alert with the reason. Its concerns never raise the rule again for the
    child (services/alerts.py); a new concern may."""
    require(access.can_respond_to_alert(actor, alert), to=RESPOND)
    return _take_written_step(_CLOSE, actor=actor, alert=alert, words=reason)


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
