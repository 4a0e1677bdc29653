"""Writing to the audit log. Every other app records its events through `audit_record`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db import models, transaction
from django.utils import timezone

from childtrust.audit.chain import GENESIS_HASH, event_hash
from childtrust.audit.context import RequestOrigin, current_origin
from childtrust.audit.models import AuditAction, AuditChainHead, AuditEvent

if TYPE_CHECKING:  # the audit log sits below accounts: it names users, never imports them
    from childtrust.accounts.models import User


def object_type_of(target: models.Model) -> str:
    return target._meta.label_lower


def _stored_ip_address(value: str | None) -> str | None:
    """The address as the database will give it back (IPv6 in its short form), so that the hash
    still matches when the event is read; something that is not an address (a proxy set up
    wrongly) is left out rather than refused by PostgreSQL."""
    if not value:
        return None
    try:
        validate_ipv46_address(value)
    except ValidationError:
        return None
    return str(AuditEvent._meta.get_field("ip_address").get_prep_value(value))


@transaction.atomic
def audit_record(
    *,
    actor: User | None,
    action: AuditAction,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    reason: str = "",
    details: dict[str, Any] | None = None,
    anonymous: bool = False,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction, so that a change and the
    record of who made it commit or roll back together.

    `anonymous=True` records no actor, address or browser, for a change the person was promised
    could not be traced to them (anonymous feedback from staff)."""
    if target is not None:
        object_type = object_type or object_type_of(target)
        object_id = object_id or str(target.pk)
        object_repr = object_repr or str(target)
    origin = current_origin()
    if anonymous:
        actor, origin = None, RequestOrigin(path=origin.path)
    who = actor if actor is not None and actor.is_authenticated else None
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"sequence": 0, "hash": GENESIS_HASH}
    )
    fields: dict[str, Any] = {
        "sequence": head.sequence + 1,
        "occurred_at": timezone.now(),
        "actor_id": who.pk if who is not None else None,
        "actor_username": who.get_username() if who is not None else "",
        "action": str(action),
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr[:200],
        "reason": reason[:500],
        "ip_address": _stored_ip_address(origin.ip_address),
        "user_agent": origin.user_agent,
        "path": origin.path,
        "details": details or {},
    }
    digest = event_hash(fields, head.hash)
    event = AuditEvent.objects.create(**fields, previous_hash=head.hash, hash=digest)
    head.sequence, head.hash = event.sequence, digest
    head.save(update_fields=["sequence", "hash"])
    return event
