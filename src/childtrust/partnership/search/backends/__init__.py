"""One way to ask the index, whichever database holds it: SQLite's FTS5 in the demo and on a
laptop, PostgreSQL's full-text search in production. Both read the same SearchEntry rows (the
database keeps its own full-text index of them in step, migration 0003) and answer the same
plan (partnership.search.query) with the same shape, so the search behaves the same on both."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.db import connection

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


def found_by_kind(
    rows: Iterable[tuple[str, int, str, str, str, int, int]], *, offset: int
) -> dict[str, Found]:
    """Each kind's matches from rows of (kind, object_id, title, summary, url, how many of the
    kind, place within the kind): the first place always comes, so that a kind's count is known
    even past its last page."""
    found: dict[str, Found] = {}
    for kind, object_id, title, summary, url, total, place in rows:
        entries = found.setdefault(kind, Found(count=total, entries=[])).entries
        if place > offset:
            entries.append(Entry(kind, object_id, title, summary, url))
    return found


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
