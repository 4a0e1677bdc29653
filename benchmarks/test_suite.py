"""The time CI takes: `.ci/run` on a fresh clone, before the structure issue and now.

Each revision is cloned afresh into a temporary folder and `.ci/run` runs there as CI runs it
(install from the lock files, lint and type-check, the README's `make test` on SQLite and then
on PostgreSQL). The lines `.ci/run` prints between its steps ("== Test suite on SQLite", ...)
mark where each step starts; pytest's last line says how many tests ran in each leg.

BASELINE is the tree the structure issue was measured on (issue 10). Run this benchmark on a
quiet machine: two runs at once, or a test run beside it, measure the machine, not the suite.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import machine, report

REPOSITORY = Path(__file__).resolve().parents[1]
BASELINE = "72a3c4f"

SQLITE_LEG = "== Test suite on SQLite"
POSTGRES_LEG = "== Test suite on PostgreSQL"
PYTEST_SUMMARY = re.compile(r"=+ (?P<counts>\d+ passed[^=]*?) in [\d.]+s")


@dataclass
class CiRun:
    revision: str
    total: float = 0.0
    # When each marker line was printed, in seconds from the start of the run.
    marks: dict[str, float] = field(default_factory=dict)
    summaries: list[str] = field(default_factory=list)

    def leg_seconds(self, leg: str) -> float:
        """From the marker of `leg` to the next marker, or to the end of the run."""
        start = self.marks[leg]
        later = [moment for moment in self.marks.values() if moment > start]
        return min(later, default=self.total) - start


def _commit(revision: str) -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short", revision],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def ci_run(revision: str) -> CiRun:
    """Clone `revision` afresh and time its `.ci/run`, step by step."""
    run = CiRun(revision=_commit(revision))
    with tempfile.TemporaryDirectory(prefix="childtrust-ci-") as folder:
        clone = Path(folder) / "childtrust"
        subprocess.run(["git", "clone", "--quiet", str(REPOSITORY), str(clone)], check=True)
        subprocess.run(["git", "checkout", "--quiet", run.revision], cwd=clone, check=True)
        started = time.monotonic()
        with subprocess.Popen(
            ["bash", ".ci/run"],
            cwd=clone,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        ) as process:
            assert process.stdout is not None
            for line in process.stdout:
                _note(run, line.rstrip("\n"), time.monotonic() - started)
        run.total = time.monotonic() - started
        if process.returncode != 0:
            raise SystemExit(f".ci/run failed at {run.revision} (exit {process.returncode})")
    return run


def _note(run: CiRun, line: str, moment: float) -> None:
    if line.startswith("== "):
        run.marks[line] = moment
        print(f"  {moment:6.0f} s  {line}", flush=True)
    summary = PYTEST_SUMMARY.search(line)
    if summary:
        run.summaries.append(summary["counts"])


def _minutes(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole} s ({whole // 60} min {whole % 60:02d} s)"


def _row(label: str, before: float, now: float) -> str:
    return f"| {label} | {_minutes(before)} | {_minutes(now)} | {now / before:.0%} |"


def _section(before: CiRun, now: CiRun) -> str:
    rows = [
        _row("`.ci/run` on a fresh clone, in all", before.total, now.total),
        _row(
            "before the SQLite leg: install (before: and lint, type-check)",
            before.marks[SQLITE_LEG],
            now.marks[SQLITE_LEG],
        ),
        _row(
            "`make test` on SQLite",
            before.leg_seconds(SQLITE_LEG),
            now.leg_seconds(SQLITE_LEG),
        ),
        _row(
            "`make test` on PostgreSQL",
            before.leg_seconds(POSTGRES_LEG),
            now.leg_seconds(POSTGRES_LEG),
        ),
    ]
    legs = "\n".join(
        f"- {which} ({run.revision}): SQLite {run.summaries[0]}; PostgreSQL {run.summaries[-1]}."
        for which, run in (("before", before), ("now", now))
    )
    return f"""## Test suite: CI on a fresh clone (`make bench-tests`)

Each revision cloned afresh and `.ci/run` run there as CI runs it: install from the lock files,
lint and type-check, then the README's `make test` on SQLite and on PostgreSQL. Before is
{before.revision}, the tree the structure issue was measured on; now is {now.revision}. Now, the
lint and type-check run beside the SQLite leg (counted in it), each leg runs on every core
(pytest-xdist), the browser tests and the tests without a database run on the SQLite leg only,
and the demo partnership is loaded once per package of tests that read it.

| step | before | now | now / before |
| --- | ---: | ---: | ---: |
{chr(10).join(rows)}

Tests run in each leg:

{legs}

Machine:

{machine.as_markdown(machine.describe())}
"""


def run() -> None:
    print(f"== CI at {BASELINE} (before)", flush=True)
    before = ci_run(BASELINE)
    print("== CI now", flush=True)
    now = ci_run("HEAD")
    report.write_section("test-suite", _section(before, now))
    print(f"CI: {before.total:.0f} s before, {now.total:.0f} s now.")


if __name__ == "__main__":
    run()
