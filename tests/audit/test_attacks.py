"""The audit log against someone who can write to the database but holds neither the audit key
nor the server's files: a database administrator, a restored copy, an injection. Each test does
what they would (dropping the triggers first, as a DBA can) and `audit_verify` must say so."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from pytest_django.fixtures import Settings

from childtrust.audit.chain import GENESIS_HASH, HASHED_FIELDS, event_hash
from childtrust.audit.checkpoints import checkpoints_read
from childtrust.audit.integrity import verify_chain
from childtrust.audit.keys import LEGACY_KEY, AuditKey, audit_keys
from childtrust.audit.models import AuditAction, AuditChainHead, AuditEvent
from childtrust.audit.services import (
    CheckpointRefusedError,
    audit_checkpoint_write,
    audit_record,
)
from tests.audit.helpers import (
    delete_event,
    delete_every_event_and_the_head,
    drop_append_only_triggers,
    move_head,
    set_column,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# What the attacker can make: plain SHA-256, or an HMAC under a key of their own choosing.
FORGED_KEY = AuditKey(audit_keys().current.id, b"a key the attacker made up, not the server's")


@pytest.fixture
def checkpoint_file(tmp_path: Path, settings: Settings) -> Path:
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"
    return settings.AUDIT_CHECKPOINT_FILE


@pytest.fixture
def five_events() -> list[AuditEvent]:
    user = UserFactory()
    return [
        audit_record(actor=user, action=AuditAction.VIEW, target=user, reason=f"reason {n}")
        for n in range(1, 6)
    ]


def _rewrite_from(sequence: int, key: AuditKey, reason: str = "Nothing to see") -> None:
    """Edits event `sequence` and recomputes its hash, every later one and the head, the way
    someone without the server's key can: with plain SHA-256 or a key of their own."""
    drop_append_only_triggers()
    events = list(AuditEvent.objects.order_by("sequence"))
    previous = events[sequence - 2].hash if sequence > 1 else GENESIS_HASH
    for event in events[sequence - 1 :]:
        fields = {name: getattr(event, name) for name in HASHED_FIELDS}
        if event.sequence == sequence:
            fields["reason"] = reason
            set_column(event.sequence, "reason", reason)
        digest = event_hash(fields, previous, key)
        set_column(event.sequence, "previous_hash", previous)
        set_column(event.sequence, "hash", digest)
        set_column(event.sequence, "key_id", key.id)
        previous = digest
    move_head(events[-1].sequence, previous)


# Rewriting ----------------------------------------------------------------------------------


def test_an_edit_rehashed_with_plain_sha256_to_the_end_is_found(
    five_events: list[AuditEvent],
) -> None:
    _rewrite_from(3, LEGACY_KEY)
    report = verify_chain()
    assert (report.ok, report.first_broken_sequence) == (False, 3)
    assert "older key" in report.problem


def test_the_whole_chain_rehashed_with_plain_sha256_is_found(
    five_events: list[AuditEvent],
) -> None:
    """Every event claims to be from before the chain was keyed: nothing with the key seals
    them, so they could be anyone's."""
    _rewrite_from(1, LEGACY_KEY)
    report = verify_chain()
    assert not report.ok
    assert "hashed without the key and no keyed event follows them" in report.problem


def test_an_edit_rehashed_with_a_made_up_key_to_the_end_is_found(
    five_events: list[AuditEvent],
) -> None:
    _rewrite_from(2, FORGED_KEY)
    report = verify_chain()
    assert (report.ok, report.first_broken_sequence) == (False, 2)
    assert report.problem == "event #2 was altered after it was written"


def test_a_rehashed_chain_that_matches_itself_fails_the_command(
    five_events: list[AuditEvent],
) -> None:
    _rewrite_from(4, FORGED_KEY)
    with pytest.raises(CommandError, match="broken at event #4: event #4 was altered"):
        call_command("audit_verify")


def test_a_rewrite_is_found_against_the_checkpoint_too(
    five_events: list[AuditEvent], checkpoint_file: Path
) -> None:
    audit_checkpoint_write()
    _rewrite_from(1, LEGACY_KEY)
    report = verify_chain()
    assert (report.ok, report.first_broken_sequence) == (False, 5)
    assert "is not the event the checkpoint of" in report.problem


# Cutting the log short, and wiping it -----------------------------------------------------


def test_the_last_events_deleted_and_the_head_moved_back_is_reported_as_cut_short(
    five_events: list[AuditEvent], checkpoint_file: Path
) -> None:
    audit_checkpoint_write()
    drop_append_only_triggers()
    delete_event(5)
    delete_event(4)
    move_head(3, five_events[2].hash)
    report = verify_chain()
    assert (report.ok, report.first_broken_sequence) == (False, 4)
    assert "the log ends at #3" in report.problem
    assert "the log was cut short" in report.problem
    with pytest.raises(CommandError, match="the log was cut short"):
        call_command("audit_verify")


def test_cut_short_then_written_on_past_the_checkpoint_is_found(
    five_events: list[AuditEvent], checkpoint_file: Path
) -> None:
    """New events after the cut take the removed ones' places; the checkpoint remembers them."""
    audit_checkpoint_write()
    drop_append_only_triggers()
    for sequence in (5, 4, 3):
        delete_event(sequence)
    move_head(2, five_events[1].hash)
    for n in range(4):
        audit_record(actor=None, action=AuditAction.VIEW, reason=f"after the cut {n}")
    report = verify_chain()
    assert (report.ok, report.first_broken_sequence) == (False, 5)
    assert "is not the event the checkpoint of" in report.problem


def test_every_event_and_the_head_deleted_is_reported_as_wiped(
    five_events: list[AuditEvent], checkpoint_file: Path
) -> None:
    audit_checkpoint_write()
    drop_append_only_triggers()
    delete_every_event_and_the_head()
    assert not AuditEvent.objects.exists()
    assert not AuditChainHead.objects.exists()
    report = verify_chain()
    assert not report.ok
    assert "the log is empty but the checkpoint of" in report.problem
    assert "recorded 5 events up to #5" in report.problem
    assert "(the log was wiped)" in report.problem
    with pytest.raises(CommandError, match="the log was wiped"):
        call_command("audit_verify")


def test_without_a_checkpoint_a_wiped_log_is_only_noted(
    five_events: list[AuditEvent], checkpoint_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the checkpoints are for: with none, an empty log looks new."""
    drop_append_only_triggers()
    delete_every_event_and_the_head()
    call_command("audit_verify")
    assert "No checkpoint at" in capsys.readouterr().err


# The checkpoint file ----------------------------------------------------------------------


def test_a_checkpoint_line_edited_to_match_a_cut_short_log_is_found(
    five_events: list[AuditEvent], checkpoint_file: Path
) -> None:
    audit_checkpoint_write()
    line = checkpoint_file.read_text()
    checkpoint_file.write_text(
        line.replace('"sequence":5', '"sequence":3').replace('"count":5', '"count":3')
    )
    report = verify_chain()
    assert not report.ok
    assert "the checkpoint file cannot be trusted: line 1" in report.problem
    assert "was altered" in report.problem


def test_a_checkpoint_signed_with_a_made_up_key_is_found(
    five_events: list[AuditEvent], checkpoint_file: Path
) -> None:
    audit_checkpoint_write()
    checkpoint = checkpoints_read(checkpoint_file, audit_keys())[0]
    forged = type(checkpoint)(3, five_events[2].hash, 3, checkpoint.time, checkpoint.key_id)
    content = forged.line().replace(',"signature":""', "")
    signature = hmac.new(FORGED_KEY.secret, content.encode(), hashlib.sha256).hexdigest()
    checkpoint_file.write_text(
        forged.line().replace('"signature":""', f'"signature":"{signature}"')
    )
    assert "was altered" in verify_chain().problem


def test_a_checkpoint_that_is_not_json_is_found(
    five_events: list[AuditEvent], checkpoint_file: Path
) -> None:
    audit_checkpoint_write()
    with checkpoint_file.open("a") as file:
        file.write("{not a checkpoint\n")
    assert "line 2" in verify_chain().problem


def test_checkpoints_are_appended_and_each_verifies(
    five_events: list[AuditEvent], checkpoint_file: Path
) -> None:
    first = audit_checkpoint_write()
    audit_record(actor=None, action=AuditAction.VIEW)
    second = audit_checkpoint_write()
    assert [c.sequence for c in checkpoints_read(checkpoint_file, audit_keys())] == [5, 6]
    assert (first.count, second.count) == (5, 6)
    assert second.key_id == audit_keys().current.id
    report = verify_chain()
    assert report.ok
    assert report.checkpoint == second


def test_no_checkpoint_is_written_behind_the_latest(
    five_events: list[AuditEvent], checkpoint_file: Path
) -> None:
    """Otherwise a log cut short would be anchored where the cut left it."""
    audit_checkpoint_write()
    drop_append_only_triggers()
    delete_event(5)
    move_head(4, five_events[3].hash)
    with pytest.raises(CheckpointRefusedError, match="before the latest checkpoint"):
        audit_checkpoint_write()
    with pytest.raises(CommandError, match="before the latest checkpoint"):
        call_command("audit_checkpoint")
    assert len(checkpoint_file.read_text().splitlines()) == 1


def test_the_checkpoint_command_appends_one(
    five_events: list[AuditEvent], checkpoint_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("audit_checkpoint")
    assert "Checkpoint written: #5, 5 events" in capsys.readouterr().out
    assert checkpoints_read(checkpoint_file, audit_keys())[0].sequence == 5


# A restored backup --------------------------------------------------------------------------


def test_a_backup_older_than_the_checkpoint_passes_only_when_told(
    five_events: list[AuditEvent], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The live server's checkpoints, and a restored copy taken when the log ended at #3."""
    live = tmp_path / "live-checkpoints.jsonl"
    audit_checkpoint_write(path=live)
    drop_append_only_triggers()
    delete_event(5)
    delete_event(4)
    move_head(3, five_events[2].hash)
    with pytest.raises(CommandError, match="cut short"):
        call_command("audit_verify", checkpoint_file=live)
    call_command("audit_verify", checkpoint_file=live, restored_backup=True)
    captured = capsys.readouterr()
    assert "Audit chain intact: 3 events." in captured.out
    assert "accepted as a backup taken before it" in captured.err


def test_a_restored_backup_still_fails_a_checkpoint_it_reaches(
    five_events: list[AuditEvent], tmp_path: Path
) -> None:
    live = tmp_path / "live-checkpoints.jsonl"
    audit_record(actor=None, action=AuditAction.VIEW)
    audit_checkpoint_write(path=live)
    _rewrite_from(2, LEGACY_KEY)
    report = verify_chain(checkpoint_file=live, behind_checkpoint_allowed=True)
    assert not report.ok


# Keys -----------------------------------------------------------------------------------------


def test_a_rotated_key_still_verifies_the_events_written_under_the_old_one(
    settings: Settings,
) -> None:
    old = settings.AUDIT_KEY
    audit_record(actor=None, action=AuditAction.VIEW, reason="under the old key")
    settings.AUDIT_KEY, settings.AUDIT_OLD_KEYS = "n" * 40, [old]
    event = audit_record(actor=None, action=AuditAction.VIEW, reason="under the new key")
    assert event.key_id == audit_keys().current.id != AuditEvent.objects.get(sequence=1).key_id
    assert verify_chain().ok
    settings.AUDIT_OLD_KEYS = []
    report = verify_chain()
    assert (report.ok, report.first_broken_sequence) == (False, 1)
    assert "names a key this server does not hold" in report.problem


def test_a_leaked_old_key_cannot_rewrite_events_written_after_the_rotation(
    settings: Settings,
) -> None:
    old = settings.AUDIT_KEY
    audit_record(actor=None, action=AuditAction.VIEW)
    settings.AUDIT_KEY, settings.AUDIT_OLD_KEYS = "n" * 40, [old]
    audit_record(actor=None, action=AuditAction.VIEW)
    audit_record(actor=None, action=AuditAction.VIEW)
    old_key = audit_keys().by_id[AuditEvent.objects.get(sequence=1).key_id]
    _rewrite_from(3, old_key)
    report = verify_chain()
    assert (report.ok, report.first_broken_sequence) == (False, 3)
    assert "older key" in report.problem


def test_the_key_id_does_not_reveal_the_key() -> None:
    key = audit_keys().current
    assert key.id.startswith("k")
    assert len(key.id) == 16
    assert key.id[1:] not in hashlib.sha256(key.secret).hexdigest()


def test_production_refuses_to_start_without_the_audit_key(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("CHILDTRUST_", "DJANGO_"))
    }
    env |= {"SECRET_KEY": "s" * 50, "CHILDTRUST_VAR_DIR": str(tmp_path)}
    command = [sys.executable, "-c", "import childtrust.settings"]
    missing = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert missing.returncode != 0
    assert "CHILDTRUST_AUDIT_KEY is not set" in missing.stderr
    short = subprocess.run(  # noqa: S603
        command,
        env=env | {"CHILDTRUST_AUDIT_KEY": "short"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "must each be at least 32 characters" in short.stderr
    assert not list(tmp_path.iterdir()), "production must not make a key of its own"


def test_the_demo_keeps_its_key_in_a_file_only_its_owner_reads(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("CHILDTRUST_", "DJANGO_"))
    }
    env |= {"CHILDTRUST_DEMO": "1", "CHILDTRUST_VAR_DIR": str(tmp_path)}
    command = [sys.executable, "-c", "from childtrust import settings; print(settings.AUDIT_KEY)"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=True)  # noqa: S603
    second = subprocess.run(command, env=env, capture_output=True, text=True, check=True)  # noqa: S603
    key_file = tmp_path / "audit.key"
    assert first.stdout == second.stdout == key_file.read_text() + "\n"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert key_file.read_text() != (tmp_path / "secret_key").read_text()


# Events from before the chain was keyed --------------------------------------------------------


def _legacy_events(count: int) -> None:
    """Events as the log held them before migration 0004: plain SHA-256, key id sha256."""
    previous = GENESIS_HASH
    for sequence in range(1, count + 1):
        fields = {name: "" for name in HASHED_FIELDS} | {
            "sequence": sequence,
            "occurred_at": datetime(2026, 1, sequence, 10, tzinfo=UTC),
            "actor_id": None,
            "action": AuditAction.VIEW.value,
            "ip_address": None,
            "details": {},
        }
        digest = event_hash(fields, previous, LEGACY_KEY)
        AuditEvent.objects.create(**fields, previous_hash=previous, hash=digest, key_id="sha256")
        previous = digest
    AuditChainHead.objects.create(pk=1, sequence=count, hash=previous)


def test_events_from_before_the_key_verify_once_the_migration_seals_them() -> None:
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "childtrust.audit.migrations.0004_seal_and_refuse_delete_and_truncate"
    )
    _legacy_events(3)
    assert "no keyed event follows them" in verify_chain().problem
    migration.seal_unkeyed_events(apps, connection.schema_editor())
    seal = AuditEvent.objects.get(sequence=4)
    assert (seal.action, seal.key_id) == (AuditAction.AUDIT_KEYED, audit_keys().current.id)
    assert seal.details["events_before_the_key"] == 3
    audit_record(actor=None, action=AuditAction.VIEW)
    report = verify_chain()
    assert (report.ok, report.events_checked) == (True, 5)
