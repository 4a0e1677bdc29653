"""Cumulative-concern alerts, raised as each concern arrives: the rules (models/alerts.py) read
over one child's recent concerns, in the transaction that records the concern.

What a rule counts: the concerns of its categories (every category when it names none) of at
least its minimum severity that happened within its window, which ends at the moment of
evaluation (now, as a concern arrives; the end of the day, at night). A rule is met when

- concerns across agencies: at least `minimum_concerns` of them from `minimum_agencies` agencies;
- repeated concerns of one kind: at least `minimum_concerns` of one category;
- a child with a child protection plan: at least `minimum_concerns` (one, by default) while the
  child has an open plan.

The same situation never raises two alerts (the partnership's rule, issue 17):
- one alert not closed per rule and child, held by the constraint
  one_open_alert_per_rule_and_child; a concern that meets a rule whose alert is still open is
  added to that alert (its RAG raised if the rule's is now higher), not raised again;
- a closed alert's concerns never raise it again: a new alert needs a concern that no earlier
  alert of the rule named for the child;
- two concerns about one child arriving at once in two connections both try to raise it: the
  second insert meets the constraint (PostgreSQL makes it wait for the first to commit), its
  savepoint is rolled back and its concerns are added to the alert the first raised.

Evaluating is system work (no actor): the concern's recorder has been checked by
concern_record, which calls `alerts_for_concern` in its own transaction."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.safeguarding.alert_counting import (
    RAG_ORDER,
    ROW_FIELDS,
    ConcernRow,
    concerns_meeting,
)
from childtrust.safeguarding.models import (
    Alert,
    AlertRule,
    AlertStatus,
    Concern,
    NotificationKind,
    RuleKind,
)
from childtrust.safeguarding.selectors.alerts import alert_subject, child_has_open_cp_plan
from childtrust.safeguarding.working_hours import add_working_hours


def _active_rules() -> list[AlertRule]:
    return list(AlertRule.objects.filter(active=True).order_by("pk"))


@dataclass
class Known:
    """What is already alerted for one child: its alerts not closed (by rule), the concerns each
    names, and every concern any alert of each rule has named (closed ones too)."""

    open_alerts: dict[int, Alert]
    open_concerns: dict[int, set[int]]
    ever_alerted: dict[int, set[int]]


def _known_for(child_ids: Sequence[int]) -> dict[int, Known]:
    """The alerts of these children, two queries however many."""
    known = {child_id: Known({}, {}, {}) for child_id in child_ids}
    for alert in Alert.objects.filter(child_id__in=child_ids).exclude(status=AlertStatus.CLOSED):
        known[alert.child_id].open_alerts[alert.rule_id] = alert
        known[alert.child_id].open_concerns[alert.rule_id] = set()
    through = Alert.concerns.through.objects.filter(alert__child_id__in=child_ids).values_list(
        "alert__child_id", "alert__rule_id", "alert__status", "concern_id"
    )
    for child_id, rule_id, status, concern_id in through:
        entry = known[child_id]
        entry.ever_alerted.setdefault(rule_id, set()).add(concern_id)
        if status != AlertStatus.CLOSED:
            entry.open_concerns.setdefault(rule_id, set()).add(concern_id)
    return known


def _tell_of_raised(alerts: list[Alert]) -> None:
    """The front door and each child's lead professional hear of the new alerts (all of them
    in one insert: the nightly run may raise thousands)."""
    _tell(alerts, subject=alert_subject, key=lambda alert: f"alert:{alert.pk}", due=True)


def _tell_of_added(alert: Alert, new: set[int]) -> None:
    """Concerns added to an alert someone has already acknowledged are news to them: without
    this, a serious new concern would join an actioned alert unseen and be closed with it."""
    _tell(
        [alert],
        subject=lambda alert: f"New concerns added to {alert_subject(alert)}",
        key=lambda alert: f"alert:{alert.pk}:added:{max(new)}",
        due=False,
    )


def _tell(
    alerts: list[Alert],
    *,
    subject: Callable[[Alert], str],
    key: Callable[[Alert], str],
    due: bool,
) -> None:
    from django.urls import reverse

    from childtrust.safeguarding.selectors.alerts import alert_recipients
    from childtrust.safeguarding.services.notifications import NotificationDraft, notify_many

    told = alert_recipients(alerts)
    notify_many(
        [
            NotificationDraft(
                recipient=recipient,
                kind=NotificationKind.ALERT,
                subject=subject(alert),
                url=reverse("safeguarding:alert", args=[alert.pk]),
                key=key(alert),
                due_by=alert.acknowledge_by if due else None,
            )
            for alert in alerts
            for recipient in told[alert.pk]
        ]
    )


def _extend(alert: Alert, rule: AlertRule, new: set[int], known: set[int]) -> Alert:
    alert.concerns.add(*sorted(new))
    known |= new
    changed = ["concerns"]
    if RAG_ORDER[rule.rag] > RAG_ORDER[alert.rag]:
        alert.rag = rule.rag
        alert.save(update_fields=["rag", "modified_at"])
        changed.append("rag")
    audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        target=alert,
        details={"changed": changed, "concerns_added": sorted(new)},
    )
    if alert.status != AlertStatus.OPEN:
        _tell_of_added(alert, new)
    return alert


def _raise_or_extend(
    rule: AlertRule,
    child_id: int,
    meeting: set[int],
    known: Known,
    *,
    now: datetime.datetime,
    raised: list[Alert],
) -> Alert | None:
    """Adds the concerns to the rule's open alert for the child, or raises one when some
    concern is new to every alert of the rule for the child (appending it to `raised`, whose
    alerts the caller tells of). The alert changed, or None."""
    open_alert = known.open_alerts.get(rule.pk)
    if open_alert is not None:
        new = meeting - known.open_concerns.setdefault(rule.pk, set())
        return _extend(open_alert, rule, new, known.open_concerns[rule.pk]) if new else None
    if not meeting - known.ever_alerted.get(rule.pk, set()):
        return None
    alert = Alert(
        rule=rule,
        child_id=child_id,
        rag=rule.rag,
        raised_at=now,
        acknowledge_by=add_working_hours(now, rule.acknowledge_within_hours),
    )
    try:
        # Saved without full_clean, on purpose: its check of the constraint would see an alert
        # another connection has committed and refuse in words, where the insert itself meets
        # the constraint (even one not yet committed) and is retried below.
        with transaction.atomic():
            alert.save()
            alert.concerns.add(*sorted(meeting))
            audit_record(
                actor=None,
                action=AuditAction.CREATE,
                target=alert,
                details={"rule": rule.pk, "concerns": sorted(meeting)},
            )
    except IntegrityError:
        # Another connection raised it first (and has committed): add to that one instead.
        raced = (
            Alert.objects.filter(rule=rule, child_id=child_id)
            .exclude(status=AlertStatus.CLOSED)
            .first()
        )
        if raced is None:
            raise
        known.open_alerts[rule.pk] = raced
        known.open_concerns[rule.pk] = set(raced.concerns.values_list("pk", flat=True))
        new = meeting - known.open_concerns[rule.pk]
        return _extend(raced, rule, new, known.open_concerns[rule.pk]) if new else None
    known.open_alerts[rule.pk] = alert
    known.open_concerns[rule.pk] = set(meeting)
    known.ever_alerted.setdefault(rule.pk, set()).update(meeting)
    raised.append(alert)
    return alert


def _child_rows(child_id: int, *, since: datetime.datetime) -> list[ConcernRow]:
    return [
        ConcernRow(*values)
        for values in Concern.objects.filter(child_id=child_id, occurred_at__gte=since)
        .order_by()
        .values_list(*ROW_FIELDS)
    ]


def alerts_for_concern(concern: Concern) -> list[Alert]:
    """Runs every active rule for the concern's child in the caller's transaction (a few indexed
    queries): the alerts raised or added to, each one the concern helps meet."""
    rules = _active_rules()
    if not rules:
        return []
    now = timezone.now()
    widest = max(rule.window_days for rule in rules)
    rows = _child_rows(concern.child_id, since=now - datetime.timedelta(days=widest))
    if concern.pk not in {row.pk for row in rows}:
        return []  # older than every window: no rule counts it
    open_plan = any(
        r.kind == RuleKind.CHILD_PROTECTION_PLAN for r in rules
    ) and child_has_open_cp_plan(concern.child_id)
    met = {}
    for rule in rules:
        meeting = concerns_meeting(rule, rows, as_of=now, open_plan=open_plan)
        if concern.pk in meeting:
            met[rule.pk] = (rule, meeting)
    if not met:
        return []
    known = _known_for([concern.child_id])[concern.child_id]
    changed: list[Alert] = []
    raised: list[Alert] = []
    for rule, meeting in met.values():
        alert = _raise_or_extend(rule, concern.child_id, meeting, known, now=now, raised=raised)
        if alert is not None:
            changed.append(alert)
    if raised:
        _tell_of_raised(raised)
    return changed
