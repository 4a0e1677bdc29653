"""The front door's queue: decisions due soonest first, filtered by stage, rating and due day,
screening late against the local targets; and who finds which referrals in it."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.safeguarding import access
from childtrust.safeguarding import models as s
from childtrust.safeguarding.selectors.front_door import QueueFilter, front_door_queue
from childtrust.safeguarding.services import front_door as services
from tests.children.factories import (
    InvolvementFactory,
    ShieldedChildFactory,
    signed_in,
    staff_user,
)
from tests.factories import AgencyFactory, StaffMemberFactory
from tests.safeguarding.factories_front_door import (
    ReferralFactory,
    ScreenedReferralFactory,
    front_door_user,
)

pytestmark = pytest.mark.django_db


def _decision_clock(referral: s.Referral, due_on: datetime.date) -> None:
    s.Clock.objects.create(
        child=referral.child,
        referral=referral,
        kind=s.ClockKind.DECISION,
        started_on=due_on - datetime.timedelta(days=1),
        due_on=due_on,
    )


def test_the_queue_puts_the_soonest_decision_first_and_filters_by_due_day() -> None:
    today = timezone.localdate()
    later, overdue, due_today = ReferralFactory(), ReferralFactory(), ReferralFactory()
    _decision_clock(later, today + datetime.timedelta(days=7))
    _decision_clock(overdue, today - datetime.timedelta(days=7))
    _decision_clock(due_today, today)
    referrals = s.Referral.objects.all()
    rows = front_door_queue(referrals, QueueFilter(), today=today)
    assert [row.referral for row in rows] == [overdue, due_today, later]
    assert rows[0].standing is not None
    assert rows[0].standing.state == "breached"
    due = front_door_queue(referrals, QueueFilter(due="today"), today=today)
    assert {row.referral for row in due} == {overdue, due_today}
    assert [
        row.referral for row in front_door_queue(referrals, QueueFilter(due="overdue"), today=today)
    ] == [overdue]


@override_settings(SAFEGUARDING_SCREENING_TARGET_HOURS={"red": 2, "amber": 8, "green": 24})
def test_screening_is_late_past_the_local_target_for_its_rating() -> None:
    now = timezone.now()
    hours = datetime.timedelta(hours=1)

    def screened(rag: str, after: int) -> s.Referral:
        return ScreenedReferralFactory(rag=rag, received_at=now - after * hours, screened_at=now)

    red_in_time, red_late = screened(s.Rag.RED, 1), screened(s.Rag.RED, 3)
    amber_late, green_in_time = screened(s.Rag.AMBER, 9), screened(s.Rag.GREEN, 20)
    waiting = ReferralFactory(received_at=now - 3 * hours)
    late = {
        row.referral: row.screening_late
        for row in front_door_queue(s.Referral.objects.all(), QueueFilter())
    }
    assert late == {
        red_in_time: False,
        red_late: True,
        amber_late: True,
        green_in_time: False,
        waiting: True,  # not yet rated: judged by red's target
    }


def test_a_shielded_childs_referral_is_in_the_queue_only_with_a_relationship() -> None:
    hidden = ReferralFactory(child=ShieldedChildFactory())
    shown = ReferralFactory()
    officer = front_door_user()
    assert set(access.referrals_visible_to(officer)) == {shown}
    InvolvementFactory(child=hidden.child, practitioner=officer.staff_member)
    assert set(access.referrals_visible_to(officer)) == {shown, hidden}
    assert not access.referrals_visible_to(staff_user(Role.TEAM_MANAGER)).exists()


def test_an_agency_whose_lead_has_no_sign_in_is_named_as_not_told() -> None:
    referral = ScreenedReferralFactory()
    agency = AgencyFactory()
    InvolvementFactory(child=referral.child, practitioner=StaffMemberFactory(agency=agency))
    s.DesignatedLead.objects.create(agency=agency, staff=StaffMemberFactory(agency=agency))
    sent = services.information_request(
        actor=front_door_user(), referral=referral, agencies=[agency]
    )
    assert sent.without_lead == [agency]
    assert not s.Notification.objects.exists()


def test_a_practitioners_referral_on_the_page_returns_them_home() -> None:
    practitioner = staff_user(Role.PRACTITIONER)
    child = InvolvementFactory().child
    today = timezone.localdate()
    response = signed_in(practitioner).post(
        reverse("safeguarding:referral_new"),
        {
            "child_reference": child.reference.lower(),
            "kind": "contact",
            "received_on_day": str(today.day),
            "received_on_month": str(today.month),
            "received_on_year": str(today.year),
            "received_time": "0.01",
            "referrer_name": "Jo Patel",
            "reason": "Worried after a home visit.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    referral = s.Referral.objects.get()
    assert referral.kind == s.ReferralKind.CONTACT
    assert referral.clocks.get().owner is None
