"""What the safeguarding benchmark times, run inside a worker process on a database
benchmarks.safeguarding.data has built: new concerns recorded through the concern service (which
runs the alert rules in its transaction), one by one as people record them, and the nightly
evaluation of every rule for every child. Each is found in the engine's modules by its name and
fails loudly when it is missing."""

from __future__ import annotations

import dataclasses
import datetime
import importlib
import pkgutil
import random
import resource
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from benchmarks import harness
from benchmarks.safeguarding import data

if TYPE_CHECKING:
    from childtrust.accounts.models import User

USER_PREFIX = "bench-safeguarding-"
WARM_UP = 20


class StatementCount:
    """Counts the statements sent to the database (savepoints too) while it is installed as
    an execute wrapper: how many round trips a step makes."""

    def __init__(self) -> None:
        self.statements = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        self.statements += 1
        return execute(sql, params, many, context)


class EngineMissingError(RuntimeError):
    """The concern service or the nightly evaluation is not (yet) in the code."""


def engine_function(prefix: str, name: str) -> Callable[..., Any]:
    """The function `name` from the modules of childtrust.safeguarding.services whose name
    starts with `prefix` (such as `alerts`: alerts.py or alerts_nightly.py)."""
    from childtrust.safeguarding import services

    for module in pkgutil.iter_modules(services.__path__):
        if module.name.startswith(prefix):
            found = getattr(
                importlib.import_module(f"{services.__name__}.{module.name}"), name, None
            )
            if callable(found):
                return found  # type: ignore[no-any-return]
    raise EngineMissingError(
        f"The safeguarding benchmark needs {name}() in "
        f"childtrust.safeguarding.services.{prefix}*.py, which is not there (yet): "
        "nothing can be measured without it."
    )


def users() -> list[User]:
    """One front door officer in each agency, who records concerns as that agency."""
    from childtrust.accounts.models import Role, User
    from childtrust.partnership.models import Agency, StaffMember

    made = []
    for agency in Agency.objects.filter(slug__in=[slug for slug, *_ in data.AGENCIES]):
        user = User.objects.create_user(
            username=f"{USER_PREFIX}{agency.slug}", password=None, role=Role.FRONT_DOOR
        )
        StaffMember.objects.create(
            user=user,
            given_name="Bench",
            family_name=agency.name,
            email=f"{agency.slug}@bench.example.org",
            job_title="Front door officer",
            agency=agency,
        )
        made.append(user)
    return made


def _children_to_concern(rng: random.Random, count: int) -> list[int]:
    """A third children with an open child protection plan (the plan rule fires), a third
    with a concern in the last 90 days (others may add up), a third any child at all."""
    from django.utils import timezone

    from childtrust.children.models import Child
    from childtrust.safeguarding.models import ChildProtectionPlan, Concern

    recent = timezone.now() - datetime.timedelta(days=90)
    planned = list(
        ChildProtectionPlan.objects.filter(ended_on__isnull=True).values_list("child_id", flat=True)
    )
    lately = list(
        Concern.objects.filter(occurred_at__gte=recent)
        .order_by("child_id")
        .values_list("child_id", flat=True)
        .distinct()
    )
    everyone = list(Child.objects.values_list("pk", flat=True))
    chosen = []
    for n in range(count):
        pool = (planned, lately, everyone)[n % 3] or everyone
        chosen.append(rng.choice(pool))
    return chosen


def time_new_concerns(count: int, *, seed: int = 17) -> dict[str, Any]:
    """Records `count` new concerns (after WARM_UP not timed) through the concern service, each
    by a front door officer of a random agency about a chosen child, read first as the page
    reads it; times each call end to end, in milliseconds."""
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from childtrust.accounts.models import User
    from childtrust.children.access import child_for_user
    from childtrust.safeguarding.models import Alert

    concern_record = engine_function("concerns", "concern_record")
    engine_function("alerts", "alerts_for_concern")  # concern_record runs it: it must be there
    rng = random.Random(seed)
    officers = list(
        User.objects.filter(username__startswith=USER_PREFIX).select_related("staff_member")
    )
    if not officers:
        officers = users()
    alerts_before = Alert.objects.count()
    timings: list[float] = []
    recorded: list[int] = []
    statements: list[int] = []
    raising: list[float] = []  # the times of those that raised a new alert, and of the rest
    other: list[float] = []
    for n, child_id in enumerate(_children_to_concern(rng, count + WARM_UP)):
        if n == WARM_UP:
            alerts_before = Alert.objects.count()
        officer = rng.choice(officers)
        child = child_for_user(officer, child_id, purpose="Recording a concern").child
        category = rng.choices([c for c, _ in data.CATEGORIES], [w for _, w in data.CATEGORIES])
        severity = rng.choices([s for s, _ in data.SEVERITIES], [w for _, w in data.SEVERITIES])
        counted = StatementCount() if n >= WARM_UP else None
        alerts_then = Alert.objects.count() if counted is not None else 0
        begun = time.perf_counter()
        with connection.execute_wrapper(counted or StatementCount()):
            concern = concern_record(
                actor=officer,
                child=child,
                agency=officer.staff_member.agency,
                category=category[0],
                severity=severity[0],
                occurred_at=timezone.now() - datetime.timedelta(minutes=rng.randrange(5, 4320)),
                summary=rng.choice(data.SUMMARIES),
            )
        if counted is not None:
            took = (time.perf_counter() - begun) * 1000
            timings.append(took)
            (raising if Alert.objects.count() > alerts_then else other).append(took)
            recorded.append(concern.pk)
            statements.append(counted.statements)
    alerted = Alert.concerns.through.objects.filter(concern_id__in=recorded).aggregate(
        concerns=Count("concern_id", distinct=True)
    )["concerns"]
    return {
        "concerns": len(timings),
        "p50_ms": harness.percentile(timings, 0.50),
        "p95_ms": harness.percentile(timings, 0.95),
        "max_ms": max(timings),
        "alerted": alerted,
        "alerts_raised": Alert.objects.count() - alerts_before,
        "raising": len(raising),
        "raising_p95_ms": harness.percentile(raising, 0.95) if raising else 0.0,
        "other_p95_ms": harness.percentile(other, 0.95) if other else 0.0,
        "statements_median": harness.percentile([float(n) for n in statements], 0.5),
        "statements_max": max(statements),
    }


def time_nightly() -> dict[str, Any]:
    """Runs the nightly evaluation once, for today: wall seconds, what it reports, and this
    process's peak resident memory before and after it, in MB."""
    from django.db import connection
    from django.utils import timezone

    from childtrust.safeguarding.models import Alert

    evaluate_all = engine_function("alerts", "alerts_evaluate_all")
    before_mb = _peak_mb()
    alerts_before = Alert.objects.count()
    counted = StatementCount()
    begun = time.perf_counter()
    with connection.execute_wrapper(counted):
        report = evaluate_all(today=timezone.localdate())
    seconds = time.perf_counter() - begun
    # Statistics brought up to date for the day's queries, as autovacuum would by morning (it
    # is off on some servers, where the planner would go on reading the alerts as few).
    analyse()
    return {
        "seconds": seconds,
        "peak_before_mb": before_mb,
        "peak_mb": _peak_mb(),
        "alerts_raised": Alert.objects.count() - alerts_before,
        "alerts_open": Alert.objects.exclude(status="closed").count(),
        "statements": counted.statements,
        "report": _plain(report),
    }


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _plain(report: Any) -> Any:
    """The nightly report as JSON can hold it, a list given as its length."""
    if dataclasses.is_dataclass(report) and not isinstance(report, type):
        report = dataclasses.asdict(report)
    if isinstance(report, dict):
        return {str(key): _plain(value) for key, value in report.items()}
    if isinstance(report, list | tuple | set):
        return len(report)  # such as the ids of the alerts raised: how many is enough
    if report is None or isinstance(report, bool | int | float | str):
        return report
    return str(report)


def analyse() -> None:
    """Brings the planner's statistics up to date after the bulk load, as autovacuum would."""
    from django.db import connection

    with connection.cursor() as cursor:
        # VACUUM (which lets PostgreSQL read the concerns from their index alone) cannot run in
        # a transaction, such as a test's.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
