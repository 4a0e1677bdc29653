"""Who may call the API: only a person with a live token (not revoked, not expired) whose role
may use the API, and only to read unless the token was made to read and write."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from childtrust.accounts import roles
from childtrust.accounts.models import ApiToken, ApiTokenScope, Role, User
from childtrust.accounts.roles import ROLE_CAPABILITIES
from childtrust.accounts.services import api_token_create
from childtrust.api.auth import (
    NOT_ALLOWED_MESSAGE,
    READ_ONLY_MESSAGE,
    READING_METHODS,
    UNAUTHENTICATED_MESSAGE,
)
from childtrust.api.urls import api
from childtrust.audit.models import AuditEvent
from childtrust.core.permissions import Capability
from tests.api.conftest import ApiClient
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)


def assert_refused_for_want_of_a_token(response: Any) -> None:
    assert response.status_code == 401
    assert response.json() == {"detail": UNAUTHENTICATED_MESSAGE}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_request_without_a_token_is_refused_with_401_and_a_message() -> None:
    assert_refused_for_want_of_a_token(ApiClient(token=None).get("/agencies"))


def test_request_with_an_unknown_token_is_refused() -> None:
    assert_refused_for_want_of_a_token(ApiClient(token="ct_not-a-real-token").get("/agencies"))


def test_request_with_an_empty_bearer_token_is_refused() -> None:
    assert_refused_for_want_of_a_token(ApiClient(token="").get("/agencies"))


def test_token_sent_with_another_scheme_is_refused(token_for: Callable[[User], str]) -> None:
    token = token_for(UserFactory())

    response = Client().get("/api/v1/agencies", headers={"Authorization": f"Token {token}"})

    assert_refused_for_want_of_a_token(response)


def test_revoked_token_is_refused(token_for: Callable[[User], str]) -> None:
    user = UserFactory()
    token = token_for(user)
    assert ApiClient(token).get("/agencies").status_code == 200
    ApiToken.objects.filter(user=user).update(revoked_at=timezone.now())

    assert_refused_for_want_of_a_token(ApiClient(token).get("/agencies"))


def test_token_of_an_inactive_user_is_refused(token_for: Callable[[User], str]) -> None:
    user = UserFactory()
    token = token_for(user)
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert_refused_for_want_of_a_token(ApiClient(token).get("/agencies"))


def test_signed_in_browser_session_is_not_enough_without_a_token(
    client_for: Callable[[str], Client],
) -> None:
    response = client_for(Role.PARTNERSHIP_ADMIN).get("/api/v1/agencies")

    assert_refused_for_want_of_a_token(response)


def test_refusal_on_a_detail_endpoint_comes_before_the_404() -> None:
    assert_refused_for_want_of_a_token(ApiClient(token=None).get("/services/no-such-service"))


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_with_use_api_may_call_the_api(
    role: str, api_client_for: Callable[[str], ApiClient]
) -> None:
    AgencyFactory(name="Sure Start Children's Centres")

    response = api_client_for(role).get("/agencies")

    may_use_api = Capability.USE_API in ROLE_CAPABILITIES[role]
    assert response.status_code == (200 if may_use_api else 403)
    if may_use_api:
        assert response.json()["items"][0]["name"] == "Sure Start Children's Centres"


def test_role_without_use_api_is_refused_with_403_even_with_a_live_token(
    monkeypatch: pytest.MonkeyPatch, api_client_for: Callable[[str], ApiClient]
) -> None:
    client = api_client_for(Role.AUDITOR)
    monkeypatch.setitem(
        roles.ROLE_CAPABILITIES,
        Role.AUDITOR,
        ROLE_CAPABILITIES[Role.AUDITOR] - {Capability.USE_API},
    )

    response = client.get("/agencies")

    assert response.status_code == 403
    assert response.json() == {"detail": NOT_ALLOWED_MESSAGE}


def test_using_a_token_records_when_it_was_last_used(token_for: Callable[[User], str]) -> None:
    user = UserFactory()
    token = token_for(user)
    assert ApiToken.objects.get(user=user).last_used_at is None

    ApiClient(token).get("/agencies")

    assert ApiToken.objects.get(user=user).last_used_at is not None


def _write_operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return [
        (method.upper(), re.sub(r"\{[^}]+\}", "1", path))
        for path, operations in schema["paths"].items()
        for method in operations
        if method.upper() not in READING_METHODS
    ]


WRITE_OPERATIONS = _write_operations()


def test_the_api_has_write_operations_to_refuse() -> None:
    assert len(WRITE_OPERATIONS) >= 10


@pytest.mark.parametrize(("method", "path"), WRITE_OPERATIONS)
def test_a_read_only_token_is_refused_every_change_with_403_and_a_clear_message(
    method: str, path: str
) -> None:
    """A strategic lead's role may change the budget, costings and appraisals: the token may
    not, and nothing is written or audited."""
    _, token = api_token_create(user=UserFactory(role=Role.STRATEGIC_LEAD))
    events = AuditEvent.objects.count()

    response = Client().generic(
        method, path, "{}", "application/json", headers={"Authorization": f"Bearer {token}"}
    )

    assert response.status_code == 403
    assert response.json() == {"detail": READ_ONLY_MESSAGE}
    assert AuditEvent.objects.count() == events


def test_a_read_and_write_token_may_change_what_its_role_may() -> None:
    _, token = api_token_create(
        user=UserFactory(role=Role.STRATEGIC_LEAD), scope=ApiTokenScope.READ_WRITE
    )

    response = Client().post(
        "/api/v1/budget/years",
        {"start_year": 2031},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.status_code == 201, response.content


def test_an_expired_token_is_refused_as_an_unknown_one_is(
    token_for: Callable[[User], str],
) -> None:
    user = UserFactory()
    token = token_for(user)
    assert ApiClient(token).get("/agencies").status_code == 200
    ApiToken.objects.filter(user=user).update(expires_at=timezone.now())

    assert_refused_for_want_of_a_token(ApiClient(token).get("/agencies"))
