"""A fresh-eyes review of safeguarding: the clocks page and API keep a shielded child hidden
from the front door (as its referral queue does), and the page's look is audited."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.children.models import BreakGlass
from tests.children.factories import ChildFactory, ShieldedChildFactory, signed_in
from tests.safeguarding.factories_front_door import ClockFactory, front_door_user
from tests.safeguarding.test_alert_api import Api

pytestmark = pytest.mark.django_db

DUE = datetime.date(2000, 1, 3)  # long breached, so on the page


def test_the_front_door_does_not_see_a_shielded_childs_clock_on_the_page_or_in_the_api() -> None:
    shielded = ShieldedChildFactory()
    ClockFactory(child=shielded, due_on=DUE)
    open_child = ChildFactory()
    ClockFactory(child=open_child, due_on=DUE)
    user = front_door_user()
    page = signed_in(user).get("/safeguarding/clocks/").content.decode()
    assert open_child.reference in page
    assert shielded.reference not in page
    listed = Api(user).get("/clocks").json()["items"]
    assert [row["child"] for row in listed] == [open_child.reference]


def test_the_front_door_sees_a_shielded_childs_clock_through_break_glass() -> None:
    shielded = ShieldedChildFactory()
    ClockFactory(child=shielded, due_on=DUE)
    user = front_door_user()
    now = timezone.now()
    BreakGlass.objects.create(
        user=user,
        child=shielded,
        reason="A strategy discussion this afternoon.",
        started_at=now,
        expires_at=now + datetime.timedelta(hours=1),
    )
    page = signed_in(user).get("/safeguarding/clocks/").content.decode()
    assert shielded.reference in page


def test_the_clocks_page_writes_one_audit_event_naming_the_clocks_shown() -> None:
    clock = ClockFactory(due_on=DUE)
    user = front_door_user()
    before = AuditEvent.objects.count()
    signed_in(user).get("/safeguarding/clocks/")
    events = list(AuditEvent.objects.order_by("pk")[before:])
    views = [
        e for e in events if e.action == AuditAction.VIEW and e.object_type == "safeguarding.clock"
    ]
    assert len(views) == 1
    assert clock.pk in views[0].details["clocks"]
