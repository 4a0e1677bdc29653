"""The reach of one message to 20,000 staff on eight management levels: how long it takes to
work out reach by level, agency, team and locality, the median time to reach each level, reach
day by day and where the cascade stalls. Aim: under half a second.

For each database (SQLite always, PostgreSQL when a server answers on 127.0.0.1:5432), a
throwaway database is built in a separate process: eight agencies, each a line-management tree
eight levels deep; one message published to everyone through the service; a realistic share
briefed and understood over ten days; then reach is computed several times and timed.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import timedelta
from typing import Any

from benchmarks import harness

STAFF = int(os.environ.get("BENCH_VOICE_STAFF", "20000"))
LEVELS = 8
AGENCIES = 8
TEAMS_PER_AGENCY = 60
RUNS = int(os.environ.get("BENCH_VOICE_RUNS", "7"))
AIM_SECONDS = 0.5
POSTGRES_BENCH_DATABASE = "childtrust_bench_voice"
# Of the managers at each level, the share who brief their team in time (the rest stall), and
# of everyone, the share who confirm they understood.
BRIEFED_SHARE = 0.85
UNDERSTOOD_SHARE = 0.55
DAYS_SINCE_PUBLISHED = 10


def _level_sizes(per_agency: int) -> list[int]:
    """How many people each level holds in one agency: each level three times the one above
    (for 2,500 people: 1, 3, 9 ... 729), and the front line, level 8, everyone else."""
    scale = per_agency / 2500
    sizes = [max(1, round(3**level * scale)) for level in range(LEVELS - 1)]
    return [*sizes, max(1, per_agency - sum(sizes))]


def _build() -> dict[str, Any]:
    """Agencies, localities, teams and staff, written in bulk (not through the services: this
    measures reach, not the registry's checks)."""
    from childtrust.partnership.models import (
        Agency,
        AgencyKind,
        Locality,
        StaffMember,
        Team,
        TeamKind,
    )

    localities = Locality.objects.bulk_create(
        Locality(name=f"Locality {n}", slug=f"locality-{n}") for n in range(1, 7)
    )
    agencies = Agency.objects.bulk_create(
        Agency(name=f"Agency {n}", slug=f"agency-{n}", kind=AgencyKind.OTHER)
        for n in range(1, AGENCIES + 1)
    )
    per_agency = STAFF // AGENCIES
    sizes = _level_sizes(per_agency)
    people = 0
    for agency in agencies:
        teams = Team.objects.bulk_create(
            Team(
                name=f"{agency.name} team {n}",
                slug=f"{agency.slug}-team-{n}",
                kind=TeamKind.SINGLE_AGENCY,
                agency=agency,
                locality=localities[n % len(localities)],
            )
            for n in range(1, TEAMS_PER_AGENCY + 1)
        )
        above: list[StaffMember] = []
        for level, size in enumerate(sizes, start=1):
            rows = StaffMember.objects.bulk_create(
                (
                    StaffMember(
                        given_name=f"Person{index}",
                        family_name=f"L{level} {agency.slug}",
                        email=f"{agency.slug}-l{level}-{index}@example.org",
                        job_title=f"Level {level}",
                        agency=agency,
                        team=teams[index % len(teams)] if level >= 3 else None,
                        manager=above[index % len(above)] if above else None,
                    )
                    for index in range(size)
                ),
                batch_size=2000,
            )
            people += len(rows)
            above = rows
    return {"people": people, "levels": sizes}


def _publish_and_cascade(rng: random.Random) -> Any:
    from django.db.models import OuterRef, Subquery
    from django.utils import timezone

    from childtrust.accounts.models import Role, User
    from childtrust.partnership.models import StaffMember
    from childtrust.voice.models import BriefingMethod, CascadeTask, Message, Recipient
    from childtrust.voice.services import messages as services

    user = User.objects.create(username="bench-lead", role=Role.STRATEGIC_LEAD)
    sender = StaffMember.objects.filter(manager__isnull=True).order_by("pk").first()
    assert sender is not None
    sender.user = user  # a message is sent by the signed-in person's staff record
    sender.save(update_fields=["user"])
    message = services.message_create(
        actor=user,
        title="One front door from April",
        body="From April every referral goes through the front door.",
        brief_by=timezone.localdate() + timedelta(days=1),
    )
    started = time.perf_counter()
    message = services.message_publish(actor=user, message=message)
    publish_seconds = time.perf_counter() - started
    # Ten days on: move publication back, and brief and confirm as people would have.
    published = timezone.now() - timedelta(days=DAYS_SINCE_PUBLISHED)
    Message.objects.filter(pk=message.pk).update(
        published_at=published,
        version_published_at=published,
        brief_by=(published + timedelta(days=5)).date(),
    )
    CascadeTask.objects.filter(message=message).update(
        due_on=(published + timedelta(days=5)).date()
    )
    Recipient.objects.filter(message=message, manager__isnull=True).update(briefed_at=published)
    tasks = list(CascadeTask.objects.filter(message=message).order_by("manager_id"))
    levels = dict(Recipient.objects.filter(message=message).values_list("staff_id", "level"))
    briefed = [task for task in tasks if rng.random() < BRIEFED_SHARE]
    for task in briefed:
        # Each level briefs about a day after the one above, some sooner, some later.
        level = levels.get(task.manager_id, 1)
        task.briefed_at = published + timedelta(hours=level * 20 + rng.uniform(0, 30))
        task.method = BriefingMethod.TEAM_MEETING
    CascadeTask.objects.bulk_update(briefed, ["briefed_at", "method"], batch_size=1000)
    # Each recipient is briefed when their manager briefed (or not at all), in one statement.
    Recipient.objects.filter(message=message, manager__isnull=False).update(
        briefed_at=Subquery(
            CascadeTask.objects.filter(message=message, manager_id=OuterRef("manager_id")).values(
                "briefed_at"
            )[:1]
        )
    )
    recipients = list(Recipient.objects.filter(message=message).only("pk").order_by("pk"))
    understood = rng.sample(recipients, int(len(recipients) * UNDERSTOOD_SHARE))
    for recipient in understood:
        recipient.understood_at = published + timedelta(
            hours=rng.uniform(4, 24 * DAYS_SINCE_PUBLISHED - 1)
        )
    Recipient.objects.bulk_update(understood, ["understood_at"], batch_size=1000)
    message.refresh_from_db()
    return message, publish_seconds


def _time_reach(message: Any) -> dict[str, Any]:
    from django.utils import timezone

    from childtrust.voice.selectors import reach as selectors

    today = timezone.localdate()
    selectors.message_reach(message, today=today)  # warm up: connection, caches
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        reach = selectors.message_reach(message, today=today)
        times.append(time.perf_counter() - started)
    return {
        "best": min(times),
        "median": statistics.median(times),
        "recipients": reach.overall.total,
        "reached": reach.overall.reached,
        "understood": reach.overall.understood,
        "levels": len(reach.by_level),
        "stalled_managers": len(reach.stalls),
        "left_unreached": sum(len(s.unreached) for s in reach.stalls),
        "days": len(reach.over_time),
    }


def _time_page(message: Any) -> dict[str, float]:
    from django.conf import settings
    from django.test import Client, override_settings
    from django.urls import reverse

    from childtrust.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench-lead"))
    url = reverse("voice:cascade_message_reach", args=[message.pk])
    times = []
    # Static files are not collected for this throwaway database: name them as they are.
    plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain_static}):
        assert client.get(url).status_code == 200
        for _ in range(max(RUNS // 2, 3)):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200
    return {"best": min(times), "median": statistics.median(times)}


def _worker() -> dict[str, Any]:
    """Builds, publishes and times."""
    from django.db import connection

    rng = random.Random(2026)
    started = time.perf_counter()
    built = _build()
    message, publish_seconds = _publish_and_cascade(rng)
    # A database in service has its planner's statistics kept up to date (PostgreSQL's
    # autovacuum; SQLite's `PRAGMA optimize`): gather them once after the bulk load, as then.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    setup_seconds = time.perf_counter() - started
    return {
        "built": built,
        "setup_seconds": setup_seconds,
        "publish_seconds": publish_seconds,
        "reach": _time_reach(message),
        "page": _time_page(message),
    }


def worker() -> None:
    """Runs inside a process whose environment names the database."""
    harness.worker_main(_worker)


def _reach_summary(result: dict[str, Any]) -> str:
    reach = result["reach"]
    return (
        f"reach best {reach['best'] * 1000:.0f} ms, median {reach['median'] * 1000:.0f} "
        f"ms; page median {result['page']['median'] * 1000:.0f} ms"
    )


def _measure(label: str, database_url: str | None) -> dict[str, Any]:
    return harness.measure_in_worker(
        "benchmarks.voice_reach",
        label,
        database_url,
        announce=f"building {STAFF:,} staff on {LEVELS} levels and publishing…",
        summary=_reach_summary,
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def _body(results: dict[str, dict[str, Any]]) -> str:
    any_result = next(iter(results.values()))
    levels = ", ".join(str(n) for n in any_result["built"]["levels"])
    lines = [
        "## Voice: reach of one message to 20,000 staff (`make bench-voice`)",
        "",
        f"{any_result['built']['people']:,} staff in {AGENCIES} agencies, each a line-management "
        f"tree {LEVELS} levels deep (per agency, level 1 to 8: {levels}), in "
        f"{AGENCIES * TEAMS_PER_AGENCY} teams over six localities. One message published to "
        "everyone through the service; ten days on, "
        f"{BRIEFED_SHARE:.0%} of managers have briefed (the rest have stalled) and "
        f"{UNDERSTOOD_SHARE:.0%} of staff have confirmed. Reach is "
        "`voice.selectors.reach.message_reach`: counts by level, agency, team and locality, the "
        "median time to reach each level, reach day by day, the stalled managers and whom they "
        f"leave unreached. Timed in process after one warm-up run, best and median of {RUNS}; the "
        "page is the whole reach page (audited, rendered) through Django's test client. The "
        "planner's statistics are gathered (`ANALYZE`) after the bulk load, as a database in "
        "service keeps them.",
        "",
        "| database | reach best ms | reach median ms | page median ms | publish s | recipients "
        "| reached | understood | stalled managers | left unreached |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, result in results.items():
        reach = result["reach"]
        lines.append(
            f"| {label} | {_ms(reach['best'])} | {_ms(reach['median'])} | "
            f"{_ms(result['page']['median'])} | {result['publish_seconds']:.1f} | "
            f"{reach['recipients']:,} | {reach['reached']:,} | {reach['understood']:,} | "
            f"{reach['stalled_managers']:,} | {reach['left_unreached']:,} |"
        )
    lines.append("")
    for label, result in results.items():
        median = result["reach"]["median"]
        verdict = "met" if median < AIM_SECONDS else "NOT met"
        lines.append(
            f"- {label}: reach in {_ms(median)} ms (median; aim: under {_ms(AIM_SECONDS)} ms): "
            f"{verdict}."
        )
    lines += harness.machine_lines()
    return "\n".join(lines)


def run() -> None:
    # The reach section, unlike the others, has never given the machine's load average.
    harness.run_on_each_database(
        "voice-reach", POSTGRES_BENCH_DATABASE, _measure, lambda results, _load: _body(results)
    )


if __name__ == "__main__":
    harness.main(run, worker)
