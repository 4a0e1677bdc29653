"""The front door's API: a referral sent, listed, read and taken through its steps; the clocks;
who may and who may not; bad input refused with every message, nothing written."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from childtrust.accounts.models import ApiTokenScope, Role, User
from childtrust.accounts.services import api_token_create
from childtrust.safeguarding import models as s
from tests.children.factories import ChildFactory, ShieldedChildFactory, involved_user, staff_user
from tests.safeguarding.factories_front_door import (
    ClockFactory,
    ReferralFactory,
    ScreenedReferralFactory,
    front_door_user,
    manager_line,
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


def _body(reference: str, **changes: Any) -> dict[str, Any]:
    return {
        "child": reference,
        "kind": "referral",
        "received_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
        "referrer_name": "Sam Okafor",
        "referrer_email": "sam@school.example.org",
        "reason": "Hungry and bruised.",
    } | changes


def test_a_referral_sent_starts_its_decision_clock() -> None:
    response = Api(front_door_user()).post("/referrals", _body(ChildFactory().reference))
    assert response.status_code == 201
    out = response.json()
    assert out["stage"] == "received"
    assert out["decision_due"] is not None
    assert s.Clock.objects.get().kind == s.ClockKind.DECISION


def test_a_time_sent_without_its_offset_is_read_as_the_partnerships_own() -> None:
    response = Api(front_door_user()).post(
        "/referrals", _body(ChildFactory().reference, received_at="2026-07-01T09:30:00")
    )
    assert response.status_code == 201
    assert response.json()["received_at"] == "2026-07-01T09:30:00+01:00"  # British Summer Time


def test_a_practitioner_may_refer_but_not_list_or_screen() -> None:
    practitioner = staff_user(Role.PRACTITIONER)
    api = Api(practitioner)
    assert api.post("/referrals", _body(ChildFactory().reference)).status_code == 201
    assert api.get("/referrals").status_code == 403
    referral = ReferralFactory()
    involved, _child = involved_user(Role.PRACTITIONER, referral.child)
    assert Api(involved).get(f"/referrals/{referral.pk}").status_code == 200
    refused = Api(involved).post(f"/referrals/{referral.pk}/screen", {"rag": "red", "note": "x"})
    assert refused.status_code == 403
    assert api.get(f"/referrals/{referral.pk}").status_code == 404  # no relationship
    assert api.post("/referrals", _body(ShieldedChildFactory().reference)).status_code == 404
    finance = Api(staff_user(Role.FINANCE_OFFICER))
    assert finance.post("/referrals", _body(ChildFactory().reference)).status_code == 403


def test_a_bad_referral_is_refused_with_every_message_and_nothing_written() -> None:
    response = Api(front_door_user()).post(
        "/referrals",
        _body(
            ChildFactory().reference,
            referrer_name=" ",
            reason="",
            referrer_email="nope",
            received_at=(timezone.now() + datetime.timedelta(days=2)).isoformat(),
        ),
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    for words in ("name of the person", "worried", "email address", "now or in the past"):
        assert words in detail
    assert not s.Referral.objects.exists()
    unknown = Api(front_door_user()).post(
        "/referrals", _body(ChildFactory().reference, concerns=[987654])
    )
    assert unknown.status_code == 400
    assert not s.Referral.objects.exists()


def test_the_front_door_takes_a_referral_through_its_steps() -> None:
    api = Api(front_door_user())
    referral_id = api.post("/referrals", _body(ChildFactory().reference)).json()["id"]
    assert api.get("/referrals").json()["items"][0]["id"] == referral_id
    early = api.post(f"/referrals/{referral_id}/decision", {"decision": "nfa", "reason": "x"})
    assert early.status_code == 400
    assert "cannot be decided now" in early.json()["detail"]
    screened = api.post(f"/referrals/{referral_id}/screen", {"rag": "amber", "note": "Known."})
    assert screened.json()["stage"] == "screened"
    decided = api.post(
        f"/referrals/{referral_id}/decision", {"decision": "s17", "reason": "Needs support."}
    )
    assert decided.json()["stage"] == "decided"
    told = api.post(f"/referrals/{referral_id}/referrer-told", {"how": "By phone"})
    assert told.json()["stage"] == "closed"
    assert api.get("/referrals").json()["count"] == 0
    assert api.get("/referrals?stage=closed").json()["count"] == 1


def test_a_bad_screening_is_refused_by_the_schema() -> None:
    referral = ScreenedReferralFactory(stage=s.ReferralStage.RECEIVED)
    response = Api(front_door_user()).post(
        f"/referrals/{referral.pk}/screen", {"rag": "blue", "note": ""}
    )
    assert response.status_code in (400, 422)
    referral.refresh_from_db()
    assert referral.rag == s.Rag.AMBER
    assert referral.stage == s.ReferralStage.RECEIVED


def test_the_clocks_as_each_may_see_them() -> None:
    _head, manager, owner = manager_line()
    mine = ClockFactory(owner=owner.staff_member, due_on=timezone.localdate())
    ClockFactory()
    out = Api(manager).get("/clocks").json()
    assert [item["id"] for item in out["items"]] == [mine.pk]
    assert out["items"][0]["words"] == "due today"
    assert out["items"][0]["state"] == "near_breach"
    assert Api(front_door_user()).get("/clocks").json()["count"] == 2
    assert Api(owner).get("/clocks").status_code == 403
