"""The safeguarding benchmark's partnership: ten agencies, a hundred thousand children in the
child index, a million concerns about them over two years, a few thousand child protection
plans and the default alert rules. Seeded, so every run builds the same rows.

The concerns are skewed as a city's are: a fifth of the children have none, half three or
fewer, one in a hundred over a hundred (a child missing from care again and again), and a child's
concerns bunch in an episode of a few weeks rather than spreading evenly. They are written in
bulk: COPY on PostgreSQL, executemany on SQLite."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import Model

    from childtrust.partnership.models import Agency

BATCH = 10_000
YEARS = 2
EPISODE_SHARE = 0.6  # the share of a child's concerns that fall in its episode
EPISODE_SPREAD_DAYS = 30.0  # the episode's standard deviation
SKEW = 1.3  # the Lomax shape of a child's share of the concerns: smaller, more skewed
SKEW_CAP = 60.0  # no child's share above sixty times the least
ANY_CONCERN_SHARE = 0.8  # children with any concern at all (the rest are only in the index)

# slug, name, kind, the share of concerns it records
AGENCIES: tuple[tuple[str, str, str, float], ...] = (
    ("police", "Hampshire Police", "police", 0.22),
    ("social-care", "Children's Social Care", "local_authority", 0.12),
    ("health-visiting", "Health Visiting", "health", 0.08),
    ("school-nursing", "School Nursing", "health", 0.06),
    ("camhs", "Child and Adolescent Mental Health", "mental_health", 0.06),
    ("youth", "Youth Service", "youth", 0.05),
    ("voluntary", "Family Support Charity", "voluntary", 0.05),
    ("harbour-school", "Harbour Academy", "education", 0.12),
    ("hillside-school", "Hillside Primary", "education", 0.12),
    ("riverside-school", "Riverside College", "education", 0.12),
)
CATEGORIES: tuple[tuple[str, float], ...] = (
    ("neglect", 0.20),
    ("emotional", 0.14),
    ("physical", 0.10),
    ("domestic_abuse", 0.15),
    ("missing", 0.08),
    ("school_absence", 0.15),
    ("health", 0.08),
    ("exploitation", 0.04),
    ("sexual", 0.02),
    ("other", 0.04),
)
SEVERITIES: tuple[tuple[str, float], ...] = (("low", 0.5), ("medium", 0.35), ("high", 0.15))
SUMMARIES = (
    "Child arrived at school hungry and in the same clothes as yesterday.",
    "Police called to the home after a neighbour reported shouting; child present.",
    "Bruise on the upper arm seen at the health visit; explanation did not fit.",
    "Reported missing overnight by carers; found the next morning at a friend's address.",
    "Attendance below 80% this half term; no answer to calls home.",
    "Child disclosed feeling frightened at home when mother's partner is drinking.",
    "Missed two health appointments; the family did not respond to letters.",
    "Seen late at night with older young people not known to the family.",
)
PLAN_CATEGORIES = ("neglect", "physical", "emotional", "sexual")
GIVEN = ("Olivia", "Amelia", "Isla", "Noah", "Oliver", "George", "Muhammad", "Ivy", "Leo", "Zara")
FAMILY = ("Smith", "Jones", "Taylor", "Patel", "Khan", "Okafor", "Nowak", "Evans", "Begum", "Lee")

# The rules the issue names, used when the engine offers no defaults of its own.
FALLBACK_RULES: tuple[dict[str, Any], ...] = (
    {
        "name": "Three or more concerns from two or more agencies within 90 days",
        "kind": "across_agencies",
        "minimum_concerns": 3,
        "minimum_agencies": 2,
        "window_days": 90,
        "rag": "amber",
    },
    {
        "name": "Any concern about a child with a child protection plan",
        "kind": "cp_plan",
        "window_days": 90,
        "rag": "red",
    },
    {
        "name": "Three or more missing episodes within 90 days",
        "kind": "repeated",
        "categories": ["missing"],
        "minimum_concerns": 3,
        "window_days": 90,
        "rag": "red",
    },
)


@dataclass(frozen=True)
class Scale:
    children: int = 100_000
    concerns: int = 1_000_000
    open_plans: int = 3_000
    ended_plans: int = 1_500


def bulk_load(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Writes `rows` (values of the fields `columns` names, in order) into the model's table in
    bulk: COPY on PostgreSQL, executemany in batches elsewhere. Every other column takes its
    field's default (the time now for the created and modified times). Returns the rows
    written. No model code runs: the rows must be valid as they are."""
    from django.db import connection, models
    from django.utils import timezone

    now = timezone.now()
    by_name = {field.name: field for field in model._meta.concrete_fields}
    given = [by_name[name] for name in columns]
    rest = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in columns
    ]
    constants = tuple(
        now
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        # a field of this model with no default given is a nullable key here
        else field.get_default()
        for field in rest
    )
    names = ", ".join(connection.ops.quote_name(field.column) for field in [*given, *rest])
    table = connection.ops.quote_name(model._meta.db_table)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, *constants))
                    written += 1
            return written
        convert = [_sqlite_value(field, models) for field in [*given, *rest]]
        constants = tuple(
            each(value) for each, value in zip(convert[len(given) :], constants, strict=True)
        )
        to_convert = [i for i, each in enumerate(convert[: len(given)]) if each is not _same]
        marks = ", ".join(["%s"] * (len(given) + len(rest)))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 (the model's own names)
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            values = list(row)
            for i in to_convert:
                values[i] = convert[i](values[i])
            batch.append((*values, *constants))
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def _same(value: Any) -> Any:
    return value


def _sqlite_datetime(value: datetime.datetime | None) -> str | None:
    """As Django writes a time to SQLite: UTC, without its offset."""
    if value is None:
        return None
    return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")


def _sqlite_date(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _sqlite_value(field: Any, models: Any) -> Any:
    if isinstance(field, models.DateTimeField):
        return _sqlite_datetime
    if isinstance(field, models.DateField):
        return _sqlite_date
    return _same


def _agencies() -> list[Agency]:
    from childtrust.partnership.models import Agency

    return [
        Agency.objects.create(name=name, slug=slug, kind=kind) for slug, name, kind, _ in AGENCIES
    ]


def _children(scale: Scale, rng: Any) -> list[int]:
    """The child index: `scale.children` children; their keys in reference order."""
    from childtrust.children.models import Child

    born_from = datetime.date(2008, 9, 1)
    days = rng.integers(0, 18 * 365, scale.children).tolist()
    given = rng.integers(0, len(GIVEN), scale.children).tolist()
    family = rng.integers(0, len(FAMILY), scale.children).tolist()
    district = rng.integers(14, 54, scale.children).tolist()
    rows = (
        (
            f"CT-{n + 1:06d}",
            GIVEN[given[n]],
            FAMILY[family[n]],
            born_from + datetime.timedelta(days=days[n]),
            f"SO{district[n]} {n % 10}AB",
        )
        for n in range(scale.children)
    )
    bulk_load(Child, ("reference", "given_name", "family_name", "date_of_birth", "postcode"), rows)
    return list(Child.objects.order_by("reference").values_list("pk", flat=True))


def concerns_per_child(scale: Scale, rng: Any) -> Any:
    """How many concerns each child has: most few, some many (Lomax shares, capped)."""
    import numpy as np

    share = np.minimum(rng.pareto(SKEW, scale.children) + 0.05, SKEW_CAP)
    share[rng.random(scale.children) >= ANY_CONCERN_SHARE] = 0.0
    return rng.multinomial(scale.concerns, share / share.sum())


def _concern_rows(
    scale: Scale, rng: Any, children: list[int], agencies: list[int], now: datetime.datetime
) -> tuple[Iterable[tuple[Any, ...]], Any]:
    import numpy as np

    counts = concerns_per_child(scale, rng)
    child_index = np.repeat(np.arange(scale.children), counts)
    total = len(child_index)
    span = YEARS * 365 * 86_400.0
    # Each child's episode, somewhere in the two years; most of its concerns fall near it.
    episode = rng.uniform(0, span, scale.children)
    spread = rng.normal(0, EPISODE_SPREAD_DAYS * 86_400, total)
    even = rng.uniform(0, span, total)
    ago = np.where(rng.random(total) < EPISODE_SHARE, episode[child_index] + spread, even)
    # Seconds before now: an episode's tail past either end is folded back into the two years.
    ago = np.abs(ago)
    ago = np.where(ago > span, 2 * span - ago, ago)
    ago = np.maximum(ago, 3_600).tolist()  # at least an hour ago
    agency = rng.choice(len(agencies), total, p=_shares(AGENCIES, 3)).tolist()
    category = rng.choice(len(CATEGORIES), total, p=_shares(CATEGORIES, 1)).tolist()
    severity = rng.choice(len(SEVERITIES), total, p=_shares(SEVERITIES, 1)).tolist()
    summary = rng.integers(0, len(SUMMARIES), total).tolist()
    flags = rng.random(total).tolist()
    kid = child_index.tolist()

    def rows() -> Iterable[tuple[Any, ...]]:
        for n in range(total):
            api = flags[n] < 0.3
            yield (
                children[kid[n]],
                agencies[agency[n]],
                CATEGORIES[category[n]][0],
                SEVERITIES[severity[n]][0],
                now - datetime.timedelta(seconds=ago[n]),
                SUMMARIES[summary[n]],
                flags[n] > 0.95,  # significant
                "restricted" if 0.93 < flags[n] <= 0.95 else "",
                "api" if api else "service",
                f"BENCH-{n}" if api else "",
            )

    return rows(), counts


def _shares(choices: Sequence[tuple[Any, ...]], at: int) -> Any:
    import numpy as np

    weights = np.array([choice[at] for choice in choices], dtype=float)
    return weights / weights.sum()


def _plans(scale: Scale, rng: Any, children: list[int], counts: Any, today: datetime.date) -> int:
    """Open plans for children with several concerns, and ended plans for others."""
    import numpy as np

    from childtrust.safeguarding.models import ChildProtectionPlan

    candidates = np.flatnonzero(counts >= 5)
    wanted = min(len(candidates), scale.open_plans + scale.ended_plans)
    chosen = rng.choice(candidates, wanted, replace=False).tolist()
    started = rng.integers(30, YEARS * 365, wanted).tolist()
    rows = []
    for n, index in enumerate(chosen):
        begun = today - datetime.timedelta(days=started[n])
        ended = None if n < scale.open_plans else begun + datetime.timedelta(days=started[n] // 2)
        rows.append((children[index], PLAN_CATEGORIES[n % 4], begun, ended))
    bulk_load(ChildProtectionPlan, ("child", "category", "started_on", "ended_on"), rows)
    return min(wanted, scale.open_plans)


def alert_rules() -> list[str]:
    """The default alert rules: the engine's own when it offers them, else the issue's."""
    from childtrust.safeguarding.models import AlertRule

    try:
        from childtrust.safeguarding.services.alert_rules import alert_rules_defaults_ensure
    except ImportError:
        for rule in FALLBACK_RULES:
            AlertRule.objects.get_or_create(name=rule["name"], defaults=rule)
    else:
        alert_rules_defaults_ensure()
    return list(AlertRule.objects.filter(active=True).values_list("name", flat=True))


def build(scale: Scale, *, seed: int = 17) -> dict[str, Any]:
    """Writes the partnership, the children, their concerns and plans and the default rules;
    returns what it made."""
    import numpy as np
    from django.db import transaction
    from django.utils import timezone

    from childtrust.safeguarding.models import Concern

    rng = np.random.default_rng(seed)
    now = timezone.now()
    with transaction.atomic():
        agencies = [agency.pk for agency in _agencies()]
        children = _children(scale, rng)
        rows, counts = _concern_rows(scale, rng, children, agencies, now)
        concerns = bulk_load(
            Concern,
            (
                "child",
                "agency",
                "category",
                "severity",
                "occurred_at",
                "summary",
                "significant",
                "sensitivity",
                "source",
                "external_reference",
            ),
            rows,
        )
        plans = _plans(scale, rng, children, counts, timezone.localdate())
        rules = alert_rules()
    with_any = counts[counts > 0]
    return {
        "agencies": len(agencies),
        "children": len(children),
        "concerns": concerns,
        "open_plans": plans,
        "rules": rules,
        "children_with_concerns": len(with_any),
        "per_child_median": float(np.median(with_any)) if len(with_any) else 0.0,
        "per_child_p99": float(np.percentile(with_any, 99)) if len(with_any) else 0.0,
        "per_child_max": int(counts.max()) if len(counts) else 0,
    }
