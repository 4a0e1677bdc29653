"""A fresh-eyes review of safeguarding: bad input is refused with a 4xx, never a server error."""

from __future__ import annotations

import pytest

from childtrust.safeguarding.models import Concern
from tests.children.factories import ChildFactory, signed_in
from tests.safeguarding.factories_alerts import front_door_user
from tests.safeguarding.factories_concerns import police_officer
from tests.safeguarding.test_alert_api import Api

pytestmark = pytest.mark.django_db

# str.isdigit() says yes to a superscript two, which int() refuses.
NOT_A_NUMBER = "\u00b2"


@pytest.mark.parametrize(
    "path",
    [
        f"/safeguarding/children/{NOT_A_NUMBER}/team/",
        f"/safeguarding/children/{NOT_A_NUMBER}/concerns/new/",
    ],
)
def test_a_child_key_of_unicode_digits_is_not_found_on_the_pages(path: str) -> None:
    client = signed_in(front_door_user())
    client.raise_request_exception = False
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        f"/children/{NOT_A_NUMBER}/concerns",
        f"/children/{NOT_A_NUMBER}/team",
    ],
)
def test_a_child_key_of_unicode_digits_is_not_found_in_the_api(path: str) -> None:
    api = Api(front_door_user())
    api.client.raise_request_exception = False
    assert api.get(path).status_code == 404


def test_a_concern_dated_before_any_database_can_hold_is_refused_not_a_server_error() -> None:
    child = ChildFactory()
    api = Api(police_officer())
    api.client.raise_request_exception = False
    response = api.post(
        "/concerns",
        {
            "child": child.reference,
            "category": "neglect",
            "severity": "low",
            "occurred_at": "0001-01-01T00:00:00+14:00",
            "summary": "Seen alone at night.",
        },
    )
    assert response.status_code == 400
    assert "1900" in response.content.decode()
    assert not Concern.objects.exists()


@pytest.mark.parametrize(
    "received_at", ["0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00", "1000-06-01T09:00:00Z"]
)
def test_a_referral_received_before_any_working_day_clock_is_refused(received_at: str) -> None:
    from tests.safeguarding.test_front_door_api import _body

    api = Api(front_door_user())
    api.client.raise_request_exception = False
    response = api.post("/referrals", _body(ChildFactory().reference, received_at=received_at))
    assert response.status_code == 400
    assert "1900" in response.content.decode()
