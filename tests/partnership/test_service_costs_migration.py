"""A service's unit cost and capacity move into its costing (resources' migration 0003) before
partnership's migration 0002 removes them: run on data, forwards and back, with Django's own
migration executor.

The migrations run on a scratch SQLite database of their own, migrated only as far as they
need: migrating the suite's database back to partnership 0001 unapplied every later migration of
every app and applied them again, which took minutes under load and grew with each app. Without
the `db` fixture these tests run on the SQLite leg only (tests/conftest.py)."""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps.registry import Apps
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from pytest_django import DjangoDbBlocker

from childtrust.resources.models import TargetGroup

BEFORE = [("partnership", "0001_initial"), ("resources", "0002_allocation_queued_runs")]
AFTER = [
    ("partnership", "0002_service_unit_cost_and_capacity_removed"),
    ("resources", "0003_service_costings_from_directory"),
]
MIGRATION = importlib.import_module(
    "childtrust.resources.migrations.0003_service_costings_from_directory"
)
# 23:30 on 31 March in UTC is already 1 April in the partnership's time zone (summer time).
LAST_CHANGED = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)
LAST_CHANGED_DAY = datetime.date(2026, 4, 1)


def _migrate(targets: list[tuple[str, str]]) -> Apps:
    executor = MigrationExecutor(connections["default"])
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before(tmp_path: Path, django_db_blocker: DjangoDbBlocker) -> Iterator[Apps]:
    """The models as they were before the move, on a scratch database migrated up to then. The
    scratch database stands in as "default" while the test runs, because the migration's
    functions use the default database, as migrations do."""
    suite_database = connections["default"]
    if suite_database.vendor != "sqlite":
        pytest.skip("the migration drill runs on a scratch SQLite database")
    scratch = type(suite_database)(
        {**suite_database.settings_dict, "NAME": str(tmp_path / "scratch.sqlite3")}, "default"
    )
    with django_db_blocker.unblock():
        connections["default"] = scratch
        try:
            yield _migrate(BEFORE)
        finally:
            scratch.close()
            connections["default"] = suite_database


def _service(apps: Apps, slug: str, **fields: Any) -> Any:
    agency_model = apps.get_model("partnership", "Agency")
    service_model = apps.get_model("partnership", "Service")
    agency, _ = agency_model.objects.get_or_create(
        slug="council", defaults={"name": "Council", "kind": "local_authority"}
    )
    values = {"description": "Help.", "audience": "Families", "min_age": 0, "max_age": 4}
    service = service_model.objects.create(agency=agency, name=slug, slug=slug, **(values | fields))
    service_model.objects.filter(pk=service.pk).update(modified_at=LAST_CHANGED)
    return service


def test_forwards_a_unit_cost_above_0_becomes_a_costing_unless_there_is_one(
    before: Apps,
) -> None:
    # One migration run for every case: each run migrates the database back and forth.
    _service(before, "baby-clinic", unit_cost=Decimal("35.50"), capacity=300)
    _service(before, "drop-in", unit_cost=Decimal("12"), capacity=None, max_age=18)
    _service(before, "capacity-only", unit_cost=None, capacity=40)
    _service(before, "free", unit_cost=Decimal("0"), capacity=40)
    _service(before, "nothing-given", unit_cost=None, capacity=None)
    costed = _service(before, "costed", unit_cost=Decimal("99"), capacity=9)
    before.get_model("resources", "ServiceCosting").objects.create(
        service=costed,
        target_group="primary",
        cost_per_child=Decimal("450"),
        cost_source="Service accounts 2025-26",
        cost_as_of=datetime.date(2026, 3, 31),
        capacity=100,
        capacity_source="Service plan 2026-27",
        capacity_as_of=datetime.date(2026, 4, 1),
    )

    after = _migrate(AFTER)

    costing_model = after.get_model("resources", "ServiceCosting")
    costings = {c.service.slug: c for c in costing_model.objects.select_related("service")}
    assert set(costings) == {"baby-clinic", "drop-in", "costed"}
    clinic = costings["baby-clinic"]
    assert (clinic.cost_per_child, clinic.capacity) == (Decimal("35.50"), 300)
    assert clinic.cost_source == clinic.capacity_source == "the services directory"
    assert clinic.cost_as_of == clinic.capacity_as_of == LAST_CHANGED_DAY
    assert clinic.target_group == TargetGroup.EARLY_YEARS
    assert (clinic.block_cost, clinic.block_children) == (None, None)
    # A unit cost without a capacity: a capacity of 0 whose source says the directory gave none.
    drop_in = costings["drop-in"]
    assert drop_in.capacity == 0
    assert drop_in.capacity_source == "the services directory, which gave no capacity"
    assert drop_in.target_group == TargetGroup.FAMILIES
    # An existing costing is the fuller record: it stays as it was.
    kept = costings["costed"]
    assert (kept.cost_per_child, kept.capacity) == (Decimal("450.00"), 100)
    assert kept.cost_source == "Service accounts 2025-26"


def test_reversing_puts_the_figures_back_and_removes_only_the_costings_it_made(
    before: Apps,
) -> None:
    _service(before, "baby-clinic", unit_cost=Decimal("35.50"), capacity=300)
    _service(before, "drop-in", unit_cost=Decimal("12"), capacity=None)
    _migrate(AFTER)

    apps = _migrate(BEFORE)

    services = apps.get_model("partnership", "Service").objects
    assert services.get(slug="baby-clinic").unit_cost == Decimal("35.50")
    assert services.get(slug="baby-clinic").capacity == 300
    assert services.get(slug="drop-in").capacity is None
    assert not apps.get_model("resources", "ServiceCosting").objects.exists()


@pytest.mark.parametrize(
    ("ages", "group"),
    [
        ((0, 4), "early_years"),
        ((0, 5), "early_years"),
        ((5, 11), "primary"),
        ((11, 16), "secondary"),
        ((16, 25), "young_people"),
        ((18, None), "young_people"),
        ((None, 3), "early_years"),
        ((0, 18), "families"),
        ((None, None), "families"),
    ],
)
def test_who_a_service_is_for_is_the_age_band_its_ages_fit(
    ages: tuple[int | None, int | None], group: str
) -> None:
    assert MIGRATION.target_group_for_ages(*ages) == group
