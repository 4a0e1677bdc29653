"""The allocation problem built from the database: every constraint's figures on a small
partnership worked out by hand, what is left out and why, and a fixed number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from childtrust.partnership.models import ServiceStatus
from childtrust.resources.allocation_working import (
    allocation_breakdown,
    current_allocation,
)
from childtrust.resources.models import BudgetLine
from childtrust.resources.optimiser import AllocationProblem, ServiceOption
from childtrust.resources.selectors.allocation_problem import (
    allocation_problem_for_year,
    current_budgets,
    pounds,
)
from tests.resources.factories_allocation import (
    SmallPartnership,
    more_services,
    small_partnership,
)
from tests.resources.factories_budget import (
    BudgetLineFactory,
    ContributionFactory,
    FinancialYearFactory,
)


@pytest.fixture
def world(db: None) -> SmallPartnership:
    return small_partnership()


def _problem(world: SmallPartnership, **kwargs: object) -> tuple[AllocationProblem, list[str]]:
    settings: dict[str, object] = {"locality_floor_share": 0.15, "whole_blocks": True}
    settings.update(kwargs)
    return allocation_problem_for_year(world.year, **settings)  # type: ignore[arg-type]


def _service(problem: AllocationProblem, key: int) -> ServiceOption:
    return next(s for s in problem.services if s.key == key)


def test_only_services_with_costing_demand_and_benefit_take_part(world: SmallPartnership) -> None:
    problem, _ = _problem(world)
    assert [s.key for s in problem.services] == [
        world.family_support.pk,
        world.health_visiting.pk,
    ]


def test_each_service_carries_its_cost_capacity_demand_and_benefit(
    world: SmallPartnership,
) -> None:
    BudgetLine.objects.filter(service=world.health_visiting).update(
        statutory_minimum=Decimal("10000"), statutory_basis="Children Act 1989, section 17"
    )
    problem, _ = _problem(world)
    visiting = _service(problem, world.health_visiting.pk)
    assert visiting.statutory is True
    assert visiting.name == "Health visiting (Health)"
    assert visiting.partner == world.health.pk
    assert visiting.cost_per_child == 500.0
    assert visiting.capacity == 100.0
    assert visiting.demand == {world.west.pk: 60.0, world.east.pk: 30.0}
    assert visiting.benefit_per_child == pytest.approx(0.15)
    assert visiting.benefit_by_outcome == {world.healthy.pk: 0.1, world.safe.pk: 0.05}
    assert visiting.statutory_minimum == 10000.0
    assert visiting.ring_fenced == 0.0
    assert visiting.block_cost is None
    assert visiting.block_children is None


def test_block_funded_service_carries_its_blocks_and_ring_fenced_money(
    world: SmallPartnership,
) -> None:
    problem, _ = _problem(world)
    support = _service(problem, world.family_support.pk)
    assert support.cost_per_child == 2000.0
    assert support.capacity == 60.0
    assert support.block_cost == 40000.0
    assert support.block_children == 20.0
    assert support.ring_fenced == 10000.0
    assert support.ring_fenced_from == {world.council.pk: 10000.0}
    assert support.statutory_minimum == 0.0
    assert support.statutory is False
    assert support.benefit_by_outcome == {world.safe.pk: 0.3}


def test_partners_pooled_and_aligned_money_make_the_budget(world: SmallPartnership) -> None:
    problem, _ = _problem(world)
    funds = {p.key: (p.name, p.pooled, p.aligned) for p in problem.partners}
    assert funds == {
        world.health.pk: ("Health", 30000.0, 20000.0),
        world.council.pk: ("Council", 50000.0, 0.0),
    }
    assert problem.budget == 100000.0


def test_a_left_out_services_line_stays_outside_the_budget(world: SmallPartnership) -> None:
    """The youth club has no costing: its £8,000 line is taken from the Council's £8,000
    aligned money, so the budget is £100,000 of the £108,000 contributed. A £3,000 grant from
    Health ring-fenced to the drop-in (no benefit) leaves Health's pooled money, and a £6,000
    line for the drop-in takes the other £3,000 from Health's aligned money."""
    problem, warnings = _problem(world)
    assert problem.budget == 100000.0
    youth = next(w for w in warnings if w.startswith("Youth club"))
    assert "Its £8,000 (its budget line, or the money ring-fenced to it if more) stays" in youth
    ContributionFactory(
        year=world.year,
        agency=world.health,
        kind="pooled",
        amount=Decimal("3000.00"),
        ring_fenced_service=world.drop_in,
    )
    BudgetLineFactory(year=world.year, service=world.drop_in, budget=Decimal("6000.00"))
    problem, warnings = _problem(world)
    funds = {p.key: (p.pooled, p.aligned) for p in problem.partners}
    assert funds[world.health.pk] == (30000.0, 17000.0)
    assert problem.budget == 97000.0
    assert any(w.startswith("Drop-in") and "Its £6,000" in w for w in warnings)


def test_settings_and_budget_scale_are_passed_on(world: SmallPartnership) -> None:
    problem, _ = _problem(world, locality_floor_share=0.2, whole_blocks=False, budget_scale=0.9)
    assert problem.locality_floor_share == 0.2
    assert problem.whole_blocks is False
    assert problem.budget == pytest.approx(90000.0)


def test_localities_without_demand_leave_the_floor_and_are_named(world: SmallPartnership) -> None:
    problem, warnings = _problem(world)
    assert list(problem.localities) == [world.east.pk, world.west.pk]
    assert problem.locality_names == {world.east.pk: "East", world.west.pk: "West"}
    assert (
        "No service in the allocation has demand recorded in Central, so it is left out of the "
        "locality floor." in warnings
    )


def test_services_left_out_are_listed_with_the_reason(world: SmallPartnership) -> None:
    _, warnings = _problem(world)
    assert (
        "Parenting course is left out of the allocation: it has no demand recorded in any "
        "locality." in warnings
    )
    assert (
        "Drop-in is left out of the allocation: it has no expected benefit recorded on any "
        "outcome." in warnings
    )
    youth = next(w for w in warnings if w.startswith("Youth club"))
    assert "it has no costing" in youth
    assert "statutory minimum of £5,000" in youth


def test_a_service_no_longer_running_is_left_out(world: SmallPartnership) -> None:
    world.health_visiting.status = ServiceStatus.DEFUNCT
    world.health_visiting.save()
    problem, warnings = _problem(world)
    assert [s.key for s in problem.services] == [world.family_support.pk]
    assert "Health visiting is left out of the allocation: it is defunct." in " ".join(warnings)


def test_a_year_without_contributions_says_the_budget_is_nothing(db: None) -> None:
    year = FinancialYearFactory(starts_on=datetime.date(2027, 4, 1))
    problem, warnings = allocation_problem_for_year(
        year, locality_floor_share=0.0, whole_blocks=True
    )
    assert problem.budget == 0
    assert warnings == ["No contributions are recorded for 2027-28: the budget is £0."]


def test_other_years_money_is_not_counted(world: SmallPartnership) -> None:
    other = FinancialYearFactory(starts_on=datetime.date(2025, 4, 1))
    ContributionFactory(year=other, agency=world.health, amount=Decimal("999999"))
    BudgetLineFactory(year=other, service=world.family_support, statutory_minimum=Decimal("5"))
    problem, _ = _problem(world)
    assert problem.budget == 100000.0
    assert _service(problem, world.family_support.pk).statutory_minimum == 0.0


def test_the_problem_is_read_in_a_fixed_number_of_queries(world: SmallPartnership) -> None:
    with CaptureQueriesContext(connection) as small:
        _problem(world)
    more_services(world, 15)
    with CaptureQueriesContext(connection) as large:
        problem, _ = _problem(world)
    assert len(problem.services) == 17
    assert len(large) == len(small) <= 8  # with the localities' child population (two)


# --- The current allocation (a pure function) ------------------------------------------------


def _option(key: str, **kwargs: object) -> ServiceOption:
    figures: dict[str, object] = {
        "name": key,
        "partner": "p",
        "cost_per_child": 500.0,
        "capacity": 100.0,
        "benefit_per_child": 0.15,
        "demand": {"W": 60.0, "E": 30.0},
    }
    figures.update(kwargs)
    return ServiceOption(key=key, **figures)  # type: ignore[arg-type]


def _plain_problem(*services: ServiceOption) -> AllocationProblem:
    return AllocationProblem(
        services=services, partners=[], localities=["E", "W"], locality_names={}
    )


def test_current_allocation_spreads_the_budget_over_localities_by_demand() -> None:
    problem = _plain_problem(_option("hv"))
    current = current_allocation(problem, {"hv": 20000.0})
    # £20,000 at £500 buys 40 children, below capacity (100) and demand (90).
    assert current.children == pytest.approx({("hv", "W"): 40 * 60 / 90, ("hv", "E"): 40 * 30 / 90})
    assert current.spend == pytest.approx({("hv", "W"): 20000 * 60 / 90, ("hv", "E"): 20000 / 3})
    assert current.children_reached == pytest.approx(40)
    assert current.total_benefit == pytest.approx(6.0)
    assert current.total_spend == pytest.approx(20000)


def test_current_allocation_is_limited_by_capacity_then_demand() -> None:
    problem = _plain_problem(
        _option("capped", capacity=50.0),
        _option("short", demand={"W": 10.0, "E": 5.0}, benefit_per_child=0.2),
        _option("unfunded"),
    )
    current = current_allocation(problem, {"capped": 100000.0, "short": 100000.0})
    assert current.children_reached == pytest.approx(50 + 15)
    assert current.total_benefit == pytest.approx(50 * 0.15 + 15 * 0.2)
    # The whole budget is still spent, in proportion to demand.
    assert current.spend[("short", "W")] == pytest.approx(100000 * 10 / 15)
    assert not any(key[0] == "unfunded" for key in current.children)


def test_breakdown_by_locality_and_outcome() -> None:
    problem = _plain_problem(
        _option("hv", benefit_by_outcome={"healthy": 0.1, "safe": 0.05}),
        _option("fs", benefit_per_child=0.3, benefit_by_outcome={"safe": 0.3}, demand={"E": 10.0}),
    )
    breakdown = allocation_breakdown(
        problem,
        {("hv", "W"): 20.0, ("hv", "E"): 10.0, ("fs", "E"): 10.0},
        {("hv", "W"): 10000.0, ("hv", "E"): 5000.0, ("fs", "E"): 20000.0},
    )
    assert breakdown.by_locality["E"] == pytest.approx(
        {"children": 20.0, "benefit": 1.5 + 3.0, "spend": 25000.0}
    )
    assert breakdown.by_locality["W"] == pytest.approx(
        {"children": 20.0, "benefit": 3.0, "spend": 10000.0}
    )
    assert breakdown.by_outcome["healthy"] == pytest.approx({"children": 30.0, "benefit": 3.0})
    assert breakdown.by_outcome["safe"] == pytest.approx({"children": 40.0, "benefit": 4.5})
    assert breakdown.by_service["fs"]["spend"] == 20000.0


def test_current_budgets_reads_the_years_budget_lines(world: SmallPartnership) -> None:
    assert current_budgets(world.year) == {
        world.health_visiting.pk: 20000.0,
        world.family_support.pk: 40000.0,
        world.youth_club.pk: 8000.0,
    }


@pytest.mark.parametrize(
    ("value", "words"),
    [(1234567.4, "£1,234,567"), (-1500, "\u2212£1,500"), (Decimal("0.4"), "£0"), (None, "")],
)
def test_pounds(value: float | Decimal | None, words: str) -> None:
    assert pounds(value) == words
