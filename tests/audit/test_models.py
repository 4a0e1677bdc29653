"""The database itself refuses to change audit events or move the chain's head back (the
triggers of migrations 0002 and 0004), on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from childtrust.audit.integrity import verify_chain
from childtrust.audit.models import AuditAction, AuditChainHead, AuditEvent
from childtrust.audit.services import audit_record
from tests.audit.helpers import HEAD_TABLE, TABLE
from tests.audit.triggers import expected_triggers, trigger_names

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no TRUNCATE (its DELETE is refused)"
)


@pytest.fixture
def event() -> AuditEvent:
    audit_record(actor=None, action=AuditAction.VIEW, reason="first")
    return audit_record(actor=None, action=AuditAction.VIEW, reason="second")


def test_the_triggers_are_in_place_even_after_tests_that_dropped_them() -> None:
    """tests/audit/test_integrity.py drops them inside its tests' transactions, and the suite
    lifts them while it empties the tables after a transactional test."""
    assert set(expected_triggers()) <= trigger_names()


def test_an_orm_update_of_an_event_is_refused(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(reason="kinder")
    event.refresh_from_db()
    assert event.reason == "second"
    assert verify_chain().ok


def test_saving_a_changed_event_is_refused(event: AuditEvent) -> None:
    event.reason = "kinder"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).reason == "second"


def test_a_raw_sql_update_of_an_event_is_refused(event: AuditEvent) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {TABLE} SET reason = 'kinder'")  # noqa: S608
    assert list(AuditEvent.objects.values_list("reason", flat=True)) == ["second", "first"]


def test_an_orm_delete_of_an_event_is_refused(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.count() == 2


def test_a_raw_sql_delete_of_an_event_is_refused(event: AuditEvent) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
    assert AuditEvent.objects.count() == 2


def test_new_events_are_still_appended(event: AuditEvent) -> None:
    assert audit_record(actor=None, action=AuditAction.VIEW).sequence == 3


@postgresql_only
def test_truncating_the_events_is_refused(event: AuditEvent) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"TRUNCATE {TABLE}")
    assert AuditEvent.objects.count() == 2


@postgresql_only
def test_truncating_the_head_is_refused(event: AuditEvent) -> None:
    with (
        pytest.raises(DatabaseError, match="only moves forward"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"TRUNCATE {HEAD_TABLE}")
    assert AuditChainHead.objects.get().sequence == 2


def test_deleting_the_head_is_refused(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError, match="only moves forward"), transaction.atomic():
        AuditChainHead.objects.all().delete()
    assert AuditChainHead.objects.get().sequence == 2


def test_moving_the_head_back_is_refused(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError, match="only moves forward"), transaction.atomic():
        AuditChainHead.objects.update(sequence=1, hash=event.previous_hash)
    assert AuditChainHead.objects.get().sequence == 2
