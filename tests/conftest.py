"""Fixtures shared by the whole suite (a signed-in client for each role), and which tests run on
which database.

Which tests run where. `make test` is the one command, and CI runs it twice: on SQLite, and with
DATABASE_URL set, on PostgreSQL. Every test runs on SQLite. On any other database only the tests
that use the database run, since only they can behave differently there: the tests that use no
database, and the browser tests (whose pages the database tests also check over HTTP, on both),
run on SQLite alone. CHILDTRUST_FULL_SUITE=1 runs every test on either database.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client

from childtrust.accounts.models import Role, User
from tests.audit.triggers import flush_past_audit_triggers
from tests.factories import UserFactory

ALL_ROLES = list(Role)

BROWSER_TESTS_DIR = Path(__file__).parent / "browser"

# pytest-django's fixtures that give a test the database (the django_db mark asks for them too).
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
)


def _full_suite_everywhere() -> bool:
    return os.environ.get("CHILDTRUST_FULL_SUITE") == "1"


def _on_sqlite() -> bool:
    return connection.vendor == "sqlite"


def _uses_the_database(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return item.get_closest_marker("django_db") is not None or bool(fixtures & DATABASE_FIXTURES)


def _runs_on_sqlite_only(item: pytest.Item) -> bool:
    return BROWSER_TESTS_DIR in item.path.parents or not _uses_the_database(item)


def pytest_report_header() -> str:
    if _on_sqlite() or _full_suite_everywhere():
        return "childtrust: every test runs on this database"
    return (
        f"childtrust: on {connection.vendor} only the tests that use the database run; the "
        "browser tests and those without a database run on SQLite (CHILDTRUST_FULL_SUITE=1 "
        "runs them here too)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out what runs on SQLite only (see the module's docstring) when this is not SQLite."""
    if _on_sqlite() or _full_suite_everywhere():
        return
    left_out = [item for item in items if _runs_on_sqlite_only(item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not _runs_on_sqlite_only(item)]


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


@pytest.fixture(autouse=True, scope="session")
def _flush_past_audit_triggers() -> Iterator[None]:
    """The audit log's triggers refuse DELETE and TRUNCATE, with which pytest-django empties the
    tables after a transactional test: lifted for that alone (tests/audit/triggers.py)."""
    with flush_past_audit_triggers():
        yield


@pytest.fixture(autouse=True)
def _audit_checkpoints_start_empty() -> Iterator[None]:
    """Each test starts with no audit checkpoint, as its database starts with no event."""
    yield
    settings.AUDIT_CHECKPOINT_FILE.unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache, so that no page cached by one test answers another."""
    cache.clear()
