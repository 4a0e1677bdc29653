"""Fixtures shared by the whole suite: a signed-in client for each role."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client

from childtrust.accounts.models import Role, User
from tests.factories import UserFactory

ALL_ROLES = list(Role)


@pytest.fixture
def user_with_role(db: None) -> Callable[[str], User]:
    def make(role: str) -> User:
        return UserFactory(username=f"{role}-user", role=role)

    return make


@pytest.fixture
def client_for(user_with_role: Callable[[str], User]) -> Callable[[str], Client]:
    """A test client signed in as a fresh user with the given role."""

    def make(role: str) -> Client:
        client = Client()
        client.force_login(user_with_role(role))
        return client

    return make


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache, so that no page cached by one test answers another."""
    cache.clear()
