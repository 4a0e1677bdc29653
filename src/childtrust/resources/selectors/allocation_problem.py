"""The allocation problem read from the database: each service's costing, demand, benefits,
budget line and ring-fenced money, each partner's pooled and aligned contributions, and the
localities, as the optimiser's plain figures; and, in words, what was left out and why, each
warning tagged with the agency whose service it names.

The problem is read in a fixed handful of queries whatever the number of services (costings,
budget lines, demand, benefits, contributions, localities), then assembled in Python."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from childtrust.core import money
from childtrust.outcomes.population import child_population_by_locality
from childtrust.partnership.models import ServiceStatus
from childtrust.partnership.selectors.framework import outcomes_in_order
from childtrust.partnership.selectors.registry import localities_by_name
from childtrust.resources.models import (
    BudgetLine,
    Contribution,
    ContributionKind,
    FinancialYear,
    LocalityDemand,
    ServiceBenefit,
    ServiceCosting,
)
from childtrust.resources.optimiser import AllocationProblem, Key, PartnerFunds, ServiceOption

# --- Money in words --------------------------------------------------------------------------


def pounds(value: float | Decimal | None) -> str:
    """£1,234,567: whole pounds, as every page shows money (core.money)."""
    return money.pounds(value)


# --- Notes tagged with the agencies they name ----------------------------------------------------


class Note(str):
    """A sentence for a page (a warning, or a reason no allocation meets every constraint),
    tagged with the agencies whose services or money it names. A partner who sees only their
    own agency's lines sees a note only when every agency it names is their own; notes that
    name no agency (the budget, a locality's floor) are the whole partnership's."""

    agency_ids: tuple[int, ...]

    def __new__(cls, text: str, agency_ids: Iterable[Any] = ()) -> Note:
        note = super().__new__(cls, text)
        note.agency_ids = tuple(sorted({int(pk) for pk in agency_ids}))
        return note

    def as_json(self) -> dict[str, Any]:
        return {"text": str(self), "agency_ids": list(self.agency_ids)}


def notes_as_json(notes: Iterable[str]) -> list[dict[str, Any]]:
    return [note.as_json() if isinstance(note, Note) else Note(note).as_json() for note in notes]


# --- Building the problem ----------------------------------------------------------------------


def _agency_label(name: str, short_name: str) -> str:
    return short_name or name


def allocation_problem_for_year(
    year: FinancialYear,
    *,
    locality_floor_share: float,
    whole_blocks: bool,
    budget_scale: float = 1.0,
) -> tuple[AllocationProblem, list[Note]]:
    """The year's allocation problem, and in words what was left out of it and why (each
    warning tagged with the agency whose service it names).

    A service takes part when it has a costing with a cost and a capacity above nought, demand in
    at least one locality and an expected benefit on at least one outcome, and is active (or
    only temporarily closed); every other is listed with the reason. Its statutory minimum and
    its current budget come from the year's budget line; a line with a statutory basis (the
    duty behind it) marks the service statutory: funded at its statutory level, not optimised.
    Money ring-fenced to it comes from the contributions. Each locality's child population
    (from the outcomes app) caps the children reached there.
    Each partner's pooled and aligned contributions make up the budget. A locality where no
    service taking part has demand is left out of the locality floor: no money could reach it."""
    warnings: list[Note] = []
    costings = {c.service_id: c for c in ServiceCosting.objects.select_related("service__agency")}
    budget_lines = {
        b.service_id: b
        for b in BudgetLine.objects.filter(year=year).select_related("service__agency")
    }
    demand = _positive_figures(
        LocalityDemand.objects.values_list("service_id", "locality_id", "children")
    )
    benefits = _positive_figures(
        ServiceBenefit.objects.values_list("service_id", "outcome_id", "benefit_per_child")
    )
    funds = _contributions(year)
    ring_fenced, ring_fenced_names = funds.ring_fenced, funds.ring_fenced_names
    pooled, aligned, partner_names = funds.pooled, funds.aligned, funds.partner_names
    localities = list(localities_by_name().values_list("pk", "name"))

    services: list[ServiceOption] = []
    candidates = sorted(
        set(costings) | set(budget_lines) | set(ring_fenced),
        key=lambda pk: _service_name(pk, costings, budget_lines, ring_fenced_names).lower(),
    )
    for service_id in candidates:
        name = _service_name(service_id, costings, budget_lines, ring_fenced_names)
        line = budget_lines.get(service_id)
        minimum = float(line.statutory_minimum) if line is not None else 0.0
        reason = _left_out_because(
            costings.get(service_id), demand.get(service_id), benefits.get(service_id)
        )
        if reason:
            kept_outside = _keep_outside(funds, service_id, line)
            warnings.append(
                Note(
                    _left_out_warning(name, reason, minimum, kept_outside),
                    [_service_agency(service_id, costings, budget_lines, funds)],
                )
            )
            continue
        costing = costings[service_id]
        agency = costing.service.agency
        services.append(
            ServiceOption(
                key=service_id,
                name=f"{name} ({_agency_label(agency.name, agency.short_name)})",
                partner=agency.pk,
                cost_per_child=float(costing.cost_per_child),
                capacity=float(costing.capacity),
                benefit_per_child=sum(benefits[service_id].values()),
                demand=dict(demand[service_id]),
                statutory_minimum=minimum,
                ring_fenced=ring_fenced.get(service_id, 0.0),
                ring_fenced_from={
                    giver: amount
                    for giver, amount in funds.ring_fenced_from.get(service_id, {}).items()
                },
                block_cost=float(costing.block_cost) if costing.block_cost is not None else None,
                block_children=(
                    float(costing.block_children) if costing.block_children is not None else None
                ),
                benefit_by_outcome=dict(benefits[service_id]),
                statutory=line is not None and bool(line.statutory_basis.strip()),
                current_budget=float(line.budget) if line is not None else 0.0,
            )
        )
        partner_names.setdefault(agency.pk, _agency_label(agency.name, agency.short_name))

    with_demand = {locality for s in services for locality in s.demand}
    kept: list[tuple[int, str]] = []
    for locality_id, locality_name in localities:
        if locality_id in with_demand:
            kept.append((locality_id, locality_name))
        elif services:
            warnings.append(
                Note(
                    f"No service in the allocation has demand recorded in {locality_name}, so it "
                    "is left out of the locality floor."
                )
            )
    partners = [
        PartnerFunds(
            key=agency_id,
            name=partner_names[agency_id],
            pooled=pooled.get(agency_id, 0.0),
            aligned=aligned.get(agency_id, 0.0),
        )
        for agency_id in sorted(partner_names, key=lambda pk: partner_names[pk].lower())
    ]
    if not pooled and not aligned:
        warnings.append(Note(f"No contributions are recorded for {year}: the budget is £0."))
    problem = AllocationProblem(
        services=services,
        partners=partners,
        localities=[locality_id for locality_id, _ in kept],
        locality_names=dict(kept),
        locality_floor_share=locality_floor_share,
        whole_blocks=whole_blocks,
        budget_scale=budget_scale,
        child_population={
            pk: float(population.children)
            for pk, population in child_population_by_locality().items()
            if pk in dict(kept)
        },
    )
    return problem, warnings


def _positive_figures(rows: Iterable[tuple[int, int, Any]]) -> dict[int, dict[Key, float]]:
    """service -> (locality or outcome) -> figure, leaving out noughts."""
    figures: dict[int, dict[Key, float]] = defaultdict(dict)
    for service_id, other_id, value in rows:
        if value > 0:
            figures[service_id][other_id] = float(value)
    return figures


def _left_out_warning(name: str, reason: str, minimum: float, kept: float) -> str:
    warning = f"{name} is left out of the allocation: {reason}."
    if minimum > 0:
        warning += f" The allocation cannot give it its statutory minimum of {pounds(minimum)}."
    if kept > 0:
        warning += (
            f" Its {pounds(kept)} (its budget line, or the money ring-fenced to it if more) stays "
            "with it, outside the allocation's budget."
        )
    return warning


def _take(source: dict[int, float], agency_id: int, amount: float) -> float:
    """Takes up to `amount` from the agency's money in `source`; what is left to take."""
    taken = min(amount, max(source.get(agency_id, 0.0), 0.0))
    source[agency_id] = source.get(agency_id, 0.0) - taken
    return amount - taken


def _keep_outside(funds: _Funds, service_id: int, line: BudgetLine | None) -> float:
    """A service left out of the allocation keeps its budget line (and any money ring-fenced to
    it, which may be spent on nothing else): the optimiser cannot weigh what it does, so its
    money is not the optimiser's to move elsewhere. The money ring-fenced to it leaves its
    givers' pooled money (then aligned); the rest of the line leaves its own agency's aligned
    money (then pooled). Returns the pounds kept outside."""
    fenced = funds.ring_fenced_from.get(service_id, {})
    for giver, amount in fenced.items():
        _take(funds.aligned, giver, _take(funds.pooled, giver, amount))
    rest = float(line.budget) - sum(fenced.values()) if line is not None else 0.0
    if rest > 0 and line is not None:
        agency_id = line.service.agency_id
        _take(funds.pooled, agency_id, _take(funds.aligned, agency_id, rest))
    return sum(fenced.values()) + max(rest, 0.0)


@dataclass
class _Funds:
    pooled: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    aligned: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    ring_fenced: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    ring_fenced_names: dict[int, str] = field(default_factory=dict)
    # service -> the agency giving money ring-fenced to it -> pounds
    ring_fenced_from: dict[int, dict[int, float]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(float))
    )
    partner_names: dict[int, str] = field(default_factory=dict)
    ring_fenced_agency: dict[int, int] = field(default_factory=dict)  # service -> its agency


def _contributions(year: FinancialYear) -> _Funds:
    """Each partner's pooled and aligned money for the year, and the money ring-fenced to each
    service (which also counts in its partner's pooled or aligned total)."""
    funds = _Funds()
    for contribution in Contribution.objects.filter(year=year).select_related(
        "agency", "ring_fenced_service"
    ):
        agency = contribution.agency
        funds.partner_names[agency.pk] = _agency_label(agency.name, agency.short_name)
        amount = float(contribution.amount)
        if contribution.kind == ContributionKind.ALIGNED:
            funds.aligned[agency.pk] += amount
        else:
            funds.pooled[agency.pk] += amount
        service = contribution.ring_fenced_service
        if service is not None:
            funds.ring_fenced[service.pk] += amount
            funds.ring_fenced_from[service.pk][agency.pk] += amount
            funds.ring_fenced_names[service.pk] = service.name
            funds.ring_fenced_agency[service.pk] = service.agency_id
    return funds


def _service_name(
    service_id: int,
    costings: Mapping[int, ServiceCosting],
    budget_lines: Mapping[int, BudgetLine],
    ring_fenced_names: Mapping[int, str],
) -> str:
    if service_id in costings:
        return costings[service_id].service.name
    if service_id in budget_lines:
        return budget_lines[service_id].service.name
    return ring_fenced_names.get(service_id, f"Service {service_id}")


def _service_agency(
    service_id: int,
    costings: Mapping[int, ServiceCosting],
    budget_lines: Mapping[int, BudgetLine],
    funds: _Funds,
) -> int:
    if service_id in costings:
        return costings[service_id].service.agency_id
    if service_id in budget_lines:
        return budget_lines[service_id].service.agency_id
    return funds.ring_fenced_agency[service_id]


def _left_out_because(
    costing: ServiceCosting | None,
    demand: Mapping[Key, float] | None,
    benefits: Mapping[Key, float] | None,
) -> str:
    if costing is None:
        return "it has no costing (cost per child and capacity)"
    if costing.service.status not in (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED):
        return f"it is {costing.service.get_status_display().lower()}"
    missing = []
    if costing.block_cost is None and costing.cost_per_child <= 0:
        missing.append("no cost per child")
    if costing.capacity <= 0:
        missing.append("no capacity")
    if not demand:
        missing.append("no demand recorded in any locality")
    if not benefits:
        missing.append("no expected benefit recorded on any outcome")
    return "it has " + " and ".join(missing) if missing else ""


def current_budgets(year: FinancialYear) -> dict[int, float]:
    """Each service's budget for the year as it stands (its budget line), in pounds."""
    return {
        service_id: float(budget)
        for service_id, budget in BudgetLine.objects.filter(year=year).values_list(
            "service_id", "budget"
        )
    }


def outcome_names() -> dict[int, str]:
    return dict(outcomes_in_order().values_list("pk", "name"))


def locality_floor_too_high(floor_percent: Decimal) -> str | None:
    """Why a locality floor (as a percentage of the budget) cannot be met by any allocation,
    or None: every locality is given the floor, so together they cannot pass 100%."""
    localities = localities_by_name().count()
    if not localities or floor_percent * localities <= 100:
        return None
    most = (Decimal(100) / localities).quantize(Decimal("0.01"))
    return (
        f"The locality floor is given to each of the {localities} localities, so it can be at "
        f"most {most}%"
    )
