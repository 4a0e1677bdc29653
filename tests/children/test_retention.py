"""Retention: kept to the 18th birthday (the 25th for a care leaver), then anonymised on every
record and version; a dry run changes nothing; one audit event a child; only the data
protection lead runs it in the service."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.children.models import AgencyRecord, AgencyRecordVersion, Child
from childtrust.children.search_keys import child_search_keys_refresh
from childtrust.children.selectors.retention import birthday_at, children_retention_due
from childtrust.children.selectors.search import SearchTerms, children_search
from childtrust.children.services.retention import children_retention_apply
from tests.children.factories import AgencyRecordFactory, ChildFactory, staff_user
from tests.conftest import ALL_ROLES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 4)


def _due(today: datetime.date = TODAY) -> list[str]:
    return [item.child.reference for item in children_retention_due(today)]


def test_kept_to_the_18th_birthday_and_due_the_day_after() -> None:
    child = ChildFactory(date_of_birth=datetime.date(2008, 12, 4))
    assert _due(TODAY) == []
    assert _due(TODAY + datetime.timedelta(days=1)) == [child.reference]


def test_a_care_leaver_is_kept_to_the_25th_birthday() -> None:
    leaver = ChildFactory(date_of_birth=datetime.date(2001, 12, 4), care_leaver=True)
    ChildFactory(date_of_birth=datetime.date(2002, 1, 1), care_leaver=True)  # 24
    assert _due(TODAY) == []
    assert _due(datetime.date(2026, 12, 5)) == [leaver.reference]


def test_a_leap_day_birthday_falls_on_1_march_in_other_years() -> None:
    assert birthday_at(datetime.date(2008, 2, 29), 18) == datetime.date(2026, 3, 1)
    assert birthday_at(datetime.date(2008, 2, 29), 16) == datetime.date(2024, 2, 29)
    child = ChildFactory(date_of_birth=datetime.date(2008, 2, 29))
    assert _due(datetime.date(2026, 3, 1)) == []
    assert _due(datetime.date(2026, 3, 2)) == [child.reference]


def test_a_child_with_no_date_of_birth_or_already_anonymised_is_not_due() -> None:
    ChildFactory(date_of_birth=None)
    ChildFactory(
        date_of_birth=datetime.date(2000, 1, 1),
        anonymised_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    assert _due() == []


def _past_retention() -> tuple[Child, AgencyRecord]:
    child = ChildFactory(
        given_name="Ella", family_name="Ward", date_of_birth=datetime.date(2007, 6, 1)
    )
    record = AgencyRecordFactory(
        child=child,
        given_name="Ella",
        family_name="Ward",
        address="1 High Street",
        postcode="SO14 7LY",
        nhs_number="9434765919",
        upn="A801200000001",
    )
    AgencyRecordVersion.objects.create(
        record=record,
        fields={"given_name": "Elle", "family_name": "Ward", "address": "2 Low Road", "sex": "F"},
        replaced_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )
    child_search_keys_refresh([child])
    return child, record


def test_the_dry_run_lists_and_changes_nothing() -> None:
    child, record = _past_retention()
    out = StringIO()
    call_command("retention", "--date", TODAY.isoformat(), stdout=out)
    assert f"{child.reference}: kept to the 18th birthday, 1 June 2025" in out.getvalue()
    assert record.record_id in out.getvalue()
    assert "Ella" not in out.getvalue()
    assert "A dry run: nothing changed" in out.getvalue()
    child.refresh_from_db()
    assert (child.given_name, child.anonymised_at, child.retention_flagged_at) == (
        "Ella",
        None,
        None,
    )
    assert not AuditEvent.objects.filter(object_type="children.child").exists()


def test_apply_anonymises_every_record_and_version_and_search_no_longer_finds() -> None:
    child, record = _past_retention()
    keeper = ChildFactory(given_name="Ella", family_name="Ward")
    child_search_keys_refresh([keeper])
    out = StringIO()
    call_command("retention", "--apply", "--date", TODAY.isoformat(), stdout=out)
    assert "Anonymised 1 children, 1 agency records and 1 earlier versions" in out.getvalue()
    child.refresh_from_db()
    record.refresh_from_db()
    assert (child.given_name, child.family_name, child.postcode) == ("", "", "")
    assert child.reference.startswith("CT-")
    assert child.anonymised_at is not None
    assert child.retention_flagged_at is not None
    blanked = ("given_name", "family_name", "address", "postcode", "nhs_number", "upn")
    assert [getattr(record, name) for name in blanked] == [""] * 6
    assert record.anonymised_at is not None
    version = record.versions.get()
    assert version.fields == {"given_name": "", "family_name": "", "address": "", "sex": "F"}
    assert not child.search_keys.exists()
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(child.pk))
    assert event.details["kept_until"] == "2025-06-01"
    results, _ = children_search(staff_user(Role.FRONT_DOOR), SearchTerms(name="Ella Ward"))
    assert [m.child.reference for m in results.matches] == [keeper.reference]


def test_apply_twice_changes_nothing_more() -> None:
    _past_retention()
    lead = UserFactory(role=Role.DATA_PROTECTION_LEAD)
    assert children_retention_apply(actor=lead, today=TODAY).children == 1
    assert children_retention_apply(actor=lead, today=TODAY).children == 0
    assert AuditEvent.objects.filter(object_type="children.child").count() == 1


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_data_protection_lead_runs_retention(role: Role) -> None:
    child, _ = _past_retention()
    user = UserFactory(role=role)
    if role == Role.DATA_PROTECTION_LEAD:
        assert children_retention_apply(actor=user, today=TODAY).children == 1
    else:
        with pytest.raises(PermissionDenied):
            children_retention_apply(actor=user, today=TODAY)
        child.refresh_from_db()
        assert child.anonymised_at is None


def test_a_date_that_is_not_a_date_is_refused() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("retention", "--date", "04/12/2026")
