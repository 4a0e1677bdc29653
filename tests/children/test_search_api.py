"""GET /api/v1/children: the search page's rules through a partner system's token."""

from __future__ import annotations

import datetime

import pytest

from childtrust.accounts.models import Role, User
from childtrust.accounts.services import api_token_create
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.children.search_keys import child_search_keys_refresh
from tests.api.conftest import ApiClient
from tests.children.factories import ChildFactory, ShieldedChildFactory, staff_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _api(user: User) -> ApiClient:
    _, raw = api_token_create(user=user, name="test")
    return ApiClient(raw)


def test_the_api_finds_closest_first_paged_and_audited() -> None:
    for given in ("Olivia", "Olive", "Olivier"):
        child = ChildFactory(
            given_name=given,
            family_name="Smith",
            date_of_birth=datetime.date(2016, 3, 7),
            postcode="SO14 2QD",
        )
        child_search_keys_refresh([child])
    user = staff_user(Role.PRACTITIONER)
    response = _api(user).get(
        "/children", {"name": "Olivia Smyth", "postcode": "SO14", "page_size": 1}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= 2
    [first] = body["items"]
    assert first["given_name"] == "Olivia"
    assert first["postcode_district"] == "SO14"
    assert "2QD" not in response.content.decode()
    assert body["next"] is not None
    event = AuditEvent.objects.get(action=AuditAction.SEARCH, object_type="children.child")
    assert event.details["name"] == "Olivia Smyth"


def test_the_api_gives_a_shielded_match_by_reference_only() -> None:
    hidden = ShieldedChildFactory(given_name="Maya", family_name="Clarke")
    child_search_keys_refresh([hidden])
    items = _api(staff_user(Role.FRONT_DOOR)).get("/children", {"name": "Maya Clarke"}).json()
    assert items["items"] == [
        {
            "reference": hidden.reference,
            "given_name": "",
            "family_name": "",
            "date_of_birth": None,
            "postcode_district": "",
            "known_to_agencies": 0,
            "closeness": 0.0,
            "shielded_match": True,
        }
    ]
    practitioner = _api(staff_user(Role.PRACTITIONER))
    assert practitioner.get("/children", {"name": "Maya Clarke"}).json()["count"] == 0


def test_the_api_refuses_bad_terms_with_a_reason() -> None:
    api = _api(staff_user(Role.PRACTITIONER))
    assert api.get("/children").json()["detail"].startswith("Give a name, a date of birth")
    bad = api.get("/children", {"postcode": "nowhere"})
    assert bad.status_code == 400
    assert "full postcode" in bad.json()["detail"]
    assert api.get("/children", {"date_of_birth": "2016-02-31"}).status_code == 422


def test_the_api_refuses_a_role_that_does_not_find_children() -> None:
    response = _api(UserFactory(role=Role.FINANCE_OFFICER)).get("/children", {"name": "Olivia"})
    assert response.status_code == 403
