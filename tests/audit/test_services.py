"""audit_record: one event per call, linked to the one before, in the caller's transaction."""

from __future__ import annotations

import itertools
import threading

import pytest
from django.db import connection, transaction
from django.test import Client

from childtrust.accounts.models import ApiToken
from childtrust.accounts.services import api_token_create
from childtrust.audit.chain import GENESIS_HASH, HASHED_FIELDS, event_hash
from childtrust.audit.context import RequestOrigin, request_origin
from childtrust.audit.integrity import verify_chain
from childtrust.audit.keys import audit_keys
from childtrust.audit.models import AuditAction, AuditChainHead, AuditEvent
from childtrust.audit.services import audit_record
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_first_event_starts_the_chain() -> None:
    event = audit_record(actor=None, action=AuditAction.SEARCH, object_type="x.y")
    assert event.sequence == 1
    assert event.previous_hash == GENESIS_HASH
    assert len(event.hash) == 64
    head = AuditChainHead.objects.get(pk=1)
    assert (head.sequence, head.hash) == (1, event.hash)


def test_each_event_links_to_the_one_before() -> None:
    user = UserFactory()
    events = [
        audit_record(actor=user, action=AuditAction.VIEW, target=user, reason=f"look {n}")
        for n in range(4)
    ]
    assert [e.sequence for e in events] == [1, 2, 3, 4]
    for before, after in itertools.pairwise(events):
        assert after.previous_hash == before.hash
    assert len({e.hash for e in events}) == 4
    head = AuditChainHead.objects.get(pk=1)
    assert (head.sequence, head.hash) == (4, events[-1].hash)


def test_the_stored_hash_covers_the_event_as_read_back_from_the_database() -> None:
    user = UserFactory()
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        target=user,
        reason="Correcting the name",
        details={"changed": ["first_name"], "count": 1, "note": "café"},
    )
    event = AuditEvent.objects.get()
    fields = {name: getattr(event, name) for name in HASHED_FIELDS}
    assert event.key_id == audit_keys().current.id
    assert event_hash(fields, GENESIS_HASH, audit_keys().current) == event.hash


def test_target_names_the_record_and_the_actor_is_recorded() -> None:
    user = UserFactory(username="kim", first_name="Kim", last_name="Lee")
    event = audit_record(actor=user, action=AuditAction.VIEW, target=user, reason="Checking")
    assert event.actor_id == user.pk
    assert event.actor_username == "kim"
    assert event.object_type == "accounts.user"
    assert event.object_id == str(user.pk)
    assert event.object_repr == "Kim Lee"
    assert event.reason == "Checking"


def test_anonymous_actor_is_recorded_without_a_name() -> None:
    event = audit_record(actor=None, action=AuditAction.SIGN_IN_FAILED)
    assert event.actor_id is None
    assert event.actor_username == ""


def test_long_text_is_cut_to_fit_rather_than_refused() -> None:
    event = audit_record(
        actor=None, action=AuditAction.VIEW, object_repr="x" * 500, reason="y" * 900
    )
    event.refresh_from_db()
    assert len(event.object_repr) == 200
    assert len(event.reason) == 500
    assert verify_chain().ok


def test_origin_of_the_request_is_recorded() -> None:
    UserFactory(username="sam")
    Client(REMOTE_ADDR="192.0.2.10", HTTP_USER_AGENT="Firefox/140.0").post(
        "/sign-in/", {"username": "sam", "password": TEST_PASSWORD}
    )
    event = AuditEvent.objects.get()
    assert event.ip_address == "192.0.2.10"
    assert event.user_agent == "Firefox/140.0"
    assert event.path == "/sign-in/"


def test_origin_is_empty_outside_a_request() -> None:
    event = audit_record(actor=None, action=AuditAction.EXPORT)
    assert (event.ip_address, event.user_agent, event.path) == (None, "", "")


@pytest.mark.parametrize(
    ("remote_addr", "stored"),
    [
        ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
        ("not-an-address", None),
    ],
)
def test_unusual_addresses_are_stored_as_the_database_gives_them_back(
    remote_addr: str, stored: str | None
) -> None:
    """Otherwise the chain would report a tampered event that nobody touched."""
    with request_origin(RequestOrigin(ip_address=remote_addr)):
        audit_record(actor=None, action=AuditAction.VIEW)
    assert AuditEvent.objects.get().ip_address == stored
    assert verify_chain().ok


def test_a_rolled_back_change_leaves_neither_the_change_nor_its_event() -> None:
    user = UserFactory()
    audit_record(actor=user, action=AuditAction.SIGN_IN, target=user)
    with pytest.raises(RuntimeError), transaction.atomic():  # noqa: PT012 (a rolled-back change)
        api_token_create(user=user, name="partner system")
        assert AuditEvent.objects.count() == 2
        raise RuntimeError("the rest of the change failed")
    assert not ApiToken.objects.exists()
    assert AuditEvent.objects.count() == 1
    assert AuditChainHead.objects.get(pk=1).sequence == 1
    following = audit_record(actor=user, action=AuditAction.SIGN_OUT, target=user)
    assert following.sequence == 2
    assert verify_chain().ok


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a server that takes concurrent writers"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain() -> None:
    """Locking the chain head serialises appends: no two events share a place in the chain."""
    errors: list[BaseException] = []

    def write_ten(n: int) -> None:
        try:
            for i in range(10):
                audit_record(actor=None, action=AuditAction.VIEW, reason=f"writer {n} #{i}")
        except BaseException as error:  # reported to the main thread below
            errors.append(error)
        finally:
            connection.close()

    writers = [threading.Thread(target=write_ten, args=(n,)) for n in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=60)
    assert errors == []
    report = verify_chain()
    assert (report.ok, report.events_checked) == (True, 40)
