"""Places and children (issue 15): an allocation reports places funded, and children reached at
most each locality's child population (held by the outcomes app, read through its selector);
a statutory service is funded at its statutory level and shown "Statutory, not optimised";
services left out are listed with the reason."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.outcomes.models import (
    Area,
    AreaType,
    DataPoint,
    DataSource,
    Indicator,
    ValueType,
)
from childtrust.outcomes.population import child_population_by_locality
from childtrust.partnership.models import Locality
from childtrust.resources.models import BudgetLine, ServiceCosting
from childtrust.resources.selectors.allocation_problem import allocation_problem_for_year
from childtrust.resources.services.allocation import allocation_run
from tests.resources.factories_allocation import SmallPartnership, small_partnership
from tests.resources.factories_budget import budget_keeper


@pytest.fixture
def world(db: None) -> SmallPartnership:
    return small_partnership()


def _children_aged_under_18(populations: dict[Locality, int], year: int = 2023) -> None:
    """Each locality's outcome area with an admissions rate per 100,000 aged under 18, whose
    denominator is the child population; an older, larger period that must not be used."""
    admissions = Indicator.objects.create(
        name="Admissions (under 18s)",
        definition="Admissions per 100,000 population aged under 18.",
        value_type=ValueType.CRUDE_RATE,
        multiplier=100_000,
    )
    other = Indicator.objects.create(
        name="Pupils missing school", value_type=ValueType.CRUDE_RATE, multiplier=1_000
    )
    for number, (locality, children) in enumerate(populations.items()):
        area = Area.objects.create(
            code=f"L{number}", name=f"{locality.name} locality", area_type=AreaType.LOCALITY
        )
        for indicator, people, start in (
            (admissions, children, year),
            (admissions, children * 3, year - 1),
            (other, children * 5, year),
        ):
            DataPoint.objects.create(
                indicator=indicator,
                area=area,
                period=str(start),
                period_start=datetime.date(start, 4, 1),
                value=1.0,
                count=1,
                denominator=people,
                source=DataSource.LOCAL,
            )


def test_the_child_population_is_the_latest_under_18_denominator(world: SmallPartnership) -> None:
    _children_aged_under_18({world.west: 50, world.east: 400})
    found = child_population_by_locality()
    assert {pk: p.children for pk, p in found.items()} == {world.west.pk: 50, world.east.pk: 400}
    assert found[world.west.pk].indicator == "Admissions (under 18s)"
    assert world.central.pk not in found


def test_children_reached_never_pass_a_localitys_child_population(world: SmallPartnership) -> None:
    """West has 70 places (60 health visits, 10 of family support) but only 50 children: no
    more than 50 are reached there, though 70 places are funded."""
    _children_aged_under_18({world.west: 50, world.east: 400})
    run = allocation_run(
        actor=budget_keeper(),
        year=world.year,
        name="Capped",
        locality_floor_share=Decimal("0.15"),
        whole_blocks=True,
    )
    reach = run.summary["proposed"]["reach"]
    west = sum(line.children for line in run.lines.all() if line.locality_id == world.west.pk)
    assert west > 50
    assert reach["by_locality"][str(world.west.pk)] == 50
    assert reach["places"] > reach["at_most"] == run.children_reached
    assert all(float(line.children).is_integer() for line in run.lines.all())


def test_a_statutory_service_is_funded_at_its_level_and_said_not_optimised(
    world: SmallPartnership, client_for: Callable[[str], Client]
) -> None:
    """With a statutory basis, health visiting serves every child who needs it (90 at £500,
    £45,000) whatever else the money could do, and the page says so."""
    BudgetLine.objects.filter(service=world.health_visiting).update(
        statutory_basis="Healthy Child Programme"
    )
    problem, _ = allocation_problem_for_year(
        world.year, locality_floor_share=0.15, whole_blocks=True
    )
    visiting = next(s for s in problem.services if s.key == world.health_visiting.pk)
    assert visiting.statutory
    assert visiting.current_budget == 20_000
    run = allocation_run(
        actor=budget_keeper(),
        year=world.year,
        name="Statutory",
        locality_floor_share=Decimal("0.15"),
        whole_blocks=True,
    )
    row = next(r for r in run.summary["services"] if r["id"] == world.health_visiting.pk)
    assert row["statutory"]
    assert row["proposed_spend"] == pytest.approx(45_000)
    assert row["proposed_children"] == 90
    page = client_for(Role.STRATEGIC_LEAD).get(
        reverse("resources:allocation_detail", args=[run.pk])
    )
    assert "Statutory, not optimised" in page.content.decode()


def test_a_service_with_no_capacity_is_left_out_with_the_reason(world: SmallPartnership) -> None:
    ServiceCosting.objects.filter(service=world.family_support).update(capacity=0)
    problem, warnings = allocation_problem_for_year(
        world.year, locality_floor_share=0.15, whole_blocks=True
    )
    assert world.family_support.pk not in {s.key for s in problem.services}
    assert any(
        warning.startswith("Family support is left out of the allocation: it has no capacity")
        for warning in warnings
    )


def test_the_page_and_download_give_whole_numbers(
    world: SmallPartnership, client_for: Callable[[str], Client]
) -> None:
    """19.5 better outcomes expected are shown as about 20, not "19.5 outcomes"; the download
    gives whole places and pounds."""
    run = allocation_run(
        actor=budget_keeper(),
        year=world.year,
        name="Whole",
        locality_floor_share=Decimal("0.15"),
        whole_blocks=True,
    )
    client = client_for(Role.STRATEGIC_LEAD)
    page = client.get(reverse("resources:allocation_detail", args=[run.pk])).content.decode()
    expected = page.split("Better outcomes expected</dt>")[1].split("<div")[0]
    assert "20" in expected
    assert "19.5" not in expected
    assert "Places funded" in page
    csv = client.get(reverse("resources:allocation_detail", args=[run.pk]), {"format": "csv"})
    rows = [line.split(",") for line in csv.content.decode("utf-8-sig").splitlines()[1:]]
    assert rows
    assert all(row[3].isdigit() and row[4].isdigit() for row in rows)
