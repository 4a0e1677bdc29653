"""The list of the front door's requests for information to an agency (each naming its child by
reference) writes one audit event naming the requests and children shown, as the front door's
queue does; a reader who may not see the list is refused, and no view is recorded."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from tests.children.factories import signed_in, staff_user
from tests.safeguarding.factories_front_door import InformationRequestFactory

pytestmark = pytest.mark.django_db


def test_the_list_writes_one_audit_event_naming_its_requests_and_children() -> None:
    asked = InformationRequestFactory()
    also = InformationRequestFactory(agency=asked.agency)
    elsewhere = InformationRequestFactory()
    user = staff_user(Role.PRACTITIONER, agency=asked.agency)
    page = signed_in(user).get(reverse("safeguarding:information_requests"))
    assert page.status_code == 200
    assert asked.referral.child.reference in page.content.decode()
    assert elsewhere.referral.child.reference not in page.content.decode()
    [event] = AuditEvent.objects.filter(actor=user, action=AuditAction.VIEW)
    assert event.object_type == "safeguarding.informationrequest"
    assert sorted(event.details["information_requests"]) == sorted([asked.pk, also.pk])
    assert event.details["children"] == sorted(
        [asked.referral.child.reference, also.referral.child.reference]
    )


def test_an_empty_list_is_recorded_as_seen_with_nothing_named() -> None:
    user = staff_user(Role.PRACTITIONER)
    InformationRequestFactory()  # another agency's
    assert signed_in(user).get(reverse("safeguarding:information_requests")).status_code == 200
    [event] = AuditEvent.objects.filter(actor=user, action=AuditAction.VIEW)
    assert event.details == {"information_requests": [], "children": []}


@pytest.mark.parametrize("role", [Role.FINANCE_OFFICER, Role.AUDITOR])
def test_a_reader_who_may_not_see_the_list_is_refused_and_no_view_recorded(role: Role) -> None:
    asked = InformationRequestFactory()
    user = staff_user(role, agency=asked.agency)
    response = signed_in(user).get(reverse("safeguarding:information_requests"))
    assert response.status_code == 403
    assert asked.referral.child.reference not in response.content.decode()
    assert not AuditEvent.objects.filter(actor=user, action=AuditAction.VIEW).exists()


def test_one_signed_out_is_sent_to_sign_in_and_nothing_recorded() -> None:
    InformationRequestFactory()
    response = Client().get(reverse("safeguarding:information_requests"))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()
