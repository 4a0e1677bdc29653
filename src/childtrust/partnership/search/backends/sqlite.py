"""The index on SQLite: FTS5 over the entries' title and words (migration 0003), ranked by
bm25 with a word in the title worth ten in the rest, and its fts5vocab table as the vocabulary."""

from __future__ import annotations

from django.db import connection

from childtrust.partnership.search.backends import Found, Scope, best_by_kind
from childtrust.partnership.search.query import Alternative, Plan, Term
from childtrust.partnership.search.words import WORD

TITLE_WEIGHT = 10.0

# Every match's entry id (which says its kind, entry_ids.py) and score, read from the full-text
# index alone: no join with the entries' table, which would cost as much again.
FIND = """
SELECT rowid, bm25(partnership_searchentry_fts, {title_weight}, 1.0)
FROM partnership_searchentry_fts
WHERE partnership_searchentry_fts MATCH %s
"""


def _term(term: Term) -> str:
    if not WORD.fullmatch(term.word):  # letters and digits only: nothing to escape
        raise ValueError(f"Not a word the index holds: {term.word!r}")
    return f'"{term.word}"' + ("*" if term.prefix else "")


def _alternative(alternative: Alternative) -> str:
    return "(" + " AND ".join(_term(term) for term in alternative) + ")"


def match_expression(plan: Plan) -> str:
    """The plan in FTS5's query syntax: `("hv" OR ("health"* AND "visit"*)) AND ("north"*)`."""
    return " AND ".join(
        "(" + " OR ".join(_alternative(alt) for alt in idea) + ")" for idea in plan.ideas
    )


class SqliteBackend:
    def vocabulary(self) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT term, doc FROM partnership_searchentry_vocab")
            return {term: count for term, count in cursor.fetchall() if WORD.fullmatch(term)}

    def find(self, plan: Plan, scope: Scope, *, limit: int, offset: int) -> dict[str, Found]:
        if plan.is_empty() or not scope.kinds:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(FIND.format(title_weight=TITLE_WEIGHT), [match_expression(plan)])
            matches = cursor.fetchall()
        return best_by_kind(matches, scope, limit=limit, offset=offset)
