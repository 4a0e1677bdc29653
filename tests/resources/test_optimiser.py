"""The optimiser on small problems solved by hand: the hand working is in each docstring.

Benefit per pound is benefit per child / cost per child; the budget goes first to the service
with the most benefit per pound, as far as its demand and capacity allow, then to the next.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from childtrust.resources.optimiser import (
    allocation_sensitivity,
    allocation_solve,
    independent_agencies_solve,
)
from tests.resources.optimiser_problems import funds, marginal, problem, service

# A: £100 a child, benefit 2 -> 0.02 a pound. B: £50 a child, benefit 0.5 -> 0.01 a pound.
# C: £100 a child, benefit 0.5 -> 0.005 a pound.


def test_budget_binding_fills_the_better_benefit_per_pound_service_first() -> None:
    """Budget £3,000. A (0.02 a pound) takes it all: 30 children, benefit 60; B gets nothing.
    One more pound buys 1/100 of a child of A: the budget is worth 0.02 a pound."""
    a = service("a", cost=100, benefit=2, demand={"W": 100}, capacity=50)
    b = service("b", cost=50, benefit=0.5, demand={"W": 200})
    result = allocation_solve(problem([a, b], [funds(pooled=3_000)]))
    assert result.status == "optimal"
    assert result.children == pytest.approx({("a", "W"): 30})
    assert result.spend == pytest.approx({("a", "W"): 3_000})
    assert result.total_benefit == pytest.approx(60)
    assert result.total_spend == pytest.approx(3_000)
    assert result.children_reached == pytest.approx(30)
    assert marginal(result, "the budget") == pytest.approx(0.02)
    assert result.conflicts == []


def test_capacity_binding_sends_the_rest_to_the_next_service() -> None:
    """Budget £6,000. A fills its capacity of 50 (£5,000, benefit 100); the last £1,000 buys 20
    children of B (benefit 10): 110 in all. The budget is worth B's 0.01 a pound; a pound's worth
    more of A's capacity (1/100 of a child) gains 2/100 and loses the 0.01 B would have made:
    (2 - 100 x 0.01) / 100 = 0.01 a pound."""
    a = service("a", cost=100, benefit=2, demand={"W": 100}, capacity=50)
    b = service("b", cost=50, benefit=0.5, demand={"W": 200})
    result = allocation_solve(problem([a, b], [funds(pooled=6_000)]))
    assert result.children == pytest.approx({("a", "W"): 50, ("b", "W"): 20})
    assert result.total_benefit == pytest.approx(110)
    assert marginal(result, "the budget") == pytest.approx(0.01)
    assert marginal(result, "the capacity of Service a") == pytest.approx(0.01)
    assert marginal(result, "the capacity of Service b") == 0


def test_demand_binding_stops_a_service_at_the_children_who_need_it() -> None:
    """Budget £6,000. Only 20 children need A (£2,000, benefit 40) though it could take 50; B
    gets £4,000: 80 children, benefit 40. 80 in all. A pound's worth more demand for A in West:
    (2 - 100 x 0.01) / 100 = 0.01."""
    a = service("a", cost=100, benefit=2, demand={"W": 20}, capacity=50)
    b = service("b", cost=50, benefit=0.5, demand={"W": 200})
    result = allocation_solve(problem([a, b], [funds(pooled=6_000)]))
    assert result.children == pytest.approx({("a", "W"): 20, ("b", "W"): 80})
    assert result.total_benefit == pytest.approx(80)
    assert marginal(result, "the demand for Service a in West") == pytest.approx(0.01)
    assert marginal(result, "the capacity of Service a") == 0


def test_everything_funded_when_the_budget_is_more_than_enough() -> None:
    """Budget £1,000,000, needs £2,000 + £10,000: all served, the budget does not bind, and
    £988,000 is left unspent."""
    a = service("a", cost=100, benefit=2, demand={"W": 20})
    b = service("b", cost=50, benefit=0.5, demand={"W": 200})
    result = allocation_solve(problem([a, b], [funds(pooled=1_000_000)]))
    assert result.children == pytest.approx({("a", "W"): 20, ("b", "W"): 200})
    assert result.total_spend == pytest.approx(12_000)
    assert marginal(result, "the budget") == 0


def test_a_service_short_of_places_serves_each_locality_in_proportion_to_its_demand() -> None:
    """S has 60 places for 80 children in West and 40 in East: 40 and 20, whichever the solver
    chose, as the current allocation spreads them (the benefit, 60, is the same)."""
    s = service("s", cost=100, benefit=1, demand={"W": 80, "E": 40}, capacity=60)
    result = allocation_solve(problem([s], [funds(pooled=100_000)], localities=("W", "E")))
    assert result.children == pytest.approx({("s", "W"): 40, ("s", "E"): 20})
    assert result.spend == pytest.approx({("s", "W"): 4_000, ("s", "E"): 2_000})
    assert result.total_benefit == pytest.approx(60)


def test_a_floor_the_proportional_spread_would_break_keeps_the_solvers_split() -> None:
    """Budget £10,000, floor 35%: East needs £3,500, and only S works there (35 children, 35).
    A takes the other £6,500 (65 children, 130). Spread by demand, S's 35 children would put
    only 11.7 in East (£1,167), under the floor, so they all stay in East."""
    a = service("a", cost=100, benefit=2, demand={"W": 1_000})
    s = service("s", cost=100, benefit=1, demand={"W": 80, "E": 40}, capacity=60)
    result = allocation_solve(
        problem([a, s], [funds(pooled=10_000)], localities=("W", "E"), locality_floor_share=0.35)
    )
    assert result.children == pytest.approx({("a", "W"): 65, ("s", "E"): 35})
    assert result.total_benefit == pytest.approx(165)


def test_locality_floor_forces_money_into_a_worse_locality() -> None:
    """A (0.02 a pound) is needed only in West; C (0.005) only in East. Budget £10,000.
    Without a floor A takes all: 100 children, benefit 200. With a 30% floor East must get
    £3,000: C 30 children (15), A £7,000, 70 children (140): 155, so the floor costs 45.
    A pound more on the floor moves a pound from A to C: 0.005 - 0.02 = -0.015. A pound more
    budget: 0.3 of it must go East (C), 0.7 to A: 0.7 x 0.02 + 0.3 x 0.005 = 0.0155."""
    a = service("a", cost=100, benefit=2, demand={"W": 1_000})
    c = service("c", cost=100, benefit=0.5, demand={"E": 1_000})
    base = problem([a, c], [funds(pooled=10_000)], localities=("W", "E"))
    free = allocation_solve(base)
    floored = allocation_solve(replace(base, locality_floor_share=0.3))
    assert free.children == pytest.approx({("a", "W"): 100})
    assert free.total_benefit == pytest.approx(200)
    assert floored.children == pytest.approx({("a", "W"): 70, ("c", "E"): 30})
    assert floored.spend[("c", "E")] == pytest.approx(3_000)
    assert free.total_benefit - floored.total_benefit == pytest.approx(45)
    assert marginal(floored, "the floor for East") == pytest.approx(-0.015)
    assert marginal(floored, "the floor for West") == 0
    assert marginal(floored, "the budget") == pytest.approx(0.0155)


def test_statutory_minimum_forces_money_into_a_weaker_service() -> None:
    """C must by law get £2,000: 20 children (10). A takes the other £8,000: 80 children (160):
    170. A pound more on C's minimum moves it from A to C: -0.015."""
    a = service("a", cost=100, benefit=2, demand={"W": 1_000})
    c = service("c", cost=100, benefit=0.5, demand={"W": 1_000}, statutory_minimum=2_000)
    result = allocation_solve(problem([a, c], [funds(pooled=10_000)]))
    assert result.children == pytest.approx({("a", "W"): 80, ("c", "W"): 20})
    assert result.total_benefit == pytest.approx(170)
    assert result.service_spend("c") == pytest.approx(2_000)
    assert marginal(result, "the statutory minimum of Service c") == pytest.approx(-0.015)
    [value] = [mv for mv in result.marginal_values if mv.kind == "statutory_minimum"]
    assert value.key == "c"


def test_ring_fenced_money_is_a_minimum_for_its_service() -> None:
    """£3,000 is ring-fenced for C: C 30 children (15), A £7,000 (140): 155."""
    a = service("a", cost=100, benefit=2, demand={"W": 1_000})
    c = service("c", cost=100, benefit=0.5, demand={"W": 1_000}, ring_fenced=3_000)
    result = allocation_solve(problem([a, c], [funds(pooled=10_000)]))
    assert result.service_spend("c") == pytest.approx(3_000)
    assert result.total_benefit == pytest.approx(155)
    assert marginal(result, "the ring-fenced money of Service c") == pytest.approx(-0.015)


def test_aligned_money_stays_with_its_partner() -> None:
    """Partner Q aligns £4,000 and pools £6,000; only P runs the good service A, Q runs C.
    Pooled it would all go to A (benefit 200); aligned, £4,000 must stay with C (40 children,
    20) and A gets £6,000 (60 children, 120): 140. A pound moved from Q's pooled to its aligned
    money moves a pound from A to C: -0.015."""
    a = service("a", cost=100, benefit=2, demand={"W": 1_000}, partner="P")
    c = service("c", cost=100, benefit=0.5, demand={"W": 1_000}, partner="Q")
    aligned = problem([a, c], [funds("P"), funds("Q", pooled=6_000, aligned=4_000)])
    result = allocation_solve(aligned)
    assert result.children == pytest.approx({("a", "W"): 60, ("c", "W"): 40})
    assert result.total_benefit == pytest.approx(140)
    assert marginal(result, "the aligned money of Partner Q") == pytest.approx(-0.015)
    pooled = allocation_solve(replace(aligned, partners=[funds("Q", pooled=10_000)]))
    assert pooled.total_benefit == pytest.approx(200)


def test_a_block_that_does_not_fit_is_not_funded_in_whole_blocks() -> None:
    """X is funded in blocks of £1,100 for 20 children (£55 a child, benefit 1.5: 0.027 a
    pound); Y costs £50 a child, benefit 1 (0.02 a pound). Budget £1,000.
    Blocks in part: 1,000 / 55 = 18.18 places of X, benefit 27.27, rounded to 18 whole places
    (£990, benefit 27: the £10 left buys no place), and the rounding's cost is said (0.27).
    Whole blocks: one block costs more than the budget, so Y gets it all: 20 children, 20."""
    x = service("x", cost=55, benefit=1.5, demand={"W": 100}, block_cost=1_100, block_children=20)
    y = service("y", cost=50, benefit=1, demand={"W": 100})
    base = problem([x, y], [funds(pooled=1_000)])
    linear = allocation_solve(replace(base, whole_blocks=False))
    whole = allocation_solve(base)
    assert linear.children == pytest.approx({("x", "W"): 18})
    assert linear.total_benefit == pytest.approx(27)
    assert linear.benefit_before_rounding == pytest.approx(1_000 / 55 * 1.5)
    assert linear.blocks["x"] == pytest.approx(18 / 20)
    assert whole.children == pytest.approx({("y", "W"): 20})
    assert whole.blocks == {"x": 0}
    assert whole.total_benefit == pytest.approx(20)
    assert whole.mip_gap == 0


def test_whole_blocks_fund_one_block_and_the_rest_per_child() -> None:
    """Blocks of £600 for 10 children (£60 a child, benefit 1.5: 0.025 a pound); Y as before.
    Budget £1,000. In part-blocks: 16.67 places of X, benefit 25, rounded to 16 whole places
    (benefit 24: the £40 left buys no place of X and rounding leaves Y's nought). Whole
    blocks: one block (10 children, 15) and £400 of Y (8 children, 8): 23, better than no
    block (Y 20 children, 20).
    With the block fixed the budget's marginal value is Y's: 0.02 a pound."""
    x = service("x", cost=60, benefit=1.5, demand={"W": 100}, block_cost=600, block_children=10)
    y = service("y", cost=50, benefit=1, demand={"W": 100})
    base = problem([x, y], [funds(pooled=1_000)])
    in_part = allocation_solve(replace(base, whole_blocks=False))
    assert in_part.benefit_before_rounding == pytest.approx(25)
    assert in_part.total_benefit == pytest.approx(24)
    whole = allocation_solve(base)
    assert whole.blocks == {"x": 1}
    assert whole.children == pytest.approx({("x", "W"): 10, ("y", "W"): 8})
    assert whole.total_benefit == pytest.approx(23)
    assert whole.service_spend("x") == pytest.approx(600)
    assert marginal(whole, "the budget") == pytest.approx(0.02)


def test_a_part_used_block_is_paid_in_full_and_shared_over_localities() -> None:
    """15 children need X (10 in West, 5 in East); blocks serve 10 each, so two blocks
    (£1,200) are bought and their cost shared by children served: £800 West, £400 East."""
    x = service(
        "x", cost=60, benefit=1.5, demand={"W": 10, "E": 5}, block_cost=600, block_children=10
    )
    result = allocation_solve(problem([x], [funds(pooled=5_000)], localities=("W", "E")))
    assert result.blocks == {"x": 2}
    assert result.children == pytest.approx({("x", "W"): 10, ("x", "E"): 5})
    assert result.spend == pytest.approx({("x", "W"): 800, ("x", "E"): 400})
    assert result.total_spend == pytest.approx(1_200)


def test_a_minimum_in_blocks_rounds_up_to_a_whole_block() -> None:
    """X must be given £700 and its blocks cost £600, so two blocks are bought."""
    x = service(
        "x",
        cost=60,
        benefit=0.1,
        demand={"W": 100},
        block_cost=600,
        block_children=10,
        statutory_minimum=700,
    )
    y = service("y", cost=50, benefit=1, demand={"W": 100})
    result = allocation_solve(problem([x, y], [funds(pooled=2_000)]))
    assert result.blocks == {"x": 2}
    assert result.service_spend("x") == pytest.approx(1_200)
    assert result.children == pytest.approx({("x", "W"): 20, ("y", "W"): 16})


# --- Marginal values checked by finite differences: solve again with the limit £1,000 higher.

STEP = 1_000.0


def _difference(before: float, after: float) -> float:
    return (after - before) / STEP


def test_budget_capacity_and_demand_values_match_finite_differences() -> None:
    """A (0.02 a pound) is held by its capacity of 1,000; D (£200, benefit 3: 0.015) by the 300
    children who need it; B (0.01) takes the rest of £500,000: the budget is worth 0.01, A's
    capacity (2 - 1) / 100 = 0.01 and D's demand (3 - 2) / 200 = 0.005 a pound."""
    a = service("a", cost=100, benefit=2, demand={"W": 5_000}, capacity=1_000)
    d = service("d", cost=200, benefit=3, demand={"W": 300})
    b = service("b", cost=50, benefit=0.5, demand={"W": 100_000})
    base = problem([a, d, b], [funds(pooled=500_000)])
    result = allocation_solve(base)
    assert marginal(result, "the budget") == pytest.approx(0.01)
    assert marginal(result, "the capacity of Service a") == pytest.approx(0.01)
    assert marginal(result, "the demand for Service d in West") == pytest.approx(0.005)

    more_money = allocation_solve(replace(base, partners=[funds(pooled=500_000 + STEP)]))
    more_places = allocation_solve(
        replace(base, services=[replace(a, capacity=1_000 + STEP / 100), d, b])
    )
    more_need = allocation_solve(
        replace(base, services=[a, replace(d, demand={"W": 300 + STEP / 200}), b])
    )
    before = result.total_benefit
    assert _difference(before, more_money.total_benefit) == pytest.approx(0.01)
    assert _difference(before, more_places.total_benefit) == pytest.approx(0.01)
    assert _difference(before, more_need.total_benefit) == pytest.approx(0.005)


def test_floor_and_budget_values_match_finite_differences() -> None:
    """As the locality floor example, a hundred times bigger (budget £1,000,000, floor 30%)."""
    a = service("a", cost=100, benefit=2, demand={"W": 100_000})
    c = service("c", cost=100, benefit=0.5, demand={"E": 100_000})
    base = problem(
        [a, c], [funds(pooled=1_000_000)], localities=("W", "E"), locality_floor_share=0.3
    )
    result = allocation_solve(base)
    # The floor share raised so that each floor is £1,000 higher (West's does not bind).
    higher_floor = allocation_solve(replace(base, locality_floor_share=0.3 + STEP / 1_000_000))
    more_money = allocation_solve(replace(base, partners=[funds(pooled=1_000_000 + STEP)]))
    assert _difference(result.total_benefit, higher_floor.total_benefit) == pytest.approx(
        marginal(result, "the floor for East")
    )
    assert _difference(result.total_benefit, more_money.total_benefit) == pytest.approx(
        marginal(result, "the budget")
    )
    assert marginal(result, "the budget") == pytest.approx(0.0155)


def test_minimum_and_aligned_values_match_finite_differences() -> None:
    """C must get £200,000 by law and Q's £300,000 aligned money stays with C: the aligned
    limit binds (C gets £300,000), the minimum does not. With a minimum of £400,000 instead,
    the minimum binds and the aligned limit does not."""
    a = service("a", cost=100, benefit=2, demand={"W": 100_000}, partner="P")
    c = service(
        "c", cost=100, benefit=0.5, demand={"W": 100_000}, partner="Q", statutory_minimum=200_000
    )
    partners = [funds("P", pooled=500_000), funds("Q", pooled=200_000, aligned=300_000)]
    base = problem([a, c], partners)
    result = allocation_solve(base)
    moved = allocation_solve(
        replace(
            base, partners=[partners[0], funds("Q", pooled=200_000 - STEP, aligned=300_000 + STEP)]
        )
    )
    assert marginal(result, "the aligned money of Partner Q") == pytest.approx(-0.015)
    assert marginal(result, "the statutory minimum of Service c") == 0
    assert _difference(result.total_benefit, moved.total_benefit) == pytest.approx(-0.015)

    bound = replace(base, services=[a, replace(c, statutory_minimum=400_000)])
    result = allocation_solve(bound)
    raised = allocation_solve(replace(bound, services=[a, replace(c, statutory_minimum=401_000)]))
    assert marginal(result, "the statutory minimum of Service c") == pytest.approx(-0.015)
    assert marginal(result, "the aligned money of Partner Q") == 0
    assert _difference(result.total_benefit, raised.total_benefit) == pytest.approx(-0.015)


# --- Sensitivity ---------------------------------------------------------------------------


def test_budget_cut_and_raised_by_ten_per_cent() -> None:
    """The first finite-difference example: £500,000 gives A 1,000 children (2,000), D 300
    (900) and B £340,000, 6,800 children (3,400): 6,300. At 90% B gets £290,000 (2,900): 5,800;
    at 110% £390,000 (3,900): 6,800. Each £50,000 is worth 0.01 a pound: 500."""
    a = service("a", cost=100, benefit=2, demand={"W": 5_000}, capacity=1_000)
    d = service("d", cost=200, benefit=3, demand={"W": 300})
    b = service("b", cost=50, benefit=0.5, demand={"W": 100_000})
    base = problem([a, d, b], [funds(pooled=400_000, aligned=100_000)])
    results = allocation_sensitivity(base)
    assert set(results) == {0.9, 1.1}
    assert results[0.9].budget == pytest.approx(450_000)
    assert results[1.1].budget == pytest.approx(550_000)
    assert allocation_solve(base).total_benefit == pytest.approx(6_300)
    assert results[0.9].total_benefit == pytest.approx(5_800)
    assert results[1.1].total_benefit == pytest.approx(6_800)


def test_sensitivity_is_monotone_in_the_budget() -> None:
    a = service("a", cost=100, benefit=2, demand={"W": 5_000, "E": 300}, capacity=1_000)
    x = service("x", cost=60, benefit=1.5, demand={"E": 400}, block_cost=600, block_children=10)
    b = service("b", cost=50, benefit=0.5, demand={"W": 10_000}, statutory_minimum=20_000)
    base = problem(
        [a, x, b], [funds(pooled=300_000)], localities=("W", "E"), locality_floor_share=0.05
    )
    scales = (0.5, 0.8, 0.9, 1.0, 1.1, 1.5)
    results = allocation_sensitivity(base, scales)
    benefits = [results[scale].total_benefit for scale in scales]
    assert benefits == sorted(benefits)
    assert benefits[0] < benefits[-1]


def test_ring_fenced_money_does_not_scale_with_the_budget() -> None:
    """£3,000 of the £10,000 is ring-fenced to C, which has 30 places at £100: all it can
    spend. Cut or raised by 10%, C still gets its £3,000 (15) and A the rest: £6,000 (120) at
    90%, £8,000 (160) at 110%. Were the grant scaled, the raised £3,300 could not be spent."""
    a = service("a", cost=100, benefit=2, demand={"W": 1_000})
    c = service("c", cost=100, benefit=0.5, demand={"W": 1_000}, capacity=30, ring_fenced=3_000)
    results = allocation_sensitivity(problem([a, c], [funds(pooled=10_000)]))
    for scale, benefit in ((0.9, 135), (1.1, 175)):
        assert results[scale].status == "optimal"
        assert results[scale].service_spend("c") == pytest.approx(3_000)
        assert results[scale].total_benefit == pytest.approx(benefit)


# --- The founding alternative: independent agencies against one trust ----------------------


def test_one_trust_does_better_when_one_partner_has_money_and_another_the_better_service() -> None:
    """P has £10,000 and runs C (0.005 a pound); Q has nothing and runs A (0.02 a pound).
    Independent: P buys 100 children of C (50), Q nothing: 50. One trust: 100 children of A:
    200."""
    a = service("a", cost=100, benefit=2, demand={"W": 1_000}, partner="Q")
    c = service("c", cost=100, benefit=0.5, demand={"W": 1_000}, partner="P")
    base = problem([a, c], [funds("P", pooled=10_000), funds("Q")])
    independent = independent_agencies_solve(base)
    trust = allocation_solve(base)
    assert independent.status == "optimal"
    assert independent.children == pytest.approx({("c", "W"): 100})
    assert independent.total_benefit == pytest.approx(50)
    assert trust.total_benefit == pytest.approx(200)
    assert independent.budget == trust.budget == 10_000


def test_independent_agencies_add_up_each_partners_own_allocation() -> None:
    """P (£5,000) runs A: 50 children (100). Q (£2,000 aligned) runs B: 40 children (20). The
    marginal values name the partner."""
    a = service("a", cost=100, benefit=2, demand={"W": 1_000}, partner="P")
    b = service("b", cost=50, benefit=0.5, demand={"W": 1_000}, partner="Q")
    base = problem([a, b], [funds("P", pooled=5_000), funds("Q", aligned=2_000)])
    independent = independent_agencies_solve(base)
    assert independent.children == pytest.approx({("a", "W"): 50, ("b", "W"): 40})
    assert independent.total_benefit == pytest.approx(120)
    assert independent.total_spend == pytest.approx(7_000)
    assert marginal(independent, "the budget of Partner P") == pytest.approx(0.02)
    assert marginal(independent, "the budget of Partner Q") == pytest.approx(0.01)


def test_independent_agencies_carry_no_locality_floor() -> None:
    """P (£10,000) runs A in West and C in East, Q (£10,000) runs B only in West. Floor 30%.
    Independent (the floor is the partnership's policy, not an agency's): P spends all on A
    (100 children, 200), Q on B (200 children, 100): 300. One trust must put £6,000 in East
    (C: 60 children, 30) and gives A the other £14,000 (140 children, 280): 310."""
    a = service("a", cost=100, benefit=2, demand={"W": 1_000}, partner="P")
    c = service("c", cost=100, benefit=0.5, demand={"E": 1_000}, partner="P")
    b = service("b", cost=50, benefit=0.5, demand={"W": 1_000}, partner="Q")
    base = problem(
        [a, c, b],
        [funds("P", pooled=10_000), funds("Q", pooled=10_000)],
        localities=("W", "E"),
        locality_floor_share=0.3,
    )
    independent = independent_agencies_solve(base)
    assert independent.status == "optimal"
    assert independent.children == pytest.approx({("a", "W"): 100, ("b", "W"): 200})
    assert independent.total_benefit == pytest.approx(300)
    trust = allocation_solve(base)
    assert trust.children == pytest.approx({("a", "W"): 140, ("c", "E"): 60})
    assert trust.total_benefit == pytest.approx(310)


def test_ring_fenced_money_goes_with_its_service_to_the_agency_that_runs_it() -> None:
    """P gives £10,000 pooled, £4,000 of it a grant ring-fenced to H, which Q runs; Q gives
    nothing of its own. Independent: Q is passed the grant and spends it on H (40 children,
    20); P spends its other £6,000 on A (60 children, 120): 140, as one trust does (H must get
    £4,000 either way). Were the grant kept by P, Q could not meet H's £4,000 on its own."""
    a = service("a", cost=100, benefit=2, demand={"W": 1_000}, partner="P")
    h = service(
        "h",
        cost=100,
        benefit=0.5,
        demand={"W": 1_000},
        partner="Q",
        ring_fenced=4_000,
        ring_fenced_from={"P": 4_000},
    )
    base = problem([a, h], [funds("P", pooled=10_000), funds("Q")])
    independent = independent_agencies_solve(base)
    assert independent.status == "optimal"
    assert independent.children == pytest.approx({("a", "W"): 60, ("h", "W"): 40})
    assert independent.total_benefit == pytest.approx(140)
    assert independent.total_benefit == pytest.approx(allocation_solve(base).total_benefit)
    assert marginal(independent, "the budget of Partner P") == pytest.approx(0.02)

    kept = problem([a, replace(h, ring_fenced_from={})], [funds("P", pooled=10_000), funds("Q")])
    refused = independent_agencies_solve(kept)
    assert refused.status == "infeasible"
    assert refused.conflicts == [
        "Partner Q: The statutory minimums and ring-fenced lines add up to £4,000 but the "
        "budget is £0: they cannot all be met."
    ]


def test_a_grant_passed_on_leaves_its_givers_pooled_money_first_then_aligned() -> None:
    """P gives £1,000 pooled and £9,000 aligned, and £4,000 is ring-fenced to Q's H: the grant
    takes P's £1,000 pooled and £3,000 of its aligned, leaving P £6,000 for A (60 children)."""
    a = service("a", cost=100, benefit=2, demand={"W": 1_000}, partner="P")
    h = service(
        "h",
        cost=100,
        benefit=0.5,
        demand={"W": 1_000},
        partner="Q",
        ring_fenced=4_000,
        ring_fenced_from={"P": 4_000},
    )
    base = problem([a, h], [funds("P", pooled=1_000, aligned=9_000), funds("Q")])
    independent = independent_agencies_solve(base)
    assert independent.children == pytest.approx({("a", "W"): 60, ("h", "W"): 40})
    assert independent.total_spend == pytest.approx(10_000)


@pytest.mark.parametrize("seed", range(8))
def test_pooling_never_does_worse_than_independent_agencies(seed: int) -> None:
    """Without a locality floor every independent allocation is also one the trust may choose
    (the partners' budgets add up to the trust's, and aligned money is spent by its own partner),
    so the trust's optimum is at least as good. Random problems from a fixed seed."""

    rng = random.Random(seed)
    partners = [
        funds(key, pooled=rng.uniform(0, 50_000), aligned=rng.uniform(0, 20_000)) for key in "PQR"
    ]
    services = [
        service(
            f"s{number}",
            cost=rng.uniform(50, 500),
            benefit=rng.uniform(0.1, 3),
            demand={locality: rng.uniform(0, 200) for locality in ("W", "C", "E")},
            capacity=rng.uniform(50, 400),
            partner=rng.choice("PQR"),
            statutory_minimum=rng.choice([0, 0, 2_000]),
            **rng.choice(
                [
                    {},
                    {},
                    {
                        "block_cost": rng.uniform(2_000, 8_000),
                        "block_children": rng.choice([10, 20]),
                    },
                ]
            ),
        )
        for number in range(12)
    ]
    base = problem(services, partners, localities=("W", "C", "E"))
    trust, independent = allocation_solve(base), independent_agencies_solve(base)
    assert trust.status == "optimal"
    if independent.status == "infeasible":  # a partner cannot meet its minimums on its own
        assert all(conflict.startswith("Partner ") for conflict in independent.conflicts)
    else:
        assert trust.total_benefit >= independent.total_benefit - 1e-6
    assert trust.total_spend <= trust.budget + 1e-6


# --- Edge cases ----------------------------------------------------------------------------


def test_an_empty_problem_is_solved_with_nothing_allocated() -> None:
    result = allocation_solve(problem([], [], localities=()))
    assert result.status == "optimal"
    assert (result.children, result.spend, result.blocks) == ({}, {}, {})
    assert result.total_benefit == result.total_spend == result.budget == 0
    assert independent_agencies_solve(problem([], [], localities=())).status == "optimal"


def test_a_zero_budget_funds_nothing() -> None:
    a = service("a", cost=100, benefit=2, demand={"W": 100})
    x = service("x", cost=60, benefit=1.5, demand={"W": 100}, block_cost=600, block_children=10)
    result = allocation_solve(
        problem([a, x], [funds(pooled=0)], localities=("W", "E"), locality_floor_share=0.2)
    )
    assert result.status == "optimal"
    assert result.children == {}
    assert result.blocks == {"x": 0}
    assert result.total_benefit == 0
    assert marginal(result, "the budget") == pytest.approx(0.02)


def test_a_service_nobody_needs_gets_nothing() -> None:
    a = service("a", cost=100, benefit=2, demand={"W": 0})
    result = allocation_solve(problem([a], [funds(pooled=1_000)]))
    assert result.status == "optimal"
    assert result.children == {}
    assert result.spend == {}
