"""The chronology over the API: the page's rules (403 without a relationship, 404 for a child the
caller may not know exists, a restricted concern redacted), its filters and order, its pages,
bad filters refused with a sentence, and one audit event per call."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from childtrust.accounts.models import ApiTokenScope, Role, User
from childtrust.accounts.services import api_token_create
from childtrust.audit.models import AuditAction, AuditEvent
from tests.children.factories import InvolvementFactory, ShieldedChildFactory, staff_user
from tests.safeguarding.factories_chronology import full_history

pytestmark = pytest.mark.django_db


def _get(user: User, path: str, **query: Any) -> Any:
    _, raw = api_token_create(user=user, name="test", scope=ApiTokenScope.READ)
    return Client().get(f"/api/v1{path}", query, headers={"Authorization": f"Bearer {raw}"})


def _path(reference: str) -> str:
    return f"/children/{reference}/chronology"


def test_an_involved_practitioner_reads_the_chronology_redacted_and_recorded() -> None:
    history = full_history()
    user = staff_user(Role.PRACTITIONER, agency=history.school)
    InvolvementFactory(child=history.child, practitioner=user.staff_member)
    response = _get(user, _path(history.child.reference))
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == len(body["items"])
    dates = [item["date"] for item in body["items"]]
    assert dates == sorted(dates, reverse=True)
    restricted = [item for item in body["items"] if item["restricted"]]
    assert restricted[0]["title"] == "Restricted by City Police: contact mash@police.example.org"
    assert restricted[0]["detail"] == ""
    assert not any("Disclosed in confidence" in item["detail"] for item in body["items"])
    [event] = AuditEvent.objects.filter(actor=user, object_type="children.child")
    assert event.action == AuditAction.VIEW
    assert event.details["shown_as"] == "api"


def test_the_front_door_reads_the_restricted_concern() -> None:
    history = full_history()
    body = _get(staff_user(Role.FRONT_DOOR), _path(history.child.reference)).json()
    assert any(
        item["detail"] == "Disclosed in confidence to the domestic abuse unit."
        for item in body["items"]
    )


def test_filters_order_and_pages() -> None:
    history = full_history()
    user = staff_user(Role.FRONT_DOOR)
    path = _path(history.child.reference)
    alerts = _get(user, path, kind="alert", order="oldest").json()["items"]
    assert [item["title"].split(":")[0] for item in alerts] == [
        "Red alert raised",
        "Alert acknowledged",
    ]
    police = _get(user, path, agency=history.police.pk).json()["items"]
    assert police
    assert all(history.police.pk in item["agencies"] for item in police)
    significant = _get(user, path, significant="true").json()["items"]
    assert significant
    assert all(item["significant"] for item in significant)
    window = _get(user, path, date_from="2026-11-03", date_to="2026-11-04").json()
    assert window["count"] == 6
    first = _get(user, path, page_size=2).json()
    assert len(first["items"]) == 2
    assert first["next"] is not None


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"kind": "gossip"}, "kind must be one of"),
        ({"order": "sideways"}, "order must be newest or oldest"),
        ({"date_from": "2026-11-05", "date_to": "2026-11-04"}, "date_to must be the same as"),
    ],
)
def test_a_bad_filter_is_refused_with_a_sentence(query: dict[str, str], words: str) -> None:
    history = full_history()
    user = staff_user(Role.FRONT_DOOR)
    response = _get(user, _path(history.child.reference), **query)
    assert response.status_code == 400
    assert words in response.json()["detail"].lower() or words in response.json()["detail"]
    assert not AuditEvent.objects.filter(actor=user, object_type="children.child").exists()


def test_without_a_relationship_the_api_refuses() -> None:
    history = full_history()
    response = _get(staff_user(Role.PRACTITIONER), _path(history.child.reference))
    assert response.status_code == 403


def test_a_shielded_child_is_not_found_without_a_relationship() -> None:
    child = ShieldedChildFactory()
    response = _get(staff_user(Role.FRONT_DOOR), _path(child.reference))
    assert response.status_code == 404


def test_without_a_token_the_api_refuses() -> None:
    history = full_history()
    response = Client().get(f"/api/v1{_path(history.child.reference)}")
    assert response.status_code == 401


def test_a_key_too_large_for_the_database_is_not_found() -> None:
    response = _get(staff_user(Role.FRONT_DOOR), _path("9" * 30))
    assert response.status_code == 404
