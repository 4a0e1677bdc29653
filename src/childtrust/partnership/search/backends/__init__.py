"""One way to ask the index, whichever database holds it: SQLite's FTS5 in the demo and on a
laptop, PostgreSQL's full-text search in production. Both read the same SearchEntry rows (the
database keeps its own full-text index of them in step, migration 0003) and answer the same
plan (partnership.search.query) with the same shape, so the search behaves the same on both."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.db import connection

from childtrust.partnership.models import SearchEntry
from childtrust.partnership.search.entry_ids import kind_of
from childtrust.partnership.search.query import Plan


@dataclass(frozen=True)
class Scope:
    """What the searcher may find: the kinds of record, and whether people no longer in post
    (partnership.access.search_scope_for decides)."""

    kinds: frozenset[str]
    former_staff: bool


@dataclass(frozen=True)
class Entry:
    kind: str
    object_id: int
    title: str
    summary: str
    url: str


@dataclass(frozen=True)
class Found:
    """One kind's matches: how many in all, and the best `limit` from `offset`, best first."""

    count: int
    entries: list[Entry]


def best_by_kind(
    matches: Iterable[tuple[int, float]], scope: Scope, *, limit: int, offset: int
) -> dict[str, Found]:
    """Each kind's count and its best `limit` entries from `offset`, from every match's entry id
    and score (lower is better), within the scope: only the entries shown are read."""
    by_kind: dict[str, list[tuple[float, int]]] = {}
    for entry, score in matches:
        kind, current = kind_of(entry) or ("", False)
        if kind in scope.kinds and (current or scope.former_staff):
            by_kind.setdefault(kind, []).append((score, entry))
    best = {
        kind: [entry for _score, entry in heapq.nsmallest(offset + limit, scored)][offset:]
        for kind, scored in by_kind.items()
    }
    shown = {
        row["id"]: Entry(row["kind"], row["object_id"], row["title"], row["summary"], row["url"])
        for row in SearchEntry.objects.filter(
            pk__in=[e for ids in best.values() for e in ids]
        ).values("id", "kind", "object_id", "title", "summary", "url")
    }
    return {
        kind: Found(count=len(by_kind[kind]), entries=[shown[e] for e in ids if e in shown])
        for kind, ids in best.items()
    }


class Backend(Protocol):
    def vocabulary(self) -> dict[str, int]:
        """Every word the index holds, with how many records hold it."""
        ...

    def find(self, plan: Plan, scope: Scope, *, limit: int, offset: int) -> dict[str, Found]:
        """Each kind's matches of the plan within the scope (kinds with none left out)."""
        ...


def backend() -> Backend:
    """The backend for the database in use."""
    if connection.vendor == "postgresql":
        from childtrust.partnership.search.backends.postgresql import PostgresBackend

        return PostgresBackend()
    from childtrust.partnership.search.backends.sqlite import SqliteBackend

    return SqliteBackend()
