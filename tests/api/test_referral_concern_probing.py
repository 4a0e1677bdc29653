"""An attacker probing concern IDs through POST /api/v1/referrals: a concern that does not
exist, one about another child, one about a shielded child the caller may not know of and a
restricted one of another child's all get the same answer (status and message), so that the
answers tell no caller which IDs exist nor whose they are; nothing is written."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.test import Client
from django.utils import timezone

from childtrust.accounts.models import ApiTokenScope, Role, User
from childtrust.accounts.services import api_token_create
from childtrust.safeguarding import models as s
from childtrust.safeguarding.services.front_door import CONCERN_NOT_THE_CHILDS, referral_receive
from tests.children.factories import ChildFactory, ShieldedChildFactory, staff_user
from tests.safeguarding.factories_concerns import ConcernFactory, RestrictedConcernFactory
from tests.safeguarding.factories_front_door import front_door_user

pytestmark = pytest.mark.django_db


def _send(user: User, reference: str, concerns: list[int], **changes: Any) -> Any:
    _, raw = api_token_create(user=user, name="probe", scope=ApiTokenScope.READ_WRITE)
    body = {
        "child": reference,
        "kind": "referral",
        "received_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
        "referrer_name": "Sam Okafor",
        "reason": "Hungry and bruised.",
        "concerns": concerns,
    } | changes
    return Client().post(
        "/api/v1/referrals",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )


def _answer(response: Any) -> tuple[int, Any]:
    return response.status_code, response.json()


@pytest.mark.parametrize("role", [Role.FRONT_DOOR, Role.PRACTITIONER])
def test_a_missing_concern_and_anothers_get_the_same_answer(role: Role) -> None:
    user = front_door_user() if role == Role.FRONT_DOOR else staff_user(role)
    child = ChildFactory()
    others = ConcernFactory()
    shielded = ConcernFactory(child=ShieldedChildFactory())
    restricted = RestrictedConcernFactory()
    missing = (s.Concern.objects.aggregate(top=Max("pk"))["top"] or 0) + 1000

    answers = {
        name: _answer(_send(user, child.reference, [concern_id]))
        for name, concern_id in [
            ("missing", missing),
            ("another child's", others.pk),
            ("a shielded child's", shielded.pk),
            ("another child's restricted", restricted.pk),
        ]
    }

    status, body = answers["missing"]
    assert status == 400
    assert CONCERN_NOT_THE_CHILDS in json.dumps(body)
    assert {name: answer for name, answer in answers.items() if answer != (status, body)} == {}
    assert not s.Referral.objects.exists()


def test_the_childs_own_concern_is_taken_and_the_others_refused_with_it() -> None:
    user = front_door_user()
    child = ChildFactory()
    own = ConcernFactory(child=child)
    mixed = _send(user, child.reference, [own.pk, ConcernFactory().pk])
    assert mixed.status_code == 400
    assert not s.Referral.objects.exists()
    taken = _send(user, child.reference, [own.pk])
    assert taken.status_code == 201
    assert taken.json()["concerns"] == [own.pk]


def test_a_bad_agency_and_a_bad_concern_are_told_at_once() -> None:
    response = _send(
        front_door_user(), ChildFactory().reference, [ConcernFactory().pk], referrer_agency="nope"
    )
    assert response.status_code == 400
    detail = json.dumps(response.json())
    assert "No agency has that slug" in detail
    assert CONCERN_NOT_THE_CHILDS in detail


def test_the_service_refuses_another_childs_concern_in_the_same_words() -> None:
    with pytest.raises(ValidationError) as refused:
        referral_receive(
            actor=front_door_user(),
            child=ChildFactory(),
            kind=s.ReferralKind.REFERRAL,
            received_at=timezone.now(),
            referrer_name="Sam Okafor",
            reason="Hungry.",
            concerns=[ConcernFactory()],
        )
    assert refused.value.message_dict == {"concerns": [CONCERN_NOT_THE_CHILDS]}
