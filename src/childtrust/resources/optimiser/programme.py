"""The allocation as a linear (or mixed-integer) programme in matrix form, each row knowing what
it means in words, and HiGHS's linear solve of it with the duals read back as benefit per
pound. SciPy is imported inside the functions that need it: it takes over a second to load, and
most processes never solve an allocation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from childtrust.resources.optimiser.problem import (
    AllocationProblem,
    Key,
    cost_per_child_of,
    current_places,
    is_block_costed,
    max_blocks,
    minimum_of,
    minimum_words,
    statutory_places,
    statutory_spend,
)

if TYPE_CHECKING:
    from scipy import sparse

Vector = NDArray[np.float64]

# --- The programme in matrix form -------------------------------------------------------------


UNIT = 1_000.0  # money rows count thousands of pounds: HiGHS copes badly with limits of 1e8


@dataclass(frozen=True)
class Row:
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


class Programme:
    """min c.x subject to A x <= b (or = b for a partner's spend), lb <= x <= ub.

    Columns: places for each (service, locality) with demand (fixed at a statutory service's
    statutory places); blocks for each block-costed service that is not statutory; the fixed
    pounds of each statutory service; then the thousands of pounds each partner's services
    spend, so that the budget and the aligned limits are rows of eight entries, not of every
    service (HiGHS's cuts and presolve are several times faster on the benchmark); each
    locality floor is a row of its own localities' places and those eight spend columns. Every
    limit is written as
    "<=": a ">=" minimum or floor is negated, so its dual's sign is turned back when read."""

    def __init__(self, problem: AllocationProblem) -> None:
        self.problem = problem
        # The programme is built in one order whatever the order of the input (services,
        # localities and partners by their keys), so that HiGHS sees the same programme and
        # gives the same answer: what ties remain after the second objective are broken alike.
        self.services = sorted(problem.services, key=_order)
        self.localities = sorted(problem.localities, key=_order)
        self.pairs: list[tuple[int, Key]] = []
        self.columns_of: list[list[int]] = []
        self.block_column: dict[int, int] = {}
        self.fixed_column: dict[int, int] = {}  # a statutory service's pounds, fixed
        # The pounds of a minimum that buy part of a place: a service's minimum is money it
        # must be given, though whole places may cost a little less (at most one place).
        self.topup_column: dict[int, int] = {}
        self.partner_column: dict[Key, int] = {}
        self._add_columns()
        self.n = len(self.c)
        self._entries: tuple[list[int], list[int], list[float]] = ([], [], [])
        self.rhs: list[float] = []
        self.rows: list[Row] = []
        self._add_rows()
        from scipy import sparse  # SciPy loads only when an allocation is solved

        self.A = sparse.csr_matrix(
            (self._entries[2], (self._entries[0], self._entries[1])), shape=(len(self.rhs), self.n)
        )
        self.b = np.array(self.rhs, dtype=float)
        self.equal = np.array([row.equal for row in self.rows], dtype=bool)
        self.row_lower = np.where(self.equal, self.b, -np.inf)

    def _add_columns(self) -> None:
        lower: list[float] = []
        upper: list[float] = []
        objective: list[float] = []
        current: list[float] = []
        for index, service in enumerate(self.services):
            columns = []
            fixed = statutory_places(service) if service.statutory else {}
            now = current_places(service)
            for locality in self.localities:
                demand = float(service.demand.get(locality, 0.0))
                if demand > 0:
                    columns.append(len(self.pairs))
                    self.pairs.append((index, locality))
                    lower.append(fixed.get(locality, 0.0))
                    upper.append(fixed.get(locality, demand) if service.statutory else demand)
                    objective.append(-service.benefit_per_child)  # HiGHS minimises
                    current.append(now.get(locality, 0.0))
            self.columns_of.append(columns)
        self.current = np.array(current, dtype=float)  # this year's places, by pair
        self.free = np.array(  # pairs the optimiser chooses (not a statutory service's)
            [not self.services[index].statutory for index, _ in self.pairs], dtype=bool
        )
        integrality = [0] * len(upper)

        def column(low: float, high: float, whole: bool = False) -> int:
            lower.append(low)
            upper.append(high)
            objective.append(0.0)
            integrality.append(1 if whole else 0)
            return len(upper) - 1

        for index, service in enumerate(self.services):
            if service.statutory:
                pounds = statutory_spend(service)
                self.fixed_column[index] = column(pounds, pounds)
            elif is_block_costed(service):
                self.block_column[index] = column(
                    0.0, max_blocks(service), self.problem.whole_blocks
                )
            elif minimum_of(service) > 0 and self.columns_of[index]:
                # Shut (0) until places are made whole: only then may a minimum buy part of one.
                self.topup_column[index] = column(0.0, 0.0)
        spenders = [p.key for p in self.problem.partners] + [s.partner for s in self.services]
        for key in sorted(dict.fromkeys(spenders), key=_order):
            self.partner_column[key] = column(0.0, np.inf)
        self.lb, self.ub = np.array(lower, dtype=float), np.array(upper, dtype=float)
        self.c = np.array(objective, dtype=float)
        self.integrality = np.array(integrality)
        self.pair_count = len(self.pairs)

    def spend_terms(self, index: int) -> tuple[list[int], list[float]]:
        """Columns and coefficients whose sum is the pounds service `index` spends."""
        service = self.services[index]
        if index in self.fixed_column:
            return [self.fixed_column[index]], [1.0]
        if index in self.block_column and service.block_cost is not None:
            return [self.block_column[index]], [service.block_cost]
        columns = self.columns_of[index]
        values = [service.cost_per_child] * len(columns)
        if index in self.topup_column:
            return [*columns, self.topup_column[index]], [*values, 1.0]
        return columns, values

    def _add(self, columns: Iterable[int], values: Iterable[float], rhs: float, row: Row) -> None:
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
            if not columns or service.statutory:  # its places are fixed
                continue
            cost = cost_per_child_of(service)
            words = f"the capacity of {service.name}"
            per_pound = 1 / cost if cost > 0 else 0.0  # a pound's worth of places
            self._add(
                columns,
                [1.0] * len(columns),
                service.capacity,
                Row("capacity", service.key, words, service.capacity, per_pound),
            )
            if index in self.block_column and service.block_children is not None:
                # The children served cannot outnumber the places the funded blocks provide.
                self._add(
                    [*columns, self.block_column[index]],
                    [*([1.0] * len(columns)), -service.block_children],
                    0.0,
                    Row("link", service.key, f"the blocks of {service.name}", 0.0),
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
                Row("spend", partner, "what the partner's services spend", 0.0, equal=True),
            )
        self._add(
            spenders.values(),
            [1.0] * len(spenders),
            problem.budget / UNIT,
            Row("budget", None, "the budget", problem.budget),
        )
        for partner in sorted(problem.partners, key=lambda p: _order(p.key)):
            aligned = partner.aligned * problem.budget_scale
            if aligned <= 0:
                continue  # with no aligned money the budget row already says it all
            outside = [column for key, column in spenders.items() if key != partner.key]
            self._add(
                outside,
                [1.0] * len(outside),
                (problem.budget - aligned) / UNIT,
                Row("aligned", partner.key, f"the aligned money of {partner.name}", aligned),
            )

    def _add_minimum_rows(self) -> None:
        for index, service in enumerate(self.services):
            minimum = minimum_of(service)
            if minimum <= 0 or service.statutory:  # a statutory service's pounds are fixed
                continue
            columns, values = self.spend_terms(index)
            kind, words = minimum_words(service)
            self._add(
                columns,
                [-v / UNIT for v in values],
                -minimum / UNIT,
                Row(kind, service.key, words, minimum),
            )

    def _add_floor_rows(self) -> None:
        """Each locality's places cost at least floor_share of the money allocated (what all
        the partners' services spend: the budget row's own sum), a block service's places at
        block cost / block children each. The floor is a share of the money allocated, not of
        the budget: a share of the budget rises with the budget, and once a locality's services
        can take no more, more money made the problem infeasible (the demo at a 30% floor with
        10% more money). A share of what is spent is met by any allocation that met the share
        of the budget (it spends no more than the budget), so more money never makes a feasible
        problem infeasible. (A share of the places' cost alone, a column of its own, made
        HiGHS's mixed-integer search five times slower on the benchmark.)"""
        problem = self.problem
        share = problem.locality_floor_share
        if share <= 0 or not self.pairs:
            return
        in_locality: dict[Key, tuple[list[int], list[float]]] = {
            locality: ([], []) for locality in self.localities
        }
        for column, (index, locality) in enumerate(self.pairs):
            in_locality[locality][0].append(column)
            in_locality[locality][1].append(-cost_per_child_of(self.services[index]) / UNIT)
        spent = list(self.partner_column.values())
        for locality, (columns, values) in in_locality.items():
            name = problem.locality_names.get(locality, str(locality))
            self._add(
                [*columns, *spent],
                [*values, *([share] * len(spent))],
                0.0,
                Row("locality_floor", locality, f"the floor for {name}", share),
            )


def _order(item: object) -> tuple[str, str]:
    key = getattr(item, "key", item)
    return type(key).__name__, str(key)


def linear_solve(
    programme: Programme, cost: Vector, matrix: sparse.csr_matrix, lower: Vector, upper: Vector
) -> tuple[Vector, Vector, Vector] | None:
    """linprog with HiGHS: the solution, then the benefit gained per unit more on each row's
    limit and on each column's upper bound; None when infeasible. linprog's marginals are the
    change in the minimised -benefit per unit more on the limit, so they are negated."""
    from scipy.optimize import linprog

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
    require_solved(solved.status == 0, solved.message)
    row_values = np.zeros(len(programme.rows))
    if (~equal).any():
        row_values[~equal] = -np.asarray(solved.ineqlin.marginals)
    if equal.any():
        row_values[equal] = -np.asarray(solved.eqlin.marginals)
    return np.asarray(solved.x, dtype=float), row_values, -np.asarray(solved.upper.marginals)


def require_solved(condition: bool, message: str) -> None:
    if not condition:
        raise RuntimeError(f"HiGHS could not solve the allocation: {message}")
