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

Choices made here (and why):

- Only (service, locality) pairs with demand above nought get a variable: the benchmark's 2,000
  services in 16 localities stay a sparse programme.
- A block-costed service always has a blocks variable; with `whole_blocks` it is an integer
  (scipy.optimize.milp), otherwise continuous, which is the same as paying block_cost /
  block_children per child. A service never runs more blocks than its capacity needs
  (blocks <= ceil(capacity / block_children)). After solving, blocks bought beyond what the
  children served and the service's minimum need are given back: they add nothing.
- For the locality floor a block service's spend is attributed at block_cost / block_children per
  child served there; the unused part of its last block counts towards no locality. In the result
  a block service's whole spend is shared over its localities in proportion to children served.
- `budget_scale` scales the pooled and aligned money (the budget and each partner's aligned
  limit). Money ring-fenced to a service does not scale, any more than a statutory minimum set by
  law: a grant comes with its own conditions, which do not change when the other money does, so
  its service must still be given it. In effect a cut or a rise falls on the money that is not
  ring-fenced. (Scaling the ring-fenced minimums too made a 10% rise impossible whenever a grant
  already paid for a service's every place.)
- The mixed-integer problem has no duals, so its blocks are fixed at their optimal whole numbers
  and the linear programme solved again: the marginal values are those of that programme.
- Marginal values are the change in total benefit for one more pound on the limit. "The budget" is
  one more pound of pooled money (so it includes what that pound does to the aligned limits and the
  locality floors). An aligned pound is a pound moved from pooled to aligned (usually < 0); a
  minimum's or a floor's value is that of raising it by a pound (usually < 0); capacity and demand
  are per pound's worth of places (the dual per child divided by the cost per child).
- Results hold only (service, locality) pairs with children or spend above nought.
- A service that cannot serve everyone who needs it serves each locality in proportion to its
  demand, unless that breaks a locality floor (the solver's own split is then kept): which
  localities it serves makes no difference to the benefit, and the solver's choice is
  arbitrary (see _spread_by_demand).
- Money rows count thousands of pounds and each partner's spend is a column of its own, so the
  budget and aligned rows have one entry per partner: HiGHS is several times faster that way.
- An infeasible problem is explained in words: first cheap direct checks (a minimum a service
  cannot spend, minimums above the budget, floors above the budget or out of reach of the services
  in a locality, minimums outside a partner above what its aligned money leaves), and if none
  applies an elastic programme that lets the budget, aligned limits, minimums and floors give way
  at a cost of one per pound: the constraints with a dual above nought there are the ones
  pressing against each other, named together with the pounds they are short. When only whole
  blocks make it infeasible, that is said too.
"""

from __future__ import annotations

import math
import time
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

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
    mip_gap: float = 0.0  # HiGHS's relative gap for a mixed-integer solve (0 when proven optimal)

    def service_spend(self, service: Key) -> float:
        return sum(v for (s, _), v in self.spend.items() if s == service)


TINY = 1e-7  # a dual or a slack smaller than this is numerical noise, not a binding constraint
Vector = NDArray[np.float64]


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


def _is_block(service: ServiceOption) -> bool:
    return service.block_cost is not None and service.block_children is not None


def _cost_per_child(service: ServiceOption) -> float:
    """Pounds per child served: a block service's block cost spread over the children it serves."""
    if service.block_cost is not None and service.block_children is not None:
        return service.block_cost / service.block_children
    return service.cost_per_child


def _reachable_children(service: ServiceOption) -> float:
    return min(service.capacity, sum(service.demand.values()))


def _max_blocks(service: ServiceOption) -> float:
    """No more blocks than the children it can serve need (the last one part-used)."""
    assert service.block_children is not None
    return float(math.ceil(_reachable_children(service) / service.block_children - 1e-9))


def _max_spend(service: ServiceOption) -> float:
    if service.block_cost is not None:
        return service.block_cost * _max_blocks(service)
    return service.cost_per_child * _reachable_children(service)


def _minimum(service: ServiceOption) -> float:
    """What the service must be given: its statutory minimum and its ring-fenced money (neither
    scales with the budget)."""
    return max(service.statutory_minimum, service.ring_fenced)


def _minimum_words(service: ServiceOption) -> tuple[str, str]:
    if service.statutory_minimum >= service.ring_fenced:
        return "statutory_minimum", f"the statutory minimum of {service.name}"
    return "ring_fenced", f"the ring-fenced money of {service.name}"


def _minimum_in_blocks(service: ServiceOption, whole_blocks: bool) -> float:
    """A minimum paid in whole blocks rounds up to the next block."""
    minimum = _minimum(service)
    if whole_blocks and service.block_cost is not None and minimum > 0:
        return service.block_cost * math.ceil(minimum / service.block_cost - 1e-9)
    return minimum


# --- The programme in matrix form -------------------------------------------------------------


UNIT = 1_000.0  # money rows count thousands of pounds: HiGHS copes badly with limits of 1e8


@dataclass(frozen=True)
class _Row:
    """What one row of the constraint matrix means, so that its dual can be told in words."""

    # capacity, link, spend, budget, aligned, statutory_minimum, ring_fenced or locality_floor
    kind: str
    key: Key | None
    words: str
    limit: float  # the limit in pounds (or children, for capacity)
    per_pound: float = 1 / UNIT  # turns the row's dual into benefit per pound
    equal: bool = False  # an equality (a partner's spend), not a "<=" limit


ELASTIC_KINDS = {"budget", "aligned", "statutory_minimum", "ring_fenced", "locality_floor"}
INTERNAL_KINDS = {"link", "spend"}  # rows that only tie variables together


class _Programme:
    """min c.x subject to A x <= b (or = b for a partner's spend), lb <= x <= ub.

    Columns: children for each (service, locality) with demand; blocks for each block-costed
    service; then the thousands of pounds each partner's services spend, so that the budget and
    the aligned limits are rows of eight entries, not of every service (HiGHS's cuts and
    presolve are several times faster on the benchmark). Every limit is written as "<=": a
    ">=" minimum or floor is negated, so its dual's sign is turned back when read."""

    def __init__(self, problem: AllocationProblem) -> None:
        self.problem = problem
        self.services = list(problem.services)
        self.pairs: list[tuple[int, Key]] = []
        self.columns_of: list[list[int]] = []
        self.block_column: dict[int, int] = {}
        self.partner_column: dict[Key, int] = {}
        self._add_columns()
        self.n = len(self.c)
        self._entries: tuple[list[int], list[int], list[float]] = ([], [], [])
        self.rhs: list[float] = []
        self.rows: list[_Row] = []
        self._add_rows()
        self.A = sparse.csr_matrix(
            (self._entries[2], (self._entries[0], self._entries[1])), shape=(len(self.rhs), self.n)
        )
        self.b = np.array(self.rhs, dtype=float)
        self.equal = np.array([row.equal for row in self.rows], dtype=bool)
        self.row_lower = np.where(self.equal, self.b, -np.inf)

    def _add_columns(self) -> None:
        upper: list[float] = []
        objective: list[float] = []
        for index, service in enumerate(self.services):
            columns = []
            for locality in self.problem.localities:
                demand = float(service.demand.get(locality, 0.0))
                if demand > 0:
                    columns.append(len(self.pairs))
                    self.pairs.append((index, locality))
                    upper.append(demand)
                    objective.append(-service.benefit_per_child)  # HiGHS minimises
            self.columns_of.append(columns)
        integrality = [0] * len(upper)
        for index, service in enumerate(self.services):
            if _is_block(service):
                self.block_column[index] = len(upper)
                upper.append(_max_blocks(service))
                objective.append(0.0)
                integrality.append(1 if self.problem.whole_blocks else 0)
        spenders = [p.key for p in self.problem.partners] + [s.partner for s in self.services]
        for key in dict.fromkeys(spenders):
            self.partner_column[key] = len(upper)
            upper.append(np.inf)
            objective.append(0.0)
            integrality.append(0)
        self.lb, self.ub = np.zeros(len(upper)), np.array(upper, dtype=float)
        self.c = np.array(objective, dtype=float)
        self.integrality = np.array(integrality)

    def spend_terms(self, index: int) -> tuple[list[int], list[float]]:
        """Columns and coefficients whose sum is the pounds service `index` spends."""
        service = self.services[index]
        if index in self.block_column and service.block_cost is not None:
            return [self.block_column[index]], [service.block_cost]
        columns = self.columns_of[index]
        return columns, [service.cost_per_child] * len(columns)

    def _add(self, columns: Iterable[int], values: Iterable[float], rhs: float, row: _Row) -> None:
        columns, values = list(columns), list(values)
        number = len(self.rhs)
        self._entries[0].extend([number] * len(columns))
        self._entries[1].extend(columns)
        self._entries[2].extend(values)
        self.rhs.append(rhs)
        self.rows.append(row)

    def _add_rows(self) -> None:
        self._add_capacity_rows()
        self._add_money_rows()
        self._add_minimum_rows()
        self._add_floor_rows()

    def _add_capacity_rows(self) -> None:
        for index, service in enumerate(self.services):
            columns = self.columns_of[index]
            if not columns:
                continue
            cost = _cost_per_child(service)
            words = f"the capacity of {service.name}"
            per_pound = 1 / cost if cost > 0 else 0.0  # a pound's worth of places
            self._add(
                columns,
                [1.0] * len(columns),
                service.capacity,
                _Row("capacity", service.key, words, service.capacity, per_pound),
            )
            if index in self.block_column and service.block_children is not None:
                # The children served cannot outnumber the places the funded blocks provide.
                self._add(
                    [*columns, self.block_column[index]],
                    [*([1.0] * len(columns)), -service.block_children],
                    0.0,
                    _Row("link", service.key, f"the blocks of {service.name}", 0.0),
                )

    def _add_money_rows(self) -> None:
        problem, spenders = self.problem, self.partner_column
        for partner, column in spenders.items():
            columns: list[int] = []
            values: list[float] = []
            for index, service in enumerate(self.services):
                if service.partner == partner:
                    terms = self.spend_terms(index)
                    columns += terms[0]
                    values += [v / UNIT for v in terms[1]]
            self._add(
                [*columns, column],
                [*values, -1.0],
                0.0,
                _Row("spend", partner, "what the partner's services spend", 0.0, equal=True),
            )
        self._add(
            spenders.values(),
            [1.0] * len(spenders),
            problem.budget / UNIT,
            _Row("budget", None, "the budget", problem.budget),
        )
        for partner in problem.partners:
            aligned = partner.aligned * problem.budget_scale
            if aligned <= 0:
                continue  # with no aligned money the budget row already says it all
            outside = [column for key, column in spenders.items() if key != partner.key]
            self._add(
                outside,
                [1.0] * len(outside),
                (problem.budget - aligned) / UNIT,
                _Row("aligned", partner.key, f"the aligned money of {partner.name}", aligned),
            )

    def _add_minimum_rows(self) -> None:
        for index, service in enumerate(self.services):
            minimum = _minimum(service)
            if minimum <= 0:
                continue
            columns, values = self.spend_terms(index)
            kind, words = _minimum_words(service)
            self._add(
                columns,
                [-v / UNIT for v in values],
                -minimum / UNIT,
                _Row(kind, service.key, words, minimum),
            )

    def _add_floor_rows(self) -> None:
        problem = self.problem
        floor = problem.locality_floor_share * problem.budget
        if floor <= 0:
            return
        in_locality: dict[Key, tuple[list[int], list[float]]] = {
            locality: ([], []) for locality in problem.localities
        }
        for column, (index, locality) in enumerate(self.pairs):
            in_locality[locality][0].append(column)
            in_locality[locality][1].append(-_cost_per_child(self.services[index]) / UNIT)
        for locality, (columns, values) in in_locality.items():
            name = problem.locality_names.get(locality, str(locality))
            self._add(
                columns,
                values,
                -floor / UNIT,
                _Row("locality_floor", locality, f"the floor for {name}", floor),
            )


# --- Solving ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Solution:
    x: Vector
    row_values: Vector  # benefit gained per unit more on each row's right-hand side
    upper_values: Vector  # benefit gained per unit more on each column's upper bound
    mip_gap: float


def allocation_solve(problem: AllocationProblem) -> AllocationResult:
    """The allocation with the most expected benefit; infeasible problems are explained."""
    allocation_problem_validate(problem)
    started = time.perf_counter()
    programme = _Programme(problem)
    solution = _solve(programme)
    if solution is None:
        conflicts = allocation_conflicts(problem, programme)
        return _infeasible(problem, conflicts, time.perf_counter() - started)
    return _result(programme, solution, time.perf_counter() - started)


def _solve(programme: _Programme) -> _Solution | None:
    """None when the problem is infeasible. With whole blocks, the MIP picks the blocks and the
    LP with those blocks fixed gives the duals (a MIP has none)."""
    if programme.n == 0:  # nothing to fund: feasible unless a minimum or a floor asks for money
        rows = len(programme.rows)
        feasible = bool(np.all(programme.b >= 0))
        return _Solution(np.zeros(0), np.zeros(rows), np.zeros(0), 0.0) if feasible else None
    lower, upper, gap = programme.lb.copy(), programme.ub.copy(), 0.0
    blocks = np.array(list(programme.block_column.values()), dtype=int)
    whole = bool(programme.integrality.any())
    if whole:
        found = milp(
            programme.c,
            constraints=LinearConstraint(programme.A, programme.row_lower, programme.b),
            integrality=programme.integrality,
            bounds=Bounds(lower, upper),
            options={"mip_rel_gap": 0.0},
        )
        if found.status == 2:
            return None
        _require_solved(found.x is not None, found.message)
        gap = float(getattr(found, "mip_gap", 0.0) or 0.0)
        lower[blocks] = upper[blocks] = _blocks_needed(programme, found.x, whole=True)
    solved = _linear(programme, programme.c, programme.A, lower, upper)
    if solved is None:
        return None
    x, row_values, upper_values = solved
    x[blocks] = _blocks_needed(programme, x, whole=whole)
    return _Solution(x, row_values, upper_values, gap)


def _linear(
    programme: _Programme, cost: Vector, matrix: sparse.csr_matrix, lower: Vector, upper: Vector
) -> tuple[Vector, Vector, Vector] | None:
    """linprog with HiGHS: the solution, then the benefit gained per unit more on each row's
    limit and on each column's upper bound; None when infeasible. linprog's marginals are the
    change in the minimised -benefit per unit more on the limit, so they are negated."""
    equal = programme.equal
    solved = linprog(
        cost,
        A_ub=matrix[~equal] if (~equal).any() else None,
        b_ub=programme.b[~equal] if (~equal).any() else None,
        A_eq=matrix[equal] if equal.any() else None,
        b_eq=programme.b[equal] if equal.any() else None,
        bounds=np.column_stack([lower, upper]),
        method="highs",
    )
    if solved.status == 2:
        return None
    _require_solved(solved.status == 0, solved.message)
    row_values = np.zeros(len(programme.rows))
    if (~equal).any():
        row_values[~equal] = -np.asarray(solved.ineqlin.marginals)
    if equal.any():
        row_values[equal] = -np.asarray(solved.eqlin.marginals)
    return np.asarray(solved.x, dtype=float), row_values, -np.asarray(solved.upper.marginals)


def _require_solved(condition: bool, message: str) -> None:
    if not condition:
        raise RuntimeError(f"HiGHS could not solve the allocation: {message}")


def _blocks_needed(programme: _Programme, x: Vector, *, whole: bool) -> Vector:
    """Blocks beyond what the children served and the service's minimum need add nothing but
    spend (when the budget is not binding the solver may leave them in): give them back."""
    needed = []
    for index, column in programme.block_column.items():
        service = programme.services[index]
        assert service.block_cost is not None
        assert service.block_children is not None
        served = float(x[programme.columns_of[index]].sum())
        need = max(served / service.block_children, _minimum(service) / service.block_cost)
        held = float(x[column])
        if whole:
            need, held = math.ceil(need - 1e-6), round(held)
        needed.append(min(max(need, 0.0), held))
    return np.array(needed, dtype=float)


# --- Reading the solution ---------------------------------------------------------------------


def _spread_by_demand(programme: _Programme, x: Vector) -> Vector:
    """When a service cannot serve everyone who needs it, which localities' children it serves
    makes no difference to the benefit, the spend or any limit but the floors, so the solver's
    split is arbitrary (often all the shortfall in one locality). Each such service's children
    are spread over its localities in proportion to their demand instead, as the current
    allocation is, unless that would break a locality floor: then the solver's split is kept."""
    spread = x.copy()
    for columns in programme.columns_of:
        if not columns:
            continue
        demand = programme.ub[columns]
        total, need = float(x[columns].sum()), float(demand.sum())
        if 0 < total < need:
            spread[columns] = total * demand / need
    floors = np.array([row.kind == "locality_floor" for row in programme.rows], dtype=bool)
    if floors.any() and np.any(programme.A[floors] @ spread > programme.b[floors] + 1e-6):
        return x
    return spread


def _result(programme: _Programme, solution: _Solution, seconds: float) -> AllocationResult:
    problem = programme.problem
    x = _spread_by_demand(programme, np.clip(solution.x, 0.0, None))
    children: dict[tuple[Key, Key], float] = {}
    spend: dict[tuple[Key, Key], float] = {}
    blocks: dict[Key, float] = {}
    benefit = 0.0
    for index, service in enumerate(programme.services):
        columns = programme.columns_of[index]
        served = {programme.pairs[c][1]: float(x[c]) for c in columns}
        benefit += service.benefit_per_child * sum(served.values())
        if index in programme.block_column:
            blocks[service.key] = float(x[programme.block_column[index]])
        service_spend = _service_spend(programme, index, x)
        for locality, pounds in _share_spend(service_spend, served).items():
            if served.get(locality, 0.0) > 1e-9:
                children[(service.key, locality)] = served[locality]
            if pounds > 1e-9:
                spend[(service.key, locality)] = pounds
    return AllocationResult(
        status="optimal",
        budget=problem.budget,
        children=children,
        spend=spend,
        blocks=blocks,
        total_benefit=benefit,
        children_reached=sum(children.values()),
        total_spend=sum(spend.values()),
        marginal_values=_marginal_values(programme, solution),
        conflicts=[],
        solve_seconds=seconds,
        mip_gap=solution.mip_gap,
    )


def _service_spend(programme: _Programme, index: int, x: Vector) -> float:
    columns, values = programme.spend_terms(index)  # in pounds
    return float(np.dot(x[columns], values)) if columns else 0.0


def _share_spend(pounds: float, served: Mapping[Key, float]) -> dict[Key, float]:
    """A service's spend shared over its localities by children served (evenly if none are:
    a block bought only to meet a minimum)."""
    if not served:
        return {}
    total = sum(served.values())
    if total <= 1e-9:
        return {locality: pounds / len(served) for locality in served}
    return {locality: pounds * children / total for locality, children in served.items()}


def _marginal_values(programme: _Programme, solution: _Solution) -> list[MarginalValue]:
    problem = programme.problem
    values: list[MarginalValue] = []
    budget_value = 0.0
    for row, dual in zip(programme.rows, solution.row_values, strict=True):
        value = float(dual) * row.per_pound  # benefit per pound more on the row's limit
        # One more pound of pooled money raises the budget and every aligned limit by a pound
        # and each locality's floor by floor_share pounds.
        if row.kind in ("budget", "aligned"):
            budget_value += value
        elif row.kind == "locality_floor":
            budget_value -= problem.locality_floor_share * value
        if abs(dual) <= TINY or row.kind == "budget" or row.kind in INTERNAL_KINDS:
            continue
        # A minimum, a floor or aligned money raised by a pound lowers its row's limit by a pound.
        sign = 1.0 if row.kind == "capacity" else -1.0
        values.append(MarginalValue(row.words, row.kind, row.key, sign * value))
    if abs(budget_value) > TINY / UNIT:
        values.append(MarginalValue("the budget", "budget", None, budget_value))
    values.extend(_demand_values(programme, solution))
    values.sort(key=lambda mv: -abs(mv.benefit_per_pound))
    return values


def _demand_values(programme: _Programme, solution: _Solution) -> list[MarginalValue]:
    problem = programme.problem
    values = []
    for column, (index, locality) in enumerate(programme.pairs):
        value = float(solution.upper_values[column])
        service = programme.services[index]
        cost = _cost_per_child(service)
        if abs(value) <= TINY or cost <= 0:
            continue
        name = problem.locality_names.get(locality, str(locality))
        values.append(
            MarginalValue(
                f"the demand for {service.name} in {name}",
                "demand",
                (service.key, locality),
                value / cost,
            )
        )
    return values


def _infeasible(
    problem: AllocationProblem, conflicts: list[str], seconds: float
) -> AllocationResult:
    return AllocationResult(
        status="infeasible",
        budget=problem.budget,
        children={},
        spend={},
        blocks={},
        total_benefit=0.0,
        children_reached=0.0,
        total_spend=0.0,
        marginal_values=[],
        conflicts=conflicts,
        solve_seconds=seconds,
    )


# --- Explaining an infeasible problem ---------------------------------------------------------


def allocation_conflicts(
    problem: AllocationProblem, programme: _Programme | None = None
) -> list[str]:
    """Which constraints conflict, in words with the figures: the direct checks first (they
    name the cause plainly), then the elastic programme for conflicts that need the solver to
    see."""
    conflicts = [
        *_minimums_out_of_reach(problem),
        *_minimums_over_budget(problem),
        *_minimums_over_aligned_limit(problem),
        *_floors_over_budget(problem),
        *_floors_out_of_reach(problem),
    ]
    if conflicts:
        return conflicts
    programme = programme or _Programme(problem)
    conflicts = _elastic_conflicts(programme) or [
        "The constraints cannot all be met together, but no single budget, minimum, aligned "
        "limit or floor could be found to blame: check the figures."
    ]
    if programme.integrality.any() and _linear(
        programme, programme.c, programme.A, programme.lb, programme.ub
    ):
        conflicts.append(
            "Whole blocks cause this: with blocks funded in part every constraint could be met."
        )
    return conflicts


def _minimums_out_of_reach(problem: AllocationProblem) -> list[str]:
    messages = []
    for service in problem.services:
        minimum, most = _minimum(service), _max_spend(service)
        if minimum > most + 0.5:
            _, words = _minimum_words(service)
            messages.append(
                f"{words[0].upper()}{words[1:]} is {money(minimum)}, but it can spend at most "
                f"{money(most)}: {_reachable_children(service):,.0f} children (its capacity of "
                f"{service.capacity:,.0f} or the demand of {sum(service.demand.values()):,.0f}, "
                f"whichever is less) at {money(_cost_per_child(service))} a child."
            )
    return messages


def _minimums_over_budget(problem: AllocationProblem) -> list[str]:
    total = sum(_minimum_in_blocks(s, problem.whole_blocks) for s in problem.services)
    if total <= problem.budget + 0.5:
        return []
    return [
        f"The statutory minimums and ring-fenced lines add up to {money(total)} but the budget "
        f"is {money(problem.budget)}: they cannot all be met."
    ]


def _minimums_over_aligned_limit(problem: AllocationProblem) -> list[str]:
    messages = []
    scale = problem.budget_scale
    for partner in problem.partners:
        aligned = partner.aligned * scale
        outside = sum(
            _minimum_in_blocks(s, problem.whole_blocks)
            for s in problem.services
            if s.partner != partner.key
        )
        if aligned > 0 and outside > problem.budget - aligned + 0.5:
            messages.append(
                f"The aligned money of {partner.name} ({money(aligned)}) may be spent only on its "
                f"own services, which leaves {money(problem.budget - aligned)} for the other "
                f"partners' services, but their minimums add up to {money(outside)}."
            )
    return messages


def _floors_over_budget(problem: AllocationProblem) -> list[str]:
    share, count = problem.locality_floor_share, len(problem.localities)
    if share * count <= 1 + 1e-9 or problem.budget <= 0:
        return []
    return [
        f"The locality floors add up to {money(share * count * problem.budget)} ({count} "
        f"localities at {share:.1%} of the budget each) but the budget is "
        f"{money(problem.budget)}: they cannot all be met."
    ]


def _floors_out_of_reach(problem: AllocationProblem) -> list[str]:
    floor = problem.locality_floor_share * problem.budget
    if floor <= 0:
        return []
    messages = []
    for locality in problem.localities:
        most = sum(
            _cost_per_child(s) * min(s.capacity, s.demand.get(locality, 0.0))
            for s in problem.services
        )
        if most < floor - 0.5:
            name = problem.locality_names.get(locality, str(locality))
            messages.append(
                f"The floor for {name} is {money(floor)} "
                f"({problem.locality_floor_share:.1%} of the budget), but the services with "
                f"demand there can spend at most {money(most)} on the children who need them."
            )
    return messages


def _elastic_conflicts(programme: _Programme) -> list[str]:
    """Let the budget, the aligned limits, the minimums and the floors give way at a cost of one
    per pound and find the least total give. The constraints with a dual above nought in that
    elastic programme are the ones pressing against each other: they are named together, with
    the pounds by which they fall short between them."""
    elastic = [i for i, row in enumerate(programme.rows) if row.kind in ELASTIC_KINDS]
    rows, columns = len(programme.rows), len(elastic)
    give = sparse.csr_matrix(
        (-np.ones(columns), (elastic, np.arange(columns))), shape=(rows, columns)
    )
    matrix = sparse.hstack([programme.A, give]).tocsr()
    cost = np.concatenate([np.zeros(programme.n), np.ones(columns)])
    lower = np.concatenate([programme.lb, np.zeros(columns)])
    upper = np.concatenate([programme.ub, np.full(columns, np.inf)])
    if programme.integrality.any():  # choose whole blocks first, then read duals with them fixed
        found = milp(
            cost,
            constraints=LinearConstraint(matrix, programme.row_lower, programme.b),
            integrality=np.concatenate([programme.integrality, np.zeros(columns)]),
            bounds=Bounds(lower, upper),
        )
        if found.x is None:
            return []
        blocks = np.array(list(programme.block_column.values()), dtype=int)
        lower[blocks] = upper[blocks] = np.round(found.x[blocks])
    solved = _linear(programme, cost, matrix, lower, upper)
    if solved is None:
        return []
    x, row_values, _ = solved
    gave = x[programme.n :] * UNIT
    if gave.sum() <= 0.5:
        return []
    pressing = [
        row
        for row, value in zip(programme.rows, row_values, strict=True)
        if value > TINY and row.kind not in INTERNAL_KINDS
    ]
    pressing = pressing or [
        programme.rows[i] for i, g in zip(elastic, gave, strict=True) if g > 0.5
    ]
    return [_conflict_words(programme.problem, pressing, float(gave.sum()))]


def _conflict_words(problem: AllocationProblem, rows: Sequence[_Row], short: float) -> str:
    named = [_limit_words(problem, row) for row in rows]
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
    verb = "cannot be met" if len(named) == 1 else "cannot all be met together"
    return f"{listed[0].upper()}{listed[1:]} {verb}: between them they are {money(short)} short."


def _limit_words(problem: AllocationProblem, row: _Row) -> str:
    if row.kind == "capacity":
        return f"{row.words} ({row.limit:,.0f} children)"
    if row.kind == "locality_floor":
        return f"{row.words} ({money(row.limit)}, {problem.locality_floor_share:.1%} of the budget)"
    if row.kind == "aligned":
        return f"{row.words} ({money(row.limit)}, which stays with its own services)"
    return f"{row.words} ({money(row.limit)})"


# --- Sensitivity and the founding alternative -------------------------------------------------


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
    total = AllocationResult(
        status="optimal",
        budget=problem.budget,
        children={},
        spend={},
        blocks={},
        total_benefit=0.0,
        children_reached=0.0,
        total_spend=0.0,
        marginal_values=[],
        conflicts=[],
        solve_seconds=seconds,
    )
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
