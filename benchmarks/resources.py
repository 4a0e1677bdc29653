"""The allocation optimiser on 2,000 services in 16 localities (8 partners, a fixed seed), solved
to optimality by HiGHS as a linear programme (blocks bought in fractions) and as a mixed-integer
one (whole blocks), against a greedy benefit-per-pound baseline measured in the same run.

The data: each service works in 1 to 4 neighbouring localities (of four areas of four) with 5 to
200 children in need in each, a capacity of 50% to 120% of its demand and a cost of about £300
to £5,000 a child; benefit per child varies, and the last area's services do about a third as
much good per pound, so the 4% locality floor binds there. 15% of services are funded in
blocks (posts, contracts) of 10 to 40 children; 10% have a statutory minimum and 5% a
ring-fenced line (20% to 60% of what they could spend); 30% of each partner's money is aligned.
The budget is 35% of what it would cost to meet every need, so it binds.

The greedy baseline does what a spreadsheet would: minimums first, then each locality up to its
floor with its best benefit-per-pound options, then the rest of the budget on the best benefit
per pound, each service's spend drawn from its own partner's aligned money first, then pooled
money, buying only whole blocks in the whole-block run. Every allocation is checked against every
constraint by the same checker.

Aims (issue 5): the linear problem under one second, the mixed-integer one under ten, and more
benefit than the baseline.
"""

from __future__ import annotations

import math
import os
import statistics
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import TypeVar

import numpy as np

from benchmarks import machine, report
from childtrust.resources.optimiser import (
    AllocationProblem,
    AllocationResult,
    Key,
    PartnerFunds,
    ServiceOption,
    allocation_solve,
    independent_agencies_solve,
)

SERVICES = 2_000
LOCALITIES = 16
PARTNERS = 8
FLOOR_SHARE = 0.04
BUDGET_SHARE_OF_NEED = 0.35
RUNS = int(os.environ.get("BENCH_RESOURCES_RUNS", "3"))
AIM_LP_SECONDS = 1.0
AIM_MIP_SECONDS = 10.0
T = TypeVar("T")


def generate(seed: int = 20261126, services_wanted: int = SERVICES) -> AllocationProblem:
    """The benchmark's problem, the same on every run (smaller ones for the tests)."""
    rng = np.random.default_rng(seed)
    localities = list(range(LOCALITIES))
    # The last area's services do less good per pound: only the floor sends money there.
    locality_effect = np.where(np.arange(LOCALITIES) >= LOCALITIES - 4, 0.35, 1.0)
    services = []
    need = 0.0
    for number in range(services_wanted):
        # A service works in 1 to 4 neighbouring localities of one area (four areas of four).
        home = int(rng.integers(LOCALITIES))
        area = home - home % 4
        served = [area + (home + k) % 4 for k in range(int(rng.integers(1, 5)))]
        demand: dict[Hashable, float] = {place: float(rng.integers(5, 201)) for place in served}
        total = sum(demand.values())
        capacity = float(round(total * rng.uniform(0.5, 1.2)))
        cost = float(round(np.clip(rng.lognormal(7.0, 0.6), 300, 5_000)))
        benefit = float(rng.uniform(0.05, 1.0) * cost / 1_000 * locality_effect[home])
        extra: dict[str, float] = {}
        if rng.random() < 0.15:
            children = float(rng.integers(10, 41))
            extra["block_cost"] = float(round(cost * children * rng.uniform(0.9, 1.1)))
            extra["block_children"] = children
            cost = extra["block_cost"] / children
        reach = cost * min(capacity, total)
        draw = rng.random()
        if draw < 0.10:
            extra["statutory_minimum"] = float(round(reach * rng.uniform(0.2, 0.6)))
        elif draw < 0.15:
            extra["ring_fenced"] = float(round(reach * rng.uniform(0.2, 0.6)))
        need += reach
        services.append(
            ServiceOption(
                key=number,
                name=f"Service {number + 1}",
                partner=int(rng.integers(PARTNERS)),
                cost_per_child=cost,
                capacity=capacity,
                benefit_per_child=benefit,
                demand=demand,
                **extra,  # type: ignore[arg-type]
            )
        )
    shares = rng.dirichlet(np.full(PARTNERS, 4.0)) * need * BUDGET_SHARE_OF_NEED
    partners = [
        PartnerFunds(key=p, name=f"Partner {p + 1}", pooled=0.7 * s, aligned=0.3 * s)
        for p, s in enumerate(shares.tolist())
    ]
    return AllocationProblem(
        services=services,
        partners=partners,
        localities=localities,
        locality_names={place: f"Locality {place + 1}" for place in localities},
        locality_floor_share=FLOOR_SHARE,
    )


# --- The greedy baseline ------------------------------------------------------------------------


@dataclass
class Greedy:
    """A greedy allocation built step by step; children in (service, locality) and blocks."""

    problem: AllocationProblem
    children: dict[tuple[Key, Key], float]
    blocks: dict[Key, float]
    free_places: dict[Key, float]  # places in bought blocks not yet used
    capacity_left: dict[Key, float]
    locality_spend: dict[Key, float]
    pooled: float
    aligned: dict[Key, float]

    @classmethod
    def start(cls, problem: AllocationProblem) -> Greedy:
        scale = problem.budget_scale
        return cls(
            problem=problem,
            children={},
            blocks={s.key: 0.0 for s in problem.services if s.block_cost is not None},
            free_places={s.key: 0.0 for s in problem.services},
            capacity_left={s.key: s.capacity for s in problem.services},
            locality_spend=dict.fromkeys(problem.localities, 0.0),
            pooled=scale * sum(p.pooled for p in problem.partners),
            aligned={p.key: scale * p.aligned for p in problem.partners},
        )

    def money_for(self, service: ServiceOption) -> float:
        return self.pooled + self.aligned.get(service.partner, 0.0)

    def pay(self, service: ServiceOption, pounds: float) -> None:
        """Its own partner's aligned money first: pooled money is for everyone."""
        own = min(pounds, self.aligned.get(service.partner, 0.0))
        if own:
            self.aligned[service.partner] -= own
        self.pooled -= pounds - own

    def room(self, service: ServiceOption, locality: Key) -> float:
        taken = self.children.get((service.key, locality), 0.0)
        return min(service.demand.get(locality, 0.0) - taken, self.capacity_left[service.key])

    def buy(self, service: ServiceOption, locality: Key, want: float) -> float:
        """Up to `want` children of `service` in `locality`, as far as need, capacity and money
        allow; a block service fills its bought places first and then buys whole blocks (or
        fractions of one when blocks need not be whole)."""
        want = min(want, self.room(service, locality))
        if want <= 1e-9:
            return 0.0
        if service.block_cost is not None and service.block_children is not None:
            got = self._buy_blocks(service, want)
        else:
            got = min(want, self.money_for(service) / service.cost_per_child)
            self.pay(service, got * service.cost_per_child)
        self._record(service, locality, got)
        return got

    def _buy_blocks(self, service: ServiceOption, want: float) -> float:
        assert service.block_cost is not None
        assert service.block_children is not None
        free = self.free_places[service.key]
        short = max(want - free, 0.0)
        blocks = short / service.block_children
        if self.problem.whole_blocks:
            blocks = math.ceil(blocks - 1e-9)
            blocks = min(blocks, math.floor(self.money_for(service) / service.block_cost + 1e-9))
        else:
            blocks = min(blocks, self.money_for(service) / service.block_cost)
        self.add_blocks(service, blocks)
        return min(want, self.free_places[service.key])

    def add_blocks(self, service: ServiceOption, blocks: float) -> None:
        assert service.block_cost is not None
        assert service.block_children is not None
        self.pay(service, blocks * service.block_cost)
        self.blocks[service.key] += blocks
        self.free_places[service.key] += blocks * service.block_children

    def _record(self, service: ServiceOption, locality: Key, got: float) -> None:
        if got <= 0:
            return
        key = (service.key, locality)
        self.children[key] = self.children.get(key, 0.0) + got
        self.capacity_left[service.key] -= got
        if service.block_cost is not None:
            self.free_places[service.key] -= got
        self.locality_spend[locality] += got * per_child(service)


def per_child(service: ServiceOption) -> float:
    if service.block_cost is not None and service.block_children is not None:
        return service.block_cost / service.block_children
    return service.cost_per_child


def greedy_solve(problem: AllocationProblem) -> Greedy:
    """Minimums first, then the locality floors, then the best benefit per pound."""
    state = Greedy.start(problem)
    by_value = sorted(
        ((s, place) for s in problem.services for place, d in s.demand.items() if d > 0),
        key=lambda option: -option[0].benefit_per_child / per_child(option[0]),
    )
    _greedy_minimums(state)
    floor = problem.locality_floor_share * problem.budget
    for locality in problem.localities:
        for service, where in by_value:
            short = floor - state.locality_spend[locality]
            if short <= 1e-6:
                break
            if where == locality:
                state.buy(service, locality, short / per_child(service))
    for service, locality in by_value:
        state.buy(service, locality, math.inf)
    return state


def _greedy_minimums(state: Greedy) -> None:
    scale = state.problem.budget_scale
    for service in state.problem.services:
        minimum = max(service.statutory_minimum, service.ring_fenced * scale)
        if minimum <= 0:
            continue
        if service.block_cost is not None and state.problem.whole_blocks:
            state.add_blocks(service, math.ceil(minimum / service.block_cost - 1e-9))
            minimum = 0.0  # the blocks are paid for; their places are filled below
        wanted = minimum / per_child(service)
        if service.block_cost is not None:
            wanted = max(wanted, state.free_places[service.key])
        for locality in sorted(service.demand, key=lambda place: -service.demand[place]):
            wanted -= state.buy(service, locality, wanted)


# --- Checking and summing any allocation --------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    benefit: float
    children: float
    spend: float
    broken: list[str]  # the constraints the allocation breaks, if any


def check(
    problem: AllocationProblem,
    children: dict[tuple[Key, Key], float],
    blocks: dict[Key, float],
) -> Outcome:
    """Benefit, places and spend of an allocation, and every constraint it breaks. A service's
    minimum is money it must be given: whole places may fall short of it by less than one
    place, the rest given all the same (so its spend is at least its minimum); a locality's
    floor is a share of the money allocated, and whole places may miss it by less than one
    place of each service there."""
    broken: list[str] = []
    spend: dict[Key, float] = {}
    locality: dict[Key, float] = dict.fromkeys(problem.localities, 0.0)
    benefit = reached = 0.0
    for service in problem.services:
        served = {place: children.get((service.key, place), 0.0) for place in service.demand}
        total = sum(served.values())
        reached += total
        benefit += service.benefit_per_child * total
        spend[service.key] = _spend(service, total, blocks)
        broken += _service_broken(problem, service, served, spend[service.key], blocks)
        for place, n in served.items():
            locality[place] += n * per_child(service)
    broken += _money_broken(problem, spend, locality)
    return Outcome(benefit, reached, sum(spend.values()), broken)


def _spend(service: ServiceOption, children: float, blocks: dict[Key, float]) -> float:
    if service.block_cost is not None:
        return blocks.get(service.key, 0.0) * service.block_cost
    minimum = max(service.statutory_minimum, service.ring_fenced)
    places = children * service.cost_per_child
    if places < minimum <= places + service.cost_per_child + 0.01:
        return minimum  # the part of a place the minimum pays for is given too
    return places


def _service_broken(
    problem: AllocationProblem,
    service: ServiceOption,
    served: dict[Key, float],
    spend: float,
    blocks: dict[Key, float],
) -> list[str]:
    broken = []
    total = sum(served.values())
    if service.block_children is not None:
        if total > blocks.get(service.key, 0.0) * service.block_children + 1e-6:
            broken.append(f"places of {service.name}")
        if problem.whole_blocks and abs(blocks[service.key] - round(blocks[service.key])) > 1e-6:
            broken.append(f"whole blocks of {service.name}")
    if any(n > service.demand[place] + 1e-6 for place, n in served.items()):
        broken.append(f"demand of {service.name}")
    if total > service.capacity + 1e-6:
        broken.append(f"capacity of {service.name}")
    minimum = max(service.statutory_minimum, service.ring_fenced)
    if spend < minimum - 0.01:
        broken.append(f"minimum of {service.name}")
    return broken


def _money_broken(
    problem: AllocationProblem, spend: dict[Key, float], locality: dict[Key, float]
) -> list[str]:
    broken = []
    tolerance = 1e-6 * max(problem.budget, 1.0)
    if sum(spend.values()) > problem.budget + tolerance:
        broken.append("the budget")
    partner_of = {s.key: s.partner for s in problem.services}
    for partner in problem.partners:
        outside = sum(v for k, v in spend.items() if partner_of[k] != partner.key)
        if outside > problem.budget - problem.budget_scale * partner.aligned + tolerance:
            broken.append(f"aligned money of {partner.name}")
    floor = problem.locality_floor_share * sum(spend.values())
    # Whole places may miss a floor by at most one place of each service there.
    dearest = {
        place: sum(per_child(s) for s in problem.services if s.demand.get(place))
        for place in locality
    }
    names = problem.locality_names
    return broken + [
        f"floor of {names[place]}"
        for place, v in locality.items()
        if v < floor - dearest[place] - tolerance
    ]


# --- The run ------------------------------------------------------------------------------------


def _timed(work: Callable[[], T]) -> tuple[T, list[float]]:
    times, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    assert result is not None
    return result, times


def _row(name: str, blocks: str, times: list[float], outcome: Outcome, note: str) -> str:
    meets = "yes" if not outcome.broken else f"no ({len(outcome.broken)} broken)"
    return (
        f"| {name} | {blocks} | {statistics.median(times):.3f} | {outcome.benefit:,.0f} | "
        f"{outcome.children:,.0f} | £{outcome.spend:,.0f} | {meets} | {note} |"
    )


def _binding(result: AllocationResult) -> str:
    kinds: dict[str, int] = {}
    for value in result.marginal_values:
        kinds[value.kind] = kinds.get(value.kind, 0) + 1
    budget = next((v.benefit_per_pound for v in result.marginal_values if v.kind == "budget"), 0.0)
    counts = ", ".join(f"{kind.replace('_', ' ')} {n:,}" for kind, n in sorted(kinds.items()))
    return f"{counts}; one more pound of budget is worth {budget * 1_000:.3f} benefit per £1,000"


def run() -> None:
    load = os.getloadavg()[0]
    problem = generate()
    pairs = sum(1 for s in problem.services for d in s.demand.values() if d > 0)
    block_services = sum(1 for s in problem.services if s.block_cost is not None)
    minimums = sum(1 for s in problem.services if s.statutory_minimum > 0)
    ring_fenced = sum(1 for s in problem.services if s.ring_fenced > 0)
    linear_problem = replace(problem, whole_blocks=False)

    lp, lp_times = _timed(lambda: allocation_solve(linear_problem))
    mip, mip_times = _timed(lambda: allocation_solve(problem))
    greedy_lp, greedy_lp_times = _timed(lambda: greedy_solve(linear_problem))
    greedy_mip, greedy_mip_times = _timed(lambda: greedy_solve(problem))
    independent = independent_agencies_solve(problem)

    outcomes = {
        "lp": check(linear_problem, lp.children, lp.blocks),
        "mip": check(problem, mip.children, mip.blocks),
        "greedy lp": check(linear_problem, greedy_lp.children, greedy_lp.blocks),
        "greedy mip": check(problem, greedy_mip.children, greedy_mip.blocks),
    }
    for name in ("lp", "mip"):
        assert not outcomes[name].broken, f"The optimiser broke {outcomes[name].broken}"
        claimed = lp.total_benefit if name == "lp" else mip.total_benefit
        assert math.isclose(outcomes[name].benefit, claimed, rel_tol=1e-9)
    lp_gain = outcomes["lp"].benefit / outcomes["greedy lp"].benefit - 1
    mip_gain = outcomes["mip"].benefit / outcomes["greedy mip"].benefit - 1
    lp_median, mip_median = statistics.median(lp_times), statistics.median(mip_times)
    lines = [
        "## Resources: allocating the pooled budget over 2,000 services in 16 localities",
        "",
        f"{SERVICES:,} services of {PARTNERS} partners in {LOCALITIES} localities"
        f" ({pairs:,} service-locality pairs with demand, one variable each); {block_services}"
        f" funded in blocks, {minimums} with a statutory minimum, {ring_fenced} with a"
        f" ring-fenced line; 30% of each partner's money aligned; a budget of"
        f" £{problem.budget:,.0f} ({BUDGET_SHARE_OF_NEED:.0%} of what meeting every need would"
        f" cost) and a locality floor of {FLOOR_SHARE:.0%}. Fixed seed (benchmarks/resources.py)."
        " Solved by `childtrust.resources.optimiser.allocation_solve` (SciPy's HiGHS; times include"
        " building the sparse programme, the lexicographic second solve (the benefit held at its"
        " best, the least total change from this year's spend on places, with a deviation column"
        " per pair), the same two solves again to round places to whole numbers, and the linear"
        " re-solve with the blocks fixed for the marginal values; the floors are shares of the"
        " money allocated); the greedy baseline (minimums, then floors, then best"
        " benefit per pound) runs in the same process. Every allocation is checked against every"
        f" constraint. Median of {RUNS} runs. Run with `make bench-resources`.",
        "",
        "| method | blocks | seconds | benefit | places | spent | meets every constraint | note |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |",
        _row("HiGHS, linear programme", "fractions", lp_times, outcomes["lp"], "optimal"),
        _row("greedy benefit per pound", "fractions", greedy_lp_times, outcomes["greedy lp"], ""),
        _row(
            "HiGHS, mixed-integer",
            "whole",
            mip_times,
            outcomes["mip"],
            f"{mip.status}, MIP gap {mip.mip_gap:.1e}",
        ),
        _row("greedy benefit per pound", "whole", greedy_mip_times, outcomes["greedy mip"], ""),
        "",
        f"- linear programme: {lp_median:.3f} s (each: {', '.join(f'{t:.3f}' for t in lp_times)});"
        f" aim {AIM_LP_SECONDS:.0f} s: {'within' if lp_median < AIM_LP_SECONDS else 'OVER'}",
        f"- mixed-integer (whole blocks) to optimality: {mip_median:.3f} s (each:"
        f" {', '.join(f'{t:.3f}' for t in mip_times)}); aim {AIM_MIP_SECONDS:.0f} s:"
        f" {'within' if mip_median < AIM_MIP_SECONDS else 'OVER'}",
        "- the price of issue 15's answers: with the floors fixed shares of the budget, no second"
        " solve and places in part, the mixed-integer solve took 1.4 s and the linear 0.07 s on"
        " this problem; the floors as shares of the money allocated (so more money never makes"
        " the problem infeasible) make HiGHS's mixed-integer search a little slower (as a share"
        " of a column of the places' cost instead, five times slower), and the second,"
        " lexicographic solve and the rounding to whole places (a linear programme and two small"
        " mixed-integer ones) add about a second",
        f"- benefit against the greedy baseline: {lp_gain:+.1%} (linear), {mip_gain:+.1%} (whole"
        f" blocks); aim more than the baseline: {'met' if min(lp_gain, mip_gain) > 0 else 'NOT'}",
        f"- greedy breaks: linear {_broken(outcomes['greedy lp'])}; whole blocks"
        f" {_broken(outcomes['greedy mip'])}",
        f"- binding constraints with a marginal value (whole blocks): {_binding(mip)}",
        f"- independent agencies on the same data (each partner its own money on its own services,"
        f" ring-fenced money passed on with its service, no locality floor): benefit"
        f" {independent.total_benefit:,.0f}"
        f" ({independent.status}), against one trust's {mip.total_benefit:,.0f}"
        f" ({mip.total_benefit / independent.total_benefit - 1:+.1%})",
        "",
        "Filling by benefit per pound is optimal for a fractional problem with only a budget, so"
        " the greedy baseline comes close on the linear problem; the optimiser's gain is where"
        " the floors, the minimums and the aligned money meet, and in choosing whole blocks."
        f" Load average when the run began: {load:.1f} (other work on the machine slows the"
        " times).",
        "",
        "Machine:",
        "",
        machine.as_markdown(machine.describe()),
    ]
    body = "\n".join(lines)
    print(body)
    report.write_section("resources", body)


def _broken(outcome: Outcome) -> str:
    return "nothing" if not outcome.broken else ", ".join(outcome.broken[:5])
