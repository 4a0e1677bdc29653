"""`make bench-linkage`: record linkage of synthetic agency extracts with known truth
(children.synthetic: typos, nicknames, swapped names, changed surnames, moved homes, missing and
wrong identifiers, households with siblings and twins) at 10,000, 100,000 and 1,000,000
records: pairwise precision, recall and F1, wall time and peak memory, for the service's linkage
and for Splink alone (the same comparisons, blocking and training on the raw fields, with no
cleaning, nicknames or guards) on the same records; then the whole path at the largest size,
`childtrust import_records` for each agency's file and `childtrust link`, into a fresh SQLite
database. Each measurement runs in its own process, whose peak resident memory wait4 reports.

BENCH_LINKAGE_SIZES=10000,100000 limits the sizes; BENCH_LINKAGE_PATH=0 leaves out the path."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import machine, report
from benchmarks.linkage.writing import section

ROOT = Path(__file__).resolve().parents[2]
SIZES = tuple(
    int(s) for s in os.environ.get("BENCH_LINKAGE_SIZES", "10000,100000,1000000").split(",")
)
WHOLE_PATH = os.environ.get("BENCH_LINKAGE_PATH", "1") != "0"
SEED = 16
ADMIN = "bench-admin"


# --- In a child process ------------------------------------------------------------------------


def measure(records: int, mode: str) -> None:
    """Links `records` synthetic records (the service's way or Splink alone); prints RESULT."""
    from benchmarks.linkage.data import pairwise_accuracy, rows_of, synthetic
    from childtrust.children.linkage.pipeline import Thresholds, link_all

    extracts = synthetic(records, seed=SEED)
    rows = rows_of(extracts)
    truth = {i + 1: int(child) for i, child in enumerate(extracts.child.tolist())}
    started = time.perf_counter()
    outcome = link_all(rows, Thresholds(upper=0.99, lower=0.8), clean=mode == "service")
    seconds = time.perf_counter() - started
    accuracy = pairwise_accuracy(outcome.clusters.component, truth)
    result = {
        "records": len(rows),
        "seconds": seconds,
        "precision": accuracy.precision,
        "recall": accuracy.recall,
        "f1": accuracy.f1,
        "reviews": len(outcome.clusters.review),
        "reviews_one_child": sum(truth[p.left] == truth[p.right] for p in outcome.clusters.review),
        "pairs": outcome.pairs_scored,
    }
    print("RESULT " + json.dumps(result), flush=True)


def prepare() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from benchmarks.linkage.data import AGENCIES
    from childtrust.accounts.models import Role, User
    from childtrust.partnership.models import Agency, AgencyKind

    call_command("migrate", verbosity=0, interactive=False)
    User.objects.create_user(username=ADMIN, password=None, role=Role.PARTNERSHIP_ADMIN)
    for slug in AGENCIES:
        Agency.objects.create(name=slug.replace("-", " ").title(), slug=slug, kind=AgencyKind.OTHER)


# --- The benchmark ----------------------------------------------------------------------------


def _environment(var_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "CHILDTRUST_DEMO": "1",
        "CHILDTRUST_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "childtrust.settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    env.pop("DATABASE_URL", None)
    return env


def _run_measured(args: list[str], env: dict[str, str] | None = None) -> tuple[str, float, float]:
    """Runs a child process: its output, wall seconds and peak resident memory in MB."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(
            args, env=env or _environment(ROOT / "var"), cwd=ROOT, stdout=out, stderr=err, text=True
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        output = out.read()
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{output}\n{err.read()[-3000:]}")
    return output, seconds, usage.ru_maxrss / 1024


def _linkage(records: int, mode: str) -> dict[str, Any]:
    out, _, peak = _run_measured(
        [sys.executable, "-m", "benchmarks.linkage.bench", "--measure", str(records), mode]
    )
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    result: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
    result["peak_mb"] = peak
    print(
        f"{mode} at {result['records']:,} records: {result['seconds']:.1f} s, peak {peak:,.0f} MB,"
        f" precision {result['precision']:.4f}, recall {result['recall']:.4f},"
        f" F1 {result['f1']:.4f}, {result['reviews']:,} pairs for review",
        flush=True,
    )
    return result


def _whole_path(records: int) -> dict[str, Any]:
    """Import every agency's file, then link, into a fresh SQLite database; then read the links
    back with export_links and score them against the truth."""
    from benchmarks.linkage.data import pairwise_accuracy, synthetic
    from childtrust.children.synthetic import write_agency_csvs

    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="childtrust-bench-linkage-") as folder:
        var_dir = Path(folder)
        env = _environment(var_dir)
        subprocess.run(
            [python, "-m", "benchmarks.linkage.bench", "--prepare"], env=env, cwd=ROOT, check=True
        )
        extracts = synthetic(records, seed=SEED)
        files = write_agency_csvs(extracts, var_dir / "extracts")
        steps: list[dict[str, Any]] = []
        for slug, path in files.items():
            command = [
                python,
                "-m",
                "childtrust",
                "import_records",
                "--agency",
                slug,
                str(path),
                "--user",
                ADMIN,
            ]
            _, seconds, peak = _run_measured(command, env)
            steps.append({"step": f"import_records {slug}", "seconds": seconds, "peak_mb": peak})
            print(f"import {slug}: {seconds:.1f} s, peak {peak:,.0f} MB", flush=True)
        out, seconds, peak = _run_measured([python, "-m", "childtrust", "link"], env)
        steps.append({"step": "link", "seconds": seconds, "peak_mb": peak})
        print(f"link: {seconds:.1f} s, peak {peak:,.0f} MB; {out.strip()}", flush=True)
        # The new children's search keys, which the worker makes after a first load: timed
        # apart, since the links are stored without them.
        _, keys_seconds, keys_peak = _run_measured(
            [python, "-m", "childtrust", "search_keys_rebuild"], env
        )
        print(f"search keys: {keys_seconds:.1f} s, peak {keys_peak:,.0f} MB", flush=True)
        exported = var_dir / "links.csv"
        _run_measured([python, "-m", "childtrust", "export_links", str(exported)], env)
        with exported.open(newline="", encoding="utf-8") as handle:
            child_of = {
                (r["agency"], r["record_id"]): r["child_id"] for r in csv.DictReader(handle)
            }
    truth = extracts.truth()
    keys = list(truth)
    accuracy = pairwise_accuracy(
        {i: child_of[key] for i, key in enumerate(keys)},
        {i: truth[key] for i, key in enumerate(keys)},
    )
    return {
        "records": len(extracts),
        "steps": steps,
        "seconds": sum(s["seconds"] for s in steps),
        "peak_mb": max(s["peak_mb"] for s in steps),
        "f1": accuracy.f1,
        "precision": accuracy.precision,
        "recall": accuracy.recall,
        "link_output": out.strip(),
        "keys_seconds": keys_seconds,
        "keys_peak_mb": keys_peak,
    }


def run() -> None:
    started = time.perf_counter()
    results: list[tuple[dict[str, Any], dict[str, Any] | None]] = [
        (_linkage(size, "service"), _linkage(size, "splink")) for size in SIZES
    ]
    path = _whole_path(max(SIZES)) if WHOLE_PATH else None
    running = os.environ.get("BENCH_LINKAGE_ALSO_RUNNING", "nothing else of note")
    report.write_section("linkage", section(results, path, machine.describe(), running))
    print(f"Written to {report.REPORT.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--measure"]:
        measure(int(argv[1]), argv[2])
    elif argv[:1] == ["--prepare"]:
        prepare()
    else:
        run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
