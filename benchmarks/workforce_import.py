"""The establishment import of 50,000 rows (issue 13): how long `childtrust import_establishment`
takes, how many rows a second, the peak memory of its process, the longest write transaction
it holds, and how often it says how far it has got, loading an HR export of 20 agencies' posts
into a database holding their 40,000 staff; then the same file again (nothing changes); then
with one holder's end date changed. Aim: under 30 s, with progress shown.

For each database (SQLite always, PostgreSQL when a server answers on 127.0.0.1:5432), the
command runs in its own process on a throwaway database, with the outermost transactions timed
(`Atomic` wrapped in that process only), as benchmarks/imports.py does.

    python -m benchmarks.workforce_import generate FILE [--rows 50000]
writes the file alone (its staff must exist for it to load)."""

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
ROWS = int(os.environ.get("BENCH_ESTABLISHMENT_ROWS", "50000"))
AIM_SECONDS = 30.0
AGENCIES = 20
TEAMS_PER_AGENCY = 5
LOCALITIES = 5
POSTGRES_BENCH_DATABASE = "childtrust_bench_workforce_import"
USERNAME = "bench-workforce"
AS_AT = "2025-09-30"


# --- The file ---------------------------------------------------------------------------------


def _kind(n: int) -> str:
    """Eight rows in ten an employee, one an agency worker, one a post with no holder."""
    return {8: "agency_worker", 9: ""}.get(n % 10, "employee")


def staff_count(rows: int) -> int:
    return sum(1 for n in range(rows) if _kind(n) == "employee")


def _rows(count: int, *, changed_line: int | None = None) -> Iterator[dict[str, str]]:
    """One row a post: social workers and family support workers in 20 agencies' teams, a
    seventh of the employees leavers with a reason, social workers with a caseload."""
    employee = 0
    for n in range(count):
        agency = n % AGENCIES
        kind = _kind(n)
        social_worker = n % 3 != 0
        cells = {
            "agency": f"agency-{agency:02d}",
            "post_id": f"P{n:06d}",
            "job_title": "Social worker" if social_worker else "Family support worker",
            "grade": "Grade 8" if social_worker else "Grade 5",
            "post_fte": "1.00",
            "team": f"team-{agency:02d}-{n % TEAMS_PER_AGENCY}",
            "locality": f"locality-{n % LOCALITIES}",
            "profession": "social_worker" if social_worker else "family_support",
            "social_worker": "yes" if social_worker else "no",
            "holder_type": kind,
        }
        if kind == "employee":
            leaver = employee % 7 == 0
            ends = "2025-03-31" if leaver else ""
            if changed_line is not None and n + 2 == changed_line:
                ends = "2025-04-30"
            cells |= {
                "staff_email": f"staff{employee:06d}@agency-{agency:02d}.example",
                "holder_fte": ("1.00", "0.80", "0.60")[employee % 3],
                "start_date": f"{2015 + employee % 10}-{1 + employee % 12:02d}-01",
                "end_date": ends,
                "joined_agency": "yes" if employee % 4 == 0 else "no",
                "leaving_reason": "resignation" if ends else "",
                "cases_held": str(10 + employee % 15) if social_worker and not ends else "",
                "as_at": AS_AT,
            }
            employee += 1
        elif kind == "agency_worker":
            cells |= {
                "holder_fte": "1.00",
                "start_date": "2024-04-01",
                "worker_name": f"Locum {n}",
                "supplier": "Northgate Locums Ltd",
                "cover_reason": "vacancy",
            }
        yield cells


# The file's columns, as an HR system would export them (workforce/establishment_columns.py).
COLUMNS = [
    "agency",
    "post_id",
    "job_title",
    "grade",
    "post_fte",
    "team",
    "locality",
    "profession",
    "social_worker",
    "post_start_date",
    "holder_type",
    "staff_email",
    "holder_fte",
    "start_date",
    "end_date",
    "joined_agency",
    "leaving_reason",
    "worker_name",
    "supplier",
    "cover_reason",
    "cases_held",
    "as_at",
]


def generate(path: Path, rows: int = ROWS, *, changed_line: int | None = None) -> Path:
    """Writes an establishment file of `rows` rows to `path` (streamed)."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS, restval="", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(_rows(rows, changed_line=changed_line))
    return path


# --- Inside the measured process --------------------------------------------------------------


def _prepare(rows: int) -> None:
    """The partnership the file names: 20 agencies, their teams, five localities, the staff,
    and the workforce manager who loads it."""
    import django

    django.setup()
    from django.core.management import call_command

    from childtrust.accounts.models import Role, User
    from childtrust.partnership.models import Agency, Locality, StaffMember, Team

    call_command("migrate", verbosity=0, interactive=False)
    User.objects.create_user(username=USERNAME, password=None, role=Role.WORKFORCE_MANAGER)
    agencies = Agency.objects.bulk_create(
        Agency(name=f"Agency {n:02d}", slug=f"agency-{n:02d}", kind="local_authority")
        for n in range(AGENCIES)
    )
    Locality.objects.bulk_create(
        Locality(name=f"Locality {n}", slug=f"locality-{n}") for n in range(LOCALITIES)
    )
    Team.objects.bulk_create(
        Team(
            name=f"Team {a:02d}-{t}",
            slug=f"team-{a:02d}-{t}",
            kind="single_agency",
            agency=agencies[a],
        )
        for a in range(AGENCIES)
        for t in range(TEAMS_PER_AGENCY)
    )
    staff = []
    employee = 0
    for n in range(rows):
        if _kind(n) == "employee":
            agency = n % AGENCIES
            staff.append(
                StaffMember(
                    given_name="Staff",
                    family_name=f"{employee:06d}",
                    email=f"staff{employee:06d}@agency-{agency:02d}.example",
                    job_title="Social worker",
                    agency=agencies[agency],
                )
            )
            employee += 1
    StaffMember.objects.bulk_create(staff, batch_size=2000)


def worker(path: str) -> None:
    """Loads the file with the command, timing every outermost transaction; prints the result."""
    import io

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
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    call_command("import_establishment", path, "--user", USERNAME, stdout=out, stderr=err)
    seconds = time.perf_counter() - started
    progress = [line for line in err.getvalue().splitlines() if line.startswith("Checked")]
    result = {
        "seconds": seconds,
        "longest_transaction": longest[0],
        "summary": out.getvalue().strip(),
        "progress_lines": len(progress),
        "first_progress": progress[0] if progress else "",
    }
    print("RESULT " + json.dumps(result))


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
        [sys.executable, "-m", "benchmarks.workforce_import", "--worker", str(path)], env
    )
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    result: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
    result["peak_mb"] = peak
    print(
        f"{label}: {result['seconds']:.1f} s, {ROWS / result['seconds']:,.0f} rows/s, "
        f"longest write transaction {result['longest_transaction']:.2f} s, "
        f"{result['progress_lines']} progress lines; {result['summary']}",
        flush=True,
    )
    return result


def _measure(label: str, database_url: str | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="childtrust-bench-establishment-") as var_dir:
        env = _environment(Path(var_dir), database_url)
        subprocess.run(
            [sys.executable, "-m", "benchmarks.workforce_import", "--prepare", str(ROWS)],
            env=env,
            cwd=ROOT,
            check=True,
        )
        path = generate(Path(var_dir) / "establishment.csv")
        changed = generate(Path(var_dir) / "establishment-changed.csv", changed_line=1002)
        return {
            "new": _load(f"{label}, into a database with the staff and no posts", path, env),
            "unchanged": _load(f"{label}, the same file again", path, env),
            "one_changed": _load(f"{label}, one end date changed", changed, env),
            "megabytes": path.stat().st_size / 1024 / 1024,
        }


def _body(results: dict[str, dict[str, Any]]) -> str:
    size = next(iter(results.values()))["megabytes"]
    lines = [
        "## Workforce: the establishment import of 50,000 rows (`make bench-workforce`)",
        "",
        f"An HR export of {ROWS:,} rows ({size:.1f} MB) for {AGENCIES} agencies: eight rows in "
        "ten a member of staff in a post (a seventh of them leavers with a reason, the social "
        f"workers with a caseload), one an agency worker, one a post with no holder; "
        f"{staff_count(ROWS):,} staff records to match by email. Loaded by "
        "`childtrust import_establishment` in its own process: into a database with the staff "
        "and no posts, then the same file again, then with one holder's end date changed. Time "
        "is the command's, from reading the file to the audit event; peak memory is the "
        "process's resident set; the longest write transaction is the longest outermost "
        "`transaction.atomic` block (the file is read and checked outside it, then written in "
        "batches of 1,000 inside it); progress lines are those the command printed while "
        "checking (every 2 seconds or each tenth of the file).",
        "",
        "| database | load | seconds | rows/s | peak MB | longest write transaction s "
        "| progress lines | posts | staff in posts |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    names = {"new": "new file", "unchanged": "same file again", "one_changed": "one changed"}
    for label, result in results.items():
        for key, name in names.items():
            run = result[key]
            parts = run["summary"].split("; ")
            posts = parts[0].split("posts ", 1)[-1]
            holdings = parts[1].removeprefix("staff in posts ")
            lines.append(
                f"| {label} | {name} | {run['seconds']:.1f} | {ROWS / run['seconds']:,.0f} | "
                f"{run['peak_mb']:.0f} | {run['longest_transaction']:.2f} | "
                f"{run['progress_lines']} | {posts} | {holdings} |"
            )
    lines.append("")
    for label, result in results.items():
        worst = max(result[key]["seconds"] for key in names)
        met = worst < AIM_SECONDS and all(result[key]["progress_lines"] for key in names)
        lines.append(
            f"- {label}: slowest load {worst:.1f} s (aim: under {AIM_SECONDS:.0f} s, with "
            f"progress shown): {'met' if met else 'NOT met'}."
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
    report.write_section("workforce-import", _body(results))
    print(f"Written to {report.REPORT.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--worker"]:
        worker(argv[1])
        return 0
    if argv[:1] == ["--prepare"]:
        _prepare(int(argv[1]))
        return 0
    parser = argparse.ArgumentParser(prog="python -m benchmarks.workforce_import")
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("generate", help="Write an establishment file for a load test.")
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
