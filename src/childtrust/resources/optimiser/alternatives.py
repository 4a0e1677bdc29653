"""The allocation's alternatives: the budget cut or raised (sensitivity), and the partnership's
founding alternative, each agency spending only its own money on its own services."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import replace

from childtrust.resources.optimiser.problem import (
    AllocationProblem,
    AllocationResult,
    Key,
    PartnerFunds,
)
from childtrust.resources.optimiser.solve import allocation_solve


def allocation_sensitivity(
    problem: AllocationProblem, scales: Sequence[float] = (0.9, 1.1)
) -> dict[float, AllocationResult]:
    """The problem solved again with the budget scaled (cut or raised): the pooled and aligned
    money times the scale (on top of the problem's own budget_scale); statutory minimums stay as
    the law sets them and ring-fenced money as its grant's conditions set it."""
    return {
        scale: allocation_solve(replace(problem, budget_scale=problem.budget_scale * scale))
        for scale in scales
    }


def independent_agencies_solve(problem: AllocationProblem) -> AllocationResult:
    """The founding alternative: each agency spends only its own money on its own services, as
    commissioning did before the partnership; the results added up.

    - Each agency's budget is its pooled and aligned contributions. Money ring-fenced to a
      service goes with the service to the agency that runs it (`ServiceOption.ring_fenced_from`
      names who gives it): a grant with conditions is passed on to the provider, as it was
      before any pooling, and still must be spent on that service. It leaves its giver's pooled
      money first, then its aligned money.
    - Each agency keeps its services' demand, capacity, statutory minimums, ring-fenced money
      and blocks.
    - The locality floor is not applied. It is the partnership's policy ("no area left out"),
      which agencies on their own never had; a floor on each agency's own budget is also
      harsher than the one on the pooled budget (an agency with services in one area could not
      meet it at all). Leaving it out only ever helps independent agencies, so whatever one
      trust gains over them is not made by a constraint the comparison imposes.
    - An agency that runs services but contributes nothing has a budget of nought (plus any
      ring-fenced money passed on to it).

    The result is infeasible if any agency's problem is, each conflict naming its agency;
    marginal values also name the agency."""
    started = time.perf_counter()
    partners = {partner.key: partner for partner in problem.partners}
    for service in problem.services:  # an agency that runs services but contributes nothing
        name = f"The agency {service.partner} (no contribution)"
        partners.setdefault(service.partner, PartnerFunds(service.partner, name, 0, 0))
    partners = _ring_fenced_passed_on(problem, partners)
    results = [
        (partner, allocation_solve(_partner_problem(problem, partner)))
        for partner in partners.values()
    ]
    return _summed(problem, results, time.perf_counter() - started)


def _ring_fenced_passed_on(
    problem: AllocationProblem, partners: Mapping[Key, PartnerFunds]
) -> dict[Key, PartnerFunds]:
    """Each agency's money once the ring-fenced money others give to its services has moved to
    it from their pooled money (then aligned, if the pooled is not enough). Amounts are in the
    problem's own pounds, before budget_scale (which the partner problems keep)."""
    pooled = {key: partner.pooled for key, partner in partners.items()}
    aligned = {key: partner.aligned for key, partner in partners.items()}
    for service in problem.services:
        for giver, amount in service.ring_fenced_from.items():
            if giver == service.partner or giver not in pooled or amount <= 0:
                continue
            from_pooled = min(amount, pooled[giver])
            from_aligned = min(amount - from_pooled, aligned[giver])
            pooled[giver] -= from_pooled
            aligned[giver] -= from_aligned
            pooled[service.partner] += from_pooled + from_aligned
    return {
        key: replace(partner, pooled=pooled[key], aligned=aligned[key])
        for key, partner in partners.items()
    }


def _partner_problem(problem: AllocationProblem, partner: PartnerFunds) -> AllocationProblem:
    services = [s for s in problem.services if s.partner == partner.key]
    served = {locality for s in services for locality, d in s.demand.items() if d > 0}
    return replace(
        problem,
        services=services,
        partners=[partner],
        localities=[locality for locality in problem.localities if locality in served],
        locality_floor_share=0.0,
    )


def _summed(
    problem: AllocationProblem,
    results: Sequence[tuple[PartnerFunds, AllocationResult]],
    seconds: float,
) -> AllocationResult:
    total = AllocationResult.nothing_allocated(problem, "optimal", seconds=seconds)
    for partner, result in results:
        if result.status == "infeasible":
            total.status = "infeasible"
        total.conflicts += [f"{partner.name}: {conflict}" for conflict in result.conflicts]
        total.marginal_values += [
            replace(mv, constraint=f"{mv.constraint} ({partner.name} on its own)")
            if mv.kind != "budget"
            else replace(mv, constraint=f"the budget of {partner.name}", key=partner.key)
            for mv in result.marginal_values
        ]
        total.children.update(result.children)
        total.spend.update(result.spend)
        total.blocks.update(result.blocks)
        total.total_benefit += result.total_benefit
        total.children_reached += result.children_reached
        total.total_spend += result.total_spend
        total.mip_gap = max(total.mip_gap, result.mip_gap)
    return total
