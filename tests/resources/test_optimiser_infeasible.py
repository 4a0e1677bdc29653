"""Problems that cannot be solved are explained in words with their figures; bad figures are
refused before any programme is built."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from childtrust.resources.optimiser import (
    allocation_problem_validate,
    allocation_sensitivity,
    allocation_solve,
    independent_agencies_solve,
)
from tests.resources.optimiser_problems import funds, marginal, problem, service


def test_a_minimum_more_than_the_service_can_spend_is_explained() -> None:
    """C can take 10 children at £100: at most £1,000, but the law says £5,000."""
    c = service("c", cost=100, benefit=0.5, demand={"W": 40}, capacity=10, statutory_minimum=5_000)
    result = allocation_solve(problem([c], [funds(pooled=100_000)]))
    assert result.status == "infeasible"
    assert result.conflicts == [
        "The statutory minimum of Service c is £5,000, but it can spend at most £1,000: 10 "
        "children (its capacity of 10 or the demand of 40, whichever is less) at £100 a child."
    ]
    assert result.children == {}
    assert result.marginal_values == []
    assert result.budget == 100_000


def test_minimums_above_the_budget_are_explained() -> None:
    a = service("a", cost=100, benefit=2, demand={"W": 100_000}, statutory_minimum=1_200_000)
    b = service("b", cost=100, benefit=1, demand={"W": 100_000}, ring_fenced=1_200_000)
    result = allocation_solve(problem([a, b], [funds(pooled=2_000_000)]))
    assert result.status == "infeasible"
    assert result.conflicts == [
        "The statutory minimums and ring-fenced lines add up to £2,400,000 but the budget is "
        "£2,000,000: they cannot all be met."
    ]


def test_a_minimum_paid_in_whole_blocks_counts_whole_blocks() -> None:
    """£700 must go to X, whose blocks cost £600: two blocks, £1,200, more than £1,000. In the
    linear problem £700 fits."""
    x = service(
        "x",
        cost=60,
        benefit=1,
        demand={"W": 100},
        block_cost=600,
        block_children=10,
        statutory_minimum=700,
    )
    base = problem([x], [funds(pooled=1_000)])
    result = allocation_solve(base)
    assert result.status == "infeasible"
    assert result.conflicts == [
        "The statutory minimums and ring-fenced lines add up to £1,200 but the budget is "
        "£1,000: they cannot all be met."
    ]
    assert allocation_solve(replace(base, whole_blocks=False)).status == "optimal"


def test_locality_floors_above_the_budget_are_explained() -> None:
    a = service("a", cost=100, benefit=2, demand={"W": 100, "C": 100, "E": 100})
    result = allocation_solve(
        problem([a], [funds(pooled=10_000)], localities=("W", "C", "E"), locality_floor_share=0.4)
    )
    assert result.status == "infeasible"
    assert result.conflicts == [
        "The locality floors add up to 120% of the money allocated (3 localities at 40.0% "
        "each): they cannot all be met."
    ]


def test_a_floor_the_services_there_cannot_absorb_holds_the_rest_to_its_share() -> None:
    """East's floor is 20% of what is allocated, and only 5 children need a service there, at
    £100 each: £500. A floor that was 20% of the budget (£2,000) could not be met at all; a
    floor that is 20% of the money allocated holds the rest to four times East's £500: West
    gets £2,000 (20 places), £7,500 is left unallocated, and the floor's marginal value says
    what it costs."""
    a = service("a", cost=100, benefit=2, demand={"W": 1_000, "E": 5})
    result = allocation_solve(
        problem([a], [funds(pooled=10_000)], localities=("W", "E"), locality_floor_share=0.2)
    )
    assert result.status == "optimal"
    assert result.children == pytest.approx({("a", "W"): 20, ("a", "E"): 5})
    assert result.total_spend == pytest.approx(2_500)
    assert marginal(result, "the floor for East") < 0


def test_aligned_money_that_leaves_too_little_for_other_minimums_is_explained() -> None:
    """Q aligns £8,000 of £10,000; P's service must get £5,000, but only £2,000 may go
    outside Q."""
    a = service("a", cost=100, benefit=2, demand={"W": 1_000}, partner="P", statutory_minimum=5_000)
    c = service("c", cost=100, benefit=0.5, demand={"W": 1_000}, partner="Q")
    result = allocation_solve(
        problem([a, c], [funds("P", pooled=2_000), funds("Q", aligned=8_000)])
    )
    assert result.status == "infeasible"
    assert result.conflicts == [
        "The aligned money of Partner Q (£8,000) may be spent only on its own services, which "
        "leaves £2,000 for the other partners' services, but their minimums add up to £5,000."
    ]


def _floor_against_minimum() -> Any:
    a = service("a", cost=100, benefit=2, demand={"W": 1_000}, statutory_minimum=7_000)
    c = service("c", cost=100, benefit=0.5, demand={"E": 1_000})
    return problem([a, c], [funds(pooled=10_000)], localities=("W", "E"), locality_floor_share=0.4)


def test_a_conflict_only_the_solver_sees_names_every_constraint_in_it() -> None:
    """Budget £10,000 with 40% floors (£4,000 each in West and East). A, only in West, must get
    £7,000; so West takes £7,000 and East needs £4,000: £11,000, £1,000 more than the budget.
    No direct check sees it (the minimum, the floors and the budget each fit on their own): the
    elastic programme finds the three pressing against each other."""
    result = allocation_solve(_floor_against_minimum())
    assert result.status == "infeasible"
    assert result.conflicts == [
        "The budget (£10,000), the statutory minimum of Service a (£7,000) and the floor for "
        "East (40.0% of the money allocated) cannot all be met together: between them they are "
        "£1,000 short."
    ]


def test_a_cut_budget_that_becomes_infeasible_is_explained_in_the_sensitivity() -> None:
    """Cut by 10%: budget £9,000; West takes A's £7,000, so East needs 40% of £9,000 at least:
    £3,600, £1,600 over. The minimum is set by law and is not cut. Raised by 20% (£12,000) it
    fits: A £7,200 and C £4,800 (40% of £12,000)."""
    results = allocation_sensitivity(_floor_against_minimum(), (0.9, 1.2))
    assert results[0.9].status == "infeasible"
    assert results[0.9].conflicts == [
        "The budget (£9,000), the statutory minimum of Service a (£7,000) and the floor for "
        "East (40.0% of the money allocated) cannot all be met together: between them they are "
        "£1,600 short."
    ]
    raised = results[1.2]
    assert raised.status == "optimal"
    assert raised.spend == pytest.approx({("a", "W"): 7_200, ("c", "E"): 4_800})


def test_independent_agencies_name_the_partner_that_cannot_meet_its_minimums() -> None:
    """Q has no money of its own but its service must get £1,000: pooled it is fine."""
    a = service("a", cost=100, benefit=2, demand={"W": 1_000}, partner="P")
    c = service(
        "c", cost=100, benefit=0.5, demand={"W": 1_000}, partner="Q", statutory_minimum=1_000
    )
    base = problem([a, c], [funds("P", pooled=10_000), funds("Q")])
    assert allocation_solve(base).status == "optimal"
    independent = independent_agencies_solve(base)
    assert independent.status == "infeasible"
    assert independent.conflicts == [
        "Partner Q: The statutory minimums and ring-fenced lines add up to £1,000 but the "
        "budget is £0: they cannot all be met."
    ]


def test_a_service_of_an_agency_with_no_contribution_gets_nothing_on_its_own() -> None:
    a = service("a", cost=100, benefit=2, demand={"W": 1_000}, partner="Z")
    result = independent_agencies_solve(problem([a], [funds("P", pooled=10_000)]))
    assert result.status == "optimal"
    assert result.children == {}
    assert allocation_solve(problem([a], [funds("P", pooled=10_000)])).total_benefit == 200
    bound = replace(a, statutory_minimum=500)
    refused = independent_agencies_solve(problem([bound], [funds("P", pooled=10_000)]))
    assert refused.conflicts == [
        "The agency Z (no contribution): The statutory minimums and ring-fenced lines add up to "
        "£500 but the budget is £0: they cannot all be met."
    ]


# --- Bad input -----------------------------------------------------------------------------


def _good(**changes: Any) -> Any:
    return replace(service("a", cost=100, benefit=2, demand={"W": 10}), **changes)


@pytest.mark.parametrize(
    ("services", "partners", "extra", "message"),
    [
        (
            [_good(cost_per_child=-1)],
            [funds(pooled=1)],
            {},
            "The cost per child of Service a cannot be negative",
        ),
        (
            [_good(capacity=-5)],
            [funds(pooled=1)],
            {},
            "The capacity of Service a cannot be negative",
        ),
        ([_good()], [funds(pooled=-100)], {}, "The pooled money of Partner P cannot be negative"),
        ([_good()], [funds(aligned=-1)], {}, "The aligned money of Partner P cannot be negative"),
        (
            [_good(demand={"W": -1})],
            [funds(pooled=1)],
            {},
            "The demand for Service a in W cannot be negative",
        ),
        ([_good(demand={"X": 1})], [funds(pooled=1)], {}, "names an unknown locality X"),
        (
            [_good(statutory_minimum=-1)],
            [funds(pooled=1)],
            {},
            "The statutory minimum of Service a cannot be negative",
        ),
        (
            [_good(ring_fenced=-1)],
            [funds(pooled=1)],
            {},
            "The ring-fenced money of Service a cannot be negative",
        ),
        (
            [_good(ring_fenced=100, ring_fenced_from={"Q": -1})],
            [funds(pooled=1)],
            {},
            "The ring-fenced money Q gives Service a cannot be negative",
        ),
        (
            [_good(ring_fenced=100, ring_fenced_from={"Q": 60, "R": 60})],
            [funds(pooled=1)],
            {},
            "adds up to more than its ring-fenced money",
        ),
        (
            [_good(cost_per_child=float("nan"))],
            [funds(pooled=1)],
            {},
            "The cost per child of Service a is not a number",
        ),
        (
            [_good(block_cost=100)],
            [funds(pooled=1)],
            {},
            "needs both a block cost and the children one block serves",
        ),
        (
            [_good(block_cost=0, block_children=1)],
            [funds(pooled=1)],
            {},
            "The block cost of Service a must be more than nought",
        ),
        (
            [_good(block_cost=10, block_children=0)],
            [funds(pooled=1)],
            {},
            "The children one block of Service a serves",
        ),
        ([_good(), _good()], [funds(pooled=1)], {}, "The service Service a is given twice"),
        ([_good()], [funds(pooled=1)], {"locality_floor_share": 1.5}, "between 0 and 1"),
        ([_good()], [funds(pooled=1)], {"budget_scale": -0.1}, "The budget scale must be"),
    ],
)
def test_bad_figures_are_refused_with_a_clear_message(
    services: list[Any], partners: list[Any], extra: dict[str, Any], message: str
) -> None:
    bad = problem(services, partners, **extra)
    with pytest.raises(ValueError, match=message):
        allocation_solve(bad)
    with pytest.raises(ValueError, match=message):
        allocation_problem_validate(bad)


def test_good_figures_pass_validation() -> None:
    allocation_problem_validate(problem([_good()], [funds(pooled=1)]))


def test_a_conflict_only_whole_blocks_cause_is_said_to_come_from_them() -> None:
    """Budget £1,000, floors 30% of what is allocated. A, in West, must get £650. Only X works
    in East, in blocks of £600 for 10 children (£60 a child): East needs 30% of £650 + its own
    spend, £279 (4.6 children), so a whole block, £600; £650 + £600 is £1,250, over the budget.
    In part-blocks £279 of X would do: £929. The elastic programme names A's minimum and East's
    floor."""
    a = service("a", cost=100, benefit=1, demand={"W": 100}, statutory_minimum=650)
    x = service("x", cost=60, benefit=1, demand={"E": 10}, block_cost=600, block_children=10)
    base = problem([a, x], [funds(pooled=1_000)], localities=("W", "E"), locality_floor_share=0.3)
    result = allocation_solve(base)
    assert result.status == "infeasible"
    assert result.conflicts == [
        "The statutory minimum of Service a (£650) and the floor for East (30.0% of the money "
        "allocated) cannot all be met together: between them they are £195 short.",
        "Whole blocks cause this: with blocks funded in part every constraint could be met.",
    ]
    assert allocation_solve(replace(base, whole_blocks=False)).status == "optimal"
