"""The allocation problem and its answer in plain figures (no Django, no solver): the services
to fund, the partners' money, the localities, and what a solve returns; the checks that refuse
figures no programme should be built on; and each service's own figures (its cost per child,
what it can spend, the minimum it must be given) that the programme and the explanations share."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

Key = Hashable  # services, partners and localities are known by any hashable key (database ids)


@dataclass(frozen=True)
class ServiceOption:
    key: Key
    name: str
    partner: Key  # the agency that runs it
    cost_per_child: float  # pounds
    capacity: float  # children a year
    benefit_per_child: float  # children better off per child supported, summed over outcomes
    demand: Mapping[Key, float]  # locality -> children who need it
    statutory_minimum: float = 0.0  # pounds the service must be given by law
    ring_fenced: float = 0.0  # pounds contributed for this service only
    # partner -> the pounds of `ring_fenced` it contributes (a grant passed on); what is not
    # named here comes from the service's own partner. Used by independent_agencies_solve.
    ring_fenced_from: Mapping[Key, float] = field(default_factory=dict)
    block_cost: float | None = None  # pounds for one whole block (a post, a contract)
    block_children: float | None = None  # children one block serves
    benefit_by_outcome: Mapping[Key, float] = field(default_factory=dict)  # outcome -> per child
    # A statutory service's demand is fixed by law: it is funded at its statutory level (every
    # place its demand needs, within its capacity, and never less than its statutory minimum)
    # before the rest is optimised, and never offered as a saving.
    statutory: bool = False
    current_budget: float = 0.0  # this year's budget line: the allocation the answer stays near


@dataclass(frozen=True)
class PartnerFunds:
    key: Key
    name: str
    pooled: float  # pounds any partner's service may spend
    aligned: float  # pounds only this partner's services may spend


@dataclass(frozen=True)
class AllocationProblem:
    services: Sequence[ServiceOption]
    partners: Sequence[PartnerFunds]
    localities: Sequence[Key]
    locality_names: Mapping[Key, str]
    locality_floor_share: float = 0.0  # each locality gets at least this share of the budget
    whole_blocks: bool = True  # fund block-costed services in whole blocks (mixed-integer)
    budget_scale: float = 1.0  # 0.9 cuts the pooled and aligned money by 10%, 1.1 raises it
    # locality -> its children (aged 0 to 17): no locality's children reached can pass it
    child_population: Mapping[Key, float] = field(default_factory=dict)

    @property
    def budget(self) -> float:
        return self.budget_scale * sum(p.pooled + p.aligned for p in self.partners)


@dataclass(frozen=True)
class MarginalValue:
    """What one more pound (or one more unit of a limit) on a binding constraint is worth."""

    constraint: str  # in words: "the budget", "the statutory minimum of Speech and language"
    # budget, statutory_minimum, ring_fenced, locality_floor, aligned, capacity or demand
    kind: str
    key: Key | None  # the service, locality or partner it belongs to, if any
    benefit_per_pound: float  # change in total benefit per pound more on the limit (may be < 0)


@dataclass
class AllocationResult:
    status: Literal["optimal", "infeasible"]
    budget: float
    children: dict[tuple[Key, Key], float]  # (service, locality) -> places funded (whole)
    spend: dict[tuple[Key, Key], float]  # (service, locality) -> pounds
    blocks: dict[Key, float]  # service -> blocks funded (whole numbers when whole_blocks)
    total_benefit: float
    children_reached: float  # places funded: a child served by two services holds two places
    total_spend: float
    marginal_values: list[MarginalValue]
    conflicts: list[str]  # when infeasible: which constraints conflict, in words
    solve_seconds: float
    mip_gap: float = 0.0  # HiGHS's relative gap for a mixed-integer solve (0 when proven optimal)
    # The expected benefit before places were rounded to whole numbers (the rounding's effect
    # is total_benefit - benefit_before_rounding, never above nought)
    benefit_before_rounding: float = 0.0
    # Total change from this year's spend on places, in pounds (the second objective)
    change_from_current: float = 0.0
    rounding_note: str = ""  # when whole places could not keep every minimum and floor

    @property
    def places(self) -> float:
        return self.children_reached

    @classmethod
    def nothing_allocated(
        cls,
        problem: AllocationProblem,
        status: Literal["optimal", "infeasible"],
        *,
        conflicts: Sequence[str] = (),
        seconds: float = 0.0,
    ) -> AllocationResult:
        """A result with nothing allocated: an infeasible problem's, or the start of a sum."""
        return cls(
            status=status,
            budget=problem.budget,
            children={},
            spend={},
            blocks={},
            total_benefit=0.0,
            children_reached=0.0,
            total_spend=0.0,
            marginal_values=[],
            conflicts=list(conflicts),
            solve_seconds=seconds,
        )

    def service_spend(self, service: Key) -> float:
        return sum(v for (s, _), v in self.spend.items() if s == service)


TINY = 1e-7  # a dual or a slack smaller than this is numerical noise, not a binding constraint


def money(pounds: float) -> str:
    """£1,234,567: how figures read in every message."""
    return f"£{pounds:,.0f}"


# --- Checking the figures ---------------------------------------------------------------------


def allocation_problem_validate(problem: AllocationProblem) -> None:
    """Refuse figures no programme should be built on, with a message saying which and why."""
    _require(
        math.isfinite(problem.budget_scale) and problem.budget_scale >= 0,
        "The budget scale must be a number of nought or more.",
    )
    _require(
        0 <= problem.locality_floor_share <= 1,
        "The locality floor share must be between 0 and 1 (0% and 100% of the budget).",
    )
    for partner in problem.partners:
        for label, value in (("pooled", partner.pooled), ("aligned", partner.aligned)):
            _require_amount(value, f"The {label} money of {partner.name}")
    for locality, children in problem.child_population.items():
        _require_amount(children, f"The child population of {locality}")
    localities = set(problem.localities)
    seen: set[Key] = set()
    for service in problem.services:
        _require(service.key not in seen, f"The service {service.name} is given twice.")
        seen.add(service.key)
        _service_validate(service, localities)


def _service_validate(service: ServiceOption, localities: set[Key]) -> None:
    name = service.name
    _require_amount(service.cost_per_child, f"The cost per child of {name}")
    _require_amount(service.capacity, f"The capacity of {name}")
    _require_amount(service.statutory_minimum, f"The statutory minimum of {name}")
    _require_amount(service.ring_fenced, f"The ring-fenced money of {name}")
    _require_amount(service.current_budget, f"The current budget of {name}")
    for giver, amount in service.ring_fenced_from.items():
        _require_amount(amount, f"The ring-fenced money {giver} gives {name}")
    _require(
        sum(service.ring_fenced_from.values()) <= service.ring_fenced + 0.5,
        f"The ring-fenced money given to {name} by each partner adds up to more than its "
        "ring-fenced money.",
    )
    _require(
        math.isfinite(service.benefit_per_child),
        f"The benefit per child of {name} is not a number.",
    )
    for locality, children in service.demand.items():
        _require(
            locality in localities, f"The demand for {name} names an unknown locality {locality}."
        )
        _require_amount(children, f"The demand for {name} in {locality}")
    _require(
        (service.block_cost is None) == (service.block_children is None),
        f"{name} needs both a block cost and the children one block serves, or neither.",
    )
    if service.block_cost is not None and service.block_children is not None:
        _require(
            math.isfinite(service.block_cost) and service.block_cost > 0,
            f"The block cost of {name} must be more than nought.",
        )
        _require(
            math.isfinite(service.block_children) and service.block_children > 0,
            f"The children one block of {name} serves must be more than nought.",
        )


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def _require_amount(value: float, what: str) -> None:
    if not math.isfinite(value):
        raise ValueError(f"{what} is not a number.")
    if value < 0:
        raise ValueError(f"{what} cannot be negative (it is {value:,.2f}).")


# --- Figures of one service -------------------------------------------------------------------


def is_block_costed(service: ServiceOption) -> bool:
    return service.block_cost is not None and service.block_children is not None


def cost_per_child_of(service: ServiceOption) -> float:
    """Pounds per child served: a block service's block cost spread over the children it serves."""
    if service.block_cost is not None and service.block_children is not None:
        return service.block_cost / service.block_children
    return service.cost_per_child


def reachable_children(service: ServiceOption) -> float:
    return min(service.capacity, sum(service.demand.values()))


def max_blocks(service: ServiceOption) -> float:
    """No more blocks than the children it can serve need (the last one part-used)."""
    assert service.block_children is not None
    return float(math.ceil(reachable_children(service) / service.block_children - 1e-9))


def max_spend(service: ServiceOption) -> float:
    if service.block_cost is not None:
        return service.block_cost * max_blocks(service)
    return service.cost_per_child * reachable_children(service)


def minimum_of(service: ServiceOption) -> float:
    """What the service must be given: its statutory minimum and its ring-fenced money (neither
    scales with the budget); a statutory service, its statutory level."""
    if service.statutory:
        return statutory_spend(service)
    return max(service.statutory_minimum, service.ring_fenced)


def whole_shares(total: float, weights: Mapping[Key, float]) -> dict[Key, float]:
    """`total` (rounded down to a whole number) shared in whole numbers in proportion to the
    weights by the largest remainder, ties going to the larger weight then the key's text, so
    that the same figures in any order share out the same."""
    whole = math.floor(total + 1e-9)
    weight = sum(weights.values())
    if whole <= 0 or weight <= 0:
        return {key: 0.0 for key in weights}
    exact = {key: whole * w / weight for key, w in weights.items()}
    shares = {key: float(math.floor(value + 1e-9)) for key, value in exact.items()}
    left = whole - int(sum(shares.values()))
    order = sorted(weights, key=lambda k: (-(exact[k] - shares[k]), -weights[k], str(k)))
    for key in order[: max(left, 0)]:
        shares[key] += 1
    return shares


def statutory_places(service: ServiceOption) -> dict[Key, float]:
    """A statutory service's places by locality: every child who needs it, within its
    capacity (shared by demand when the capacity is short), in whole places."""
    demand = {loc: d for loc, d in service.demand.items() if d > 0}
    return whole_shares(reachable_children(service), demand)


def statutory_spend(service: ServiceOption) -> float:
    """What a statutory service is funded: its places (whole blocks, if it is paid in blocks),
    and never less than its statutory minimum."""
    places = sum(statutory_places(service).values())
    if service.block_cost is not None and service.block_children is not None:
        cost = service.block_cost * math.ceil(places / service.block_children - 1e-9)
    else:
        cost = service.cost_per_child * places
    return max(cost, service.statutory_minimum)


def current_places(service: ServiceOption) -> dict[Key, float]:
    """This year's places by locality: the budget line buys min(budget / cost per child,
    capacity, demand) places, spread over the localities by demand (as the current allocation
    is shown). Not rounded: it is the point the answer stays nearest to."""
    demand = {loc: d for loc, d in service.demand.items() if d > 0}
    need = sum(demand.values())
    cost = cost_per_child_of(service)
    if service.current_budget <= 0 or need <= 0 or cost <= 0:
        return {}
    supported = min(service.current_budget / cost, service.capacity, need)
    return {loc: supported * d / need for loc, d in demand.items()}


def minimum_words(service: ServiceOption) -> tuple[str, str]:
    if service.statutory:
        return "statutory_minimum", f"the statutory level of {service.name}"
    if service.statutory_minimum >= service.ring_fenced:
        return "statutory_minimum", f"the statutory minimum of {service.name}"
    return "ring_fenced", f"the ring-fenced money of {service.name}"


def minimum_in_blocks(service: ServiceOption, whole_blocks: bool) -> float:
    """A minimum paid in whole blocks rounds up to the next block (a statutory service's level is
    already what it is paid)."""
    minimum = minimum_of(service)
    if service.statutory:
        return minimum
    if whole_blocks and service.block_cost is not None and minimum > 0:
        return service.block_cost * math.ceil(minimum / service.block_cost - 1e-9)
    return minimum
