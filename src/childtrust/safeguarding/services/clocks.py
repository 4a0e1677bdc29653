"""The statutory clocks: started and stopped inside the front door's services (which check the
actor and audit), and checked every hour by the worker, which tells a clock's owner when it is
near breach and, once breached, escalates it up the owner's line: to their line manager, then
one level further for each further working day it stays breached. Each notification is made
once (its key), so a run repeated, or two at once, tells no one twice."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from childtrust.audit.changes import save_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.partnership.models import StaffMember
from childtrust.partnership.selectors.staff import line_managers_above
from childtrust.safeguarding.clock_dates import ClockState, clock_standing, escalation_level
from childtrust.safeguarding.models import Clock, ClockKind, NotificationKind, Referral

if TYPE_CHECKING:
    from childtrust.accounts.models import User
    from childtrust.children.models import Child


def _clock_start(
    *,
    actor: User | None,
    child: Child,
    kind: ClockKind,
    started_on: datetime.date,
    due_on: datetime.date,
    owner: StaffMember | None,
    referral: Referral | None = None,
) -> Clock:
    """A new running clock, audited (called inside a checked service's transaction)."""
    clock = Clock(
        child=child,
        kind=kind,
        referral=referral,
        started_on=started_on,
        due_on=due_on,
        owner=owner,
    )
    save_and_record(
        actor=actor,
        instance=clock,
        action=AuditAction.CREATE,
        details={"child": child.reference, "kind": str(kind), "due_on": str(due_on)},
    )
    return clock


def _clocks_stop(
    *,
    actor: User | None,
    child: Child,
    kinds: tuple[ClockKind, ...],
    stopped_on: datetime.date,
    referral: Referral | None = None,
) -> list[Clock]:
    """Stops the child's running clocks of these kinds (of this referral, if given), each
    audited; the clocks stopped."""
    running = Clock.objects.select_for_update().filter(
        child=child, kind__in=kinds, stopped_on__isnull=True
    )
    if referral is not None:
        running = running.filter(referral=referral)
    stopped = []
    for clock in running:
        clock.stopped_on = stopped_on
        save_and_record(
            actor=actor,
            instance=clock,
            action=AuditAction.UPDATE,
            details={
                "changed": ["stopped_on"],
                "stopped_on": str(stopped_on),
                "late": stopped_on > clock.due_on,
            },
        )
        stopped.append(clock)
    return stopped


@dataclass
class ClockCheck:
    """What one hourly check did."""

    near_breach: int = 0
    breached: int = 0
    notified: int = 0
    escalated: int = 0
    # Breached clocks with no one to escalate to (no owner, or the top of the line reached).
    unescalated: list[int] = field(default_factory=list)


def _notify(*, recipient: User, kind: NotificationKind, subject: str, url: str, key: str) -> bool:
    """Helper C's notify, made once per key; True when it made one."""
    from childtrust.safeguarding.services.notifications import notify

    return notify(recipient=recipient, kind=kind, subject=subject, url=url, key=key) is not None


def _subject(clock: Clock, what: str) -> str:
    # Names the child's reference, never the child (the page shows them to those who may see).
    return f"{clock.get_kind_display()} for {clock.child.reference} {what}"


def _escalate(
    clock: Clock, level: int, url: str, now: datetime.datetime, report: ClockCheck
) -> None:
    line = line_managers_above(clock.owner) if clock.owner is not None else []
    if not line:
        report.unescalated.append(clock.pk)
        return
    target = line[min(level, len(line)) - 1]
    if clock.escalated_to_id != target.pk:
        clock.escalated_to, clock.escalated_at = target, now
        clock.save(update_fields=["escalated_to", "escalated_at", "modified_at"])
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            target=clock,
            reason="Breached clock escalated up the owner's line",
            details={"escalated_to": target.pk, "level": level},
        )
        report.escalated += 1
    if target.user is not None and _notify(
        recipient=target.user,
        kind=NotificationKind.CLOCK_BREACHED,
        subject=_subject(clock, "is overdue and escalated to you"),
        url=url,
        key=f"clock:{clock.pk}:escalated:{target.pk}",
    ):
        report.notified += 1


@transaction.atomic
def clocks_check_unattended(*, now: datetime.datetime | None = None) -> ClockCheck:
    """The worker's hourly check of every running clock (system work: no actor)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = ClockCheck()
    running = (
        Clock.objects.select_for_update(of=("self",))
        .filter(stopped_on__isnull=True)
        .select_related("child", "owner__user")
    )
    for clock in running:
        standing = clock_standing(clock.due_on, today)
        url = reverse("safeguarding:clocks")
        owner_user = clock.owner.user if clock.owner is not None else None
        if standing.state is ClockState.NEAR_BREACH:
            report.near_breach += 1
            if owner_user is not None and _notify(
                recipient=owner_user,
                kind=NotificationKind.CLOCK_NEAR_BREACH,
                subject=_subject(clock, standing.words),
                url=url,
                key=f"clock:{clock.pk}:near_breach",
            ):
                report.notified += 1
        elif standing.state is ClockState.BREACHED:
            report.breached += 1
            if owner_user is not None and _notify(
                recipient=owner_user,
                kind=NotificationKind.CLOCK_BREACHED,
                subject=_subject(clock, "is overdue"),
                url=url,
                key=f"clock:{clock.pk}:breached",
            ):
                report.notified += 1
            _escalate(clock, escalation_level(clock.due_on, today), url, now, report)
    return report
