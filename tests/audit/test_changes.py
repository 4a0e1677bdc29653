"""How services record a change: values as the audit log keeps them, and what changed."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from childtrust.audit.changes import audit_value, changes_details, update_and_record
from childtrust.audit.models import AuditAction, AuditEvent
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_audit_value_keeps_a_record_by_key_and_name_and_money_and_dates_as_text() -> None:
    agency = AgencyFactory(name="Itchen Families")
    assert audit_value(agency) == {"id": agency.pk, "name": "Itchen Families"}
    assert audit_value(Decimal("1250.50")) == "1250.50"
    assert audit_value(datetime.date(2026, 4, 1)) == "2026-04-01"
    assert audit_value(12) == 12
    assert audit_value(None) is None


def test_changes_details_lists_the_fields_changed_from_and_to() -> None:
    details = changes_details({"budget": (Decimal("10"), Decimal("12")), "name": ("A", "B")})
    assert details == {
        "changed": ["budget", "name"],
        "from": {"budget": "10", "name": "A"},
        "to": {"budget": "12", "name": "B"},
    }


def _no_errors() -> dict[str, str]:
    return {}


def test_update_and_record_saves_the_changed_fields_with_one_event_from_and_to() -> None:
    agency = AgencyFactory(name="Itchen Families", short_name="IF")
    actor = UserFactory()
    before = AuditEvent.objects.count()

    changed = update_and_record(
        actor=actor,
        instance=agency,
        changes={"name": "Itchen Family Hub", "short_name": "IF"},
        allowed={"name", "short_name"},
        errors=_no_errors,
    )

    assert changed == ["name"]
    agency.refresh_from_db()
    assert agency.name == "Itchen Family Hub"
    assert agency.modified_by == actor
    event = AuditEvent.objects.latest("sequence")
    assert AuditEvent.objects.count() == before + 1
    assert event.action == AuditAction.UPDATE
    assert event.details == {
        "changed": ["name"],
        "from": {"name": "Itchen Families"},
        "to": {"name": "Itchen Family Hub"},
    }


def test_update_and_record_keeps_values_out_of_the_log_when_asked() -> None:
    agency = AgencyFactory(name="Itchen Families")
    update_and_record(
        actor=UserFactory(),
        instance=agency,
        changes={"name": "Itchen Family Hub"},
        allowed={"name"},
        errors=_no_errors,
        values_in_log=False,
    )
    assert AuditEvent.objects.latest("sequence").details == {"changed": ["name"]}


def test_update_and_record_names_what_changed_beside_the_fields_in_the_same_event() -> None:
    agency = AgencyFactory(name="Itchen Families")
    actor = UserFactory()

    changed = update_and_record(
        actor=actor,
        instance=agency,
        changes={"name": "Itchen Family Hub"},
        allowed={"name"},
        errors=_no_errors,
        also_changed=["localities"],
    )

    assert changed == ["localities", "name"]
    assert AuditEvent.objects.latest("sequence").details == {
        "changed": ["localities", "name"],
        "from": {"name": "Itchen Families"},
        "to": {"name": "Itchen Family Hub"},
    }


def test_update_and_record_saves_and_records_a_change_beside_the_fields_alone() -> None:
    agency = AgencyFactory(name="Itchen Families")
    actor = UserFactory()
    before = AuditEvent.objects.count()

    changed = update_and_record(
        actor=actor,
        instance=agency,
        changes={"name": "Itchen Families"},
        allowed={"name"},
        errors=_no_errors,
        values_in_log=False,
        also_changed=["localities"],
    )

    assert changed == ["localities"]
    agency.refresh_from_db()
    assert agency.modified_by == actor
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("sequence").details == {"changed": ["localities"]}


def test_update_and_record_with_nothing_changed_saves_and_records_nothing() -> None:
    agency = AgencyFactory(name="Itchen Families")
    before = AuditEvent.objects.count()
    assert (
        update_and_record(
            actor=UserFactory(),
            instance=agency,
            changes={"name": "Itchen Families"},
            allowed={"name"},
            errors=_no_errors,
        )
        == []
    )
    assert AuditEvent.objects.count() == before


def test_a_refused_update_leaves_the_record_as_it_was_and_records_nothing() -> None:
    agency = AgencyFactory(name="Itchen Families")
    before = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as refusal:
        update_and_record(
            actor=UserFactory(),
            instance=agency,
            changes={"name": "Somewhere else"},
            allowed={"name"},
            errors=lambda: {"name": "That name is taken"},
        )

    assert refusal.value.message_dict == {"name": ["That name is taken"]}
    assert agency.name == "Itchen Families"
    agency.refresh_from_db()
    assert agency.name == "Itchen Families"
    assert AuditEvent.objects.count() == before


def test_a_field_that_may_not_be_changed_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="has no changeable fields"):
        update_and_record(
            actor=UserFactory(),
            instance=AgencyFactory(),
            changes={"slug": "elsewhere"},
            allowed={"name"},
            errors=_no_errors,
        )
