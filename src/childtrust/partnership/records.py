"""Steps the registry and staff services share when they write a record: its address (slug),
a name not taken by another record, text without stray spaces, and refusing with every message
at once. No decisions about who may write: those are the services' first line
(partnership/access.py); an update's change, check, save and audit event is
audit.changes.update_and_record."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify

RESERVED_SLUGS = frozenset({"add"})  # /services/add/ and the like are pages, not records


def unique_slug(model: type[models.Model], name: str, *, fallback: str) -> str:
    """An address made from the name, with -2, -3... when it is taken; `fallback` when the name
    has no letters or digits to make one from."""
    max_length = getattr(model._meta.get_field("slug"), "max_length", None) or 50
    base = slugify(name)[:max_length].strip("-") or fallback
    slug, number = base, 2
    while slug in RESERVED_SLUGS or model._default_manager.filter(slug=slug).exists():
        suffix = f"-{number}"
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
        number += 1
    return slug


def others_than(queryset: models.QuerySet[Any], instance: models.Model) -> models.QuerySet[Any]:
    """The queryset without `instance`, for checking a name is not taken by another record."""
    return queryset if instance.pk is None else queryset.exclude(pk=instance.pk)


def stripped(changes: dict[str, object], *names: str) -> dict[str, object]:
    """An update's changes with the text of the fields named stripped of spaces at either end,
    so that " City Police" is no change to "City Police"."""
    return {
        name: value.strip() if name in names and isinstance(value, str) else value
        for name, value in changes.items()
    }


def refuse_if_any(errors: dict[str, str]) -> None:
    """Refuses with every message at once ({field: message}), before anything is written."""
    if errors:
        raise ValidationError(errors)
