"""The index on SQLite: FTS5 over the entries' title and words (migration 0003), ranked by
bm25 with a word in the title worth ten in the rest, and its fts5vocab table as the vocabulary."""

from __future__ import annotations

from django.db import connection

from childtrust.partnership.search.backends import Found, Scope, found_by_kind
from childtrust.partnership.search.query import Alternative, Plan, Term
from childtrust.partnership.search.words import WORD

TITLE_WEIGHT = 10.0

FIND = """
WITH matched AS (
    SELECT entry.kind, entry.object_id, entry.title, entry.summary, entry.url,
           bm25(partnership_searchentry_fts, {title_weight}, 1.0) AS score
    FROM partnership_searchentry_fts
    JOIN partnership_searchentry AS entry ON entry.id = partnership_searchentry_fts.rowid
    WHERE partnership_searchentry_fts MATCH %s
      AND entry.kind IN ({kinds})
      AND (entry.is_current OR %s)
), ranked AS (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY kind ORDER BY score, title) AS place,
           COUNT(*) OVER (PARTITION BY kind) AS total
    FROM matched
)
SELECT kind, object_id, title, summary, url, total, place FROM ranked
WHERE place = 1 OR (place > %s AND place <= %s)
ORDER BY kind, place
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
        kinds = sorted(scope.kinds)
        if plan.is_empty() or not kinds:
            return {}
        sql = FIND.format(title_weight=TITLE_WEIGHT, kinds=", ".join(["%s"] * len(kinds)))
        with connection.cursor() as cursor:
            cursor.execute(
                sql, [match_expression(plan), *kinds, scope.former_staff, offset, offset + limit]
            )
            rows = cursor.fetchall()
        return found_by_kind(rows, offset=offset)
