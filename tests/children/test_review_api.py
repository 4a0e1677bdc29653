"""Clerical review through the API: the pending pairs (paged, likeliest first, audited) and
deciding one; 403 for every role but the front door and administrators."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from childtrust.accounts.models import ApiTokenScope, Role, User
from childtrust.accounts.services import api_token_create
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.children.models import ReviewStatus
from tests.children.factories import AgencyRecordFactory, ChildFactory
from tests.children.factories_review import LinkReviewFactory
from tests.conftest import ALL_ROLES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REVIEWERS = {Role.FRONT_DOOR, Role.PARTNERSHIP_ADMIN}


class Api:
    def __init__(self, user: User) -> None:
        _, raw = api_token_create(user=user, name="test", scope=ApiTokenScope.READ_WRITE)
        self.headers = {"Authorization": f"Bearer {raw}"}
        self.client = Client()

    def get(self, path: str, data: dict[str, Any] | None = None) -> Any:
        return self.client.get(f"/api/v1{path}", data, headers=self.headers)

    def post(self, path: str, body: object) -> Any:
        return self.client.post(
            f"/api/v1{path}", json.dumps(body), "application/json", headers=self.headers
        )


def _api(role: Role) -> Api:
    return Api(UserFactory(role=role))


@pytest.mark.parametrize("role", sorted(REVIEWERS))
def test_reviewers_list_the_pending_pairs_likeliest_first_in_pages(role: Role) -> None:
    likely = LinkReviewFactory(match_probability=0.9)
    LinkReviewFactory(match_probability=0.6)
    LinkReviewFactory(status=ReviewStatus.ACCEPTED)
    answer = _api(role).get("/link-reviews", {"page_size": 1})
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 2
    assert body["next"] is not None
    (item,) = body["items"]
    assert item["id"] == likely.pk
    assert item["record"]["record_id"] == likely.record.record_id
    # The starting weight first, then each field's part: together, the match weight.
    assert item["evidence"][0]["field"] == "prior"
    assert sum(part["weight"] for part in item["evidence"]) == pytest.approx(item["match_weight"])
    assert item["evidence"][1] == {
        "field": "given_name",
        "level": "Nickname or variant",
        "weight": 4.1,
    }
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_type="children.linkreview")
    assert event.details["reviews"] == [likely.pk]


@pytest.mark.parametrize("role", sorted(set(ALL_ROLES) - REVIEWERS))
def test_every_other_role_is_refused_the_list_and_the_decision(role: Role) -> None:
    review = LinkReviewFactory()
    api = _api(role)
    assert api.get("/link-reviews").status_code == 403
    refused = api.post(f"/link-reviews/{review.pk}/decision", {"same": True, "note": ""})
    assert refused.status_code == 403
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING


def test_deciding_a_pair_says_where_the_records_are() -> None:
    child = ChildFactory()
    review = LinkReviewFactory(record=AgencyRecordFactory(child=child))
    answer = _api(Role.FRONT_DOOR).post(
        f"/link-reviews/{review.pk}/decision", {"same": True, "note": "Same GP, same school"}
    )
    assert answer.status_code == 200
    assert answer.json() == {"id": review.pk, "status": "accepted", "children": [child.reference]}


def test_a_rejection_without_a_note_and_a_second_decision_are_refused() -> None:
    review = LinkReviewFactory()
    api = _api(Role.PARTNERSHIP_ADMIN)
    path = f"/link-reviews/{review.pk}/decision"
    no_note = api.post(path, {"same": False})
    assert no_note.status_code == 400
    assert no_note.json() == {"detail": "Enter why the records are not of the same child."}
    assert api.post(path, {"same": False, "note": "Different parents"}).status_code == 200
    again = api.post(path, {"same": True, "note": ""})
    assert again.status_code == 400
    assert "already been decided" in again.json()["detail"]


def test_an_unknown_pair_is_not_found() -> None:
    answer = _api(Role.FRONT_DOOR).post("/link-reviews/999999/decision", {"same": True})
    assert answer.status_code == 404
