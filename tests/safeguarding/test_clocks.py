"""The hourly check of the statutory clocks: owners told near breach and on breach, breaches
escalated up the owner's line one level each further working day, each told once; and who sees
which clocks."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from childtrust.accounts.models import Role
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


def test_a_breached_clock_with_no_owner_or_no_manager_is_reported_not_escalated() -> None:
    unowned = ClockFactory(owner=None, due_on=datetime.date(2026, 12, 1))
    report = clocks_check_unattended(now=_at(datetime.date(2026, 12, 4)))
    assert report.unescalated == [unowned.pk]
    unowned.refresh_from_db()
    assert unowned.escalated_to is None


def test_a_stopped_clock_is_not_checked() -> None:
    ClockFactory(due_on=datetime.date(2026, 12, 1), stopped_on=datetime.date(2026, 11, 30))
    assert clocks_check_unattended(now=_at(datetime.date(2026, 12, 4))).breached == 0


def test_the_task_runs_the_check() -> None:
    owner = manager_line()[-1]
    ClockFactory(owner=owner.staff_member, due_on=datetime.date(2020, 1, 6))
    result = safeguarding_clocks_check.enqueue()
    assert result.return_value >= 1


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
