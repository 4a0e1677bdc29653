"""The index on PostgreSQL: the entries' generated tsvector `document` (title weighted A, the
rest B, the 'simple' configuration) with its GIN index (migration 0003), asked with a raw
tsquery the plan writes (`(hv | health:* & visit:*) & north:*`), ranked by ts_rank; the
vocabulary is ts_stat over the documents."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models.expressions import RawSQL

from childtrust.partnership.models import SearchEntry
from childtrust.partnership.search.backends import Found, Scope, best_by_kind
from childtrust.partnership.search.query import Alternative, Plan, Term
from childtrust.partnership.search.words import WORD

CONFIG = "simple"


def _term(term: Term) -> str:
    if not WORD.fullmatch(term.word):  # letters and digits only: nothing to escape
        raise ValueError(f"Not a word the index holds: {term.word!r}")
    return term.word + (":*" if term.prefix else "")


def _alternative(alternative: Alternative) -> str:
    return "(" + " & ".join(_term(term) for term in alternative) + ")"


def tsquery_text(plan: Plan) -> str:
    return " & ".join(
        "(" + " | ".join(_alternative(alt) for alt in idea) + ")" for idea in plan.ideas
    )


def _document() -> RawSQL:
    # The generated column is the database's (migration 0003), not a field of the model.
    table = SearchEntry._meta.db_table
    column = f'"{table}"."document"'
    return RawSQL(column, [], output_field=SearchVectorField())  # noqa: S611 (the model's table)


class PostgresBackend:
    def vocabulary(self) -> dict[str, int]:
        table = SearchEntry._meta.db_table
        with connection.cursor() as cursor:
            documents = f"SELECT document FROM {table}"  # noqa: S608 (the model's table)
            cursor.execute("SELECT word, ndoc FROM ts_stat(%s)", [documents])
            return {word: count for word, count in cursor.fetchall() if WORD.fullmatch(word)}

    def find(self, plan: Plan, scope: Scope, *, limit: int, offset: int) -> dict[str, Found]:
        if plan.is_empty() or not scope.kinds:
            return {}
        query = SearchQuery(tsquery_text(plan), search_type="raw", config=CONFIG)
        # Every match's entry id (which says its kind, entry_ids.py) and rank, best first as
        # lower is better: the GIN index finds them, ts_rank weighs title (A) above the rest (B).
        matches = (
            SearchEntry.objects.alias(document=_document())
            .filter(document=query)
            .annotate(score=-SearchRank(_document(), query))
            .values_list("pk", "score")
        )
        return best_by_kind(matches, scope, limit=limit, offset=offset)
