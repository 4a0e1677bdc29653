"""What a PATCH asks to change: only the fields it sends, each with a value."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ninja import Schema
from ninja.errors import HttpError


def changes_sent(payload: Schema, *, may_be_null: Collection[str] = ()) -> dict[str, Any]:
    """The fields the request sent, by name, to change; those left out keep their values. A
    field sent as null answers 400 (null would not keep the value, and is not one), unless it is
    in `may_be_null`, where null means something (`ring_fenced_service: null` lifts a
    ring-fence). Values are Any because the payload's schema types them, field by field."""
    changes: dict[str, Any] = payload.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None and name not in may_be_null:
            raise HttpError(400, f"Give a value for {name}, or leave it out to keep it.")
    return changes
