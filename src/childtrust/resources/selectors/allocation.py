"""Reads for the allocation part: the optimiser's problem built from the database, who may see
which lines, the runs of each year, and the figures the result and alternatives pages show.

The problem is read in a fixed handful of queries whatever the number of services (costings,
budget lines, demand, benefits, contributions, localities), then assembled in Python."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet

from childtrust.accounts.permissions import Capability, has_capability
from childtrust.partnership.models import Locality, Outcome, ServiceStatus
from childtrust.resources.models import (
    AllocationLine,
    AllocationRun,
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
    """£1,234,567: whole pounds, with a minus sign before the pound sign when negative."""
    if value is None:
        return ""
    amount = round(float(value))
    sign = "\u2212" if amount < 0 else ""
    return f"{sign}£{abs(amount):,}"


# --- Building the problem ----------------------------------------------------------------------


def _agency_label(name: str, short_name: str) -> str:
    return short_name or name


def allocation_problem_for_year(
    year: FinancialYear,
    *,
    locality_floor_share: float,
    whole_blocks: bool,
    budget_scale: float = 1.0,
) -> tuple[AllocationProblem, list[str]]:
    """The year's allocation problem, and in words what was left out of it and why.

    A service takes part when it has a costing, demand in at least one locality and an expected
    benefit on at least one outcome, and is active (or only temporarily closed). Its statutory
    minimum comes from the year's budget line; money ring-fenced to it from the contributions.
    Each partner's pooled and aligned contributions make up the budget. A locality where no
    service taking part has demand is left out of the locality floor: no money could reach it."""
    warnings: list[str] = []
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
    localities = list(Locality.objects.order_by("name").values_list("pk", "name"))

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
            warnings.append(
                _left_out_warning(name, reason, minimum, ring_fenced.get(service_id, 0.0))
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
                block_cost=float(costing.block_cost) if costing.block_cost is not None else None,
                block_children=(
                    float(costing.block_children) if costing.block_children is not None else None
                ),
                benefit_by_outcome=dict(benefits[service_id]),
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
                f"No service in the allocation has demand recorded in {locality_name}, so it is "
                "left out of the locality floor."
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
        warnings.append(f"No contributions are recorded for {year}: the budget is £0.")
    problem = AllocationProblem(
        services=services,
        partners=partners,
        localities=[locality_id for locality_id, _ in kept],
        locality_names=dict(kept),
        locality_floor_share=locality_floor_share,
        whole_blocks=whole_blocks,
        budget_scale=budget_scale,
    )
    return problem, warnings


def _positive_figures(rows: Iterable[tuple[int, int, Any]]) -> dict[int, dict[Key, float]]:
    """service -> (locality or outcome) -> figure, leaving out noughts."""
    figures: dict[int, dict[Key, float]] = defaultdict(dict)
    for service_id, other_id, value in rows:
        if value > 0:
            figures[service_id][other_id] = float(value)
    return figures


def _left_out_warning(name: str, reason: str, minimum: float, ring_fenced: float) -> str:
    warning = f"{name} is left out of the allocation: {reason}."
    if minimum > 0:
        warning += f" The allocation cannot give it its statutory minimum of {pounds(minimum)}."
    if ring_fenced > 0:
        warning += f" The {pounds(ring_fenced)} ring-fenced to it is still counted in the budget."
    return warning


@dataclass
class _Funds:
    pooled: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    aligned: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    ring_fenced: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    ring_fenced_names: dict[int, str] = field(default_factory=dict)
    partner_names: dict[int, str] = field(default_factory=dict)


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
            funds.ring_fenced_names[service.pk] = service.name
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
    return dict(Outcome.objects.order_by("position", "name").values_list("pk", "name"))


# --- Who sees which lines ------------------------------------------------------------------------


@dataclass(frozen=True)
class LineScope:
    """Which agencies' lines a user may see: every agency's (VIEW_ALL_RESOURCES), or only those
    of the agency they work for. Someone with no staff record sees no lines."""

    all_agencies: bool
    agency_id: int | None = None

    def allows(self, agency_id: int | None) -> bool:
        return self.all_agencies or (self.agency_id is not None and agency_id == self.agency_id)


def line_scope_for(user: Any) -> LineScope:
    if has_capability(user, Capability.VIEW_ALL_RESOURCES):
        return LineScope(all_agencies=True)
    staff = getattr(user, "staff_member", None) if user is not None else None
    return LineScope(all_agencies=False, agency_id=staff.agency_id if staff is not None else None)


def allocation_lines_visible(run: AllocationRun, scope: LineScope) -> QuerySet[AllocationLine]:
    lines = run.lines.select_related("service__agency", "locality").order_by(
        "service__agency__name", "service__name", "locality__name"
    )
    if scope.all_agencies:
        return lines
    if scope.agency_id is None:
        return lines.none()
    return lines.filter(service__agency_id=scope.agency_id)


# --- Runs ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearRuns:
    year: FinancialYear
    runs: list[AllocationRun]


def allocation_runs_by_year() -> list[YearRuns]:
    """Every year, newest first, with its runs, newest first (two queries)."""
    runs: dict[int, list[AllocationRun]] = defaultdict(list)
    for run in AllocationRun.objects.select_related("created_by").annotate(
        line_count=Count("lines")
    ):
        runs[run.year_id].append(run)
    return [YearRuns(year=year, runs=runs[year.pk]) for year in FinancialYear.objects.all()]


def allocation_runs() -> QuerySet[AllocationRun]:
    return AllocationRun.objects.select_related("year").order_by("-created_at", "-pk")


def proposed_allocation(year: FinancialYear) -> AllocationRun | None:
    return AllocationRun.objects.filter(year=year, proposed=True).first()


def visible_service_rows(
    rows: Iterable[Mapping[str, Any]], scope: LineScope
) -> list[Mapping[str, Any]]:
    return [row for row in rows if scope.allows(row.get("agency_id"))]
