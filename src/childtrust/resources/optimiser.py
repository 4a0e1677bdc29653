"""Where the pooled budget does the most good: a linear (or, with whole blocks, mixed-integer)
programme solved by HiGHS through SciPy.

This module knows nothing of Django: it takes plain figures (an `AllocationProblem`) and returns
plain figures (an `AllocationResult`), so that the service layer, the benchmark and the tests all
use the same code.

The programme (the utilitarian criterion: the most expected benefit to children):

    maximise    sum over services s and localities l of  benefit_s * children[s, l]
    subject to  children[s, l] <= demand[s, l]                    (no more than need it)
                sum_l children[s, l] <= capacity_s                (each service's capacity)
                sum_s spend_s <= budget                           (the pooled and aligned money)
                spend on services outside partner p <= budget - aligned_p
                                                                  (aligned money stays with p)
                spend_s >= statutory_minimum_s and >= ring_fenced_s
                spend in locality l >= floor_share * budget       (no area left out)
    where       spend_s = cost_per_child_s * sum_l children[s, l], or, for a service funded in
                whole blocks, block_cost_s * blocks_s with sum_l children[s, l] <=
                block_children_s * blocks_s and blocks_s a whole number when whole_blocks is set.

[STUB: helper "optimiser" implements the functions below; the dataclasses are the agreed
interface and may gain fields (with defaults) but not lose or rename them.]
"""

from __future__ import annotations

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
    block_cost: float | None = None  # pounds for one whole block (a post, a contract)
    block_children: float | None = None  # children one block serves
    benefit_by_outcome: Mapping[Key, float] = field(default_factory=dict)  # outcome -> per child


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
    budget_scale: float = 1.0  # 0.9 cuts every contribution by 10%, 1.1 raises them

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
    children: dict[tuple[Key, Key], float]  # (service, locality) -> children supported
    spend: dict[tuple[Key, Key], float]  # (service, locality) -> pounds
    blocks: dict[Key, float]  # service -> blocks funded (whole numbers when whole_blocks)
    total_benefit: float
    children_reached: float
    total_spend: float
    marginal_values: list[MarginalValue]
    conflicts: list[str]  # when infeasible: which constraints conflict, in words
    solve_seconds: float

    def service_spend(self, service: Key) -> float:
        return sum(v for (s, _), v in self.spend.items() if s == service)


def allocation_solve(problem: AllocationProblem) -> AllocationResult:
    """The allocation with the most expected benefit; infeasible problems are explained."""
    raise NotImplementedError


def allocation_sensitivity(
    problem: AllocationProblem, scales: Sequence[float] = (0.9, 1.1)
) -> dict[float, AllocationResult]:
    """The problem solved again with the budget scaled (cut or raised)."""
    raise NotImplementedError


def independent_agencies_solve(problem: AllocationProblem) -> AllocationResult:
    """The founding alternative: each partner spends only its own contributions (pooled and
    aligned) on its own services; the results added up."""
    raise NotImplementedError
