"""The version of the search index and its synonyms, and what each server process keeps until
it changes: the synonyms as groups of words that mean the same, and the vocabulary typos are
corrected against. Every write to the index or the synonyms moves the version (in the writer's
transaction), so the next search in any process reads them again."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar, cast

from django.db import connection

from childtrust.partnership.models import SearchIndexState

Kept = TypeVar("Kept")

_STATE_ID = 1
_kept: dict[tuple[str, str, str], object] = {}


def index_version() -> str:
    """The current version: one small read per search."""
    version = SearchIndexState.objects.filter(pk=_STATE_ID).values_list("version", flat=True)
    return next(iter(version), "")


def index_changed() -> None:
    """Moves the version on; call in the transaction that changed the index or the synonyms."""
    SearchIndexState.objects.update_or_create(pk=_STATE_ID, defaults={"version": uuid.uuid4().hex})


def kept(name: str, version: str, build: Callable[[], Kept]) -> Kept:
    """`build()`'s value for this version of the index in this database, built once per process
    and version; the value for an older version is let go. Before the index is first built
    there is no version, and nothing is kept."""
    if not version:
        return build()
    key = (connection.alias, connection.settings_dict.get("NAME") or "", name)
    found = _kept.get(key)
    if isinstance(found, _Versioned) and found.version == version:
        return cast(Kept, found.value)
    value = build()
    _kept[key] = _Versioned(version, value)
    return value


class _Versioned:
    __slots__ = ("value", "version")

    def __init__(self, version: str, value: object) -> None:
        self.version = version
        self.value = value
