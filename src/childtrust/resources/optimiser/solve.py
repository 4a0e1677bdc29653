"""Solving the allocation: the most expected benefit within every limit, whole blocks chosen by
the mixed-integer programme and the duals read from the linear programme with those blocks
fixed; then the solution read back as children, spend and blocks per service and locality, and
the marginal value of each binding limit."""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from childtrust.resources.optimiser.infeasible import allocation_conflicts
from childtrust.resources.optimiser.problem import (
    TINY,
    AllocationProblem,
    AllocationResult,
    Key,
    MarginalValue,
    allocation_problem_validate,
    cost_per_child_of,
    minimum_of,
)
from childtrust.resources.optimiser.programme import (
    INTERNAL_KINDS,
    UNIT,
    Programme,
    Vector,
    linear_solve,
    require_solved,
)

if TYPE_CHECKING:
    from scipy import sparse

# --- Solving ----------------------------------------------------------------------------------

#: Among allocations within this much of the best benefit, the one nearest this year's is chosen:
#: a hundred-millionth of the benefit (at least that of a child), far below anything shown.
BENEFIT_TOLERANCE = 1e-8


@dataclass(frozen=True)
class _Solution:
    x: Vector
    row_values: Vector  # benefit gained per unit more on each row's right-hand side
    upper_values: Vector  # benefit gained per unit more on each column's upper bound
    mip_gap: float
    benefit_before_rounding: float = 0.0
    rounding_note: str = ""


def allocation_solve(problem: AllocationProblem) -> AllocationResult:
    """The allocation with the most expected benefit, nearest this year's among equally good
    ones, in whole places; infeasible problems are explained."""
    allocation_problem_validate(problem)
    started = time.perf_counter()
    if problem.locality_floor_share * len(problem.localities) > 1 + 1e-9:
        # Shares of what is spent adding up to more than all of it: nothing could be spent.
        return AllocationResult.nothing_allocated(
            problem,
            "infeasible",
            conflicts=allocation_conflicts(problem),
            seconds=time.perf_counter() - started,
        )
    programme = Programme(problem)
    solution = _solve(programme)
    if solution is None:
        conflicts = allocation_conflicts(problem, programme)
        return AllocationResult.nothing_allocated(
            problem, "infeasible", conflicts=conflicts, seconds=time.perf_counter() - started
        )
    return _result(programme, solution, time.perf_counter() - started)


def _optimise(
    programme: Programme,
    cost: Vector,
    lower: Vector,
    upper: Vector,
    integrality: Vector,
    extra: tuple[sparse.csr_matrix, Vector, Vector] | None = None,
    limits: Vector | None = None,
) -> tuple[Vector, float] | None:
    """min cost.x within the programme's rows (and `extra` rows: matrix, lower, upper) and the
    bounds, by HiGHS's MIP solver (which solves a linear programme when nothing is whole);
    None when infeasible; the solution and the MIP gap."""
    from scipy import sparse as sp
    from scipy.optimize import Bounds, LinearConstraint, milp

    matrix, row_lower = programme.A, programme.row_lower
    row_upper = programme.b if limits is None else limits
    if extra is not None:
        width = extra[0].shape[1]
        if width > matrix.shape[1]:
            matrix = sp.hstack([matrix, sp.csr_matrix((matrix.shape[0], width - matrix.shape[1]))])
        matrix = sp.vstack([matrix, extra[0]]).tocsr()
        row_lower = np.concatenate([row_lower, extra[1]])
        row_upper = np.concatenate([row_upper, extra[2]])
    found = milp(
        cost,
        constraints=LinearConstraint(matrix, row_lower, row_upper),
        integrality=integrality,
        bounds=Bounds(lower, upper),
        options={"mip_rel_gap": 0.0},
    )
    if found.status == 2:
        return None
    require_solved(found.status == 0 and found.x is not None, found.message)
    return np.asarray(found.x, dtype=float), float(getattr(found, "mip_gap", 0.0) or 0.0)


def _nearest_current(
    programme: Programme,
    lower: Vector,
    upper: Vector,
    integrality: Vector,
    limits: Vector | None = None,
) -> tuple[Vector, float] | None:
    """The lexicographic solve: first the most benefit; then, with the benefit held at that
    best (within BENEFIT_TOLERANCE), the least total change from this year's spend on places,
    summed over every service and locality in pounds, |places - this year's places| times the
    cost of a place, with a deviation column d >= |x - x0| for each pair the optimiser chooses.
    Equally good allocations are then told apart by something that can be said ("it changes
    this year's spend least"), not by the order of the input."""
    best = _optimise(programme, programme.c, lower, upper, integrality, limits=limits)
    if best is None:
        return None
    x, gap = best
    benefit = float(-programme.c @ x)
    pairs = np.flatnonzero(programme.free[: programme.pair_count])
    if len(pairs) == 0:
        return x, gap
    from scipy import sparse as sp

    n, k = programme.n, len(pairs)
    rows = np.arange(k)
    at = sp.csr_matrix((np.ones(k), (rows, pairs)), shape=(k, n))
    minus = -sp.identity(k, format="csr")
    deviation = sp.vstack([sp.hstack([at, minus]), sp.hstack([-at, minus])])
    benefit_row = sp.hstack([sp.csr_matrix(-programme.c.reshape(1, -1)), sp.csr_matrix((1, k))])
    tolerance = BENEFIT_TOLERANCE * max(1.0, abs(benefit))
    extra = (
        sp.vstack([deviation, benefit_row]).tocsr(),
        np.concatenate([np.full(2 * k, -np.inf), [benefit - tolerance]]),
        np.concatenate([programme.current[pairs], -programme.current[pairs], [np.inf]]),
    )
    # The blocks stay as the first solve chose them: with the benefit held at its best, a
    # mixed-integer search over the blocks as well took minutes at 2,000 services (ties
    # between blocks are broken alike whatever the input's order: see Programme).
    lower, upper = lower.copy(), upper.copy()
    blocks = np.array(list(programme.block_column.values()), dtype=int)
    lower[blocks] = upper[blocks] = x[blocks]
    integrality = integrality.copy()
    integrality[blocks] = 0
    pounds = np.array([cost_per_child_of(programme.services[programme.pairs[p][0]]) for p in pairs])
    cost = np.concatenate([np.zeros(n), pounds / UNIT])
    nearest = _optimise(
        programme,
        cost,
        np.concatenate([lower, np.zeros(k)]),
        np.concatenate([upper, np.full(k, np.inf)]),
        np.concatenate([integrality, np.zeros(k, dtype=int)]),
        extra,
        limits,
    )
    if nearest is None:  # numerically at the edge: keep the first answer
        return x, gap
    return nearest[0][:n], max(gap, nearest[1])


def _solve(programme: Programme) -> _Solution | None:
    """None when the problem is infeasible. Three steps: the lexicographic solve with places
    in part (and whole blocks, by the MIP, when asked for); the same again with every place a
    whole number between the first answer's rounded down and up (a small MIP: only the places
    the first answer left in part can move); then the linear programme of the first objective
    with the blocks fixed, whose duals are the marginal values (a MIP has none)."""
    if programme.n == 0:  # nothing to fund: feasible unless a minimum or a floor asks for money
        rows = len(programme.rows)
        feasible = bool(np.all(programme.b >= 0))
        return _Solution(np.zeros(0), np.zeros(rows), np.zeros(0), 0.0) if feasible else None
    lower, upper = programme.lb.copy(), programme.ub.copy()
    blocks = np.array(list(programme.block_column.values()), dtype=int)
    first = _nearest_current(programme, lower, upper, programme.integrality)
    if first is None:
        return None
    x, gap = first
    x = _spread_by_demand(programme, np.clip(x, lower, upper))
    before = float(-programme.c @ x)
    whole, note = _whole_places(programme, x)
    if programme.problem.whole_blocks:
        lower[blocks] = upper[blocks] = np.round(whole[blocks])
    solved = linear_solve(programme, programme.c, programme.A, lower, upper)
    if solved is None:  # cannot happen (the whole answer is within it); no duals, then
        row_values, upper_values = np.zeros(len(programme.rows)), np.zeros(programme.n)
    else:
        _, row_values, upper_values = solved
    whole[blocks] = _blocks_needed(programme, whole, whole=programme.problem.whole_blocks)
    return _Solution(whole, row_values, upper_values, gap, before, note)


def _whole_places(programme: Programme, x: Vector) -> tuple[Vector, str]:
    """The answer in whole places: each pair's places between the answer's rounded down and
    rounded up, solved again lexicographically (most benefit, then nearest this year's), blocks
    kept at their whole numbers. Should no whole answer keep every minimum and floor (a
    ring-fenced sum that buys part of a place), the places are rounded down, and that is said.
    A minimum is money the service must be given: what of it buys no whole place is given all
    the same (its top-up column, less than one place). A floor may fall short by less than the
    cost of its locality's part-places (one place for each pair the first answer left in part):
    whole places cannot always make a share exact."""
    pairs = programme.pair_count
    lower, upper = programme.lb.copy(), programme.ub.copy()
    lower[:pairs] = np.floor(x[:pairs] + 1e-6)
    upper[:pairs] = np.maximum(np.ceil(x[:pairs] - 1e-6), lower[:pairs])
    if np.array_equal(lower[:pairs], upper[:pairs]):
        return np.concatenate([lower[:pairs], x[pairs:]]), ""
    blocks = np.array(list(programme.block_column.values()), dtype=int)
    if programme.problem.whole_blocks:
        lower[blocks] = upper[blocks] = np.round(x[blocks])
    for index, column in programme.topup_column.items():
        upper[column] = programme.services[index].cost_per_child
    integrality = programme.integrality.copy()
    integrality[:pairs] = 1
    # A floor may miss its share by what rounding down its locality's part-places would take
    # away (so that rounding every part-place down always keeps within the relaxed floors).
    part = upper[:pairs] > lower[:pairs]
    slack: dict[Key, float] = defaultdict(float)
    for pair in np.flatnonzero(part):
        index, locality = programme.pairs[int(pair)]
        slack[locality] += cost_per_child_of(programme.services[index])
    limits = programme.b.copy()
    for number, row in enumerate(programme.rows):
        if row.kind == "locality_floor":
            limits[number] += slack[row.key] / UNIT
    found = _nearest_current(programme, lower, upper, integrality, limits)
    if found is not None:
        return found[0], ""
    down = x.copy()
    down[:pairs] = lower[:pairs]
    return down, (
        "No allocation in whole places keeps every minimum and locality floor exactly (a sum "
        "that buys part of a place): the places were rounded down, so a minimum or a floor may "
        "fall short by less than the cost of one place."
    )


def _blocks_needed(programme: Programme, x: Vector, *, whole: bool) -> Vector:
    """Blocks beyond what the children served and the service's minimum need add nothing but
    spend (when the budget is not binding the solver may leave them in): give them back."""
    needed = []
    for index, column in programme.block_column.items():
        service = programme.services[index]
        assert service.block_cost is not None
        assert service.block_children is not None
        served = float(x[programme.columns_of[index]].sum())
        need = max(served / service.block_children, minimum_of(service) / service.block_cost)
        held = float(x[column])
        if whole:
            need, held = math.ceil(need - 1e-6), round(held)
        needed.append(min(max(need, 0.0), held))
    return np.array(needed, dtype=float)


# --- Reading the solution ---------------------------------------------------------------------


def _spread_by_demand(programme: Programme, x: Vector) -> Vector:
    """When a service cannot serve everyone who needs it, which localities' children it serves
    makes no difference to the benefit, the spend or any limit but the floors, so the solver's
    split is arbitrary (often all the shortfall in one locality). Each such service's children
    are spread over its localities in proportion to their demand instead, as the current
    allocation is, unless that would break a locality floor: then the solver's split is kept."""
    spread = x.copy()
    for index, columns in enumerate(programme.columns_of):
        if not columns or programme.services[index].statutory:
            continue
        demand = programme.ub[columns]
        total, need = float(x[columns].sum()), float(demand.sum())
        if 0 < total < need:
            spread[columns] = total * demand / need
    floors = np.array([row.kind == "locality_floor" for row in programme.rows], dtype=bool)
    if floors.any() and np.any(programme.A[floors] @ spread > programme.b[floors] + 1e-6):
        return x
    return spread


def _result(programme: Programme, solution: _Solution, seconds: float) -> AllocationResult:
    problem = programme.problem
    x = np.clip(solution.x, 0.0, None)
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
        benefit_before_rounding=solution.benefit_before_rounding,
        change_from_current=_change_from_current(programme, x),
        rounding_note=solution.rounding_note,
    )


def _change_from_current(programme: Programme, x: Vector) -> float:
    """Pounds: the second objective's value, sum of |places - this year's| x cost of a place."""
    total = 0.0
    for column, (index, _) in enumerate(programme.pairs):
        if programme.free[column]:
            cost = cost_per_child_of(programme.services[index])
            total += cost * abs(float(x[column]) - float(programme.current[column]))
    return total


def _service_spend(programme: Programme, index: int, x: Vector) -> float:
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


def _marginal_values(programme: Programme, solution: _Solution) -> list[MarginalValue]:
    values: list[MarginalValue] = []
    budget_value = 0.0
    for row, dual in zip(programme.rows, solution.row_values, strict=True):
        value = float(dual) * row.per_pound  # benefit per pound more on the row's limit
        # One more pound of pooled money raises the budget and every aligned limit by a pound
        # (the floors are shares of what is spent, so they follow of themselves).
        if row.kind in ("budget", "aligned"):
            budget_value += value
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


def _demand_values(programme: Programme, solution: _Solution) -> list[MarginalValue]:
    problem = programme.problem
    values = []
    for column, (index, locality) in enumerate(programme.pairs):
        value = float(solution.upper_values[column])
        service = programme.services[index]
        cost = cost_per_child_of(service)
        if abs(value) <= TINY or cost <= 0 or service.statutory:
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
