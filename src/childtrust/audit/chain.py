"""How an audit event's hash is computed. Shared by the writer and the verifier.

An event's hash is an HMAC-SHA256, under the key its `key_id` names, of the key's id, the hash
of the event before it and its canonical content: without the key nobody can recompute a chain
that verifies. Events written before the chain was keyed keep their plain SHA-256 (key id
"sha256"); the verifier accepts them only at the start of the chain, sealed by the keyed event
that follows them."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from childtrust.audit.keys import AuditKey

GENESIS_HASH = "0" * 64

HASHED_FIELDS = (
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_username",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "reason",
    "ip_address",
    "user_agent",
    "path",
    "details",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def canonical_json(content: dict[str, Any]) -> str:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(fields: dict[str, Any], previous_hash: str, key: AuditKey) -> str:
    content = {name: _canonical(fields[name]) for name in HASHED_FIELDS}
    payload = canonical_json(content)
    if key.is_legacy:
        return hashlib.sha256(f"{previous_hash}|{payload}".encode()).hexdigest()
    return key.mac(f"{key.id}|{previous_hash}|{payload}")
