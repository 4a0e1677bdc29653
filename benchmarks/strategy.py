"""The strategic plan's two speed aims (issue 12), each in a throwaway database built in a
separate process:

(a) the plan page with 50 objectives, 500 milestones and 200 measures (a target for each of
    the plan's five years; their figures from every kind of source in about the mix a real
    plan has, so that the costly ones are timed too: 40% outcome indicators with figures for
    the partnership's area and England, 20% the staff voice's (a message's reach, a survey
    theme's score, feedback answered on time) and the rest entered by hand): its p95 latency
    over 200 requests through Django's test client as a signed-in strategic lead (the whole
    page: measures off trajectory and every objective's rating included), with the garbage
    collector set as gunicorn's workers set it (core/collector.py), aim under 300 ms;
    and its query count with 5 objectives and with 50 (each with ten milestones and four
    measures, every kind of source among them at both sizes), which must be equal;
(b) the board pack's PDF for the demo partnership (`load_demo`, then the pack for the latest
    meeting as `childtrust board_pack` writes it: every section from live data, laid out by
    WeasyPrint), aim under 10 seconds.

SQLite always; PostgreSQL too when a server answers on 127.0.0.1:5432.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections import Counter
from io import StringIO
from pathlib import Path
from typing import Any

from benchmarks import harness, postgres
from benchmarks.strategy_plan_data import (
    MEASURES_EACH,
    MILESTONES_EACH,
    OBJECTIVES,
    plan_objectives_add,
    plan_sources,
)

FEW_OBJECTIVES = 5
REQUESTS = int(os.environ.get("BENCH_STRATEGY_REQUESTS", "200"))
PACK_RUNS = int(os.environ.get("BENCH_STRATEGY_PACK_RUNS", "3"))
AIM_P95_MS = 300.0
AIM_PACK_SECONDS = 10.0
POSTGRES_BENCH_DATABASE = "childtrust_bench_strategy"


# --- (a) The plan page ----------------------------------------------------------------------------


def _plan_worker() -> dict[str, Any]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from childtrust.accounts.models import Role, User
    from childtrust.core.collector import collector_set_for_server
    from childtrust.partnership.models import Agency, AgencyKind, Outcome, Priority, StaffMember
    from childtrust.strategy.models import Measure, StrategicPlan

    today = timezone.localdate()
    start = today.year if today.month >= 4 else today.year - 1
    plan = StrategicPlan.objects.create(
        title="Benchmark plan", start_year=start, end_year=start + 4
    )
    agency = Agency.objects.create(name="Agency", slug="agency", kind=AgencyKind.OTHER)
    owner = StaffMember.objects.create(
        given_name="Olu",
        family_name="Owner",
        email="o@example.org",
        job_title="Director",
        agency=agency,
    )
    outcome = Outcome.objects.create(name="Be healthy", slug="be-healthy")
    priority = Priority.objects.create(outcome=outcome, title="Improve oral health")
    user = User.objects.create(username="bench-lead", role=Role.STRATEGIC_LEAD)
    client = Client()
    client.force_login(user)
    # Static files are not collected for this throwaway database: name them as they are.
    plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain_static}):

        def queries() -> int:
            client.get("/plan/")  # warm up: templates, caches
            with CaptureQueriesContext(connection) as captured:
                assert client.get("/plan/").status_code == 200
            return len(captured.captured_queries)

        sources = plan_sources(plan, owner)
        plan_objectives_add(plan, 0, FEW_OBJECTIVES, owner, priority, sources)
        few = queries()
        plan_objectives_add(
            plan, FEW_OBJECTIVES, OBJECTIVES - FEW_OBJECTIVES, owner, priority, sources
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        many = queries()
        # As gunicorn's workers are once they have loaded the application (gunicorn_conf.py).
        collector_set_for_server()
        times = []
        for _ in range(REQUESTS):
            started = time.perf_counter()
            response = client.get("/plan/")
            times.append(time.perf_counter() - started)
            assert response.status_code == 200
    times.sort()
    kinds = Counter(Measure.objects.filter(objective__plan=plan).values_list("source", flat=True))
    return {
        "sources": dict(sorted(kinds.items())),
        "objectives": plan.objectives.count(),
        "milestones": sum(o.milestones.count() for o in plan.objectives.all()),
        "measures": sum(o.measures.count() for o in plan.objectives.all()),
        "queries_few": few,
        "queries_many": many,
        "p50_ms": 1000 * statistics.median(times),
        "p95_ms": 1000 * times[int(len(times) * 0.95) - 1],
        "max_ms": 1000 * times[-1],
        "bytes": len(response.content),
    }


# --- (b) The board pack for the demo partnership ----------------------------------------------


def _pack_worker() -> dict[str, Any]:
    from django.core.management import call_command
    from pypdf import PdfReader

    from childtrust.strategy.models import BoardMeeting
    from childtrust.strategy.selectors.board import meeting_latest

    started = time.perf_counter()
    call_command("load_demo", verbosity=0)
    load_seconds = time.perf_counter() - started
    meeting = meeting_latest()
    assert meeting is not None, "the demo has no board meeting"
    times = []
    with tempfile.TemporaryDirectory(prefix="childtrust-bench-pack-") as folder:
        path = Path(folder) / "pack.pdf"
        for _ in range(PACK_RUNS):
            started = time.perf_counter()
            call_command("board_pack", str(path), stdout=StringIO(), stderr=StringIO())
            times.append(time.perf_counter() - started)
        pages = len(PdfReader(path).pages)
        size = path.stat().st_size
    return {
        "load_seconds": load_seconds,
        "meetings": BoardMeeting.objects.count(),
        "meeting": meeting.title,
        "best_s": min(times),
        "median_s": statistics.median(times),
        "pages": pages,
        "bytes": size,
    }


def worker(part: str) -> None:
    """Runs inside a process whose environment names the database: builds and times one part."""
    harness.worker_main(_plan_worker if part == "plan" else _pack_worker)


def _measure(label: str, part: str, database_url: str | None) -> dict[str, Any]:
    if database_url:
        postgres.fresh_database(POSTGRES_BENCH_DATABASE)
    return harness.measure_in_worker(
        "benchmarks.strategy", f"{label} {part}", database_url, args=(part,), announce="…"
    )


def _measure_both(label: str, database_url: str | None) -> dict[str, dict[str, Any]]:
    return {part: _measure(label, part, database_url) for part in ("plan", "pack")}


def _body(results: dict[str, dict[str, dict[str, Any]]], load: tuple[float, float]) -> str:
    lines = [
        "## Strategy: the plan page and the board pack (`make bench-strategy`)",
        "",
        f"(a) The plan page (`/plan/`) with {OBJECTIVES} objectives, "
        f"{OBJECTIVES * MILESTONES_EACH} milestones (in every status, some overdue) and "
        f"{OBJECTIVES * MEASURES_EACH} measures (a target for each of the plan's five years; "
        "their figures from every kind of source, about 40% outcome indicators, 20% the staff "
        "voice's message reach, survey theme scores and feedback on time, and the rest entered "
        "by hand: by kind, "
        + "; ".join(
            f"{kind} {count}"
            for kind, count in next(iter(results.values()))["plan"].get("sources", {}).items()
        )
        + "), requested "
        f"{REQUESTS} times through Django's test client as a signed-in strategic lead after one "
        "warm-up request, with the garbage collector set as gunicorn's workers set it "
        "(core/collector.py: what was loaded frozen out of its passes, the youngest objects "
        "collected less often; with Python's defaults the p95 was about 2.3 times the median): "
        "the whole page, measures off trajectory and every objective's rating included. Its "
        f"queries counted with {FEW_OBJECTIVES} objectives and with {OBJECTIVES}.",
        "",
        "| database | p50 ms | p95 ms | max ms | queries at 5 objectives | queries at 50 |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, parts in results.items():
        plan = parts["plan"]
        lines.append(
            f"| {label} | {plan['p50_ms']:.0f} | {plan['p95_ms']:.0f} | {plan['max_ms']:.0f} | "
            f"{plan['queries_few']} | {plan['queries_many']} |"
        )
    lines += [
        "",
        "(b) The board pack's PDF for the demo partnership (`load_demo`, then "
        "`childtrust board_pack` for its latest meeting: every section gathered from live data "
        f"and laid out by WeasyPrint as tagged PDF/UA-1), best and median of {PACK_RUNS} runs.",
        "",
        "| database | meeting | best s | median s | pages | size |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for label, parts in results.items():
        pack = parts["pack"]
        lines.append(
            f"| {label} | {pack['meeting']} | {pack['best_s']:.2f} | {pack['median_s']:.2f} | "
            f"{pack['pages']} | {pack['bytes'] / 1024:,.0f} KiB |"
        )
    lines.append("")
    for label, parts in results.items():
        plan, pack = parts["plan"], parts["pack"]
        equal = plan["queries_few"] == plan["queries_many"]
        lines += [
            f"- {label}: plan page p95 {plan['p95_ms']:.0f} ms (aim: under {AIM_P95_MS:.0f} ms): "
            f"{'met' if plan['p95_ms'] < AIM_P95_MS else 'NOT met'}; queries "
            f"{plan['queries_few']} at {FEW_OBJECTIVES} objectives and {plan['queries_many']} at "
            f"{OBJECTIVES}: {'equal, met' if equal else 'NOT equal'}.",
            f"- {label}: board pack in {pack['median_s']:.1f} s (median; aim: under "
            f"{AIM_PACK_SECONDS:.0f} s): "
            f"{'met' if pack['median_s'] < AIM_PACK_SECONDS else 'NOT met'}.",
        ]
    lines += harness.machine_lines(load, busy_note=", the tail (p95, max) most")
    return "\n".join(lines)


def run() -> None:
    harness.run_on_each_database("strategy", POSTGRES_BENCH_DATABASE, _measure_both, _body)


if __name__ == "__main__":
    harness.main(run, worker)
