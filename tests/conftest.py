"""Fixtures shared by the whole suite (a signed-in client for each role), and how the suite is
spread over pytest-xdist's workers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client

from childtrust.accounts.models import Role, User
from tests.factories import UserFactory

ALL_ROLES = list(Role)

# Tests that read the demo partnership, which is loaded once for all of them (see its conftest).
LOADED_DEMO_TESTS_DIR = Path(__file__).parent / "demo" / "loaded"


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the tests that read the loaded demo in one xdist group: with `--dist loadgroup` one
    worker runs them all, so the demo is loaded once per run rather than once per worker."""
    for item in items:
        if LOADED_DEMO_TESTS_DIR in item.path.parents:
            item.add_marker(pytest.mark.xdist_group("loaded_demo"))


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
