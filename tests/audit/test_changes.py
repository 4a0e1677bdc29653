"""How services record a change: values as the audit log keeps them, and what changed."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from childtrust.audit.changes import audit_value, changes_details
from tests.factories import AgencyFactory

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
