"""A fresh-eyes review of safeguarding: the front door's queue (children's referrals) writes
an audit event, as the API's list of referrals does."""

from __future__ import annotations

import pytest
from django.urls import reverse

from childtrust.audit.models import AuditAction, AuditEvent
from tests.children.factories import signed_in
from tests.safeguarding.factories_front_door import ReferralFactory, front_door_user

pytestmark = pytest.mark.django_db


def test_the_front_door_queue_writes_one_audit_event_naming_its_referrals() -> None:
    referral = ReferralFactory()
    user = front_door_user()
    page = signed_in(user).get(reverse("safeguarding:front_door")).content.decode()
    assert referral.child.reference in page
    [event] = AuditEvent.objects.filter(actor=user, action=AuditAction.VIEW)
    assert event.object_type == "safeguarding.referral"
    assert referral.pk in event.details["referrals"]
