"""The safeguarding benchmark (benchmarks/safeguarding) at a small scale, so that CI proves it
still runs: the bulk load (COPY on PostgreSQL, executemany on SQLite) writes rows the models read
back, skewed as intended; new concerns go through the concern service and are timed; the nightly
evaluation runs and raises what the history calls for; the section says which aims were met."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from benchmarks.safeguarding import data, measures, writing
from django.db.models import Count
from django.utils import timezone

from childtrust.children.models import Child
from childtrust.safeguarding.models import Alert, AlertRule, ChildProtectionPlan, Concern

SMALL = data.Scale(children=400, concerns=4_000, open_plans=20, ended_plans=10)


@pytest.fixture
def built(db: Any) -> dict[str, Any]:
    return data.build(SMALL, seed=3)


def test_the_load_writes_children_concerns_plans_and_rules_the_models_read_back(
    built: dict[str, Any],
) -> None:
    assert Child.objects.count() == SMALL.children == built["children"]
    assert Concern.objects.count() == SMALL.concerns == built["concerns"]
    assert built["agencies"] == len(data.AGENCIES)
    assert ChildProtectionPlan.objects.filter(ended_on__isnull=True).count() == SMALL.open_plans
    assert ChildProtectionPlan.objects.filter(ended_on__isnull=False).count() == SMALL.ended_plans
    assert AlertRule.objects.filter(active=True).count() == len(built["rules"]) >= 3
    now = timezone.now()
    oldest = now - datetime.timedelta(days=data.YEARS * 365 + 1)
    concern = Concern.objects.order_by("-occurred_at").first()
    assert concern is not None
    assert oldest < concern.occurred_at < now  # aware, and within the two years
    assert not Concern.objects.filter(occurred_at__lt=oldest).exists()
    assert Concern.objects.filter(occurred_at__gte=now - datetime.timedelta(days=90)).exists()
    # Partner systems' references are unique within each agency, as the constraint asks.
    assert Concern.objects.filter(source="api").exclude(external_reference="").exists()


def test_the_concerns_are_skewed_most_children_few_some_many(built: dict[str, Any]) -> None:
    counts = sorted(
        Concern.objects.values("child").annotate(n=Count("pk")).values_list("n", flat=True)
    )
    assert built["children_with_concerns"] == len(counts) < SMALL.children
    assert counts[len(counts) // 2] <= 10
    assert counts[-1] >= 10 * counts[len(counts) // 2]
    assert built["per_child_max"] == counts[-1]
    assert Concern.objects.values("agency").distinct().count() == len(data.AGENCIES)


def test_new_concerns_are_timed_through_the_service_and_the_nightly_run_raises_alerts(
    built: dict[str, Any],
) -> None:
    night = measures.time_nightly()
    assert night["seconds"] > 0
    assert night["statements"] > 0  # counted (a batch of alerts may be a few statements)
    assert night["alerts_raised"] == Alert.objects.count() > 0
    assert night["report"]["raised"] == night["alerts_raised"]
    new = measures.time_new_concerns(12, seed=5)
    assert new["concerns"] == 12
    assert 0 < new["p50_ms"] <= new["p95_ms"] <= new["max_ms"]
    assert 0 < new["statements_median"] <= new["statements_max"]
    assert 0 < new["raising"] <= new["alerts_raised"]  # a concern may meet two rules at once
    assert Concern.objects.count() == SMALL.concerns + 12 + measures.WARM_UP
    # A third are about children with an open plan: the plan rule names each of those.
    assert new["alerted"] >= 4
    again = measures.time_nightly()
    assert again["report"]["raised"] == again["alerts_raised"]


def test_a_missing_engine_function_fails_loudly() -> None:
    with pytest.raises(measures.EngineMissingError, match="alerts_evaluate_nowhere"):
        measures.engine_function("alerts", "alerts_evaluate_nowhere")


def _result(p95: float, first: float, following: float) -> dict[str, Any]:
    night = {
        "process_peak_mb": 300.0,
        "peak_before_mb": 120.0,
        "alerts_raised": 4,
        "alerts_open": 9,
        "statements": 5000,
    }
    return {
        "build": {
            "children": 400,
            "concerns": 4000,
            "open_plans": 20,
            "rules": ["A", "B"],
            "children_with_concerns": 320,
            "per_child_median": 3.0,
            "per_child_p99": 90.0,
            "per_child_max": 120,
            "load_seconds": 1.0,
        },
        "concerns": {
            "concerns": 500,
            "p50_ms": 10.0,
            "p95_ms": p95,
            "max_ms": 80.0,
            "alerted": 200,
            "alerts_raised": 40,
            "statements_median": 30.0,
            "statements_max": 90,
            "raising": 40,
            "raising_p95_ms": 95.0,
            "other_p95_ms": 11.0,
        },
        "first_night": {**night, "seconds": first},
        "next_night": {**night, "seconds": following},
    }


def test_the_section_gives_the_figures_and_says_which_aims_were_met() -> None:
    text = writing.section(
        {"PostgreSQL": _result(12.5, 70.2, 20.0), "SQLite": _result(50.0, 30.0, 10.0)},
        SMALL,
        (0.5, 1.5),
    )
    assert "| PostgreSQL | 1 | 500 | 10.0 | 12.5 | 80.0 | 200 | 40 | 30 (90) |" in text
    assert "- PostgreSQL: p95 12.5 ms (aim: under 50 ms): met." in text
    assert "- SQLite: p95 50.0 ms (aim: under 50 ms): NOT met." in text
    assert "- PostgreSQL: the nightly evaluation (first, over the history) 70.2 s" in text
    assert "(aim: under 60 s): NOT met." in text
    assert (
        "- SQLite: the nightly evaluation (the next night) 10.0 s (aim: under 60 s): met." in text
    )
    assert (
        "- SQLite, new concerns: the 40 that raised a new alert, p95 95.0 ms; the other 460, "
        "p95 11.0 ms." in text
    )
    assert (
        "- PostgreSQL, first, over the history: 4 alerts raised, 17550.0 ms for each (the whole "
        "run's time, divided), in 5,000 statements in all." in text
    )
    assert "Machine:" in text
