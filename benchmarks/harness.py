"""What the benchmarks that time a throwaway database share (search, children_search,
workforce_measures, voice_reach, strategy): each runs its worker in a separate process whose
environment names the database (SQLite in a temporary folder always; PostgreSQL too when a
server answers on 127.0.0.1:5432), reads back the one line the worker prints, and writes its
section of docs/benchmarks.md with the machine it ran on.

    def worker() -> None:
        harness.worker_main(_worker)            # in the worker: migrate, time, print the result

    def run() -> None:
        harness.run_on_each_database("search", POSTGRES_BENCH_DATABASE, _measure, _body)

    if __name__ == "__main__":
        harness.main(run, worker)               # `python -m benchmarks.x [--worker ARGS]`
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from benchmarks import machine, postgres, report

ROOT = Path(__file__).resolve().parents[1]
RESULT = "RESULT "
Result = TypeVar("Result")
Load = tuple[float, float]  # the one-minute load average when the run began and ended


def percentile(values: list[float], share: float) -> float:
    """The value at this share of the way through the sorted values (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def worker_environment(var_dir: Path, database_url: str | None) -> dict[str, str]:
    """The worker's environment: the demo settings with their files in `var_dir`, and the
    database `database_url` names (SQLite in `var_dir` when None)."""
    env = {
        **os.environ,
        "CHILDTRUST_DEMO": "1",
        "CHILDTRUST_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "childtrust.settings",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def worker_main(measure: Callable[[], Mapping[str, Any]]) -> None:
    """Runs inside the worker process: sets Django up, migrates the throwaway database, then
    prints what `measure` returns as the line `measure_in_worker` reads."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    print(RESULT + json.dumps(measure()))


def measure_in_worker(
    module: str,
    label: str,
    database_url: str | None,
    *,
    args: tuple[str, ...] = (),
    announce: str = "building and timing…",
    summary: Callable[[dict[str, Any]], str] = str,
) -> dict[str, Any]:
    """Runs `python -m module --worker *args` on the database `database_url` names and returns
    the result it prints; says what it does, then `summary` of the result, on the terminal.
    A worker that fails raises, with what it wrote."""
    with tempfile.TemporaryDirectory(prefix="childtrust-bench-") as var_dir:
        print(f"{label}: {announce}", flush=True)
        done = subprocess.run(
            [sys.executable, "-m", module, "--worker", *args],
            env=worker_environment(Path(var_dir), database_url),
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    if done.returncode != 0:
        raise RuntimeError(f"The {label} run failed:\n{done.stdout}\n{done.stderr}")
    line = next(line for line in done.stdout.splitlines() if line.startswith(RESULT))
    result: dict[str, Any] = json.loads(line.removeprefix(RESULT))
    print(f"{label}: {summary(result)}", flush=True)
    return result


def on_each_database(
    postgres_database: str, measure: Callable[[str, str | None], Result]
) -> dict[str, Result]:
    """`measure(label, database_url)` on SQLite, then on a fresh PostgreSQL database of this
    name when a server answers (dropped afterwards, whatever happens)."""
    results = {"SQLite": measure("SQLite", None)}
    if postgres.fresh_database(postgres_database):
        try:
            results["PostgreSQL"] = measure(
                "PostgreSQL", postgres.bench_database_url(postgres_database)
            )
        finally:
            postgres.drop_database(postgres_database)
    return results


def run_on_each_database(
    section: str,
    postgres_database: str,
    measure: Callable[[str, str | None], Result],
    body: Callable[[dict[str, Result], Load], str],
) -> None:
    """Measures on each database and writes the section `body` makes of the results and the
    machine's load before and after."""
    load_before = os.getloadavg()[0]
    results = on_each_database(postgres_database, measure)
    report.write_section(section, body(results, (load_before, os.getloadavg()[0])))
    print(f"Written to {report.REPORT.relative_to(ROOT)}")


def p95_aim_lines(results: Mapping[str, Mapping[str, Any]], aim_ms: float) -> list[str]:
    """One line a database: its p95 (`p95_ms`) against the aim, met or not."""
    lines = []
    for label, result in results.items():
        met = "met" if result["p95_ms"] < aim_ms else "NOT met"
        lines.append(
            f"- {label}: p95 {result['p95_ms']:.1f} ms (aim: under {aim_ms:.0f} ms): {met}."
        )
    return lines


def machine_lines(load: Load | None = None, *, busy_note: str = "") -> list[str]:
    """The section's closing lines: the machine's load while it ran (when measured, with
    `busy_note` after "slower than from an idle one"), and the machine."""
    lines = []
    if load is not None:
        lines += [
            "",
            f"The machine's one-minute load average was {load[0]:.1f} when the run began and "
            f"{load[1]:.1f} when it ended ({os.cpu_count()} cores): figures from a busy machine "
            f"are slower than from an idle one{busy_note}.",
        ]
    return [*lines, "", "Machine:", "", machine.as_markdown(machine.describe())]


def main(run: Callable[[], None], worker: Callable[..., None]) -> None:
    """`python -m benchmarks.x` runs the benchmark; with `--worker ARGS` it is the worker."""
    if sys.argv[1:2] == ["--worker"]:
        worker(*sys.argv[2:])
    else:
        run()
