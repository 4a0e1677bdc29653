"""The statutory clocks: started and stopped inside the front door's services (which check the
actor and audit), and checked every hour by the worker, which tells a clock's owner when it is
near breach and, once breached, escalates it up the owner's line: to their line manager, then
one level further for each further working day it stays breached. Each notification is made
once (its key), so a run repeated, or two at once, tells no one twice.

A breached clock with no owner (a practitioner's referral not yet screened) or whose owner has
no line manager in post escalates instead to the front door's manager (then up their line), and
the front door is told: a breach must reach a manager. One with no one at all to escalate to is
never dropped quietly: the front door is told, the audit log records it, it is logged as a
warning, and the check's result (and the task's) lists it."""

from __future__ import annotations

import datetime
import logging
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
from childtrust.safeguarding.selectors.alerts import front_door_manager, front_door_users

if TYPE_CHECKING:
    from childtrust.accounts.models import User
    from childtrust.children.models import Child

logger = logging.getLogger(__name__)


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
    # Breached clocks with no one at all to escalate to: no owner's line and no front door
    # manager (each also audited, logged and told to the front door).
    unescalated: list[int] = field(default_factory=list)


class _FrontDoor:
    """The front door's people and manager, read once a check and only if a clock needs them."""

    def __init__(self) -> None:
        self._users: list[User] | None = None
        self._manager: tuple[StaffMember | None] | None = None

    @property
    def users(self) -> list[User]:
        if self._users is None:
            self._users = front_door_users()
        return self._users

    @property
    def manager(self) -> StaffMember | None:
        if self._manager is None:
            self._manager = (front_door_manager(),)
        return self._manager[0]


def _notify(*, recipient: User, kind: NotificationKind, subject: str, url: str, key: str) -> bool:
    """Helper C's notify, made once per key; True when it made one."""
    from childtrust.safeguarding.services.notifications import notify

    return notify(recipient=recipient, kind=kind, subject=subject, url=url, key=key) is not None


def _subject(clock: Clock, what: str) -> str:
    # Names the child's reference, never the child (the page shows them to those who may see).
    return f"{clock.get_kind_display()} for {clock.child.reference} {what}"


def _active_line_above(staff: StaffMember) -> list[StaffMember]:
    # Managers who have left are passed over, as an alert's escalation passes them over.
    return [manager for manager in line_managers_above(staff) if manager.is_active]


def _tell_front_door(
    clock: Clock, door: _FrontDoor, what: str, url: str, key: str, report: ClockCheck
) -> int:
    told = 0
    for user in door.users:
        if _notify(
            recipient=user,
            kind=NotificationKind.CLOCK_BREACHED,
            subject=_subject(clock, what),
            url=url,
            key=f"clock:{clock.pk}:{key}",
        ):
            told += 1
    report.notified += told
    return told


def _unescalatable(
    clock: Clock, level: int, url: str, door: _FrontDoor, report: ClockCheck
) -> None:
    """No one to escalate to: reported, logged every check, and the front door told and the
    audit log written once (the notification's key), or every check while no one is at the
    front door to tell."""
    report.unescalated.append(clock.pk)
    logger.warning("Breached clock %s has no one to escalate it to", clock.pk)
    told = _tell_front_door(
        clock,
        door,
        "is overdue and there is no manager to escalate it to",
        url,
        "unescalated",
        report,
    )
    if told or not door.users:
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            target=clock,
            reason="Breached clock with no one to escalate it to: no owner's line manager "
            "and no front door manager",
            details={"level": level, "owner": clock.owner_id, "front_door_told": told},
        )


def _escalate(
    clock: Clock,
    level: int,
    url: str,
    now: datetime.datetime,
    report: ClockCheck,
    door: _FrontDoor,
) -> None:
    owner = clock.owner
    line = _active_line_above(owner) if owner is not None else []
    to_front_door = not line
    why = "has no owner" if owner is None else "has an owner with no line manager in post"
    if to_front_door:
        manager = door.manager
        line = [manager, *_active_line_above(manager)] if manager is not None else []
        line = [person for person in line if owner is None or person.pk != owner.pk]
    if not line:
        _unescalatable(clock, level, url, door, report)
        return
    target = line[min(level, len(line)) - 1]
    if clock.escalated_to_id != target.pk:
        clock.escalated_to, clock.escalated_at = target, now
        clock.save(update_fields=["escalated_to", "escalated_at", "modified_at"])
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            target=clock,
            reason=(
                f"Breached clock escalated to the front door's manager: it {why}"
                if to_front_door
                else "Breached clock escalated up the owner's line"
            ),
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
    if to_front_door:
        _tell_front_door(
            clock,
            door,
            f"is overdue and {why}: escalated to the front door's manager",
            url,
            "front_door",
            report,
        )


@transaction.atomic
def clocks_check_unattended(*, now: datetime.datetime | None = None) -> ClockCheck:
    """The worker's hourly check of every running clock (system work: no actor)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = ClockCheck()
    door = _FrontDoor()
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
            _escalate(clock, escalation_level(clock.due_on, today), url, now, report, door)
    return report
