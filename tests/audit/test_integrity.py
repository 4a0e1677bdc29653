"""verify_chain finds any change to the log made behind the application's back."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from childtrust.audit.chain import HASHED_FIELDS, event_hash
from childtrust.audit.integrity import verify_chain
from childtrust.audit.keys import audit_keys
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.audit.services import audit_record
from tests.audit.helpers import delete_event, drop_append_only_triggers, set_column
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_events() -> list[AuditEvent]:
    user = UserFactory()
    return [
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            target=user,
            reason=f"reason {n}",
            details={"n": n},
        )
        for n in range(1, 4)
    ]


def _tampered_value(field: str, event: AuditEvent) -> Any:
    other = UserFactory()
    return {
        "sequence": 99,
        "occurred_at": event.occurred_at - timedelta(hours=1),
        "actor": other.pk,
        "actor_username": "someone-else",
        "action": AuditAction.DELETE.value,
        "object_type": "partnership.agency",
        "object_id": "4242",
        "object_repr": "Another record",
        "reason": "A different reason",
        "ip_address": "198.51.100.7",
        "user_agent": "Tamperer/1.0",
        "path": "/elsewhere/",
        "details": {"n": 0, "tampered": True},
        "previous_hash": "f" * 64,
        "hash": "e" * 64,
        "key_id": "sha256",
    }[field]


TAMPERABLE = ["actor" if name == "actor_id" else name for name in HASHED_FIELDS] + [
    "previous_hash",
    "hash",
    "key_id",
]


def test_intact_chain_is_reported_ok(three_events: list[AuditEvent]) -> None:
    report = verify_chain()
    assert report.ok
    assert report.events_checked == 3
    assert report.first_broken_sequence is None


def test_empty_log_is_intact() -> None:
    report = verify_chain()
    assert (report.ok, report.events_checked) == (True, 0)


def test_every_hashed_field_is_tested_here() -> None:
    assert {"actor_id" if n == "actor" else n for n in TAMPERABLE} >= set(HASHED_FIELDS)


@pytest.mark.parametrize("sequence", [1, 2, 3])
@pytest.mark.parametrize("field", TAMPERABLE)
def test_altering_any_field_of_any_event_is_found_at_that_event(
    three_events: list[AuditEvent], field: str, sequence: int
) -> None:
    drop_append_only_triggers()
    set_column(sequence, field, _tampered_value(field, three_events[sequence - 1]))
    report = verify_chain()
    assert not report.ok
    assert report.first_broken_sequence == sequence
    assert report.events_checked == sequence - 1
    assert f"#{sequence}" in report.problem


def test_deleting_an_event_in_the_middle_is_found(three_events: list[AuditEvent]) -> None:
    drop_append_only_triggers()
    delete_event(2)
    report = verify_chain()
    assert not report.ok
    assert report.first_broken_sequence == 2
    assert report.problem == "event #2 is missing (the next event is #3)"


def test_deleting_the_first_event_is_found(three_events: list[AuditEvent]) -> None:
    drop_append_only_triggers()
    delete_event(1)
    assert verify_chain().first_broken_sequence == 1


def test_deleting_the_last_event_is_found(three_events: list[AuditEvent]) -> None:
    drop_append_only_triggers()
    delete_event(3)
    report = verify_chain()
    assert not report.ok
    assert report.first_broken_sequence == 3
    assert "removed from the end" in report.problem


def test_deleting_every_event_is_found(three_events: list[AuditEvent]) -> None:
    drop_append_only_triggers()
    for sequence in (1, 2, 3):
        delete_event(sequence)
    report = verify_chain()
    assert (report.ok, report.first_broken_sequence) == (False, 1)


def test_replacing_an_event_with_a_recomputed_hash_still_breaks_the_next_link(
    three_events: list[AuditEvent],
) -> None:
    """A tamperer who holds the key and recomputes the altered event's own hash must also
    rewrite every later event; the first one left alone shows the break."""
    drop_append_only_triggers()
    middle = three_events[1]
    fields = {name: getattr(middle, name) for name in HASHED_FIELDS}
    fields["reason"] = "A kinder reason"
    set_column(2, "reason", "A kinder reason")
    set_column(2, "hash", event_hash(fields, middle.previous_hash, audit_keys().current))
    report = verify_chain()
    assert report.first_broken_sequence == 3
    assert report.problem == "event #3 does not follow the event before it"


# The audit_verify command ----------------------------------------------------------------


def test_command_reports_an_intact_chain(
    three_events: list[AuditEvent], capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("audit_verify")
    assert "Audit chain intact: 3 events." in capsys.readouterr().out


def test_command_fails_naming_the_first_broken_event(three_events: list[AuditEvent]) -> None:
    drop_append_only_triggers()
    set_column(2, "reason", "Changed")
    with pytest.raises(CommandError) as raised:
        call_command("audit_verify")
    message = str(raised.value)
    assert message.startswith("Audit chain broken at event #2: event #2 was altered")
    assert message.endswith("The event before it is intact.")


def test_command_fails_when_the_last_event_was_removed(three_events: list[AuditEvent]) -> None:
    drop_append_only_triggers()
    delete_event(3)
    with pytest.raises(CommandError, match="broken at event #3") as raised:
        call_command("audit_verify")
    assert str(raised.value).endswith("The 2 events before it are intact.")
