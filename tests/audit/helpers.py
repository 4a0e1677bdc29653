"""What a tamperer with database rights would do: drop the trigger, then change rows by SQL."""

from __future__ import annotations

from typing import Any

from django.db import connection

from childtrust.audit.models import AuditChainHead, AuditEvent
from tests.audit.triggers import drop_audit_triggers

TABLE = AuditEvent._meta.db_table
HEAD_TABLE = AuditChainHead._meta.db_table


def drop_append_only_triggers() -> None:
    """Inside a test's transaction this is rolled back with everything else (both SQLite and
    PostgreSQL roll back DDL), so later tests still have the triggers."""
    with connection.cursor() as cursor:
        drop_audit_triggers(cursor)


def set_column(sequence: int, field_name: str, value: Any) -> None:
    field = AuditEvent._meta.get_field(field_name)
    db_value = field.get_db_prep_value(value, connection, prepared=False)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET {field.column} = %s WHERE sequence = %s",  # noqa: S608
            [db_value, sequence],
        )


def delete_event(sequence: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE sequence = %s", [sequence])  # noqa: S608


def delete_every_event_and_the_head() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
        cursor.execute(f"DELETE FROM {HEAD_TABLE}")  # noqa: S608


def move_head(sequence: int, hash_: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {HEAD_TABLE} SET sequence = %s, hash = %s",  # noqa: S608
            [sequence, hash_],
        )
