"""A 200,000-row indicator import (issue 11): how long it takes, how many rows a second, the
peak memory of the process, and the longest write transaction it holds, loading the file into
an empty database, then loading it again unchanged, then with one value changed. Aim: under
20 s, under 300 MB, and no write transaction much longer than a second.

For each database (SQLite always, PostgreSQL when a server answers on 127.0.0.1:5432), the run
is `childtrust import_indicators` in its own process on a throwaway database, with the
outermost transactions timed (`Atomic` wrapped in that process only).

The file is also what the write-load benchmark loads while people work:
    python -m benchmarks.imports generate FILE [--rows 200000]
writes it, and `childtrust import_indicators FILE --user USERNAME` loads it (a strategic lead or
partnership administrator)."""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks import machine, postgres, report

ROOT = Path(__file__).resolve().parents[1]
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "200000"))
AIM_SECONDS = 20.0
AIM_MEGABYTES = 300.0
POSTGRES_BENCH_DATABASE = "childtrust_bench_imports"
COLUMNS = [
    "Indicator ID",
    "Indicator Name",
    "Parent Code",
    "Parent Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Sex",
    "Age",
    "Category Type",
    "Category",
    "Time period",
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
    "Value note",
    "Recent Trend",
    "Compared to England value or percentiles",
    "Time period Sortable",
]
INDICATORS = 50
PERIODS = [f"{year}/{(year + 1) % 100:02d}" for year in range(2012, 2022)]
SEXES = ["Persons", "Male", "Female"]


# --- The file ---------------------------------------------------------------------------------


def _rows(count: int, *, changed_line: int | None = None) -> Iterator[dict[str, str]]:
    """Rows as the Fingertips export gives them: 50 indicators, ten financial years, three
    sexes, and as many local authorities as make up the count (about 134 for 200,000)."""
    per_area = INDICATORS * len(PERIODS) * len(SEXES)
    for n in range(count):
        area, rest = divmod(n, per_area)
        indicator, rest = divmod(rest, len(PERIODS) * len(SEXES))
        period, sex = divmod(rest, len(SEXES))
        value = 50 + (n * 37 % 1000) / 10
        if changed_line is not None and n + 2 == changed_line:
            value += 0.1
        yield {
            "Indicator ID": str(90000 + indicator),
            "Indicator Name": f"Benchmark indicator {indicator + 1}",
            "Parent Code": "E12000003",
            "Parent Name": "Yorkshire and the Humber region",
            "Area Code": f"E0{6000000 + area}",
            "Area Name": f"Local authority {area + 1}",
            "Area Type": "Counties & UAs (from Apr 2023)",
            "Sex": SEXES[sex],
            "Age": "<18 yrs",
            "Category Type": "",
            "Category": "",
            "Time period": PERIODS[period],
            "Value": f"{value:.1f}",
            "Lower CI 95.0 limit": f"{value - 5:.1f}",
            "Upper CI 95.0 limit": f"{value + 5:.1f}",
            "Lower CI 99.8 limit": f"{value - 8:.1f}",
            "Upper CI 99.8 limit": f"{value + 8:.1f}",
            "Count": str(100 + n % 900),
            "Denominator": str(100000 + n % 50000),
            "Value note": "",
            "Recent Trend": "Cannot be calculated",
            "Compared to England value or percentiles": "Similar",
            "Time period Sortable": f"{2012 + period}0000",
        }


def generate(path: Path, rows: int = ROWS, *, changed_line: int | None = None) -> Path:
    """Writes an indicator file of `rows` rows to `path` (streamed: any size fits in memory)."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(_rows(rows, changed_line=changed_line))
    return path


# --- Inside the measured process --------------------------------------------------------------


def worker(path: str, username: str) -> None:
    """Loads the file with the command, timing every outermost transaction; prints the result."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    longest = [0.0]
    started_at: list[float] = []
    enter, leave = transaction.Atomic.__enter__, transaction.Atomic.__exit__

    def timed_enter(self: transaction.Atomic) -> None:
        if not connection.in_atomic_block:
            started_at.append(time.perf_counter())
        enter(self)

    def timed_exit(self: transaction.Atomic, *args: Any) -> None:
        leave(self, *args)
        if not connection.in_atomic_block and started_at:
            longest[0] = max(longest[0], time.perf_counter() - started_at.pop())

    transaction.Atomic.__enter__ = timed_enter  # type: ignore[method-assign]
    transaction.Atomic.__exit__ = timed_exit  # type: ignore[method-assign]
    started = time.perf_counter()
    call_command("import_indicators", path, "--user", username, verbosity=0)
    seconds = time.perf_counter() - started
    print("RESULT " + json.dumps({"seconds": seconds, "longest_transaction": longest[0]}))


def _prepare() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from childtrust.accounts.models import Role, User

    call_command("migrate", verbosity=0, interactive=False)
    User.objects.create_user(username="bench-lead", password=None, role=Role.STRATEGIC_LEAD)


# --- The benchmark ----------------------------------------------------------------------------


def _environment(var_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "CHILDTRUST_DEMO": "1",
        "CHILDTRUST_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "childtrust.settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _run_measured(args: list[str], env: dict[str, str]) -> tuple[str, float]:
    """Runs a child process; its output and its peak resident memory in MB."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=out, stderr=err, text=True)
        # wait4 gives this child's own resource use: its peak resident set, in KB on Linux.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        output = out.read()
        if process.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{output}\n{err.read()}")
    return output, usage.ru_maxrss / 1024


def _load(label: str, path: Path, env: dict[str, str]) -> dict[str, Any]:
    out, peak = _run_measured(
        [sys.executable, "-m", "benchmarks.imports", "--worker", str(path), "bench-lead"], env
    )
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    result: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
    result["peak_mb"] = peak
    result["summary"] = next(line for line in out.splitlines() if line.startswith("Loaded "))
    print(
        f"{label}: {result['seconds']:.1f} s, {ROWS / result['seconds']:,.0f} rows/s, "
        f"longest write transaction {result['longest_transaction']:.2f} s; {result['summary']}",
        flush=True,
    )
    return result


def _measure(label: str, database_url: str | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="childtrust-bench-imports-") as var_dir:
        env = _environment(Path(var_dir), database_url)
        subprocess.run(
            [sys.executable, "-m", "benchmarks.imports", "--prepare"], env=env, cwd=ROOT, check=True
        )
        path = generate(Path(var_dir) / "indicators.csv")
        changed = generate(Path(var_dir) / "indicators-changed.csv", changed_line=1000)
        return {
            "new": _load(f"{label}, into an empty database", path, env),
            "unchanged": _load(f"{label}, the same file again", path, env),
            "one_changed": _load(f"{label}, one value changed", changed, env),
            "megabytes": path.stat().st_size / 1024 / 1024,
        }


def _body(results: dict[str, dict[str, Any]]) -> str:
    size = next(iter(results.values()))["megabytes"]
    lines = [
        "## Imports: 200,000 rows of indicator data (`make bench-imports`)",
        "",
        f"A Fingertips-shaped file of {ROWS:,} rows ({size:.0f} MB: {INDICATORS} indicators, "
        f"{len(PERIODS)} years, {len(SEXES)} sexes, about {ROWS // 1500} local authorities) "
        "loaded by `childtrust import_indicators` in its own process: into an empty database, "
        "then the same file again, then with one value changed. Time is the command's, from "
        "reading the file to the audit event; peak memory is the process's resident set; the "
        "longest write transaction is the longest outermost `transaction.atomic` block. "
        "Each row's outcome is worked out as it is staged, so an unchanged file's write "
        "transaction writes no data point; a new file's is the insert of every row, with the "
        "data points' indexes and (on PostgreSQL, checked at commit) foreign keys.",
        "",
        "| database | load | seconds | rows/s | peak MB | longest write transaction s "
        "| data points |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    names = {"new": "new file", "unchanged": "same file again", "one_changed": "one value changed"}
    for label, result in results.items():
        for key, name in names.items():
            run = result[key]
            counts = run["summary"].split("data points ", 1)[-1].split(";", 1)[0]
            lines.append(
                f"| {label} | {name} | {run['seconds']:.1f} | {ROWS / run['seconds']:,.0f} | "
                f"{run['peak_mb']:.0f} | {run['longest_transaction']:.2f} | {counts} |"
            )
    lines.append("")
    for label, result in results.items():
        worst = max(result[key]["seconds"] for key in names)
        peak = max(result[key]["peak_mb"] for key in names)
        met = worst < AIM_SECONDS and peak < AIM_MEGABYTES
        lines.append(
            f"- {label}: slowest load {worst:.1f} s, peak {peak:.0f} MB (aim: under "
            f"{AIM_SECONDS:.0f} s and {AIM_MEGABYTES:.0f} MB): {'met' if met else 'NOT met'}."
        )
    lines += ["", "Machine:", "", machine.as_markdown(machine.describe())]
    return "\n".join(lines)


def run() -> None:
    started = time.perf_counter()
    results = {"SQLite": _measure("SQLite", None)}
    if postgres.fresh_database(POSTGRES_BENCH_DATABASE):
        try:
            results["PostgreSQL"] = _measure(
                "PostgreSQL", postgres.bench_database_url(POSTGRES_BENCH_DATABASE)
            )
        finally:
            postgres.drop_database(POSTGRES_BENCH_DATABASE)
    report.write_section("imports", _body(results))
    print(f"Written to {report.REPORT.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--worker"]:
        worker(argv[1], argv[2])
        return 0
    if argv[:1] == ["--prepare"]:
        _prepare()
        return 0
    parser = argparse.ArgumentParser(prog="python -m benchmarks.imports")
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("generate", help="Write an indicator file for a load test.")
    make.add_argument("file", type=Path)
    make.add_argument("--rows", type=int, default=ROWS)
    sub.add_parser("run", help="Run the benchmark and write docs/benchmarks.md.")
    options = parser.parse_args(argv)
    if options.command == "generate":
        generate(options.file, options.rows)
        print(f"Wrote {options.rows:,} rows to {options.file}")
    else:
        run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
