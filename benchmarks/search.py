"""The search's speed aim (issue 14): with 20,000 services and 20,000 staff, a search answers
in under 100 ms at the 95th percentile, on SQLite and on PostgreSQL.

A throwaway database is built in a separate process (benchmarks/search_data.py), the index is
built whole (timed), and then the questions below (acronyms, phrases, partial words, typos,
names, broad words) are each asked ROUNDS times of `search(user, question)`, the selector the
search page calls: synonyms, typo correction, pages, both databases' full-text queries, and the
audit event a search showing people writes. One warm-up round first (each process reads the
synonyms and the vocabulary once per version of the index). SQLite always; PostgreSQL too when
a server answers on 127.0.0.1:5432."""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

from benchmarks import harness

ROUNDS = int(os.environ.get("BENCH_SEARCH_ROUNDS", "10"))
AIM_MS = 100.0
POSTGRES_BENCH_DATABASE = "childtrust_bench_search"
QUESTIONS = (
    "MASH", "CAMHS", "HV", "SENCO", "CLA", "LAC", "EHM", "IRO", "YOT", "s17",
    "health visitor", "school nurses", "early help", "front door", "looked after children",
    "safegu", "paren", "counsel", "youth offending team north",
    "helth visitr", "CAHMS", "safegaurding", "bereavment",
    "Priya Shah", "Okafor", "social worker Harbour",
    "children", "family support", "support", "north family support drop-in",
)  # fmt: skip


def _worker() -> dict[str, Any]:
    from django.db import connection

    from benchmarks.search_data import build
    from childtrust.accounts.models import Role, User
    from childtrust.core.collector import collector_set_for_server
    from childtrust.partnership.search.index import search_index_rebuild
    from childtrust.partnership.search.selectors import search

    started = time.perf_counter()
    counts = build()
    build_seconds = time.perf_counter() - started
    started = time.perf_counter()
    indexed = search_index_rebuild()
    index_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    collector_set_for_server()  # as gunicorn's workers are (core/collector.py)
    user = User.objects.create(username="bench-search", role=Role.PRACTITIONER)

    started = time.perf_counter()
    search(user, "warm up")  # the synonyms and the vocabulary, read once per version
    first_ms = (time.perf_counter() - started) * 1000
    for question in QUESTIONS:
        search(user, question)
    timings: list[float] = []
    by_question: dict[str, list[float]] = {question: [] for question in QUESTIONS}
    found: dict[str, int] = {}
    for _ in range(ROUNDS):
        for question in QUESTIONS:
            begun = time.perf_counter()
            results = search(user, question)
            elapsed = (time.perf_counter() - begun) * 1000
            timings.append(elapsed)
            by_question[question].append(elapsed)
            found[question] = results.count
    slowest = max(by_question, key=lambda question: statistics.median(by_question[question]))
    return {
        "counts": counts,
        "indexed": indexed,
        "build_seconds": build_seconds,
        "index_seconds": index_seconds,
        "first_ms": first_ms,
        "searches": len(timings),
        "p50_ms": harness.percentile(timings, 0.50),
        "p95_ms": harness.percentile(timings, 0.95),
        "max_ms": max(timings),
        "slowest": slowest,
        "slowest_ms": statistics.median(by_question[slowest]),
        "found": found,
    }


def worker() -> None:
    """Runs inside a process whose environment names the database: builds and times."""
    harness.worker_main(_worker)


def _measure(label: str, database_url: str | None) -> dict[str, Any]:
    return harness.measure_in_worker("benchmarks.search", label, database_url)


def _body(results: dict[str, dict[str, Any]], load: tuple[float, float]) -> str:
    counts = next(iter(results.values()))["counts"]
    lines = [
        "## Search: 20,000 services and 20,000 staff (`make bench-search`)",
        "",
        f"A scratch partnership of {counts['agencies']} agencies, {counts['localities']} "
        f"localities, {counts['teams']} teams, {counts['services']:,} services and "
        f"{counts['staff']:,} staff (about 5% no longer in post), named and described in the "
        "field's words (benchmarks/search_data.py), indexed whole. Then "
        f"{len(QUESTIONS)} questions (acronyms such as MASH, CAMHS, HV and CLA; phrases; partial "
        "words; typos such as 'helth visitr' and 'CAHMS'; names; broad words such as "
        f"'children' and 'support'), each asked {ROUNDS} times of `search(user, question)`, the "
        "selector the search page calls, as a practitioner: synonyms, typo correction, pages, "
        "the full-text query with each kind's count and best five, and the audit event a "
        "search that shows people writes. After one warm-up round.",
        "",
        "| database | searches | p50 ms | p95 ms | max ms | slowest question (median ms) | "
        "first search after a change ms | index built whole s |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for label, result in results.items():
        lines.append(
            f"| {label} | {result['searches']:,} | {result['p50_ms']:.1f} | "
            f"{result['p95_ms']:.1f} | {result['max_ms']:.1f} | '{result['slowest']}' "
            f"({result['slowest_ms']:.1f}) | {result['first_ms']:.0f} | "
            f"{result['index_seconds']:.1f} |"
        )
    lines += ["", *harness.p95_aim_lines(results, AIM_MS)]
    lines += [
        "",
        "'First search after a change' is the first search in a process after the index or the "
        "synonyms changed: it reads the synonyms and the index's vocabulary again (once per "
        "process and version, partnership/search/state.py).",
    ]
    lines += harness.machine_lines(load)
    return "\n".join(lines)


def run() -> None:
    harness.run_on_each_database("search", POSTGRES_BENCH_DATABASE, _measure, _body)


if __name__ == "__main__":
    harness.main(run, worker)
