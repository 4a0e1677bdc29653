"""Finding a child among 60,000 (issue 16): p50 and p95 of `children_search`, the selector the
page /children/ and GET /api/v1/children call, on SQLite and on PostgreSQL.

A throwaway database is built in a separate process: 60,000 children (names drawn from common
English given names and surnames, so that common names repeat as in a city; dates of birth over
18 years; postcodes over 40 districts), their search keys built whole (timed, as
`childtrust search_keys_rebuild` builds them). Then the questions below (exact names, typos,
nicknames, other spellings, swapped order, a common surname alone, with and without a date of
birth or postcode) are each asked ROUNDS times, as the front door (which also looks for shielded
matches), with the audit event each search writes. One warm-up round first."""

from __future__ import annotations

import datetime
import json
import os
import random
import time
from typing import Any

from benchmarks import harness

CHILDREN = int(os.environ.get("BENCH_CHILDREN", "60000"))
ROUNDS = int(os.environ.get("BENCH_SEARCH_ROUNDS", "5"))
AIM_MS = 100.0
POSTGRES_BENCH_DATABASE = "childtrust_bench_children_search"
GIVEN = (  # noqa: SIM905 (one string reads as the list of names it is)
    "Olivia Amelia Isla Ava Ivy Freya Lily Florence Mia Willow Rosie Sophia Isabella Grace "
    "Daisy Sienna Poppy Elsie Emily Ella Evelyn Phoebe Sofia Evie Charlotte Harper Millie "
    "Matilda Ruby Muhammad Noah Oliver George Leo Arthur Oscar Harry Archie Jack Henry "
    "Charlie Freddie Theodore Thomas Finley Theo Alfie Jacob William Isaac Tommy Lucas "
    "Joshua James Max Mohammed Roman Edward Alexander Amira Zara Aisha Maryam Ibrahim Yusuf "
    "Ali Hassan Jayden Tyler Kai Reggie"
).split()
FAMILY = (  # noqa: SIM905
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Robinson Wright Thompson "
    "Evans Walker White Roberts Green Hall Thomas Clarke Jackson Wood Harris Edwards Turner "
    "Martin Cooper Hill Ward Hughes Moore Clark King Harrison Lewis Baker Lee Allen Morris "
    "Khan Scott Watson Davis Parker James Bennett Young Phillips Richardson Mitchell Bailey "
    "Carter Cook Singh Shaw Bell Collins Morgan Kelly Begum Miller Cox Marshall Simpson "
    "Anderson Ellis Adams Wilkinson Ward Murphy Price Chapman Mason Holmes Hussain Ahmed "
    "Okafor Nowak Kowalski Mensah Osei Reid"
).split()
DISTRICTS = [f"SO{n}" for n in range(14, 54)]
QUESTIONS: tuple[dict[str, str], ...] = (
    {"name": "Olivia Smith"},
    {"name": "Olvia Smyth"},
    {"name": "Smith Olivia"},
    {"name": "Mohamed Khan"},
    {"name": "Freddie Thompson"},
    {"name": "Alfie Robinsen"},
    {"name": "Izzy Patel"},
    {"name": "Jayden Okafor", "postcode": "SO14"},
    {"name": "Ruby Evans", "date_of_birth": "2016-03-07"},
    {"name": "Harry Jones", "date_of_birth": "2016-07-03"},
    {"name": "Smith"},
    {"name": "Grace", "postcode": "SO20"},
    {"date_of_birth": "2015-05-14"},
    {"postcode": "SO31 4AB"},
    {"name": "Nowak", "date_of_birth": "2012-01-09", "postcode": "SO40"},
)


def _build() -> None:
    from childtrust.children.models import Child

    rng = random.Random(16)
    start = datetime.date(2008, 1, 1)
    rows = []
    for n in range(1, CHILDREN + 1):
        district = rng.choice(DISTRICTS)
        inward = f"{rng.randrange(10)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQ')}"
        rows.append(
            Child(
                reference=f"CT-{n:06d}",
                given_name=rng.choice(GIVEN),
                family_name=rng.choice(FAMILY),
                date_of_birth=start + datetime.timedelta(days=rng.randrange(18 * 365)),
                postcode=f"{district} {inward}",
                shielded=n % 500 == 0,
            )
        )
    Child.objects.bulk_create(rows, batch_size=5000)


def _terms(question: dict[str, str]) -> Any:
    from childtrust.children.selectors.search import SearchTerms

    born = question.get("date_of_birth")
    return SearchTerms(
        name=question.get("name", ""),
        date_of_birth=datetime.date.fromisoformat(born) if born else None,
        postcode=question.get("postcode", ""),
    )


def _worker() -> dict[str, Any]:
    from django.db import connection

    from childtrust.accounts.models import Role, User
    from childtrust.children.search_keys import search_keys_rebuild
    from childtrust.children.selectors.search import children_search

    started = time.perf_counter()
    _build()
    build_seconds = time.perf_counter() - started
    started = time.perf_counter()
    _, keys = search_keys_rebuild()
    keys_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    user = User.objects.create(username="bench-children", role=Role.FRONT_DOOR)
    terms = [_terms(question) for question in QUESTIONS]
    for each in terms:
        children_search(user, each)
    timings: list[float] = []
    found: dict[str, int] = {}
    for _ in range(ROUNDS):
        for question, each in zip(QUESTIONS, terms, strict=True):
            begun = time.perf_counter()
            _, total = children_search(user, each)
            timings.append((time.perf_counter() - begun) * 1000)
            found[json.dumps(question)] = total
    return {
        "children": CHILDREN,
        "keys": keys,
        "build_seconds": build_seconds,
        "keys_seconds": keys_seconds,
        "searches": len(timings),
        "p50_ms": harness.percentile(timings, 0.50),
        "p95_ms": harness.percentile(timings, 0.95),
        "max_ms": max(timings),
        "found": found,
    }


def worker() -> None:
    harness.worker_main(_worker)


def _measure(label: str, database_url: str | None) -> dict[str, Any]:
    return harness.measure_in_worker("benchmarks.children_search", label, database_url)


def _body(results: dict[str, dict[str, Any]], load: tuple[float, float]) -> str:
    first = next(iter(results.values()))
    lines = [
        f"## Finding a child: {first['children']:,} children (`make bench-children-search`)",
        "",
        f"{first['children']:,} children with common names (so that names repeat as in a city), "
        f"dates of birth over 18 years and postcodes over {len(DISTRICTS)} districts; their "
        f"{first['keys']:,} search keys built whole. Then {len(QUESTIONS)} questions (exact "
        "names, typos such as 'Olvia Smyth' and 'Alfie Robinsen', nicknames such as 'Izzy', "
        "other spellings such as 'Mohamed', swapped order, a common surname alone, a date of "
        "birth with day and month swapped, a postcode or its district alone), each asked "
        f"{ROUNDS} times of `children_search`, the selector the page and the API call, as the "
        "front door (which also looks for shielded matches), with the audit event each search "
        "writes. After one warm-up round.",
        "",
        "| database | searches | p50 ms | p95 ms | max ms | keys built s |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, result in results.items():
        lines.append(
            f"| {label} | {result['searches']:,} | {result['p50_ms']:.1f} | "
            f"{result['p95_ms']:.1f} | {result['max_ms']:.1f} | {result['keys_seconds']:.1f} |"
        )
    lines += ["", *harness.p95_aim_lines(results, AIM_MS)]
    lines += harness.machine_lines(load)
    return "\n".join(lines)


def run() -> None:
    harness.run_on_each_database("children-search", POSTGRES_BENCH_DATABASE, _measure, _body)


if __name__ == "__main__":
    harness.main(run, worker)
