"""The optimiser's answers people can rely on (issue 15): more money never makes a feasible
allocation infeasible nor worse (a property test over many random problems), among equally
good allocations the one nearest this year's is chosen whatever the order of the input, a
statutory service is funded at its statutory level and never cut, and places are whole."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from childtrust.resources.optimiser import AllocationProblem, Key, allocation_solve
from childtrust.resources.optimiser.solve import BENEFIT_TOLERANCE
from tests.resources.optimiser_problems import funds, problem, service

LOCALITIES = ("W", "C", "E")


@st.composite
def problems(draw: st.DrawFn) -> AllocationProblem:
    """A small random problem: up to five services over three localities, some in blocks, some
    with a minimum, some statutory, two partners (one with aligned money) and a floor."""
    services = []
    for number in range(draw(st.integers(1, 5))):
        demand: dict[Key, float] = {
            place: float(draw(st.integers(0, 40)))
            for place in LOCALITIES
            if draw(st.booleans()) or place == "W"
        }
        cost = draw(st.integers(20, 200))
        blocks = draw(st.booleans())
        services.append(
            service(
                f"s{number}",
                cost=cost,
                benefit=draw(st.sampled_from([0.1, 0.25, 0.5, 1.0, 2.0])),
                demand=demand,
                capacity=draw(st.integers(5, 100)),
                partner=draw(st.sampled_from(["P", "Q"])),
                statutory_minimum=draw(st.sampled_from([0, 0, 0, 300, 1_000])),
                statutory=draw(st.sampled_from([False, False, False, True])),
                current_budget=draw(st.sampled_from([0, 500, 2_000])),
                block_cost=cost * 10 if blocks else None,
                block_children=10 if blocks else None,
            )
        )
    return problem(
        services,
        [
            funds("P", pooled=draw(st.integers(0, 20_000))),
            funds("Q", pooled=draw(st.integers(0, 5_000)), aligned=draw(st.integers(0, 5_000))),
        ],
        localities=LOCALITIES,
        locality_floor_share=draw(st.sampled_from([0.0, 0.1, 0.2, 0.3, 1 / 3])),
        whole_blocks=draw(st.booleans()),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.sampled_from([1.05, 1.1, 1.5, 3.0]))
def test_more_money_never_makes_a_feasible_problem_infeasible_nor_worse(
    posed: AllocationProblem, scale: float
) -> None:
    """The floors are shares of what is allocated, not of the budget: with a share of the
    budget, a floor rose with the money until a locality's services could take no more (the
    demo at a 30% floor became infeasible with 10% more money)."""
    before = allocation_solve(posed)
    if before.status != "optimal":
        return
    after = allocation_solve(replace(posed, budget_scale=scale))
    assert after.status == "optimal"
    slack = 2 * BENEFIT_TOLERANCE * max(1.0, before.benefit_before_rounding) + 1e-6
    assert after.benefit_before_rounding >= before.benefit_before_rounding - slack


def test_a_ten_per_cent_rise_keeps_a_floor_the_localities_have_met() -> None:
    """East's services can take £1,000 at most (10 places at £100); West's £9,000 of places.
    Budget £3,000 with a 30% floor: East £900, West £2,100. Raised by 10% the old floor (30% of
    £3,300, £990) was still within East's reach, but at 3.5 times the money East could not take
    30% of it (£3,150) and the problem was infeasible; as a share of what is allocated, the
    floor holds West to £2,333 (70/30 of East's £1,000: 23.3 places) and the rest is left
    unallocated. In whole places West has 23 (24 would give East only 29.4%)."""
    a = service("a", cost=100, benefit=1, demand={"W": 90, "E": 10})
    base = problem([a], [funds(pooled=3_000)], localities=("W", "E"), locality_floor_share=0.3)
    assert allocation_solve(base).status == "optimal"
    raised = allocation_solve(replace(base, budget_scale=3.5))
    assert raised.status == "optimal"
    assert raised.children == pytest.approx({("a", "W"): 23, ("a", "E"): 10})


def _tied() -> AllocationProblem:
    """Two localities whose services do equally well per pound, a budget short of both, and a
    20% floor: any split from 20/80 to 80/20 brings the same benefit. This year West's service
    has £6,000 and East's £2,000."""
    west = service("w", cost=100, benefit=1, demand={"W": 100}, current_budget=6_000)
    east = service("e", cost=100, benefit=1, demand={"E": 100}, current_budget=2_000, partner="Q")
    other = service("x", cost=50, benefit=0.1, demand={"W": 10, "E": 10}, current_budget=0)
    return problem(
        [west, east, other],
        [funds("P", pooled=7_000), funds("Q", pooled=3_000)],
        localities=("W", "E"),
        locality_floor_share=0.2,
    )


def test_among_equally_good_allocations_the_nearest_this_years_is_chosen() -> None:
    """£10,000 buys 100 places of W or E at the same benefit: West keeps its 60 places and East
    its 20, and the £2,000 more buys 20 places whichever service; the total change from this
    year is £2,000 whatever the split of those, and no more."""
    result = allocation_solve(_tied())
    assert result.total_benefit == pytest.approx(100)
    assert result.children[("w", "W")] >= 60
    assert result.children[("e", "E")] >= 20
    assert result.change_from_current == pytest.approx(2_000)


@pytest.mark.parametrize("seed", range(6))
def test_shuffling_the_input_changes_nothing(seed: int) -> None:
    rng = random.Random(seed)
    posed = _tied()
    expected = allocation_solve(posed)
    services, partners, localities = (
        list(posed.services),
        list(posed.partners),
        list(posed.localities),
    )
    rng.shuffle(services)
    rng.shuffle(partners)
    rng.shuffle(localities)
    shuffled = allocation_solve(
        replace(posed, services=services, partners=partners, localities=localities)
    )
    assert shuffled.children == pytest.approx(expected.children)
    assert shuffled.spend == pytest.approx(expected.spend)
    assert shuffled.blocks == expected.blocks


def test_a_statutory_service_is_funded_at_its_statutory_level_and_never_cut() -> None:
    """Care (statutory) serves 6 children at £1,000, less benefit a pound than A: without the
    statutory mark the optimiser would cut it to its minimum of £3,000; statutory, it keeps all
    its 6 places (£6,000) and its spend is not a lever: its marginal values are not offered."""
    care = service("care", cost=1_000, benefit=0.5, demand={"W": 6}, statutory_minimum=3_000)
    a = service("a", cost=100, benefit=1, demand={"W": 1_000})
    budget = [funds(pooled=20_000)]
    plain = allocation_solve(problem([care, a], budget))
    assert plain.service_spend("care") == pytest.approx(3_000)
    statutory = allocation_solve(problem([replace(care, statutory=True), a], budget))
    assert statutory.children[("care", "W")] == 6
    assert statutory.service_spend("care") == pytest.approx(6_000)
    assert statutory.children[("a", "W")] == 140
    assert not [mv for mv in statutory.marginal_values if mv.key in ("care", ("care", "W"))]


def test_a_statutory_service_is_given_its_minimum_when_its_places_cost_less() -> None:
    care = service(
        "care", cost=1_000, benefit=0.5, demand={"W": 2}, statutory_minimum=3_000, statutory=True
    )
    result = allocation_solve(problem([care], [funds(pooled=10_000)]))
    assert result.children == {("care", "W"): 2}
    assert result.service_spend("care") == pytest.approx(3_000)


def test_places_are_whole_and_the_roundings_cost_is_kept() -> None:
    """£1,000 at £30 a place is 33.3 places: 33 are funded, benefit 33 against 33.3."""
    a = service("a", cost=30, benefit=1, demand={"W": 50, "E": 50})
    result = allocation_solve(problem([a], [funds(pooled=1_000)], localities=("W", "E")))
    assert all(places == round(places) for places in result.children.values())
    assert result.children_reached == 33
    assert result.benefit_before_rounding == pytest.approx(1_000 / 30)
    assert result.total_benefit == pytest.approx(33)
