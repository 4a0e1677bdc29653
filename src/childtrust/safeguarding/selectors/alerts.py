"""Reads about alerts that the pages, the worker and other parts need: who hears of an alert,
who it escalates to, whether a child has a child protection plan open, and the rules."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import QuerySet
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.accounts.selectors import active_users_with_capability
from childtrust.children.selectors.lead_professional import (
    lead_professional_of,
    lead_professionals_of,
)
from childtrust.core.permissions import Capability
from childtrust.partnership.models import StaffMember
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.safeguarding.models import Alert, AlertRule, AlertStatus, ChildProtectionPlan


def child_has_open_cp_plan(child_id: int, *, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        ChildProtectionPlan.objects.filter(child_id=child_id, started_on__lte=today)
        .exclude(ended_on__lt=today)
        .exists()
    )


def alert_rules() -> QuerySet[AlertRule]:
    return AlertRule.objects.order_by("-active", "name")


def alert_rule_with_id(pk: int) -> AlertRule | None:
    return AlertRule.objects.filter(pk=pk).first()


def front_door_users() -> list[User]:
    return list(active_users_with_capability(Capability.RUN_FRONT_DOOR))


def alert_recipients(alerts: list[Alert]) -> dict[int, list[User]]:
    """{alert id: those told of it}: everyone at the front door, and the child's lead
    professional (when they sign in). A few queries however many alerts."""
    door = front_door_users()
    leads = lead_professionals_of([alert.child_id for alert in alerts])
    told = {}
    for alert in alerts:
        recipients = {user.pk: user for user in door}
        lead = leads.get(alert.child_id)
        if lead is not None and lead.is_active and lead.user is not None and lead.user.is_active:
            recipients.setdefault(lead.user.pk, lead.user)
        told[alert.pk] = list(recipients.values())
    return told


def front_door_manager() -> StaffMember | None:
    """The line manager most of the front door's staff report to (ties: the lowest id): who
    hears first of an alert about a child with no lead professional that no one acknowledged."""
    managers: Counter[int] = Counter()
    by_id: dict[int, StaffMember] = {}
    for user in front_door_users():
        staff = staff_record_of(user)
        manager = staff.manager if staff is not None and staff.is_active else None
        if manager is not None and manager.is_active:
            managers[manager.pk] += 1
            by_id[manager.pk] = manager
    if not managers:
        return None
    best = max(managers.values())
    return by_id[min(pk for pk, count in managers.items() if count == best)]


def next_manager_up(alert: Alert) -> StaffMember | None:
    """Whom the alert escalates to next: the lead professional's line manager (with no lead
    professional, or one with no line manager in post, the front door's manager), then that
    manager's manager at each further missed deadline; None at the top of the line. Managers
    who have left are passed over."""
    if alert.escalated_to is not None:
        return _in_post(alert.escalated_to.manager)
    lead = lead_professional_of(alert.child_id)
    manager = _in_post(lead.manager) if lead is not None else None
    if manager is None:
        manager = front_door_manager()  # in post, or None
    return manager if manager is not None and (lead is None or manager.pk != lead.pk) else None


def _in_post(manager: StaffMember | None) -> StaffMember | None:
    """The manager, or the first above them still in post; None when none is."""
    seen: set[int] = set()
    while manager is not None and not manager.is_active and manager.pk not in seen:
        seen.add(manager.pk)
        manager = manager.manager
    return manager if manager is not None and manager.is_active else None


def alerts_due_to_escalate(now: datetime.datetime) -> QuerySet[Alert]:
    return Alert.objects.filter(status=AlertStatus.OPEN, acknowledge_by__lt=now).select_related(
        "rule", "escalated_to"
    )


def alert_subject(alert: Alert) -> str:
    """Words for a notification that name no child: the alert's number, rule and rating."""
    return f"Alert {alert.pk} ({alert.get_rag_display()}): {alert.rule.name}"
