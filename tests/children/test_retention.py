"""Retention: kept to the 18th birthday (the 25th for a care leaver), then anonymised on every
record and version; a dry run changes nothing; one audit event a child; only the data
protection lead runs it in the service."""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.children.models import AgencyRecord, AgencyRecordVersion, Child
from childtrust.children.search_keys import child_search_keys_refresh
from childtrust.children.selectors.retention import birthday_at, children_retention_due
from childtrust.children.selectors.search import SearchTerms, children_search
from childtrust.children.services.retention import (
    children_retention_apply,
    children_retention_list,
)
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


def test_apply_anonymises_the_children_merged_into_it_too() -> None:
    """A child merged into another keeps the name and postcode it showed when it was merged:
    anonymising the child kept must blank those copies as well (and theirs merged before)."""
    child, _ = _past_retention()
    merged = ChildFactory(
        given_name="Elle", family_name="Warde", postcode="SO15 2AA", merged_into=child
    )
    earlier = ChildFactory(given_name="El", family_name="Ward", merged_into=merged)
    lead = UserFactory(role=Role.DATA_PROTECTION_LEAD)
    assert children_retention_apply(actor=lead, today=TODAY).children == 1
    for each in (merged, earlier):
        each.refresh_from_db()
        assert (each.given_name, each.family_name, each.postcode) == ("", "", "")
        assert each.anonymised_at is not None
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(child.pk))
    assert event.details["merged_children"] == 2


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


# --- The data protection lead's page --------------------------------------------------------

PAGE = reverse("children:retention")
ANONYMISE = reverse("children:retention_anonymise")


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_data_protection_lead_may_list_the_children_past_retention(role: Role) -> None:
    child, _ = _past_retention()
    user = UserFactory(role=role)
    if role != Role.DATA_PROTECTION_LEAD:
        with pytest.raises(PermissionDenied):
            children_retention_list(actor=user, today=TODAY)
        assert not AuditEvent.objects.exists()
        return
    listed = children_retention_list(actor=user, today=TODAY)
    assert [item.child.reference for item in listed.due] == [child.reference]
    assert (listed.records, listed.by_agency) == (1, [(child.records.get().agency.name, 1)])
    event = AuditEvent.objects.get()
    assert (event.actor, event.action) == (user, AuditAction.VIEW)
    assert event.details == {"day": "2026-12-04", "children": 1, "records": 1}


def test_a_run_confirmed_for_another_count_changes_nothing() -> None:
    child, _ = _past_retention()
    lead = UserFactory(role=Role.DATA_PROTECTION_LEAD)
    with pytest.raises(ValidationError, match="changed since the list was shown"):
        children_retention_apply(actor=lead, today=TODAY, confirmed=2)
    child.refresh_from_db()
    assert child.anonymised_at is None
    assert children_retention_apply(actor=lead, today=TODAY, confirmed=1).children == 1


def test_a_run_with_a_limit_anonymises_the_oldest_and_says_how_many_remain() -> None:
    older = ChildFactory(date_of_birth=datetime.date(2001, 1, 1))
    younger = ChildFactory(date_of_birth=datetime.date(2002, 1, 1))
    lead = UserFactory(role=Role.DATA_PROTECTION_LEAD)
    run = children_retention_apply(actor=lead, today=TODAY, limit=1)
    assert (run.children, run.remaining) == (1, 1)
    older.refresh_from_db()
    younger.refresh_from_db()
    assert older.anonymised_at is not None
    assert younger.anonymised_at is None


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_data_protection_lead_opens_the_retention_pages(
    role: Role, client_for: Callable[[str], Client]
) -> None:
    child, _ = _past_retention()
    client = client_for(role)
    may = role == Role.DATA_PROTECTION_LEAD
    assert client.get(PAGE).status_code == (200 if may else 403)
    assert client.get(ANONYMISE).status_code == (200 if may else 403)
    if not may:
        assert client.post(ANONYMISE, {"confirmed": "1"}).status_code == 403
        child.refresh_from_db()
        assert child.anonymised_at is None


def test_the_page_lists_references_and_records_by_agency_never_names(
    client_for: Callable[[str], Client],
) -> None:
    child, record = _past_retention()
    page = _text(client_for(Role.DATA_PROTECTION_LEAD).get(PAGE))
    assert child.reference in page
    assert "1 June 2025" in page
    assert record.agency.name in page
    assert "1 agency record to anonymise, by agency" in page
    assert "Ella" not in page
    assert "Ward" not in page
    assert f'href="{ANONYMISE}"' in page


def test_the_lead_checks_the_count_then_anonymises_and_is_told_what_was_done(
    client_for: Callable[[str], Client],
) -> None:
    child, record = _past_retention()
    client = client_for(Role.DATA_PROTECTION_LEAD)
    check = _text(client.get(ANONYMISE))
    assert "This cannot be undone" in check
    assert 'name="confirmed" value="1"' in check
    child.refresh_from_db()
    assert child.anonymised_at is None  # looking changes nothing

    response = client.post(ANONYMISE, {"confirmed": "1"}, follow=True)

    assert response.redirect_chain == [(PAGE, 302)]
    page = _text(response)
    assert "Anonymised 1 child: 1 agency record and 1 earlier version of records." in page
    assert "No children are past their retention date" in page
    child.refresh_from_db()
    record.refresh_from_db()
    assert (child.given_name, record.nhs_number) == ("", "")
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(child.pk))
    assert event.actor is not None
    assert event.actor.role == Role.DATA_PROTECTION_LEAD


def test_a_confirmation_the_list_has_outgrown_is_shown_again_with_why(
    client_for: Callable[[str], Client],
) -> None:
    child, _ = _past_retention()
    ChildFactory(date_of_birth=datetime.date(2003, 3, 3))
    response = client_for(Role.DATA_PROTECTION_LEAD).post(ANONYMISE, {"confirmed": "1"})
    assert response.status_code == 200
    page = _text(response)
    assert "There is a problem" in page
    assert "changed since the list was shown" in page
    assert 'name="confirmed" value="2"' in page
    child.refresh_from_db()
    assert child.anonymised_at is None


def test_with_nothing_due_the_page_says_so_and_the_check_leads_back(
    client_for: Callable[[str], Client],
) -> None:
    client = client_for(Role.DATA_PROTECTION_LEAD)
    assert "No children are past their retention date" in _text(client.get(PAGE))
    assert client.get(ANONYMISE)["Location"] == PAGE


def test_the_lead_is_led_to_the_page_from_home_and_the_navigation(
    client_for: Callable[[str], Client],
) -> None:
    _past_retention()
    client = client_for(Role.DATA_PROTECTION_LEAD)
    home = _text(client.get("/"))
    assert "1 child past their retention date" in home
    assert f'href="{PAGE}"' in home
    assert ">Retention<" in _text(client.get(reverse("children:break_glass_list")))
    assert "Retention" not in _text(client_for(Role.FRONT_DOOR).get(reverse("children:search")))
