"""The concerns API: POST /api/v1/concerns (who may, 403; a child the caller may not know, 404;
bad input with every message, nothing written; the same external reference twice, 200 then the
existing concern), GET /api/v1/concerns/{id} and GET /api/v1/children/{ref}/concerns as the
caller may see them (a restricted concern's summary never to another agency)."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.utils import timezone

from childtrust.accounts.models import ApiTokenScope, Role, User
from childtrust.accounts.services import api_token_create
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.safeguarding.models import Concern, ConcernSource, Notification
from tests.api.conftest import ApiClient
from tests.children.factories import ChildFactory, ShieldedChildFactory, involved_user, staff_user
from tests.safeguarding.factories_concerns import (
    ConcernFactory,
    RestrictedConcernFactory,
    police_officer,
    school_with_lead,
)

pytestmark = pytest.mark.django_db


def _client(user: User, scope: str = ApiTokenScope.READ_WRITE) -> ApiClient:
    _, raw = api_token_create(user=user, name="test", scope=scope)
    return ApiClient(raw)


def _post(client: ApiClient, body: Any) -> Any:
    return client.client.post(
        "/api/v1/concerns",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {client.token}"},
    )


def _body(of: Any, **changes: Any) -> dict[str, Any]:
    body = {
        "child": of.reference,
        "category": "domestic_abuse",
        "severity": "high",
        "occurred_at": (timezone.now() - datetime.timedelta(hours=2)).isoformat(),
        "summary": "Officers called to the home: the child was present during an assault.",
        "external_reference": "OP-2026-0001",
    }
    body.update(changes)
    return body


def test_a_police_system_records_a_concern_and_the_school_is_told() -> None:
    child = ChildFactory()
    _school, lead = school_with_lead(child)
    response = _post(_client(police_officer()), _body(child))
    assert response.status_code == 201, response.content
    out = response.json()
    assert out["known_only"] is False
    assert out["agency"] == "city-police"
    concern = Concern.objects.get()
    assert concern.source == ConcernSource.API
    assert Notification.objects.get().recipient == lead


def test_the_same_reference_again_returns_the_concern_already_recorded() -> None:
    child = ChildFactory()
    client = _client(police_officer())
    first = _post(client, _body(child))
    again = _post(client, _body(child, summary="Sent again by a retry."))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert Concern.objects.count() == 1


def test_a_child_id_may_be_given_instead_of_a_reference() -> None:
    child = ChildFactory()
    response = _post(_client(police_officer()), _body(child, child=str(child.pk)))
    assert response.status_code == 201
    assert response.json()["child"] == child.reference


def test_bad_input_is_refused_with_every_message_and_nothing_written() -> None:
    child = ChildFactory()
    response = _post(
        _client(police_officer()),
        _body(
            child,
            occurred_at=(timezone.now() + datetime.timedelta(days=3)).isoformat(),
            summary=" ",
        ),
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "must be now or in the past" in detail
    assert "Enter what was seen or heard" in detail
    assert not Concern.objects.exists()


def test_an_unknown_category_is_refused_by_the_schema() -> None:
    response = _post(_client(police_officer()), _body(ChildFactory(), category="weather"))
    assert response.status_code == 422
    assert not Concern.objects.exists()


def test_a_time_without_its_offset_is_refused() -> None:
    response = _post(
        _client(police_officer()), _body(ChildFactory(), occurred_at="2026-12-01T09:00:00")
    )
    assert response.status_code == 400
    assert "time zone" in response.json()["detail"]


@pytest.mark.parametrize("role", [Role.PARTNERSHIP_ADMIN, Role.AUDITOR, Role.FINANCE_OFFICER])
def test_a_role_that_does_not_record_concerns_is_refused(role: Role) -> None:
    response = _post(_client(staff_user(role)), _body(ChildFactory()))
    assert response.status_code == 403
    assert not Concern.objects.exists()


def test_a_read_only_token_may_not_record() -> None:
    response = _post(_client(police_officer(), ApiTokenScope.READ), _body(ChildFactory()))
    assert response.status_code == 403
    assert not Concern.objects.exists()


def test_a_child_the_caller_may_not_know_is_not_found() -> None:
    response = _post(_client(police_officer()), _body(ShieldedChildFactory()))
    assert response.status_code == 404
    response = _post(_client(police_officer()), _body(ChildFactory(), child="CT-999999"))
    assert response.status_code == 404
    assert not Concern.objects.exists()


def test_reading_a_concern_with_and_without_a_relationship() -> None:
    reader, child = involved_user(Role.PRACTITIONER)
    concern = ConcernFactory(child=child)
    full = _client(reader, ApiTokenScope.READ).get(f"/concerns/{concern.pk}").json()
    assert full["summary"] == concern.summary
    stranger = _client(staff_user(Role.PRACTITIONER), ApiTokenScope.READ)
    limited = stranger.get(f"/concerns/{concern.pk}").json()
    assert limited["known_only"] is True
    assert limited["summary"] is None
    assert limited["category"] is None
    assert (
        AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(concern.pk)).count() == 2
    )


def test_another_agencys_practitioner_cannot_read_a_restricted_summary_by_the_api() -> None:
    reader, child = involved_user(Role.PRACTITIONER)
    concern = RestrictedConcernFactory(child=child)
    client = _client(reader, ApiTokenScope.READ)
    one = client.get(f"/concerns/{concern.pk}")
    assert one.status_code == 200
    assert concern.summary not in one.content.decode()
    listed = client.get(f"/children/{child.reference}/concerns")
    assert listed.status_code == 200
    assert listed.json()["count"] == 1
    assert concern.summary not in listed.content.decode()


def test_a_childs_concerns_are_listed_in_pages() -> None:
    reader, child = involved_user(Role.PRACTITIONER)
    for _ in range(3):
        ConcernFactory(child=child)
    response = _client(reader, ApiTokenScope.READ).get(
        f"/children/{child.reference}/concerns", {"page_size": 2}
    )
    out = response.json()
    assert out["count"] == 3
    assert len(out["items"]) == 2
    assert out["next"] is not None


def test_a_shielded_childs_concerns_are_not_found() -> None:
    concern = ConcernFactory(child=ShieldedChildFactory())
    client = _client(staff_user(Role.PRACTITIONER), ApiTokenScope.READ)
    assert client.get(f"/concerns/{concern.pk}").status_code == 404
    assert client.get(f"/children/{concern.child.reference}/concerns").status_code == 404


def test_the_endpoints_are_in_the_openapi_schema() -> None:
    from django.test import Client

    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/concerns" in schema["paths"]
    assert "/api/v1/concerns/{concern_id}" in schema["paths"]
    assert "/api/v1/children/{reference}/concerns" in schema["paths"]
