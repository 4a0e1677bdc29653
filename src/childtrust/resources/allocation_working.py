"""Working out an allocation run: what it finds before it is stored, from the year's figures:
the optimiser's allocation, the current allocation (each service's budget line spread over its
localities by demand), children reached and benefit by locality, outcome and service, the budget
cut and raised by 10%, and the founding alternatives (independent agencies against one trust),
as the summary stored with the run. It reads (through the selectors) and solves (through the
optimiser) but writes nothing, so it is neither a selector, which only reads, nor a service,
which writes: services/allocation.py stores what it works out.

At 2,000 services this takes 15 seconds or more (docs/benchmarks.md): it runs outside any
transaction, and the pages have the background worker run it (resources/tasks.py)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from childtrust.resources.models import AllocationStage, FinancialYear
from childtrust.resources.optimiser import (
    AllocationProblem,
    AllocationResult,
    Key,
    allocation_sensitivity,
    allocation_solve,
    independent_agencies_solve,
)
from childtrust.resources.selectors.allocation_problem import (
    Note,
    allocation_problem_for_year,
    current_budgets,
    notes_as_json,
    outcome_names,
)

SENSITIVITY_SCALES = (0.9, 1.1)
# Marginal values whose limit belongs to a service (so to the agency that runs it).
SERVICE_KINDS = frozenset({"statutory_minimum", "ring_fenced", "capacity", "demand"})


def conflicts_tagged(problem: AllocationProblem, conflicts: Iterable[str]) -> list[Note]:
    """Each reason the optimiser gives, tagged with the agencies it names, so that a partner
    sees in full only the reasons about their own agency. The optimiser words a reason with
    the services' and partners' names it was given (a service as "Name (Agency)"); a name found
    in the text tags its agency. Service names are looked for first, longest first, and taken
    out of the text, so that an agency's name inside another agency's service name does not
    tag it; agency names are then looked for as whole words. A name matched by mistake can only
    hide a reason from a partner, never show one."""
    services = sorted(problem.services, key=lambda s: len(s.name), reverse=True)
    partners = {p.key: p.name for p in problem.partners}
    for service in problem.services:  # as independent_agencies_solve names such an agency
        partners.setdefault(service.partner, f"The agency {service.partner} (no contribution)")
    patterns = [
        (key, re.compile(rf"(?<!\w){re.escape(name)}(?!\w)"))
        for key, name in sorted(partners.items(), key=lambda item: -len(item[1]))
        if name
    ]
    tagged = []
    for text in conflicts:
        agencies: set[Key] = set()
        rest = text
        for service in services:
            if service.name and service.name in rest:
                agencies.add(service.partner)
                rest = rest.replace(service.name, " ")
        for key, pattern in patterns:
            if pattern.search(rest):
                agencies.add(key)
                rest = pattern.sub(" ", rest)
        tagged.append(Note(text, agencies))
    return tagged


@dataclass(frozen=True)
class PlainAllocation:
    """Children supported and pounds spent on each (service, locality), as an AllocationResult
    holds them, for an allocation the optimiser did not make (the current one)."""

    children: dict[tuple[Key, Key], float]
    spend: dict[tuple[Key, Key], float]
    total_benefit: float
    children_reached: float
    total_spend: float


def current_allocation(problem: AllocationProblem, budgets: Mapping[Any, float]) -> PlainAllocation:
    """The allocation as it stands: each service spends its budget line, spread over the
    localities in proportion to their demand, and supports min(budget / cost per child,
    capacity, demand) children, spread the same way. A service with no budget line supports
    nobody."""
    children: dict[tuple[Key, Key], float] = {}
    spend: dict[tuple[Key, Key], float] = {}
    total_benefit = 0.0
    for service in problem.services:
        budget = max(budgets.get(service.key, 0.0), 0.0)
        demand = {loc: d for loc, d in service.demand.items() if d > 0}
        total_demand = sum(demand.values())
        if budget <= 0 or total_demand <= 0:
            continue
        supported = min(budget / service.cost_per_child, service.capacity, total_demand)
        for locality, need in demand.items():
            share = need / total_demand
            children[(service.key, locality)] = supported * share
            spend[(service.key, locality)] = budget * share
        total_benefit += supported * service.benefit_per_child
    return PlainAllocation(
        children=children,
        spend=spend,
        total_benefit=total_benefit,
        children_reached=sum(children.values()),
        total_spend=sum(spend.values()),
    )


@dataclass
class Breakdown:
    """Children reached, benefit and spend of an allocation by locality, by outcome (children
    reached by the services working towards it, and children better off on it) and by service."""

    by_locality: dict[Key, dict[str, float]] = field(default_factory=dict)
    by_outcome: dict[Key, dict[str, float]] = field(default_factory=dict)
    by_service: dict[Key, dict[str, float]] = field(default_factory=dict)


def allocation_breakdown(
    problem: AllocationProblem,
    children: Mapping[tuple[Key, Key], float],
    spend: Mapping[tuple[Key, Key], float],
) -> Breakdown:
    services = {s.key: s for s in problem.services}
    zero = {"children": 0.0, "benefit": 0.0, "spend": 0.0}
    breakdown = Breakdown(
        by_locality={loc: dict(zero) for loc in problem.localities},
        by_service={s.key: dict(zero) for s in problem.services},
    )
    outcomes: dict[Key, dict[str, float]] = defaultdict(lambda: {"children": 0.0, "benefit": 0.0})
    for s in problem.services:
        for outcome in s.benefit_by_outcome:
            outcomes[outcome]  # every outcome a service works towards is listed
    for key in set(children) | set(spend):
        service_key, locality = key
        service = services.get(service_key)
        if service is None:
            continue
        count = children.get(key, 0.0)
        pounds = spend.get(key, 0.0)
        benefit = count * service.benefit_per_child
        for row in (
            breakdown.by_locality.setdefault(locality, dict(zero)),
            breakdown.by_service[service_key],
        ):
            row["children"] += count
            row["benefit"] += benefit
            row["spend"] += pounds
        for outcome, per_child in service.benefit_by_outcome.items():
            outcomes[outcome]["children"] += count
            outcomes[outcome]["benefit"] += count * per_child
    breakdown.by_outcome = dict(outcomes)
    return breakdown


def children_reached(
    problem: AllocationProblem, children: Mapping[tuple[Key, Key], float]
) -> dict[str, Any]:
    """Places funded, and the children they reach: a child may use several services, so in
    each locality the children reached are at most its places and at most its child population
    (where the outcomes app holds one), and at least the places of its largest service there.
    Whole numbers."""
    places: dict[Key, float] = defaultdict(float)
    largest: dict[Key, float] = defaultdict(float)
    for (_, locality), count in children.items():
        places[locality] += count
        largest[locality] = max(largest[locality], count)
    most = {
        locality: min(count, problem.child_population.get(locality, count))
        for locality, count in places.items()
    }
    return {
        "places": round(sum(places.values())),
        "at_most": round(sum(most.values())),
        "at_least": round(sum(largest.values())),
        "by_locality": {str(loc): round(value) for loc, value in most.items()},
        "population_capped": sorted(str(loc) for loc, count in places.items() if most[loc] < count),
    }


def _figures(rows: Mapping[Key, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    """JSON keeps string keys only; figures rounded to what a page can show."""
    return {
        str(key): {name: round(value, 4) for name, value in row.items()}
        for key, row in rows.items()
    }


@dataclass(frozen=True)
class FoundingAlternatives:
    """The partnership's founding choice on the same data: each agency spending its own money
    on its own services, against one pooled allocation."""

    independent: AllocationResult
    one_trust: AllocationResult
    independent_breakdown: Breakdown
    one_trust_breakdown: Breakdown


def founding_alternatives(
    problem: AllocationProblem, *, one_trust: AllocationResult | None = None
) -> FoundingAlternatives:
    trust = one_trust if one_trust is not None else allocation_solve(problem)
    independent = independent_agencies_solve(problem)
    return FoundingAlternatives(
        independent=independent,
        one_trust=trust,
        independent_breakdown=allocation_breakdown(
            problem, independent.children, independent.spend
        ),
        one_trust_breakdown=allocation_breakdown(problem, trust.children, trust.spend),
    )


def _alternative_summary(
    problem: AllocationProblem, result: AllocationResult, breakdown: Breakdown
) -> dict[str, Any]:
    optimal = result.status == "optimal"
    return {
        "status": result.status,
        "budget": round(result.budget, 2),
        "total_benefit": round(result.total_benefit, 4) if optimal else None,
        "children_reached": (
            children_reached(problem, result.children)["at_most"] if optimal else None
        ),
        "places": round(result.children_reached) if optimal else None,
        "by_locality": _figures(breakdown.by_locality) if optimal else {},
        "conflicts": notes_as_json(conflicts_tagged(problem, result.conflicts)),
    }


def alternatives_summary(
    problem: AllocationProblem, alternatives: FoundingAlternatives
) -> dict[str, Any]:
    return {
        "independent": _alternative_summary(
            problem, alternatives.independent, alternatives.independent_breakdown
        ),
        "one_trust": _alternative_summary(
            problem, alternatives.one_trust, alternatives.one_trust_breakdown
        ),
    }


def _sensitivity_summary(
    problem: AllocationProblem, result: AllocationResult, scaled: Mapping[float, AllocationResult]
) -> list[dict[str, Any]]:
    rows = []
    for scale in sorted(scaled):
        other = scaled[scale]
        optimal = other.status == "optimal"
        reach = children_reached(problem, other.children)["at_most"]
        now = children_reached(problem, result.children)["at_most"]
        rows.append(
            {
                "scale": scale,
                "status": other.status,
                "budget": round(other.budget, 2),
                "total_benefit": round(other.total_benefit, 4) if optimal else None,
                "children_reached": reach if optimal else None,
                "places": round(other.children_reached) if optimal else None,
                "benefit_change": (
                    round(other.total_benefit - result.total_benefit, 4) if optimal else None
                ),
                "children_change": reach - now if optimal else None,
                "conflicts": notes_as_json(conflicts_tagged(problem, other.conflicts)),
            }
        )
    return rows


def _agency_of_limit(kind: str, key: Key | None, partner_of: Mapping[Key, Key]) -> Key | None:
    """The agency a limit belongs to: a service's (its minimum, ring-fenced money, capacity or
    demand in a locality) or a partner's aligned money; None for the budget and the floors."""
    if kind == "aligned":
        return key
    if kind == "demand" and isinstance(key, tuple):
        key = key[0]
    if kind in SERVICE_KINDS:
        return partner_of.get(key)
    return None


StageReport = Callable[[str], None]


def _no_report(_stage: str) -> None:
    return None


def _run_summary(
    problem: AllocationProblem,
    result: AllocationResult,
    *,
    warnings: list[Note],
    budgets: Mapping[Any, float],
    on_stage: StageReport = _no_report,
) -> dict[str, Any]:
    """Everything the result page shows beyond the lines, fixed at the time of the run. The
    warnings and the reasons no allocation meets every constraint are stored tagged with the
    agencies they name (see conflicts_tagged), as the marginal values are."""
    partner_of = {s.key: s.partner for s in problem.services}
    current = current_allocation(problem, budgets)
    current_breakdown = allocation_breakdown(problem, current.children, current.spend)
    summary: dict[str, Any] = {
        "warnings": notes_as_json(warnings),
        "conflicts": notes_as_json(conflicts_tagged(problem, result.conflicts)),
        "localities": [
            {
                "id": loc,
                "name": problem.locality_names.get(loc, str(loc)),
                "child_population": problem.child_population.get(loc),
            }
            for loc in problem.localities
        ],
        "outcomes": [
            {"id": pk, "name": name}
            for pk, name in outcome_names().items()
            if any(pk in s.benefit_by_outcome for s in problem.services)
        ],
        "current": {
            "budget": round(sum(budgets.get(s.key, 0.0) for s in problem.services), 2),
            "total_benefit": round(current.total_benefit, 4),
            "children_reached": round(current.children_reached, 4),
            "reach": children_reached(problem, current.children),
            "by_locality": _figures(current_breakdown.by_locality),
            "by_outcome": _figures(current_breakdown.by_outcome),
        },
        "services": [],
        "marginal_values": [],
        "sensitivity": [],
        "alternatives": {},
    }
    if result.status != "optimal":
        return summary
    proposed = allocation_breakdown(problem, result.children, result.spend)
    summary["proposed"] = {
        "by_locality": _figures(proposed.by_locality),
        "by_outcome": _figures(proposed.by_outcome),
        "reach": children_reached(problem, result.children),
        "benefit_before_rounding": round(result.benefit_before_rounding, 4),
        "rounding_note": result.rounding_note,
        "change_from_current": round(result.change_from_current, 2),
        "unallocated": round(max(result.budget - result.total_spend, 0.0), 2),
    }
    summary["services"] = [
        {
            "id": s.key,
            "name": s.name,
            "agency_id": s.partner,
            "current_budget": round(budgets.get(s.key, 0.0), 2),
            "current_children": round(current_breakdown.by_service[s.key]["children"], 4),
            "proposed_spend": round(proposed.by_service[s.key]["spend"], 2),
            "proposed_children": round(proposed.by_service[s.key]["children"], 4),
            "statutory_minimum": round(s.statutory_minimum, 2),
            "statutory": s.statutory,
            "blocks": result.blocks.get(s.key),
        }
        for s in problem.services
    ]
    summary["marginal_values"] = [
        {
            "constraint": m.constraint,
            "kind": m.kind,
            "key": list(m.key) if isinstance(m.key, tuple) else m.key,
            "agency_id": _agency_of_limit(m.kind, m.key, partner_of),
            "benefit_per_pound": m.benefit_per_pound,
        }
        for m in result.marginal_values
    ]
    on_stage(AllocationStage.SENSITIVITY)
    summary["sensitivity"] = _sensitivity_summary(
        problem, result, allocation_sensitivity(problem, SENSITIVITY_SCALES)
    )
    on_stage(AllocationStage.INDEPENDENT)
    summary["alternatives"] = alternatives_summary(
        problem, founding_alternatives(problem, one_trust=result)
    )
    return summary


@dataclass(frozen=True)
class WorkedOut:
    problem: AllocationProblem
    result: AllocationResult
    summary: dict[str, Any]

    @property
    def optimal(self) -> bool:
        return self.result.status == "optimal"


def allocation_work_out(
    year: FinancialYear, share: Decimal, whole_blocks: bool, on_stage: StageReport = _no_report
) -> WorkedOut:
    """Reads the year's figures and solves: the allocation, the budget cut and raised by 10%
    and each agency on its own. Writes nothing, and runs outside any transaction of its own:
    at 2,000 services it takes many seconds (see docs/benchmarks.md), which no transaction
    should be held open for."""
    on_stage(AllocationStage.READING)
    problem, warnings = allocation_problem_for_year(
        year, locality_floor_share=float(share), whole_blocks=whole_blocks
    )
    budgets = current_budgets(year)
    on_stage(AllocationStage.SOLVING)
    result = allocation_solve(problem)
    summary = _run_summary(problem, result, warnings=warnings, budgets=budgets, on_stage=on_stage)
    return WorkedOut(problem=problem, result=result, summary=summary)
