"""Explaining an infeasible allocation in words, with the figures: cheap direct checks first (a
minimum a service cannot spend, minimums above the budget or above what a partner's aligned
money leaves, floors above the budget or out of reach), then an elastic programme that lets the
limits give way and names the ones pressing against each other."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from childtrust.resources.optimiser.problem import (
    TINY,
    AllocationProblem,
    cost_per_child_of,
    max_spend,
    minimum_in_blocks,
    minimum_of,
    minimum_words,
    money,
    reachable_children,
    statutory_places,
    statutory_spend,
)
from childtrust.resources.optimiser.programme import (
    ELASTIC_KINDS,
    INTERNAL_KINDS,
    UNIT,
    Programme,
    Row,
    linear_solve,
)


def allocation_conflicts(
    problem: AllocationProblem, programme: Programme | None = None
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
    programme = programme or Programme(problem)
    conflicts = _elastic_conflicts(programme) or [
        "The constraints cannot all be met together, but no single budget, minimum, aligned "
        "limit or floor could be found to blame: check the figures."
    ]
    if programme.integrality.any() and linear_solve(
        programme, programme.c, programme.A, programme.lb, programme.ub
    ):
        conflicts.append(
            "Whole blocks cause this: with blocks funded in part every constraint could be met."
        )
    return conflicts


def _minimums_out_of_reach(problem: AllocationProblem) -> list[str]:
    messages = []
    for service in problem.services:
        if service.statutory:  # funded at its statutory level, with or without places
            continue
        minimum, most = minimum_of(service), max_spend(service)
        if minimum > most + 0.5:
            _, words = minimum_words(service)
            messages.append(
                f"{words[0].upper()}{words[1:]} is {money(minimum)}, but it can spend at most "
                f"{money(most)}: {reachable_children(service):,.0f} children (its capacity of "
                f"{service.capacity:,.0f} or the demand of {sum(service.demand.values()):,.0f}, "
                f"whichever is less) at {money(cost_per_child_of(service))} a child."
            )
    return messages


def _minimums_over_budget(problem: AllocationProblem) -> list[str]:
    total = sum(minimum_in_blocks(s, problem.whole_blocks) for s in problem.services)
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
            minimum_in_blocks(s, problem.whole_blocks)
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
    if share * count <= 1 + 1e-9:
        return []
    return [
        f"The locality floors add up to {share * count:.0%} of the money allocated ({count} "
        f"localities at {share:.1%} each): they cannot all be met."
    ]


def _floors_out_of_reach(problem: AllocationProblem) -> list[str]:
    """A floor is a share of the money allocated. A statutory service's spend is fixed, so it
    is allocated; a locality whose services can spend less than its share of that cannot meet
    its floor."""
    share = problem.locality_floor_share
    if share <= 0:
        return []
    fixed = sum(statutory_spend(s) for s in problem.services if s.statutory)
    messages = []
    for locality in problem.localities:
        most = sum(
            cost_per_child_of(s)
            * (
                statutory_places(s).get(locality, 0.0)
                if s.statutory
                else min(s.capacity, s.demand.get(locality, 0.0))
            )
            for s in problem.services
        )
        outside = fixed - sum(
            cost_per_child_of(s) * statutory_places(s).get(locality, 0.0)
            for s in problem.services
            if s.statutory
        )
        # most >= share * (most + outside) is needed at the least.
        if most < share * (most + outside) - 0.5:
            name = problem.locality_names.get(locality, str(locality))
            messages.append(
                f"The floor for {name} is {share:.1%} of the money allocated, but the "
                f"statutory services are given {money(outside)} outside it and the services "
                f"with demand in {name} can spend at most {money(most)} there."
            )
    return messages


def _elastic_conflicts(programme: Programme) -> list[str]:
    """Let the budget, the aligned limits, the minimums and the floors give way at a cost of one
    per pound and find the least total give. The constraints with a dual above nought in that
    elastic programme are the ones pressing against each other: they are named together, with
    the pounds by which they fall short between them."""
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp

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
    solved = linear_solve(programme, cost, matrix, lower, upper)
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


def _conflict_words(problem: AllocationProblem, rows: Sequence[Row], short: float) -> str:
    named = [_limit_words(problem, row) for row in rows]
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
    verb = "cannot be met" if len(named) == 1 else "cannot all be met together"
    return f"{listed[0].upper()}{listed[1:]} {verb}: between them they are {money(short)} short."


def _limit_words(problem: AllocationProblem, row: Row) -> str:
    if row.kind == "capacity":
        return f"{row.words} ({row.limit:,.0f} children)"
    if row.kind == "locality_floor":
        return f"{row.words} ({problem.locality_floor_share:.1%} of the money allocated)"
    if row.kind == "aligned":
        return f"{row.words} ({money(row.limit)}, which stays with its own services)"
    return f"{row.words} ({money(row.limit)})"
