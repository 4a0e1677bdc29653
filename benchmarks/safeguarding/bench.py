"""`make bench-safeguarding` (issue 17): with a million concerns about a hundred thousand
children, the time from a new concern to its alert (p50, p95, max) and a full nightly evaluation
(wall time and peak memory), on PostgreSQL (the production database) and SQLite.

For each database a throwaway one is built in a worker process (benchmarks.safeguarding.data),
then each step runs in a process of its own on it, whose peak resident memory wait4 reports:
the first nightly evaluation over two years of history (which raises every alert the history
calls for), then BENCH_SAFEGUARDING_NEW (500) new concerns recorded through the concern
service one by one, then the next night's evaluation.

BENCH_SAFEGUARDING_CHILDREN, _CONCERNS and _PLANS change the scale;
BENCH_SAFEGUARDING_DATABASES=postgresql (or sqlite) runs on one database only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import harness, postgres, report
from benchmarks.safeguarding import data, measures
from benchmarks.safeguarding.writing import section

SCALE = data.Scale(
    children=int(os.environ.get("BENCH_SAFEGUARDING_CHILDREN", "100000")),
    concerns=int(os.environ.get("BENCH_SAFEGUARDING_CONCERNS", "1000000")),
    open_plans=int(os.environ.get("BENCH_SAFEGUARDING_PLANS", "3000")),
    ended_plans=int(os.environ.get("BENCH_SAFEGUARDING_PLANS", "3000")) // 2,
)
NEW_CONCERNS = int(os.environ.get("BENCH_SAFEGUARDING_NEW", "500"))
DATABASES = tuple(
    os.environ.get("BENCH_SAFEGUARDING_DATABASES", "postgresql,sqlite").lower().split(",")
)
POSTGRES_BENCH_DATABASE = "childtrust_bench_safeguarding"
SECTION = "safeguarding"


# --- In a worker process ------------------------------------------------------------------------


def _build() -> dict[str, Any]:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    built = data.build(SCALE)
    measures.users()
    built["load_seconds"] = time.perf_counter() - started
    started = time.perf_counter()
    measures.analyse()
    built["analyse_seconds"] = time.perf_counter() - started
    return built


def worker(step: str) -> None:
    import django

    django.setup()
    steps: dict[str, Callable[[], dict[str, Any]]] = {
        "build": _build,
        "nightly": measures.time_nightly,
        "concerns": lambda: measures.time_new_concerns(NEW_CONCERNS),
    }
    print(harness.RESULT + json.dumps(steps[step]()), flush=True)


# --- The benchmark ------------------------------------------------------------------------------


def _step(step: str, env: dict[str, str], label: str) -> dict[str, Any]:
    """Runs one step in its own process; its result, wall seconds and peak memory in MB."""
    print(f"{label}: {step}…", flush=True)
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.safeguarding.bench", "--worker", step],
            env=env,
            cwd=harness.ROOT,
            stdout=out,
            stderr=err,
            text=True,
        )
        _, status, usage = os.wait4(process.pid, 0)
        out.seek(0)
        err.seek(0)
        output = out.read()
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"The {label} {step} step failed:\n{output}\n{err.read()[-4000:]}")
    line = next(line for line in output.splitlines() if line.startswith(harness.RESULT))
    result: dict[str, Any] = json.loads(line.removeprefix(harness.RESULT))
    result["process_seconds"] = time.perf_counter() - started
    result["process_peak_mb"] = usage.ru_maxrss / 1024
    print(f"{label}: {step}: {_summary(result)}", flush=True)
    return result


def _summary(result: dict[str, Any]) -> str:
    if "p95_ms" in result:
        return (
            f"{result['concerns']} concerns, p50 {result['p50_ms']:.1f} ms, "
            f"p95 {result['p95_ms']:.1f} ms, max {result['max_ms']:.1f} ms"
        )
    if "seconds" in result:
        return f"{result['seconds']:.1f} s, peak {result['process_peak_mb']:,.0f} MB"
    return f"{result.get('concerns', 0):,} concerns loaded in {result['load_seconds']:.1f} s"


def measure(label: str, database_url: str | None) -> dict[str, Any]:
    """Builds the database and runs every step on it, in a throwaway folder."""
    with tempfile.TemporaryDirectory(prefix="childtrust-bench-safeguarding-") as var_dir:
        env = harness.worker_environment(Path(var_dir), database_url)
        return {
            "build": _step("build", env, label),
            "first_night": _step("nightly", env, label),
            "concerns": _step("concerns", env, label),
            "next_night": _step("nightly", env, label),
        }


def on_each_database() -> dict[str, dict[str, Any]]:
    results = {}
    if "postgresql" in DATABASES and postgres.fresh_database(POSTGRES_BENCH_DATABASE):
        try:
            results["PostgreSQL"] = measure(
                "PostgreSQL", postgres.bench_database_url(POSTGRES_BENCH_DATABASE)
            )
        finally:
            postgres.drop_database(POSTGRES_BENCH_DATABASE)
    if "sqlite" in DATABASES:
        results["SQLite"] = measure("SQLite", None)
    return results


def run() -> None:
    load_before = os.getloadavg()[0]
    results = on_each_database()
    report.write_section(SECTION, section(results, SCALE, (load_before, os.getloadavg()[0])))
    print(f"Written to {report.REPORT.relative_to(harness.ROOT)}")


if __name__ == "__main__":
    harness.main(run, worker)
