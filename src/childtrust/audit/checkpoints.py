"""Signed checkpoints of the audit chain, kept outside the database.

A checkpoint names the chain's last event when it was written (its sequence and hash), how many
events there were and when, signed with the audit key. The worker appends one to an append-only
file at least every 15 minutes (and, where configured, sends it to syslog), and `audit_verify`
compares the chain with every checkpoint: a chain that ends before one was cut short, an empty
one was wiped, and one whose event differs from a checkpoint's hash was rewritten. Someone who
can write to the database but not to the server's files or syslog, and who does not hold the
key, can neither move the checkpoints back nor sign new ones."""

from __future__ import annotations

import hmac
import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from childtrust.audit.chain import canonical_json
from childtrust.audit.keys import AuditKey, AuditKeys

# Keeps a checkpoint's signature from ever serving as an event's hash, or the other way round.
_SIGNED_AS = "childtrust audit checkpoint"


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    hash: str
    count: int
    time: str  # ISO 8601, UTC
    key_id: str
    signature: str = ""

    @property
    def written_at(self) -> datetime:
        return datetime.fromisoformat(self.time)

    def _signed_content(self) -> str:
        content = asdict(self)
        del content["signature"]
        return f"{_SIGNED_AS}|{canonical_json(content)}"

    def signed(self, key: AuditKey) -> Checkpoint:
        unsigned = Checkpoint(self.sequence, self.hash, self.count, self.time, key.id)
        return Checkpoint(**{**asdict(unsigned), "signature": key.mac(unsigned._signed_content())})

    def signature_matches(self, keys: AuditKeys) -> bool:
        key = keys.by_id.get(self.key_id)
        if key is None or key.is_legacy:
            return False
        return hmac.compare_digest(key.mac(self._signed_content()), self.signature)

    def line(self) -> str:
        return canonical_json(asdict(self))


class CheckpointFileError(Exception):
    """A checkpoint file that cannot be trusted: a line altered, unreadable or out of order."""


def _parsed(text: str, number: int, path: Path) -> Checkpoint:
    try:
        content: dict[str, Any] = json.loads(text)
        checkpoint = Checkpoint(**content)
        checkpoint.written_at  # noqa: B018 (a time that cannot be read is an altered line)
    except (ValueError, TypeError) as error:
        raise CheckpointFileError(f"line {number} of {path} is not a checkpoint") from error
    if not isinstance(checkpoint.sequence, int) or not isinstance(checkpoint.count, int):
        raise CheckpointFileError(f"line {number} of {path} is not a checkpoint")
    return checkpoint


def checkpoints_read(path: Path, keys: AuditKeys) -> list[Checkpoint]:
    """Every checkpoint in the file, oldest first, each signature checked; raises
    CheckpointFileError naming the first line that is not as it was written. A file that does
    not exist holds none."""
    try:
        lines = path.read_text().splitlines()
    except FileNotFoundError:
        return []
    checkpoints: list[Checkpoint] = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        checkpoint = _parsed(text, number, path)
        if not checkpoint.signature_matches(keys):
            raise CheckpointFileError(
                f"line {number} of {path} was altered: its signature does not match "
                "(or it was signed with a key this server does not hold)"
            )
        if checkpoints and checkpoint.sequence < checkpoints[-1].sequence:
            raise CheckpointFileError(
                f"line {number} of {path} goes back from #{checkpoints[-1].sequence} to "
                f"#{checkpoint.sequence}: the log was cut short before it was written"
            )
        checkpoints.append(checkpoint)
    return checkpoints


def checkpoint_append(path: Path, checkpoint: Checkpoint) -> None:
    """Appends one line and makes sure it reached the disk before the worker goes on."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(descriptor, (checkpoint.line() + "\n").encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
