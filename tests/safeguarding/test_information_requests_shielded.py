"""The front door's requests for information about a shielded child: only those who may know the
child exists (children.access: a relationship, or break glass), or the designated safeguarding
lead (and deputy) of the agency asked, whom the front door tells, see or answer one; to anyone
else at that agency it is not found (404), and the list leaves it out. Also: ids too large for
the database among agencies asked or concerns referred, and the API lists' audit events naming
the page they show."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditEvent
from childtrust.safeguarding import access
from childtrust.safeguarding import models as s
from childtrust.safeguarding.access.front_door import can_know_of_information_request
from childtrust.safeguarding.services.front_door import CONCERN_NOT_THE_CHILDS, information_answer
from tests.children.factories import (
    ChildFactory,
    InvolvementFactory,
    ShieldedChildFactory,
    signed_in,
    staff_user,
)
from tests.factories import AgencyFactory
from tests.safeguarding.factories_alerts import ConcernFactory, front_door_user
from tests.safeguarding.factories_front_door import (
    ClockFactory,
    InformationRequestFactory,
    ScreenedReferralFactory,
)
from tests.safeguarding.test_alert_api import Api

pytestmark = pytest.mark.django_db

TOO_LARGE = 99_999_999_999_999_999_999


def _client(user: User) -> Client:
    client = signed_in(user)
    client.raise_request_exception = False
    return client


def _asked(*, shielded: bool = True) -> tuple[s.InformationRequest, User, User, User]:
    """A request to a police force about a child (shielded unless said), with an officer
    involved with the child, the force's designated lead (no involvement) and another
    officer (neither)."""
    child = (ShieldedChildFactory if shielded else ChildFactory)(family_name="Quarrington")
    police = AgencyFactory(name="Hampshire Constabulary")
    involved = staff_user(Role.PRACTITIONER, agency=police)
    InvolvementFactory(child=child, practitioner=involved.staff_member)
    lead = staff_user(Role.PRACTITIONER, agency=police)
    s.DesignatedLead.objects.create(agency=police, staff=lead.staff_member)
    other = staff_user(Role.PRACTITIONER, agency=police)
    asked = InformationRequestFactory(
        referral=ScreenedReferralFactory(child=child, stage=s.ReferralStage.GATHERING),
        agency=police,
    )
    return asked, involved, lead, other


def test_a_shielded_childs_request_is_seen_and_answered_by_who_may_know_the_child() -> None:
    asked, involved, lead, _other = _asked()
    deputy = staff_user(Role.PRACTITIONER, agency=asked.agency)
    s.DesignatedLead.objects.filter(agency=asked.agency).update(deputy=deputy.staff_member)

    for user in (involved, lead, deputy):
        client = _client(user)
        page = client.get(f"/safeguarding/information-requests/{asked.pk}/")
        listed = client.get("/safeguarding/information-requests/")
        assert page.status_code == 200
        assert "Quarrington" in page.content.decode()
        assert asked.referral.child.reference in listed.content.decode()
        assert access.can_answer_information_request(user, asked)

    response = _client(lead).post(
        f"/safeguarding/information-requests/{asked.pk}/", {"answer": "Known to us since May."}
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.answer == "Known to us since May."


def test_a_shielded_childs_request_is_not_found_by_anyone_else_at_the_agency() -> None:
    asked, _involved, _lead, other = _asked()
    client = _client(other)

    page = client.get(f"/safeguarding/information-requests/{asked.pk}/")
    posted = client.post(
        f"/safeguarding/information-requests/{asked.pk}/", {"answer": "Nothing known."}
    )
    listed = client.get("/safeguarding/information-requests/")

    assert page.status_code == 404
    assert posted.status_code == 404
    assert "Quarrington" not in page.content.decode()
    assert asked.referral.child.reference not in listed.content.decode()
    assert not access.information_requests_for(other).exists()
    assert not access.can_answer_information_request(other, asked)
    with pytest.raises(PermissionDenied):
        information_answer(actor=other, request=asked, answer="Nothing known.")
    asked.refresh_from_db()
    assert asked.answered_at is None


def test_another_agencys_lead_does_not_see_a_shielded_childs_request() -> None:
    asked, _involved, _lead, _other = _asked()
    elsewhere = AgencyFactory()
    their_lead = staff_user(Role.PRACTITIONER, agency=elsewhere)
    s.DesignatedLead.objects.create(agency=elsewhere, staff=their_lead.staff_member)

    page = _client(their_lead).get(f"/safeguarding/information-requests/{asked.pk}/")
    assert page.status_code == 404
    assert not can_know_of_information_request(their_lead, asked)
    assert not access.can_answer_information_request(their_lead, asked)


def test_a_request_about_a_child_not_shielded_is_for_anyone_at_the_agency_as_before() -> None:
    asked, _involved, _lead, other = _asked(shielded=False)
    client = _client(other)

    page = client.get(f"/safeguarding/information-requests/{asked.pk}/")
    listed = client.get("/safeguarding/information-requests/")

    assert page.status_code == 200
    assert asked.referral.child.reference in listed.content.decode()


# --- ids too large for the database -------------------------------------------------------------


def test_an_agency_id_too_large_for_the_database_among_those_asked_is_refused() -> None:
    child = ChildFactory()
    referral = ScreenedReferralFactory(child=child)
    response = _client(front_door_user()).post(
        f"/safeguarding/front-door/{referral.pk}/information/", {"agencies": [str(TOO_LARGE)]}
    )
    assert response.status_code == 400
    assert not s.InformationRequest.objects.exists()


@pytest.mark.parametrize("concern_id", [TOO_LARGE, 2**63, 0, -1])
def test_a_concern_id_no_concern_can_have_on_a_referral_is_refused_as_not_the_childs(
    concern_id: int,
) -> None:
    child = ChildFactory()
    ConcernFactory(child=child)
    api = Api(front_door_user())
    api.client.raise_request_exception = False
    response = api.post(
        "/referrals",
        {
            "child": child.reference,
            "kind": s.ReferralKind.REFERRAL,
            "received_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
            "referrer_name": "Sam Okafor",
            "reason": "Came to school hungry.",
            "concerns": [concern_id],
        },
    )
    assert response.status_code == 400
    assert CONCERN_NOT_THE_CHILDS in response.content.decode()
    assert not s.Referral.objects.exists()


# --- the API's lists name the page they show -----------------------------------------------------


def _views(before: int, object_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type=object_type, pk__gt=before).order_by("pk"))


def test_the_apis_list_of_referrals_names_only_the_page_it_shows() -> None:
    referrals = [ScreenedReferralFactory() for _ in range(3)]
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    response = Api(front_door_user()).get("/referrals?page=2&page_size=2")

    assert response.status_code == 200
    shown = [item["id"] for item in response.json()["items"]]
    assert len(shown) == 1
    (event,) = _views(before, "safeguarding.referral")
    assert event.details["referrals"] == shown
    assert event.details["count"] == 3
    assert set(shown) < {r.pk for r in referrals}


def test_the_apis_list_of_clocks_names_only_the_page_it_shows() -> None:
    soon = timezone.localdate() + datetime.timedelta(days=1)
    clocks = [ClockFactory(due_on=soon + datetime.timedelta(days=n)) for n in range(3)]
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    response = Api(front_door_user()).get("/clocks?page=1&page_size=2")

    assert response.status_code == 200
    shown = [item["id"] for item in response.json()["items"]]
    assert len(shown) == 2
    (event,) = _views(before, "safeguarding.clock")
    assert event.details["clocks"] == shown
    assert set(shown) < {c.pk for c in clocks}
