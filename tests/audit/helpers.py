"""What a tamperer with database rights would do: drop the trigger, then change rows by SQL."""

from __future__ import annotations

from typing import Any

from django.db import connection

from childtrust.audit.models import AuditEvent

TABLE = AuditEvent._meta.db_table


def drop_append_only_triggers() -> None:
    """Inside a test's transaction this is rolled back with everything else (both SQLite and
    PostgreSQL roll back DDL), so later tests still have the triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER audit_event_no_change ON {TABLE}")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")


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


def trigger_names() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [TABLE],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE]
            )
        return {row[0] for row in cursor.fetchall()}
