"""Signatures of the nightly checks' results, so that someone who can write to the database but
does not hold the audit key cannot pass a check off as the service's: a forged "Intact" row, or
one changed from "Failed", shows as not genuine wherever it is shown.

A result is signed with the audit key (audit.keys), over every field that says what the check
found and when, under the key named by its `key_id`, as checkpoints are (audit.checkpoints)."""

from __future__ import annotations

import hmac
from typing import Any, Protocol

from childtrust.audit.chain import _canonical, canonical_json
from childtrust.audit.keys import AuditKey, AuditKeys

# Keeps a check's signature from ever serving as an event's hash or a checkpoint's signature.
_SIGNED_AS = "childtrust audit verification"

SIGNED_FIELDS = (
    "checked_at",
    "ok",
    "events_checked",
    "last_verified_sequence",
    "checkpoint_sequence",
    "checkpoint_at",
    "problem",
)


class VerificationLike(Protocol):
    """An AuditVerification, or the historical model a migration sees."""

    key_id: str
    signature: str


def _signed_content(fields: dict[str, Any], key_id: str) -> str:
    content = {name: _canonical(fields[name]) for name in SIGNED_FIELDS}
    return f"{_SIGNED_AS}|{key_id}|{canonical_json(content)}"


def verification_signature(fields: dict[str, Any], key: AuditKey) -> str:
    return key.mac(_signed_content(fields, key.id))


def verification_signature_matches(verification: VerificationLike, keys: AuditKeys) -> bool:
    key = keys.by_id.get(verification.key_id)
    if key is None or key.is_legacy:
        return False
    fields = {name: getattr(verification, name) for name in SIGNED_FIELDS}
    expected = verification_signature(fields, key)
    return hmac.compare_digest(expected, verification.signature)
