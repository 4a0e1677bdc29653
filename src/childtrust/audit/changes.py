"""How a service records a change in the audit log: each value as the log can keep it (a
linked record by its key and name; a sum of money or a date as text), what changed from and to,
and the save of a tracked record with its one audit event, in the caller's transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models

from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.models import TrackedModel

if TYPE_CHECKING:  # the audit log sits below accounts: it names users, never imports them
    from childtrust.accounts.models import User


def audit_value(value: Any) -> Any:
    """A field's value as the audit log keeps it (JSON): a linked record by its key and name,
    a Decimal or a date as text, anything else as it is."""
    if isinstance(value, models.Model):
        return {"id": value.pk, "name": str(value)}
    if isinstance(value, Decimal | datetime.date):
        return str(value)
    return value


def changes_details(changed: dict[str, tuple[Any, Any]]) -> dict[str, Any]:
    """An update's audit details from {field: (old, new)}: the fields changed, from and to."""
    return {
        "changed": sorted(changed),
        "from": {name: audit_value(old) for name, (old, _new) in changed.items()},
        "to": {name: audit_value(new) for name, (_old, new) in changed.items()},
    }


def save_and_record(
    *,
    actor: User | None,
    instance: TrackedModel,
    action: AuditAction,
    details: dict[str, Any],
) -> None:
    """Checks and saves a tracked record with who made or changed it, and records one audit
    event; call inside the service's transaction so the two cannot drift apart."""
    if instance._state.adding:
        instance.created_by = actor
    instance.modified_by = actor
    instance.full_clean()
    instance.save()
    audit_record(actor=actor, action=action, target=instance, details=details)
