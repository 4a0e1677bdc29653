"""The hourly check of the statutory clocks: owners told near breach and on breach, breaches
escalated up the owner's line one level each further working day, each told once (with no owner,
or no line manager in post, to the front door's manager, and the front door told; with no one at
all, told, audited and returned); and who sees which clocks."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditEvent
from childtrust.safeguarding import access
from childtrust.safeguarding import models as s
from childtrust.safeguarding.services.clocks import clocks_check_unattended
from childtrust.safeguarding.tasks import safeguarding_clocks_check
from tests.children.factories import staff_user
from tests.safeguarding.factories_front_door import ClockFactory, front_door_user, manager_line

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=LONDON)


def _kinds(user: object) -> list[tuple[str, str]]:
    return sorted(s.Notification.objects.filter(recipient=user).values_list("kind", "key"))


def test_the_owner_is_told_once_when_a_clock_is_near_breach() -> None:
    _head, _manager, owner = manager_line()
    clock = ClockFactory(owner=owner.staff_member, due_on=datetime.date(2026, 12, 8))
    report = clocks_check_unattended(now=_at(datetime.date(2026, 12, 4)))
    assert report.near_breach == 1
    assert _kinds(owner) == [("clock_near_breach", f"clock:{clock.pk}:near_breach")]
    notification = s.Notification.objects.get()
    assert clock.child.family_name not in notification.subject
    assert clock.child.reference in notification.subject
    clocks_check_unattended(now=_at(datetime.date(2026, 12, 4)))
    assert s.Notification.objects.count() == 1


def test_a_clock_on_time_tells_no_one() -> None:
    owner = manager_line()[-1]
    ClockFactory(owner=owner.staff_member, due_on=datetime.date(2026, 12, 11))
    report = clocks_check_unattended(now=_at(datetime.date(2026, 12, 4)))
    assert (report.near_breach, report.breached, report.notified) == (0, 0, 0)


def test_a_breach_is_escalated_up_two_levels_one_working_day_at_a_time() -> None:
    head, manager, owner = manager_line()
    # Due Thursday 24 December 2026: the next working day is Tuesday 29 December.
    clock = ClockFactory(owner=owner.staff_member, due_on=datetime.date(2026, 12, 24))

    clocks_check_unattended(now=_at(datetime.date(2026, 12, 25)))  # a bank holiday: level 1
    clock.refresh_from_db()
    assert clock.escalated_to == manager.staff_member
    assert ("clock_breached", f"clock:{clock.pk}:breached") in _kinds(owner)
    assert _kinds(manager) == [
        ("clock_breached", f"clock:{clock.pk}:escalated:{manager.staff_member.pk}")
    ]

    clocks_check_unattended(now=_at(datetime.date(2026, 12, 29)))  # 1 working day: still level 1
    clock.refresh_from_db()
    assert clock.escalated_to == manager.staff_member
    assert _kinds(head) == []

    clocks_check_unattended(now=_at(datetime.date(2026, 12, 30)))  # 2 working days: level 2
    clock.refresh_from_db()
    assert clock.escalated_to == head.staff_member
    assert len(_kinds(head)) == 1

    clocks_check_unattended(now=_at(datetime.date(2027, 1, 4)))  # past the top: stays there
    clock.refresh_from_db()
    assert clock.escalated_to == head.staff_member
    assert s.Notification.objects.count() == 3


def test_a_breached_clock_with_no_owner_escalates_to_the_front_doors_manager_and_tells_it() -> None:
    head, door_manager = manager_line(2)
    door = front_door_user(manager=door_manager.staff_member)
    unowned = ClockFactory(owner=None, due_on=datetime.date(2026, 12, 3))

    report = clocks_check_unattended(now=_at(datetime.date(2026, 12, 4)))  # level 1

    unowned.refresh_from_db()
    assert unowned.escalated_to == door_manager.staff_member
    assert report.unescalated == []
    assert _kinds(door_manager) == [
        ("clock_breached", f"clock:{unowned.pk}:escalated:{door_manager.staff_member.pk}")
    ]
    assert _kinds(door) == [("clock_breached", f"clock:{unowned.pk}:front_door")]
    told = s.Notification.objects.get(recipient=door)
    assert "has no owner" in told.subject
    assert unowned.child.family_name not in told.subject
    assert AuditEvent.objects.filter(
        object_id=str(unowned.pk),
        reason="Breached clock escalated to the front door's manager: it has no owner",
    ).exists()

    # A working day further on, one level further: up the front door manager's line.
    clocks_check_unattended(now=_at(datetime.date(2026, 12, 7)))
    unowned.refresh_from_db()
    assert unowned.escalated_to == head.staff_member
    assert _kinds(door) == [("clock_breached", f"clock:{unowned.pk}:front_door")]  # told once


def test_a_clock_whose_owner_has_no_manager_in_post_escalates_to_the_front_doors_manager() -> None:
    door_manager = staff_user(Role.TEAM_MANAGER)
    front_door_user(manager=door_manager.staff_member)
    gone = staff_user(Role.TEAM_MANAGER)
    gone.staff_member.is_active = False
    gone.staff_member.save()
    owner = staff_user(Role.PRACTITIONER, manager=gone.staff_member)
    clock = ClockFactory(owner=owner.staff_member, due_on=datetime.date(2026, 12, 3))

    clocks_check_unattended(now=_at(datetime.date(2026, 12, 4)))

    clock.refresh_from_db()
    assert clock.escalated_to == door_manager.staff_member
    assert ("clock_breached", f"clock:{clock.pk}:breached") in _kinds(owner)


def test_the_front_doors_manager_owning_a_clock_is_not_escalated_to_themselves() -> None:
    door_manager = staff_user(Role.TEAM_MANAGER)
    front_door_user(manager=door_manager.staff_member)
    clock = ClockFactory(owner=door_manager.staff_member, due_on=datetime.date(2026, 12, 3))
    report = clocks_check_unattended(now=_at(datetime.date(2026, 12, 4)))
    clock.refresh_from_db()
    assert clock.escalated_to is None
    assert report.unescalated == [clock.pk]


def test_a_breached_clock_with_no_one_to_escalate_to_is_told_audited_and_returned() -> None:
    door = front_door_user()  # the front door has no line manager recorded
    unowned = ClockFactory(owner=None, due_on=datetime.date(2026, 12, 1))

    report = clocks_check_unattended(now=_at(datetime.date(2026, 12, 4)))
    again = clocks_check_unattended(now=_at(datetime.date(2026, 12, 4)))

    assert report.unescalated == again.unescalated == [unowned.pk]
    unowned.refresh_from_db()
    assert unowned.escalated_to is None
    assert _kinds(door) == [("clock_breached", f"clock:{unowned.pk}:unescalated")]
    audited = AuditEvent.objects.filter(
        object_id=str(unowned.pk), reason__startswith="Breached clock with no one to escalate"
    )
    assert audited.count() == 1  # once, as the front door was told once
    assert audited.get().details["front_door_told"] == 1


def test_with_no_one_at_the_front_door_either_each_check_audits_it() -> None:
    unowned = ClockFactory(owner=None, due_on=datetime.date(2026, 12, 1))
    clocks_check_unattended(now=_at(datetime.date(2026, 12, 4)))
    clocks_check_unattended(now=_at(datetime.date(2026, 12, 4)))
    audited = AuditEvent.objects.filter(
        object_id=str(unowned.pk), reason__startswith="Breached clock with no one to escalate"
    )
    assert audited.count() == 2
    assert not s.Notification.objects.exists()


def test_a_stopped_clock_is_not_checked() -> None:
    ClockFactory(due_on=datetime.date(2026, 12, 1), stopped_on=datetime.date(2026, 11, 30))
    assert clocks_check_unattended(now=_at(datetime.date(2026, 12, 4))).breached == 0


def test_the_task_runs_the_check() -> None:
    owner = manager_line()[-1]
    ClockFactory(owner=owner.staff_member, due_on=datetime.date(2020, 1, 6))
    unowned = ClockFactory(owner=None, due_on=datetime.date(2020, 1, 6))
    result = safeguarding_clocks_check.enqueue()
    assert result.return_value["notified"] >= 1
    assert result.return_value["unescalated"] == [unowned.pk]  # none dropped without a word


def test_a_manager_sees_the_clocks_of_their_whole_line_and_those_escalated_to_them() -> None:
    head, manager, owner = manager_line()
    below = ClockFactory(owner=owner.staff_member)
    elsewhere = ClockFactory()
    escalated = ClockFactory(escalated_to=manager.staff_member)
    assert set(access.clocks_visible_to(head)) == {below}
    assert set(access.clocks_visible_to(manager)) == {below, escalated}
    assert set(access.clocks_visible_to(front_door_user())) == {below, elsewhere, escalated}
    assert not access.clocks_visible_to(owner).exists()  # a practitioner sees none
    assert not access.clocks_visible_to(staff_user(Role.FINANCE_OFFICER)).exists()
    assert access.can_view_clock(manager, escalated)
    assert not access.can_view_clock(manager, elsewhere)
