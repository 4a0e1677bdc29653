"""The audit log's keys: the one events are written under now, the older ones still needed to
verify events written before a rotation, and the short id each event stores to name its key.

The keys come from settings (the environment in production, a file under var/ in the demo) and
never from the database, so that someone who can write to the database cannot forge a chain."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings

# Events written before the chain was keyed: a plain SHA-256, with no key.
LEGACY_KEY_ID = "sha256"


@dataclass(frozen=True)
class AuditKey:
    id: str
    secret: bytes = b""

    @property
    def is_legacy(self) -> bool:
        return self.id == LEGACY_KEY_ID

    def mac(self, message: str) -> str:
        return hmac.new(self.secret, message.encode(), hashlib.sha256).hexdigest()


LEGACY_KEY = AuditKey(LEGACY_KEY_ID)


def key_id_of(secret: bytes) -> str:
    """A fingerprint that names a key without revealing it (an HMAC under the key itself, so
    that it is no plain hash a dictionary could be checked against)."""
    return "k" + hmac.new(secret, b"childtrust audit key id", hashlib.sha256).hexdigest()[:15]


def _key(secret: str) -> AuditKey:
    raw = secret.encode()
    return AuditKey(key_id_of(raw), raw)


@dataclass(frozen=True)
class AuditKeys:
    current: AuditKey
    by_id: dict[str, AuditKey]
    # Oldest first, the plain SHA-256 of the events from before the chain was keyed first of
    # all: the chain never goes back to an earlier key, so a leaked old key forges nothing new.
    order: tuple[str, ...]

    def rank(self, key_id: str) -> int:
        return self.order.index(key_id)


def audit_keys() -> AuditKeys:
    keys = [_key(secret) for secret in (*settings.AUDIT_OLD_KEYS, settings.AUDIT_KEY)]
    by_id = {key.id: key for key in keys}
    order = tuple(dict.fromkeys([LEGACY_KEY_ID, *(key.id for key in keys)]))
    return AuditKeys(current=keys[-1], by_id={LEGACY_KEY_ID: LEGACY_KEY, **by_id}, order=order)
