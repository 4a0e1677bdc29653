"""What the audit log knows of the records its events name: each app above it says, when it
starts (its AppConfig's `ready`), how to find a kind of record's name and page, so the log can
say "changed the service Family Hub North" with a link, without importing the apps above it.

A kind nobody registered is still shown, by the name the event kept when it was written."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models


@dataclass(frozen=True)
class AuditObject:
    """A record as the log shows it: its name now, and its page ("" when it has none)."""

    name: str
    url: str = ""


# {object id: the record}, for the ids asked about that still exist.
Lookup = Callable[[list[str]], Mapping[str, AuditObject]]


@dataclass(frozen=True)
class AuditKind:
    """How the log names one kind of record (`object_type`, such as "partnership.service"):
    `lookup` finds records by id; `money_fields` are the fields (and details) that are sums of
    money, shown as "£1,234"."""

    object_type: str
    lookup: Lookup | None = None
    money_fields: frozenset[str] = field(default_factory=frozenset)


_KINDS: dict[str, AuditKind] = {}

# A record's id as events keep it: a database key.
_KEY = re.compile(r"[0-9]{1,18}")


def audit_kinds_register(*kinds: AuditKind) -> None:
    """Adds (or, on a second start in the same process, replaces) an app's kinds of record."""
    for kind in kinds:
        _KINDS[kind.object_type] = kind


def audit_kind(object_type: str) -> AuditKind:
    return _KINDS.get(object_type) or AuditKind(object_type)


def pages_of(
    model: type[models.Model],
    url: Callable[[Any], str],
    *,
    name: Callable[[Any], str] = str,
    related: Collection[str] = (),
) -> Lookup:
    """The usual lookup: the model's records by key, each named by `name` (str by default) and
    linked to `url(record)`. `related` are the relations `name` and `url` read (selected in the
    same query)."""

    def lookup(ids: list[str]) -> dict[str, AuditObject]:
        keys = [key for key in ids if _KEY.fullmatch(key)]
        records = model._default_manager.filter(pk__in=keys)
        if related:
            records = records.select_related(*related)
        return {str(record.pk): AuditObject(name(record), url(record)) for record in records}

    return lookup


def audit_objects_named(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], AuditObject]:
    """{(object type, id): the record} for the pairs whose kind is registered and whose record
    still exists, one query per kind."""
    ids_by_type: dict[str, set[str]] = {}
    for object_type, object_id in pairs:
        if object_id and object_type in _KINDS:
            ids_by_type.setdefault(object_type, set()).add(object_id)
    found: dict[tuple[str, str], AuditObject] = {}
    for object_type, ids in ids_by_type.items():
        lookup = _KINDS[object_type].lookup
        if lookup is None:
            continue
        for object_id, record in lookup(sorted(ids)).items():
            found[(object_type, object_id)] = record
    return found
