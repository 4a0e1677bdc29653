"""Checking the audit chain: every event's hash, every link, no gap, and the head at the end."""

from __future__ import annotations

from dataclasses import dataclass

from childtrust.audit.chain import GENESIS_HASH, HASHED_FIELDS, event_hash
from childtrust.audit.models import AuditChainHead, AuditEvent


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events_checked: int
    first_broken_sequence: int | None = None
    problem: str = ""


def _fields_of(event: AuditEvent) -> dict[str, object]:
    return {name: getattr(event, name) for name in HASHED_FIELDS}


def verify_chain() -> ChainReport:
    previous_hash = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
        if event.sequence != expected_sequence:
            return ChainReport(
                False,
                checked,
                expected_sequence,
                f"event #{expected_sequence} is missing (the next event is #{event.sequence})",
            )
        if event.previous_hash != previous_hash:
            return ChainReport(
                False,
                checked,
                event.sequence,
                f"event #{event.sequence} does not follow the event before it",
            )
        if event_hash(_fields_of(event), previous_hash) != event.hash:
            return ChainReport(
                False,
                checked,
                event.sequence,
                f"event #{event.sequence} was altered after it was written",
            )
        previous_hash = event.hash
        expected_sequence += 1
        checked += 1
    return _check_head(checked, previous_hash)


def _check_head(checked: int, last_hash: str) -> ChainReport:
    head = AuditChainHead.objects.filter(pk=1).first()
    head_sequence, head_hash = (head.sequence, head.hash) if head else (0, GENESIS_HASH)
    if head_sequence != checked or head_hash != last_hash:
        return ChainReport(
            False,
            checked,
            checked + 1,
            f"the chain ends at #{checked} but #{head_sequence} events were written: "
            "events were removed from the end",
        )
    return ChainReport(True, checked)
