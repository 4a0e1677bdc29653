"""The demo's alerts, raised by the engine itself (the nightly run over the demo's concerns),
so the demo and the engine agree on what adds up; then the front door's work on them through
the alert services: some acknowledged, some actioned, some closed, the red ones left waiting.
One alert, about the child the `practitioner` account leads, was raised two days ago and not
acknowledged in time: the worker's escalation sends it to their manager (`teammanager`)."""

from __future__ import annotations

import datetime

from childtrust.safeguarding.demo.loading import FRONT_DOOR, SafeguardingDemo
from childtrust.safeguarding.models import Alert, Rag
from childtrust.safeguarding.services.alert_lifecycle import (
    alert_acknowledge,
    alert_action,
    alert_close,
    alerts_escalate_due,
)
from childtrust.safeguarding.services.alerts_nightly import alerts_evaluate_all

ACTIONED = (
    "Spoke to the school's designated safeguarding lead and the health visitor: a multi-agency "
    "meeting is booked for next week."
)
CLOSED = "Discussed at the front door: the family already has an early help plan that covers this."


def alerts_demo_run(demo: SafeguardingDemo, *, lead_child: int) -> list[Alert]:
    """Runs the engine over the demo's concerns and takes some of its alerts through their
    life; returns the alerts raised."""
    report = alerts_evaluate_all(today=demo.today)
    alerts = list(
        Alert.objects.filter(pk__in=report.raised_ids).select_related("rule").order_by("pk")
    )
    demo.count(Alert, len(alerts))
    late = next((alert for alert in alerts if alert.child_id == lead_child), None)
    if late is not None:
        # Raised two days ago, as the concern that met the rule arrived, and not acknowledged.
        raised = demo.now - datetime.timedelta(days=2)
        Alert.objects.filter(pk=late.pk).update(
            raised_at=raised,
            acknowledge_by=min(raised + datetime.timedelta(hours=24), demo.now)
            - datetime.timedelta(minutes=1),
        )
        alerts_escalate_due(now=demo.now)
    front_door = demo.user(FRONT_DOOR)
    rest = [alert for alert in alerts if late is None or alert.pk != late.pk]
    amber = [alert for alert in rest if alert.rag != Rag.RED]
    red = [alert for alert in rest if alert.rag == Rag.RED]
    # The red ones wait for the front door but one, acknowledged; the amber ones go on from
    # acknowledged to actioned to closed, and every fourth waits.
    stages = [(alert, (1, 2, 3, 0)[n % 4]) for n, alert in enumerate(amber)]
    stages += [(alert, 1 if n == len(red) - 1 and n else 0) for n, alert in enumerate(red)]
    for alert, stage in stages:
        if stage == 0:
            continue
        alert_acknowledge(actor=front_door, alert=alert)
        if stage >= 2:
            alert_action(actor=front_door, alert=alert, note=ACTIONED)
        if stage == 3:
            alert_close(actor=front_door, alert=alert, reason=CLOSED)
    return alerts
