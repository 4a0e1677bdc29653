"""How a service records a change in the audit log: each value as the log can keep it (a
linked record by its key and name; a sum of money or a date as text), what changed from and to,
the save of a tracked record with its one audit event, and the update of one (change the fields
given, check, save and record, or leave the record as it was), in the caller's transaction."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
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


def update_and_record(
    *,
    actor: User,
    instance: TrackedModel,
    changes: Mapping[str, object],
    allowed: Collection[str],
    errors: Callable[[], Mapping[str, str]],
    values_in_log: bool = True,
    also_changed: Collection[str] = (),
) -> list[str]:
    """The one way a service changes a record's fields: sets those of `changes` whose value
    differs, asks `errors()` about the record as changed (refusing with every message at once),
    then saves it with one audit event listing what changed. Returns the names changed, sorted:
    none, and nothing is saved or recorded.

    The log keeps each changed field's old and new value, unless `values_in_log` is False: the
    log is append-only, so a person's details (a name, an email address) are kept out of it and
    only the names of the fields that changed are recorded. A refused change (by `errors` or by
    the model's own checks) leaves the record as it was, on the caller's object too, so that it
    cannot be shown or saved by mistake. A field outside `allowed` is a programming error.

    `also_changed` names what the caller changes beside the fields in the same transaction (a
    many-to-many relation, set once this returns): recorded by name in the same event, and with
    it the record is saved even when none of its fields changed."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"{type(instance).__name__} has no changeable fields {sorted(unknown)}")
    changed = {
        name: (getattr(instance, name), value)
        for name, value in changes.items()
        if getattr(instance, name) != value
    }
    if not changed and not also_changed:
        return []
    for name, (_old, new) in changed.items():
        setattr(instance, name, new)
    try:
        refused = dict(errors())
        if refused:
            raise ValidationError(refused)
        details: dict[str, Any] = (
            changes_details(changed) if values_in_log else {"changed": sorted(changed)}
        )
        details["changed"] = sorted([*changed, *also_changed])
        save_and_record(actor=actor, instance=instance, action=AuditAction.UPDATE, details=details)
    except ValidationError:
        for name, (old, _new) in changed.items():
            setattr(instance, name, old)
        raise
    return sorted([*changed, *also_changed])
