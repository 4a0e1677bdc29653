"""The demo partnership's proposed allocation for 2026-27: the optimiser run over the demo's
budget, costings, demand and benefits (loaded just before) with a 15% locality floor and posts
and contracts funded in whole blocks, run by the demo strategic lead and proposed to the board.
Demonstration data, like the figures it is worked out from.

Should the demo's figures ever make the 15% floor impossible, a lower floor is tried (10%, 5%,
none) before the run is stored; should no floor help (the conflict lies elsewhere, such as a
statutory minimum above what a service can spend), the run at 15% is stored unproposed, so that
its page explains the conflict in words, and the rest of the demo still loads. With no demo
strategic lead (the partnership's demo not loaded), there is no one to run it, and it is left
out."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db import models

from childtrust.partnership.selectors.staff import staff_record_with_username
from childtrust.resources.models import (
    AllocationLine,
    AllocationRun,
    AllocationStatus,
    FinancialYear,
)
from childtrust.resources.optimiser import allocation_solve
from childtrust.resources.selectors.allocation_problem import allocation_problem_for_year
from childtrust.resources.services.allocation import allocation_propose, allocation_run

DEMO_YEAR = "2026-27"
DEMO_LOCALITY_FLOORS = (Decimal("0.15"), Decimal("0.10"), Decimal("0.05"), Decimal("0"))
DEMO_RUN_BY = "strategiclead"


def _demo_name(floor: Decimal) -> str:
    return f"Allocation {DEMO_YEAR}, {float(floor * 100):g}% locality floor (demonstration data)"


def _first_feasible_floor(year: FinancialYear, floors: Sequence[Decimal]) -> Decimal | None:
    for floor in floors:
        problem, _ = allocation_problem_for_year(
            year, locality_floor_share=float(floor), whole_blocks=True
        )
        if allocation_solve(problem).status == "optimal":
            return floor
    return None


def allocation_demo_load(
    *, floors: Sequence[Decimal] = DEMO_LOCALITY_FLOORS
) -> dict[type[models.Model], int]:
    """Runs the demo year's allocation at the first of `floors` that every constraint allows
    and proposes it; does nothing when the demo has no budget year or no strategic lead."""
    year = FinancialYear.objects.filter(label=DEMO_YEAR).first()
    director = staff_record_with_username(DEMO_RUN_BY)
    if year is None or director is None or director.user is None:
        return {}
    actor = director.user
    floor = _first_feasible_floor(year, floors)
    run = allocation_run(
        actor=actor,
        year=year,
        name=_demo_name(floor if floor is not None else floors[0]),
        locality_floor_share=floor if floor is not None else floors[0],
        whole_blocks=True,
    )
    if run.status == AllocationStatus.OPTIMAL:
        allocation_propose(actor=actor, run=run)
    return {AllocationRun: 1, AllocationLine: run.lines.count()}
