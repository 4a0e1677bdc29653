"""Checking a write-load run (benchmarks.write_load), apart from the load that makes it: every
acknowledged write is looked for in the database by its unique subject or title and must be
there exactly once (no lost or doubled write), `childtrust audit_verify` must pass, and the
figures: latencies during the import and outside it, responses by status, and the verdict
against the aim.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.web import BIN, ROOT

if TYPE_CHECKING:
    from benchmarks.write_load import ImportRun, Load, Request

AIM_P95 = 1.0

CHECK_SNIPPET = """
import json, django; django.setup()
from collections import Counter
from childtrust.resources.models import Appraisal
from childtrust.voice.models import Feedback
feedback = Feedback.objects.filter(subject__startswith="bench ")
appraisals = Appraisal.objects.filter(title__startswith="bench ")
print(json.dumps({
    "page": Counter(feedback.values_list("subject", flat=True)),
    "api": Counter(appraisals.values_list("title", flat=True)),
}))
"""


def snippet(env: dict[str, str], code: str) -> str:
    """Runs Python in the service's environment (env), and gives back its last line of output."""
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"snippet failed:\n{done.stderr}")
    return done.stdout.strip().splitlines()[-1]


@dataclass
class Result:
    statuses: Counter[int]
    acknowledged: int
    lost: int
    doubled: int
    unacknowledged_present: int
    during: list[float]
    reads_during: list[float]
    outside: list[float]
    run: ImportRun
    audit_ok: bool
    seconds: float
    server_errors: list[str]


def check(
    env: dict[str, str], load: Load, run: ImportRun, seconds: float, server_log: Path
) -> Result:
    """What the load wrote, looked for in the database once the server has stopped; whether
    the audit chain is intact; and the server's error lines."""
    found = json.loads(snippet(env, CHECK_SNIPPET))
    audit = subprocess.run(
        [str(BIN / "childtrust"), "audit_verify"], env=env, cwd=ROOT, capture_output=True
    )
    errors = [
        line for line in server_log.read_text().splitlines() if "Error" in line or "locked" in line
    ]
    return _result(load, run, found, audit.returncode == 0, seconds, errors)


def _result(
    load: Load,
    run: ImportRun,
    found: dict[str, dict[str, int]],
    audit_ok: bool,
    seconds: float,
    server_errors: list[str],
) -> Result:
    writes = [r for r in load.sent if r.kind != "read"]
    acknowledged = [r for r in writes if r.acknowledged]
    source = {"page write": "page", "api write": "api"}
    lost = sum(found[source[r.kind]].get(r.key, 0) == 0 for r in acknowledged)
    doubled = sum(count > 1 for counts in found.values() for count in counts.values())
    unacknowledged = [r for r in writes if not r.acknowledged]
    present = sum(found[source[r.kind]].get(r.key, 0) > 0 for r in unacknowledged)
    end = run.ended or float("inf")

    def during(request: Request) -> bool:
        return run.started <= request.started <= end

    return Result(
        statuses=Counter(r.status for r in load.sent),
        acknowledged=len(acknowledged),
        lost=lost,
        doubled=doubled,
        unacknowledged_present=present,
        during=[r.seconds for r in writes if during(r)],
        reads_during=[r.seconds for r in load.sent if r.kind == "read" and during(r)],
        outside=[r.seconds for r in writes if not during(r)],
        run=run,
        audit_ok=audit_ok,
        seconds=seconds,
        server_errors=server_errors,
    )


# --- The figures ------------------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(int(share * len(ordered)), len(ordered) - 1)]


def _ms(values: list[float]) -> str:
    if not values:
        return "none | | "
    return (
        f"{statistics.median(values) * 1000:,.0f} | {_percentile(values, 0.95) * 1000:,.0f} "
        f"| {max(values) * 1000:,.0f}"
    )


def table_rows(database: str, result: Result) -> tuple[list[str], str]:
    statuses = ", ".join(
        f"{status or 'no answer'}: {count:,}" for status, count in sorted(result.statuses.items())
    )
    return [
        f"| {database} | writes during the import | {len(result.during):,} "
        f"| {_ms(result.during)} |",
        f"| {database} | reads during the import | {len(result.reads_during):,} "
        f"| {_ms(result.reads_during)} |",
        f"| {database} | writes before and after it | {len(result.outside):,} "
        f"| {_ms(result.outside)} |",
    ], statuses


def verdict(database: str, result: Result, *, import_rows: int) -> list[str]:
    fives = sum(count for status, count in result.statuses.items() if status >= 500 or status == 0)
    p95 = _percentile(result.during, 0.95)
    met = fives == 0 and result.lost == 0 and result.doubled == 0 and p95 < AIM_P95
    run = result.run
    return [
        f"- {database}: import of {import_rows:,} rows "
        f"{'ended' if run.exit_status == 0 else f'FAILED (exit status {run.exit_status})'} "
        f"in {run.seconds:,.1f} s ({run.last_words}).",
        f"  {result.acknowledged:,} writes acknowledged: {result.lost} lost, {result.doubled} "
        f"doubled; {result.unacknowledged_present} written though not acknowledged. "
        f"5xx or no answer: {fives:,}. Audit chain "
        f"{'intact' if result.audit_ok else 'BROKEN'}. Load ran {result.seconds:,.0f} s.",
        f"  Aim (no 5xx, no lost or doubled write, write p95 under {AIM_P95:.0f} s during the "
        f"import, {p95 * 1000:,.0f} ms): {'met' if met else 'NOT met'}.",
        *(
            [
                f"  Server log: {len(result.server_errors)} error lines, first: "
                f"`{result.server_errors[0][:160]}`"
            ]
            if result.server_errors
            else []
        ),
    ]
