"""Background work for safeguarding, run by `childtrust worker` (see childtrust.core.schedule):
one section per part of the app."""

from __future__ import annotations

from django_tasks import task

# --- The front door's statutory clocks (helper F) ---------------------------------------------


@task()
def safeguarding_clocks_check() -> dict[str, int | list[int]]:
    """Every hour: tell owners of clocks near breach, escalate breached ones up the line.
    Returns how many notifications it made, and the IDs of breached clocks with no one to
    escalate them to (services.clocks: also audited and logged), so that none is lost."""
    from childtrust.safeguarding.services.clocks import clocks_check_unattended

    report = clocks_check_unattended()
    return {"notified": report.notified, "unescalated": report.unescalated}


# --- Notifications (helper C) ------------------------------------------------------------------


@task()
def notification_email(notification_id: int) -> bool:
    """Emails one notification to its recipient, once, after the transaction that made it has
    committed (services.notifications.notify enqueues it). Returns whether it sent it."""
    from childtrust.safeguarding.services.notifications import notification_email_send

    return notification_email_send(notification_id=notification_id)


# --- Cumulative-concern alerts (helper A) -------------------------------------------------------


@task()
def safeguarding_alerts_escalate() -> int:
    """Every quarter of an hour: each alert not acknowledged in time goes one manager up.
    Returns how many it escalated."""
    from childtrust.safeguarding.services.alert_lifecycle import alerts_escalate_due

    return len(alerts_escalate_due().escalated)


@task()
def safeguarding_alerts_evaluate_nightly() -> int:
    """Every night: every active alert rule over every child's concerns, raising what was
    missed as the concerns arrived. Returns how many alerts it raised."""
    from django.utils import timezone

    from childtrust.safeguarding.services.alerts_nightly import alerts_evaluate_all

    return alerts_evaluate_all(today=timezone.localdate()).raised


# --- The Team Around the Child (helper T) -------------------------------------------------------


@task()
def team_actions_notify() -> int:
    """Every day: tells each owner of a team's open action that it is due within two working
    days, and then that it is overdue, once each (notify's key). Returns how many it made."""
    from django.utils import timezone

    from childtrust.safeguarding.team_reminders import team_action_reminders_send

    return team_action_reminders_send(today=timezone.localdate())
