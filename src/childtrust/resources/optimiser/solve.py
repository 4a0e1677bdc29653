"""Solving the allocation: the most expected benefit within every limit, whole blocks chosen by
the mixed-integer programme and the duals read from the linear programme with those blocks
fixed; then the solution read back as children, spend and blocks per service and locality, and
the marginal value of each binding limit."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass

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
    programme = Programme(problem)
    solution = _solve(programme)
    if solution is None:
        conflicts = allocation_conflicts(problem, programme)
        return AllocationResult.nothing_allocated(
            problem, "infeasible", conflicts=conflicts, seconds=time.perf_counter() - started
        )
    return _result(programme, solution, time.perf_counter() - started)


def _solve(programme: Programme) -> _Solution | None:
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
        from scipy.optimize import Bounds, LinearConstraint, milp

        found = milp(
            programme.c,
            constraints=LinearConstraint(programme.A, programme.row_lower, programme.b),
            integrality=programme.integrality,
            bounds=Bounds(lower, upper),
            options={"mip_rel_gap": 0.0},
        )
        if found.status == 2:
            return None
        require_solved(found.x is not None, found.message)
        gap = float(getattr(found, "mip_gap", 0.0) or 0.0)
        lower[blocks] = upper[blocks] = _blocks_needed(programme, found.x, whole=True)
    solved = linear_solve(programme, programme.c, programme.A, lower, upper)
    if solved is None:
        return None
    x, row_values, upper_values = solved
    x[blocks] = _blocks_needed(programme, x, whole=whole)
    return _Solution(x, row_values, upper_values, gap)


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


def _result(programme: Programme, solution: _Solution, seconds: float) -> AllocationResult:
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


def _demand_values(programme: Programme, solution: _Solution) -> list[MarginalValue]:
    problem = programme.problem
    values = []
    for column, (index, locality) in enumerate(programme.pairs):
        value = float(solution.upper_values[column])
        service = programme.services[index]
        cost = cost_per_child_of(service)
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
