"""The audit log in words: who did what to which named record, and what changed as
"field: before → after" with the fields' own names (audit.sentences)."""

from __future__ import annotations

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from childtrust.accounts.models import Role, User
from childtrust.audit.changes import changes_details
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.audit.objects import AuditKind, audit_kind, audit_kinds_register
from childtrust.audit.selectors import audit_actor_names
from childtrust.audit.sentences import EventSentence, audit_sentences
from childtrust.audit.services import audit_record
from childtrust.partnership.models import ServiceStatus
from childtrust.partnership.services.registry import service_update
from tests.factories import AgencyFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam() -> User:
    return UserFactory(
        username="spatel", first_name="Sam", last_name="Patel", role=Role.PARTNERSHIP_ADMIN
    )


def sentence_of(event: AuditEvent) -> EventSentence:
    [sentence] = audit_sentences([event], audit_actor_names([event.actor_id]))
    return sentence


def test_a_change_names_who_the_kind_of_record_and_each_field_before_and_after(sam: User) -> None:
    service = ServiceFactory(name="Family Hub North", status=ServiceStatus.ACTIVE)
    details = changes_details(
        {"max_age": (5, 11), "status": (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)}
    )
    event = audit_record(actor=sam, action=AuditAction.UPDATE, target=service, details=details)

    sentence = sentence_of(event)

    assert sentence.text() == "Sam Patel changed the service Family Hub North"
    # The fields' own names (max age), and a choice by its label, not its stored value.
    assert sentence.changes_text() == "max age: 5 → 11; status: Active → Temporarily closed"
    assert sentence.record is not None
    assert sentence.record.url == f"/services/{service.slug}/"


def test_a_change_whose_values_the_log_does_not_keep_says_which_fields_changed(
    sam: User,
) -> None:
    """The directory keeps a service's values out of the log (they may name a person): the
    sentence says what changed, not from what to what."""
    service = ServiceFactory(name="Family Hub North")
    service_update(actor=sam, service=service, name="Family Hub South", phone="023 8000 0000")

    sentence = sentence_of(AuditEvent.objects.order_by("-sequence")[0])

    assert sentence.text() == "Sam Patel changed the service Family Hub South"
    assert sentence.changes_text() == "name changed; phone changed"
    assert "{" not in sentence.changes_text()


def test_a_creation_and_a_deletion_name_the_record(sam: User) -> None:
    agency = AgencyFactory(name="Southampton Youth Service")
    created = audit_record(actor=sam, action=AuditAction.CREATE, target=agency, details={})
    assert sentence_of(created).text() == "Sam Patel created the agency Southampton Youth Service"

    deleted = audit_record(actor=sam, action=AuditAction.DELETE, target=agency)
    agency.delete()
    sentence = sentence_of(deleted)
    # Gone: named as the event kept it, with no link.
    assert sentence.text() == "Sam Patel deleted the agency Southampton Youth Service"
    assert sentence.record is not None
    assert sentence.record.url == ""


def test_a_record_renamed_since_is_named_as_it_is_now_and_linked(sam: User) -> None:
    agency = AgencyFactory(name="Old name")
    event = audit_record(actor=sam, action=AuditAction.VIEW, target=agency)
    agency.name = "New name"
    agency.save()

    sentence = sentence_of(event)

    assert sentence.text() == "Sam Patel viewed the agency New name"
    assert sentence.record is not None
    assert sentence.record.url == f"/partnership/agencies/{agency.slug}/"


def test_events_made_on_no_ones_behalf_and_failed_sign_ins_say_so() -> None:
    loaded = audit_record(
        actor=None,
        action=AuditAction.CREATE,
        object_type="partnership.service",
        object_repr="42 services",
        details={"count": 1234, "source": "demo data"},
    )
    failed = audit_record(
        actor=None,
        action=AuditAction.SIGN_IN_FAILED,
        object_type="accounts.user",
        object_repr="kim",
        details={"real_account": False},
    )
    searched = audit_record(actor=None, action=AuditAction.SEARCH, object_type="audit.auditevent")

    assert sentence_of(loaded).text() == "The service created 42 services"
    assert sentence_of(loaded).facts_text() == "count: 1,234; source: demo data"
    assert sentence_of(failed).text() == "Someone failed to sign in as kim"
    assert sentence_of(failed).facts_text() == "real account: no"
    assert sentence_of(searched).text() == "The service searched the audit log"


def test_sign_ins_name_the_person_once(sam: User) -> None:
    event = audit_record(actor=sam, action=AuditAction.SIGN_IN, target=sam)
    assert sentence_of(event).text() == "Sam Patel signed in"


def test_an_actor_whose_account_is_gone_is_named_by_the_username_kept(sam: User) -> None:
    event = audit_record(actor=sam, action=AuditAction.SIGN_OUT)
    sam.delete()
    assert sentence_of(event).text() == "spatel signed out"


def test_dates_moments_money_and_lists_read_as_pages_write_them(sam: User) -> None:
    audit_kinds_register(AuditKind("tests.thing", money_fields=frozenset({"budget"})))
    event = audit_record(
        actor=sam,
        action=AuditAction.UPDATE,
        object_type="tests.thing",
        object_id="1",
        object_repr="A thing",
        details={
            "budget": {"from": "65241000.00", "to": "65300000.50"},
            "opens_on": "2026-12-03",
            "launched_at": "2026-12-03 19:41:03.219563+00:00",
            "month": "2026-04",
            "first_year": 2026,
            "people_briefed": 12000,
            "chosen": [{"id": 1, "name": "Option A"}, {"id": 2, "name": "Option B"}],
            "tags": [],
        },
    )

    sentence = sentence_of(event)

    assert sentence.changes_text() == "budget: £65,241,000 → £65,300,000.50"
    assert sentence.facts_text() == (
        "opens on: 3 December 2026; launched at: 3 December 2026 at 7:41pm; month: April 2026; "
        "first year: 2026; people briefed: 12,000; chosen: Option A, Option B; tags: none"
    )


def test_a_kind_nobody_registered_is_still_named(sam: User) -> None:
    assert audit_kind("elsewhere.concern").lookup is None
    event = audit_record(
        actor=sam, action=AuditAction.VIEW, object_type="elsewhere.concern", object_id="7"
    )
    assert sentence_of(event).text() == "Sam Patel viewed the concern 7"


def test_each_kind_is_found_in_one_query(sam: User, django_assert_max_num_queries: object) -> None:
    events = [
        audit_record(actor=sam, action=AuditAction.VIEW, target=ServiceFactory()) for _ in range(5)
    ]
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        sentences = audit_sentences(events, {})
    assert all(sentence.record and sentence.record.url for sentence in sentences)


def test_a_moment_in_summer_is_in_london_time(sam: User) -> None:
    when = datetime(2026, 7, 1, 9, 5, tzinfo=ZoneInfo("Europe/London"))
    with mock.patch("childtrust.audit.services.timezone.now", return_value=when):
        event = audit_record(
            actor=sam,
            action=AuditAction.UPDATE,
            object_type="tests.thing",
            object_repr="x",
            details={"at": {"from": None, "to": when.isoformat()}, "fte": "0.5"},
        )
    sentence = sentence_of(event)
    assert sentence.changes_text() == "at: none → 1 July 2026 at 9:05am"
    assert sentence.facts_text() == "fte: 0.5"
