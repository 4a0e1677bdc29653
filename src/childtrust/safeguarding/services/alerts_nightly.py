"""The nightly run of the alert rules over every child: raising what evaluation as each concern
arrived missed (a rule added or changed since, a child protection plan started after the
concerns, two concerns that arrived at once and each saw only the other's absence), and never
raising the same situation twice (services/alerts.py says how).

Set-based, so a million concerns take seconds: one ordered scan of the widest window's concerns
reading only (child, id, agency, category, severity, when), each child's concerns tried against
every active rule in memory, then the alerts of only the children some rule met, read in
batches. System work for the worker (no actor)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby

from django.db import IntegrityError, transaction
from django.utils import timezone

from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.safeguarding.alert_counting import ROW_FIELDS, ConcernRow, concerns_meeting
from childtrust.safeguarding.models import (
    Alert,
    AlertRule,
    ChildProtectionPlan,
    Concern,
    RuleKind,
)
from childtrust.safeguarding.services.alerts import (
    _active_rules,
    _known_for,
    _raise_or_extend,
    _tell_of_raised,
)
from childtrust.safeguarding.working_hours import add_working_hours

BATCH = 1000


@dataclass
class NightlyReport:
    """What one nightly run did, for the worker's log and the benchmark."""

    today: datetime.date
    rules: int = 0
    children: int = 0
    concerns: int = 0
    raised: int = 0
    extended: int = 0
    raised_ids: list[int] = field(default_factory=list)


def _end_of(today: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time())
    )


def _rows_by_child(since: datetime.datetime) -> Iterator[tuple[int, list[ConcernRow]]]:
    scan = (
        Concern.objects.filter(occurred_at__gte=since)
        .order_by("child_id")
        .values_list("child_id", *ROW_FIELDS)
        .iterator(chunk_size=20_000)
    )
    for child_id, values in groupby(scan, key=lambda row: row[0]):
        yield child_id, [ConcernRow(*row[1:]) for row in values]


def _children_with_open_plans(today: datetime.date) -> set[int]:
    return set(
        ChildProtectionPlan.objects.filter(started_on__lte=today)
        .exclude(ended_on__lt=today)
        .values_list("child_id", flat=True)
    )


def alerts_evaluate_all(*, today: datetime.date) -> NightlyReport:
    """Every active rule over every child's concerns in the window ending with `today`."""
    rules = _active_rules()
    report = NightlyReport(today=today, rules=len(rules))
    if not rules:
        return report
    as_of = _end_of(today)
    widest = max(rule.window_days for rule in rules)
    plans = (
        _children_with_open_plans(today)
        if any(rule.kind == RuleKind.CHILD_PROTECTION_PLAN for rule in rules)
        else set()
    )
    met: dict[int, list[tuple[int, set[int]]]] = {}
    for child_id, rows in _rows_by_child(as_of - datetime.timedelta(days=widest)):
        report.children += 1
        report.concerns += len(rows)
        for index, rule in enumerate(rules):
            meeting = concerns_meeting(rule, rows, as_of=as_of, open_plan=child_id in plans)
            if meeting:
                met.setdefault(child_id, []).append((index, meeting))
    now = timezone.now()
    children = sorted(met)
    for start in range(0, len(children), BATCH):
        batch = children[start : start + BATCH]
        with transaction.atomic():
            raised = _batch_raise(batch, met, rules, now=now, report=report)
            _tell_of_raised(raised)
            report.raised += len(raised)
            report.raised_ids += [alert.pk for alert in raised]
    return report


def _batch_raise(
    batch: list[int],
    met: dict[int, list[tuple[int, set[int]]]],
    rules: list[AlertRule],
    *,
    now: datetime.datetime,
    report: NightlyReport,
) -> list[Alert]:
    """One batch of children's met rules: an open alert is added to (rare at night: the concern
    usually added itself as it arrived); the new alerts are inserted together, with one audit
    event naming each, unless some connection raised one of them meanwhile, when each is raised
    on its own as a concern raises it (services/alerts.py), meeting the constraint one by one."""
    known = _known_for(batch)
    fresh: list[tuple[AlertRule, int, set[int]]] = []
    for child_id in batch:
        for index, meeting in met[child_id]:
            rule = rules[index]
            if rule.pk in known[child_id].open_alerts:
                if _raise_or_extend(rule, child_id, meeting, known[child_id], now=now, raised=[]):
                    report.extended += 1
            elif meeting - known[child_id].ever_alerted.get(rule.pk, set()):
                fresh.append((rule, child_id, meeting))
    if not fresh:
        return []
    try:
        with transaction.atomic():
            return _insert_together(fresh, now=now)
    except IntegrityError:
        raised: list[Alert] = []
        for rule, child_id, meeting in fresh:
            _raise_or_extend(rule, child_id, meeting, known[child_id], now=now, raised=raised)
        return raised


def _insert_together(
    fresh: list[tuple[AlertRule, int, set[int]]], *, now: datetime.datetime
) -> list[Alert]:
    alerts = Alert.objects.bulk_create(
        [
            Alert(
                rule=rule,
                child_id=child_id,
                rag=rule.rag,
                raised_at=now,
                acknowledge_by=add_working_hours(now, rule.acknowledge_within_hours),
            )
            for rule, child_id, _meeting in fresh
        ]
    )
    through = Alert.concerns.through
    through.objects.bulk_create(
        [
            through(alert_id=alert.pk, concern_id=concern_id)
            for alert, (_rule, _child, meeting) in zip(alerts, fresh, strict=True)
            for concern_id in sorted(meeting)
        ]
    )
    # One event for the batch, naming every alert with its rule, child and concerns: the same
    # record of what was raised as one event an alert, without a thousand turns of the chain.
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        object_type="safeguarding.alert",
        object_repr=f"{len(alerts):,} alerts raised by the nightly run",
        details={
            "alerts": [
                {"alert": alert.pk, "rule": rule.pk, "child": child_id, "concerns": sorted(meeting)}
                for alert, (rule, child_id, meeting) in zip(alerts, fresh, strict=True)
            ]
        },
    )
    return alerts
