"""The child over the API: the page's rules (404 to a reader who may not know the child exists,
the limited view without a relationship, no sensitive involvement without consent, one audit
event per read), and recording an involvement and a sharing decision."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from childtrust.accounts.models import ApiTokenScope, Role, User
from childtrust.accounts.services import api_token_create
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.children.models import Involvement, Sensitivity, SharingDecision
from tests.children.factories import (
    AgencyRecordFactory,
    BreakGlassFactory,
    ChildFactory,
    InvolvementFactory,
    ShieldedChildFactory,
    involved_user,
    staff_user,
)
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user: User) -> None:
        _, raw = api_token_create(user=user, name="test", scope=ApiTokenScope.READ_WRITE)
        self.headers = {"Authorization": f"Bearer {raw}"}
        self.client = Client()

    def get(self, path: str) -> Any:
        return self.client.get(f"/api/v1{path}", headers=self.headers)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(
            f"/api/v1{path}", json.dumps(body), "application/json", headers=self.headers
        )


def test_an_involved_practitioner_reads_the_child_and_the_read_is_audited() -> None:
    user, child = involved_user(Role.PRACTITIONER, ChildFactory(given_name="Amara"))
    AgencyRecordFactory(child=child, record_id="SCH-77")
    response = Api(user).get(f"/children/{child.reference}")
    body = response.json()
    assert response.status_code == 200
    assert body["known_only"] is False
    assert body["given_name"] == "Amara"
    assert [r["record_id"] for r in body["records"]] == ["SCH-77"]
    assert body["relationship"] == "involved"
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(child.pk)).count() == 1


def test_without_a_relationship_the_api_gives_only_whom_to_contact() -> None:
    user = staff_user(Role.PRACTITIONER)
    child = ChildFactory(given_name="Amara")
    InvolvementFactory(child=child, contact="023 8011 2233")
    AgencyRecordFactory(child=child)
    body = Api(user).get(f"/children/{child.reference}").json()
    assert body["known_only"] is True
    assert body["given_name"] is None
    assert body["records"] is None
    assert body["involvements"] is None
    assert [c["contact"] for c in body["contacts"]] == ["023 8011 2233"]
    assert "Amara" not in json.dumps(body)


def test_a_shielded_child_is_404_over_the_api() -> None:
    user = staff_user(Role.FRONT_DOOR)
    child = ShieldedChildFactory()
    assert Api(user).get(f"/children/{child.reference}").status_code == 404


def test_an_expired_break_glass_opens_nothing_over_the_api() -> None:
    user = staff_user(Role.FRONT_DOOR)
    started = timezone.now() - timezone.timedelta(hours=9)
    glass = BreakGlassFactory(user=user, started_at=started)
    assert Api(user).get(f"/children/{glass.child.reference}").status_code == 404


def test_a_sensitive_involvement_is_hidden_over_the_api_without_consent() -> None:
    user, child = involved_user(Role.PRACTITIONER)
    InvolvementFactory(child=child, sensitivity=Sensitivity.SUBSTANCE_MISUSE, role="Substance")
    body = Api(user).get(f"/children/{child.reference}").json()
    assert [i["role"] for i in body["involvements"]] == ["Health visitor"]


def test_a_role_without_children_is_refused() -> None:
    user = staff_user(Role.FINANCE_OFFICER)
    assert Api(user).get(f"/children/{ChildFactory().reference}").status_code == 404


def test_the_front_door_records_an_involvement_over_the_api() -> None:
    user = staff_user(Role.FRONT_DOOR)
    child = ChildFactory()
    worker = StaffMemberFactory()
    today = timezone.localdate().isoformat()
    response = Api(user).post(
        f"/children/{child.reference}/involvements",
        {"practitioner_id": worker.pk, "role": "Key worker", "started_on": today},
    )
    assert response.status_code == 201
    assert Involvement.objects.get().practitioner == worker


def test_a_practitioner_without_a_relationship_may_not_record_over_the_api() -> None:
    user = staff_user(Role.PRACTITIONER)
    child = ChildFactory()
    today = timezone.localdate().isoformat()
    response = Api(user).post(
        f"/children/{child.reference}/involvements",
        {"practitioner_id": user.staff_member.pk, "role": "Key worker", "started_on": today},
    )
    assert response.status_code == 403
    assert not Involvement.objects.exists()


def test_a_sharing_decision_over_the_api_needs_an_overrides_reason() -> None:
    user = staff_user(Role.FRONT_DOOR)
    child = ChildFactory()
    body = {
        "what_shared": "Attendance",
        "shared_with": "Police",
        "purpose": "s47 enquiry",
        "lawful_basis": "public_task",
        "outcome": "overridden",
        "decided_on": timezone.localdate().isoformat(),
    }
    api = Api(user)
    refused = api.post(f"/children/{child.reference}/sharing-decisions", body)
    assert refused.status_code == 400
    assert "overridden" in refused.json()["detail"]
    assert not SharingDecision.objects.exists()
    done = api.post(
        f"/children/{child.reference}/sharing-decisions", body | {"override_reason": "Risk"}
    )
    assert done.status_code == 201
    assert SharingDecision.objects.get().created_by == user
