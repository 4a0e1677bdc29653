"""A fresh-eyes review of safeguarding: every look at a child's personal data writes an audit
event. The page that shows an agency a child's name and date of birth to answer a request
for information wrote none."""

from __future__ import annotations

import pytest
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from tests.children.factories import signed_in, staff_user
from tests.safeguarding.factories_front_door import (
    InformationRequestFactory,
)

pytestmark = pytest.mark.django_db


def _events(actor: object) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(actor=actor, action=AuditAction.VIEW))


def test_the_answer_page_audits_the_look_at_the_child() -> None:
    asked = InformationRequestFactory()
    own = staff_user(Role.PRACTITIONER, agency=asked.agency)
    child = asked.referral.child
    page = signed_in(own).get(reverse("safeguarding:information_answer", args=[asked.pk]))
    assert child.family_name in page.content.decode()
    events = _events(own)
    assert [e.details.get("child") for e in events] == [child.reference]
