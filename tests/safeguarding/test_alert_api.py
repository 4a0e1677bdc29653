"""The alerts API: a list filtered by RAG rating and status, an alert with its concerns as the
caller may see them, and the three responses, refused as the pages refuse them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from childtrust.accounts.models import ApiTokenScope, Role, User
from childtrust.accounts.services import api_token_create
from childtrust.safeguarding.models import AlertStatus, ConcernSensitivity, Rag
from tests.children.factories import ChildFactory, involved_user, staff_user
from tests.safeguarding.factories_alerts import (
    AlertFactory,
    ConcernFactory,
    front_door_user,
    lead_professional_for,
)

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user: User) -> None:
        _, raw = api_token_create(user=user, name="test", scope=ApiTokenScope.READ_WRITE)
        self.headers = {"Authorization": f"Bearer {raw}"}
        self.client = Client()

    def get(self, path: str) -> Any:
        return self.client.get(f"/api/v1{path}", headers=self.headers)

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.client.post(
            f"/api/v1{path}",
            data=json.dumps(body or {}),
            content_type="application/json",
            headers=self.headers,
        )


def test_the_front_door_lists_alerts_by_rating() -> None:
    red, _amber = AlertFactory(rag=Rag.RED), AlertFactory(rag=Rag.AMBER)
    response = Api(front_door_user()).get("/alerts?rag=red")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [red.pk]
    assert response.json()["items"][0]["rag"] == "red"


def test_an_alert_gives_its_concerns_with_restricted_detail_left_out() -> None:
    child = ChildFactory()
    open_ = ConcernFactory(child=child, summary="Bruising.")
    restricted = ConcernFactory(
        child=child, sensitivity=ConcernSensitivity.RESTRICTED, summary="Clinic."
    )
    alert = AlertFactory(child=child, with_concerns=[open_, restricted])
    user, _child = involved_user(Role.PRACTITIONER, child)

    body = Api(user).get(f"/alerts/{alert.pk}").json()

    by_id = {c["id"]: c for c in body["concerns"]}
    assert by_id[open_.pk]["summary"] == "Bruising."
    assert by_id[restricted.pk]["known_only"] is True
    assert by_id[restricted.pk]["summary"] is None


def test_an_alert_the_caller_may_not_see_is_not_found() -> None:
    alert = AlertFactory()
    user, _child = involved_user(Role.PRACTITIONER)
    assert Api(user).get(f"/alerts/{alert.pk}").status_code == 404


def test_an_unknown_rating_is_400() -> None:
    assert Api(front_door_user()).get("/alerts?rag=purple").status_code == 400


def test_an_auditor_is_refused_the_alerts() -> None:
    assert Api(staff_user(Role.AUDITOR)).get("/alerts").status_code == 403


def test_the_lead_professional_responds_in_order_and_out_of_order_is_400() -> None:
    child = ChildFactory()
    api = Api(lead_professional_for(child))
    alert = AlertFactory(child=child)

    early = api.post(f"/alerts/{alert.pk}/close", {"reason": "Done."})
    assert early.status_code == 400
    assert "Record what was done" in early.content.decode()

    assert api.post(f"/alerts/{alert.pk}/acknowledge").json()["status"] == "acknowledged"
    assert api.post(f"/alerts/{alert.pk}/action", {"note": "Visited."}).status_code == 200
    closed = api.post(f"/alerts/{alert.pk}/close", {"reason": "Plan in place."})
    assert closed.json()["status"] == AlertStatus.CLOSED


def test_an_involved_practitioner_who_does_not_lead_is_refused_403() -> None:
    user, child = involved_user(Role.PRACTITIONER)
    alert = AlertFactory(child=child)
    assert Api(user).post(f"/alerts/{alert.pk}/acknowledge").status_code == 403
