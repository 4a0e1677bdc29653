"""Steps the registry and staff services share when they write a record: its address (slug),
the fields an update changes, and refusing with every message at once. No decisions about who
may write: those are the services' first line (partnership/access.py)."""

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


def apply_changes(
    instance: models.Model, changes: dict[str, object], allowed: frozenset[str]
) -> list[str]:
    """Sets the changed values on the instance and returns the names of those that changed,
    sorted; a field outside `allowed` is a programming error (TypeError)."""
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"{type(instance).__name__} has no changeable fields {sorted(unknown)}")
    changed = []
    for name, value in changes.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return sorted(changed)


def others_than(queryset: models.QuerySet[Any], instance: models.Model) -> models.QuerySet[Any]:
    """The queryset without `instance`, for checking a name is not taken by another record."""
    return queryset if instance.pk is None else queryset.exclude(pk=instance.pk)


def refuse_if_any(errors: dict[str, str]) -> None:
    """Refuses with every message at once ({field: message}), before anything is written."""
    if errors:
        raise ValidationError(errors)


def strip_fields(instance: models.Model, *names: str) -> None:
    for name in names:
        setattr(instance, name, getattr(instance, name).strip())
