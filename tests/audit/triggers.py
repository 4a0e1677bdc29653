"""The audit log's triggers, as the tests see them: which are in place, dropping them as a
tamperer with database rights would, and lifting them while the test suite empties the tables.

pytest-django empties every table after a transactional test (Django's flush: TRUNCATE on
PostgreSQL, DELETE on SQLite), which the triggers rightly refuse. `flush_past_audit_triggers`
wraps Django's flush so that it drops them, empties the tables and makes them again, all in the
flush's one transaction; nothing else in the suite (or in the service) goes around them."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.backends.base.operations import BaseDatabaseOperations

# The events' and the head's triggers (0004), and the nightly checks' (0006).
MIGRATIONS = [
    importlib.import_module(f"childtrust.audit.migrations.{name}")
    for name in ("0004_seal_and_refuse_delete_and_truncate", "0006_signed_checks_refuse_change")
]


def expected_triggers() -> dict[str, str]:
    """Trigger name: table, for this database."""
    return {
        name: table
        for migration in MIGRATIONS
        for name, table in migration.TRIGGERS[connection.vendor].items()
    }


def trigger_names() -> set[str]:
    tables = sorted(set(expected_triggers().values()))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                "AND tgrelid IN (SELECT oid FROM pg_class WHERE relname = ANY(%s))",
                [tables],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "  # noqa: S608
                f"AND tbl_name IN ({', '.join(['%s'] * len(tables))})",
                tables,
            )
        return {row[0] for row in cursor.fetchall()}


def drop_audit_triggers(cursor: Any) -> None:
    for name, table in expected_triggers().items():
        on_table = f" ON {table}" if connection.vendor == "postgresql" else ""
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on_table}")


def create_audit_triggers(cursor: Any) -> None:
    for migration in MIGRATIONS:
        for statement in migration.CREATE_STATEMENTS[connection.vendor]:
            cursor.execute(statement)


def _flush_past_triggers(original: Callable[..., None]) -> Callable[..., None]:
    def execute_sql_flush(self: BaseDatabaseOperations, sql_list: list[str]) -> None:
        # The suite uses the one database. Triggers a test dropped are made again too.
        audited = (
            self.connection.alias == DEFAULT_DB_ALIAS
            and "audit_auditevent" in self.connection.introspection.table_names()
        )
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            if audited:
                drop_audit_triggers(cursor)
            original(self, sql_list)
            if audited:
                create_audit_triggers(cursor)

    return execute_sql_flush


@contextmanager
def flush_past_audit_triggers() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            BaseDatabaseOperations,
            "execute_sql_flush",
            _flush_past_triggers(BaseDatabaseOperations.execute_sql_flush),
        )
        yield
