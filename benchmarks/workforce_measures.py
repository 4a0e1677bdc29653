"""The workforce measures' speed aim (issue 13): all measures by agency, team and locality for
50,000 staff over 5 years in 20 agencies, aim under 1 s for each census year on SQLite and on
PostgreSQL.

A throwaway database is built in a separate process (benchmarks/workforce_measures_data.py:
20 agencies, 500 teams, 12 localities, about 39,000 posts, 50,000 staff with starters and
leavers over the census years 2022 to 2026, agency cover, absence and caseloads), then for each
census year `social_work_figures(year)` (every measure of the social worker posts by the whole
partnership, agency, team and locality, in one pass) and `whole_workforce_figures(year)` (every
post by agency) are timed, each the median of a few runs after one warm-up.

SQLite always; PostgreSQL too when a server answers on 127.0.0.1:5432."""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

from benchmarks import harness

RUNS = int(os.environ.get("BENCH_WORKFORCE_MEASURES_RUNS", "5"))
AIM_SECONDS = 1.0
POSTGRES_BENCH_DATABASE = "childtrust_bench_workforce_measures"


def _worker() -> dict[str, Any]:
    from django.db import connection

    from benchmarks.workforce_measures_data import YEARS, build, census, year_start
    from childtrust.core.collector import collector_set_for_server
    from childtrust.workforce.models import Holding
    from childtrust.workforce.selectors.measures import (
        social_work_figures,
        whole_workforce_figures,
    )

    started = time.perf_counter()
    counts = build()
    build_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # As gunicorn's workers are once they have loaded the application (core/collector.py).
    collector_set_for_server()

    years: dict[int, dict[str, Any]] = {}
    for year in YEARS:
        social_work_figures(year)  # warm up
        social, social_cpu, whole = [], [], []
        for _ in range(RUNS):
            begun, cpu = time.perf_counter(), time.process_time()
            figures = social_work_figures(year)
            social.append(time.perf_counter() - begun)
            social_cpu.append(time.process_time() - cpu)
            begun = time.perf_counter()
            agencies = whole_workforce_figures(year)
            whole.append(time.perf_counter() - begun)
        partnership = figures["partnership"][0].counts
        years[year] = {
            "social_s": statistics.median(social),
            "social_max_s": max(social),
            "social_cpu_s": statistics.median(social_cpu),
            "whole_s": statistics.median(whole),
            "holdings_live": Holding.objects.filter(
                starts_on__lte=census(year), ends_on__isnull=True
            ).count()
            + Holding.objects.filter(
                starts_on__lte=census(year), ends_on__gte=year_start(year)
            ).count(),
            "groups": {kind: len(rows) for kind, rows in figures.items()},
            "agencies_whole": len(agencies) - 1,
            "inpost_fte": partnership.inpost_fte,
            "headcount": partnership.inpost_headcount,
            "turnover": partnership.value("turnover_rate"),
            "vacancy": partnership.value("vacancy_rate"),
            "agency": partnership.value("agency_rate"),
            "caseload": partnership.value("caseload"),
            "absence": partnership.value("absence_rate"),
        }
    return {"counts": counts, "build_seconds": build_seconds, "years": years}


def worker() -> None:
    """Runs inside a process whose environment names the database: builds and times."""
    harness.worker_main(_worker)


def _measure(label: str, database_url: str | None) -> dict[str, Any]:
    return harness.measure_in_worker("benchmarks.workforce_measures", label, database_url)


def _rate(value: float | None, unit: str = "%") -> str:
    return "not calculated" if value is None else f"{value:.1f}{unit}"


def _body(results: dict[str, dict[str, Any]], load: tuple[float, float]) -> str:
    counts = next(iter(results.values()))["counts"]
    lines = [
        "## Workforce: the national measures for 50,000 staff (`make bench-workforce`)",
        "",
        f"A scratch establishment of {counts['agencies']} agencies, {counts['teams']} teams, "
        f"{counts['localities']} localities, {counts['posts']:,} posts "
        f"({counts['social_worker_posts']:,} social worker posts), {counts['staff']:,} staff "
        f"over the census years 2022 to 2026 ({counts['holdings']:,} holdings, with starters "
        f"and leavers each year), {counts['agency_cover']:,} spells of agency cover, "
        f"{counts['absence_spells']:,} spells of sickness absence and "
        f"{counts['caseload_counts']:,} caseload counts "
        "(benchmarks/workforce_measures_data.py). For each census year, "
        "`social_work_figures(year)`: all seven measures of the social worker posts, by the "
        "whole partnership, every agency, team and locality, in one pass over the rows live "
        "in the year; and `whole_workforce_figures(year)`: every post, by agency. Each the "
        f"median of {RUNS} runs after one warm-up, with the garbage collector set as "
        "gunicorn's workers set it (core/collector.py). The CPU column is the benchmark "
        "process's own time (on SQLite the database's work too; on PostgreSQL the server's "
        "is apart): on a busy machine the wall-clock time waits for the cores, and the CPU "
        "time shows what the computation itself costs.",
        "",
        "| database | census year | all measures, every grouping: s (max) | of which this "
        "process's CPU s | whole workforce s | holdings live in the year | groups (agency / "
        "team / locality) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for label, result in results.items():
        for year, row in result["years"].items():
            groups = row["groups"]
            lines.append(
                f"| {label} | {year} | {row['social_s']:.2f} ({row['social_max_s']:.2f}) | "
                f"{row['social_cpu_s']:.2f} | {row['whole_s']:.2f} | {row['holdings_live']:,} | "
                f"{groups['agency']} / {groups['team']} / {groups['locality']} |"
            )
    lines += ["", "The partnership's figures the data gives (social workers):", ""]
    lines += [
        "| census year | FTE in post | turnover | vacancy | agency | caseload | absence |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for year, row in next(iter(results.values()))["years"].items():
        lines.append(
            f"| {year} | {row['inpost_fte']:,.2f} | {_rate(row['turnover'])} | "
            f"{_rate(row['vacancy'])} | {_rate(row['agency'])} | "
            f"{_rate(row['caseload'], ' cases per FTE')} | {_rate(row['absence'])} |"
        )
    lines.append("")
    for label, result in results.items():
        slowest = max(row["social_s"] for row in result["years"].values())
        lines.append(
            f"- {label}: slowest year {slowest:.2f} s for every measure by agency, team and "
            f"locality (aim: under {AIM_SECONDS:.0f} s): "
            f"{'met' if slowest < AIM_SECONDS else 'NOT met'}; "
            f"building the data took {result['build_seconds']:.0f} s."
        )
    lines += harness.machine_lines(load)
    return "\n".join(lines)


def run() -> None:
    harness.run_on_each_database("workforce-measures", POSTGRES_BENCH_DATABASE, _measure, _body)


if __name__ == "__main__":
    harness.main(run, worker)
