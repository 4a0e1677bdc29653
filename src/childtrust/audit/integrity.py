"""Checking the audit chain: every event's keyed hash, every link, no gap, the head at the end,
and every signed checkpoint written outside the database (audit.checkpoints)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from childtrust.audit.chain import GENESIS_HASH, HASHED_FIELDS, event_hash
from childtrust.audit.checkpoints import Checkpoint, CheckpointFileError, checkpoints_read
from childtrust.audit.keys import AuditKeys, audit_keys
from childtrust.audit.models import AuditChainHead, AuditEvent


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events_checked: int
    first_broken_sequence: int | None = None
    problem: str = ""
    # The latest checkpoint the chain was compared with; None when there was none to read.
    checkpoint: Checkpoint | None = None
    # Said alongside an intact chain: no checkpoint yet, or a restored backup behind one.
    notes: tuple[str, ...] = field(default=())


def _fields_of(event: AuditEvent) -> dict[str, object]:
    return {name: getattr(event, name) for name in HASHED_FIELDS}


class _BrokenError(Exception):
    def __init__(self, sequence: int, problem: str) -> None:
        super().__init__(problem)
        self.sequence, self.problem = sequence, problem


class _Walk:
    """Follows the chain event by event, raising _BrokenError at the first event that is not as it
    was written."""

    def __init__(self, keys: AuditKeys, anchors: dict[int, Checkpoint]) -> None:
        self.keys, self.anchors = keys, anchors
        self.previous_hash, self.checked = GENESIS_HASH, 0
        self.key_rank = 0
        self.unkeyed_until = 0  # the last event written before the chain was keyed

    def follow(self, events: Iterable[AuditEvent]) -> None:
        for event in events:
            self._check(event)
            self.previous_hash, self.checked = event.hash, self.checked + 1
        if self.unkeyed_until and self.unkeyed_until == self.checked:
            raise _BrokenError(
                1,
                f"events #1 to #{self.checked} are hashed without the key and no keyed event "
                "follows them: anyone could have rewritten them",
            )

    def _check(self, event: AuditEvent) -> None:
        n = event.sequence
        if n != self.checked + 1:
            expected = self.checked + 1
            raise _BrokenError(expected, f"event #{expected} is missing (the next event is #{n})")
        if event.previous_hash != self.previous_hash:
            raise _BrokenError(n, f"event #{n} does not follow the event before it")
        key = self.keys.by_id.get(event.key_id)
        if key is None:
            raise _BrokenError(
                n, f"event #{n} names a key this server does not hold ({event.key_id})"
            )
        rank = self.keys.rank(key.id)
        if rank < self.key_rank:
            raise _BrokenError(
                n, f"event #{n} was written under an older key than the event before it"
            )
        self.key_rank = rank
        if key.is_legacy:
            self.unkeyed_until = n
        if event_hash(_fields_of(event), self.previous_hash, key) != event.hash:
            raise _BrokenError(n, f"event #{n} was altered after it was written")
        anchor = self.anchors.get(n)
        if anchor is not None and anchor.hash != event.hash:
            raise _BrokenError(
                n,
                f"event #{n} is not the event the checkpoint of {anchor.time} recorded: "
                "the log was rewritten",
            )


def verify_chain(
    *, checkpoint_file: Path | None = None, behind_checkpoint_allowed: bool = False
) -> ChainReport:
    """Checks the chain against the checkpoints in `checkpoint_file` (the configured one by
    default). `behind_checkpoint_allowed` is for a restored backup taken before the latest
    checkpoint: its chain may end early, but every checkpoint it reaches must still match."""
    keys = audit_keys()
    path = checkpoint_file or settings.AUDIT_CHECKPOINT_FILE
    try:
        checkpoints = checkpoints_read(path, keys)
    except CheckpointFileError as error:
        return ChainReport(False, 0, None, f"the checkpoint file cannot be trusted: {error}")
    latest = checkpoints[-1] if checkpoints else None
    walk = _Walk(keys, {checkpoint.sequence: checkpoint for checkpoint in checkpoints})
    try:
        walk.follow(AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000))
        _check_head(walk.checked, walk.previous_hash)
        notes = _check_against_latest(walk.checked, latest, behind_checkpoint_allowed)
    except _BrokenError as broken:
        return ChainReport(False, walk.checked, broken.sequence, broken.problem, latest)
    if latest is None:
        notes = (f"No checkpoint at {path} yet: events removed from the end would not be noticed.",)
    return ChainReport(True, walk.checked, checkpoint=latest, notes=notes)


def _check_head(checked: int, last_hash: str) -> None:
    head = AuditChainHead.objects.filter(pk=1).first()
    head_sequence, head_hash = (head.sequence, head.hash) if head else (0, GENESIS_HASH)
    if head_sequence != checked or head_hash != last_hash:
        raise _BrokenError(
            checked + 1,
            f"the chain ends at #{checked} but #{head_sequence} events were written: "
            "events were removed from the end",
        )


def _check_against_latest(
    checked: int, latest: Checkpoint | None, behind_allowed: bool
) -> tuple[str, ...]:
    if latest is None or checked >= latest.sequence:
        return ()
    if checked == 0:
        raise _BrokenError(
            1,
            f"the log is empty but the checkpoint of {latest.time} recorded {latest.count} "
            f"events up to #{latest.sequence}: every event was deleted (the log was wiped)",
        )
    if behind_allowed:
        return (
            f"The log ends at #{checked}, before the latest checkpoint (#{latest.sequence} at "
            f"{latest.time}): accepted as a backup taken before it.",
        )
    raise _BrokenError(
        checked + 1,
        f"the log ends at #{checked} but the checkpoint of {latest.time} recorded events up to "
        f"#{latest.sequence}: events were removed from the end (the log was cut short)",
    )
