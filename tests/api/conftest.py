"""Fixtures for the API: a client that sends a real token for a user of a given role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from childtrust.accounts.models import Role, User
from childtrust.accounts.services import api_token_create
from tests.factories import UserFactory


class ApiClient:
    """A test client that sends `Authorization: Bearer <token>` with every request."""

    def __init__(self, token: str | None) -> None:
        self.token = token
        self.client = Client()

    def get(self, path: str, data: dict[str, Any] | None = None) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token is not None else {}
        return self.client.get(f"/api/v1{path}", data, headers=headers)


@pytest.fixture
def token_for(db: None) -> Callable[[User], str]:
    def make(user: User) -> str:
        _, raw = api_token_create(user=user, name="test")
        return raw

    return make


@pytest.fixture
def api_client_for(token_for: Callable[[User], str]) -> Callable[[str], ApiClient]:
    """An API client holding a fresh token of a fresh user with the given role."""

    def make(role: str) -> ApiClient:
        return ApiClient(token_for(UserFactory(username=f"api-{role}", role=role)))

    return make


@pytest.fixture
def api(api_client_for: Callable[[str], ApiClient]) -> ApiClient:
    """An API client for a practitioner, the commonest partner-system user."""
    return api_client_for(Role.PRACTITIONER)
