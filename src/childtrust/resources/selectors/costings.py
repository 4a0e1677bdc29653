"""Reading what money buys: each service's costing, demand and expected benefits, which figures
the optimiser still lacks, and the duplication finder.

Who sees what (decided in resources/access.py): the same rule as the budget lines. People whose
role may see every partner's figures see every service's costing; everyone else sees only their
own agency's services, and nothing without an active staff record. A costing is commissioning
work: its cost per child and capacity (which the services directory's API shows beside a
service, through `costing_of`, to those who may see them), its sources, block prices, the
demand estimates and the benefit and evidence judgements are a partner's own until the
partnership looks at them together. The duplication finder compares two agencies' costings side
by side, so only people who may see every partner's figures may open it.

Benefit per £1,000: the children better off for each £1,000 spent, adding the service's
outcomes (a child better off on two outcomes counts twice, as the optimiser counts them):
sum of benefit per child x 1,000 / cost per child.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects

from childtrust.children.selectors.duplication import (
    children_count_words,
    children_involved_with_both,
)
from childtrust.core.permissions import PermissionHolder
from childtrust.partnership.models import (
    Agency,
    Locality,
    Outcome,
    Service,
)
from childtrust.partnership.selectors.framework import outcomes_in_order
from childtrust.partnership.selectors.registry import (
    ServiceFilter,
    localities_by_name,
    services_active,
    services_matching,
    services_with_ids,
)
from childtrust.resources import access
from childtrust.resources.models import (
    BudgetLine,
    EvidenceRating,
    FinancialYear,
    LocalityDemand,
    ServiceBenefit,
    ServiceCosting,
    TargetGroup,
)

THOUSAND = Decimal("1000")

#: "How strong is the evidence", in words, for each of the four levels.
EVIDENCE_STRENGTH: dict[int, str] = {
    EvidenceRating.LEVEL_1: "Weak: the service has a reasoned case (a logic model) but no "
    "evaluation yet, so the benefit is a hope, not a finding",
    EvidenceRating.LEVEL_2: "Emerging: early studies found outcomes improved, but without a "
    "comparison group, so some of the change may have happened anyway",
    EvidenceRating.LEVEL_3: "Good: at least one rigorous evaluation (with a comparison group) "
    "found a short-term benefit",
    EvidenceRating.LEVEL_4: "Strong: several rigorous evaluations found benefits that last",
}
EVIDENCE_SHORT: dict[int, str] = {1: "Weak", 2: "Emerging", 3: "Good", 4: "Strong"}

MISSING_COSTING = "cost and capacity"
MISSING_DEMAND = "demand by locality"
MISSING_BENEFIT = "expected benefit"


# --- Figures per service ----------------------------------------------------------------------


def benefit_per_thousand(benefit_per_child: Decimal, cost_per_child: Decimal) -> Decimal:
    """Children better off per £1,000 spent, to 3 decimal places: a placement in care at £58,500
    a child buys 0.003, which 2 places would show as nothing."""
    return (benefit_per_child * THOUSAND / cost_per_child).quantize(
        Decimal("0.001"), rounding=ROUND_HALF_UP
    )


def evidence_range_text(ratings: Iterable[int]) -> str:
    """ "Level 3", or "Levels 2 to 3" when a service's benefits rest on evidence of different
    strengths; "" with none."""
    levels = sorted(set(ratings))
    if not levels:
        return ""
    if len(levels) == 1:
        return f"Level {levels[0]} ({EVIDENCE_SHORT[levels[0]].lower()})"
    return f"Levels {levels[0]} to {levels[-1]}"


def per_hundred(benefit_per_child: Decimal) -> Decimal:
    """0.08 as 8, 0.015 as 1.5: children better off per 100 supported, without trailing zeros."""
    value = (benefit_per_child * 100).quantize(Decimal("0.01"))
    return value.quantize(Decimal("1")) if value == value.to_integral() else value.normalize()


@dataclass(frozen=True)
class BenefitRow:
    benefit: ServiceBenefit
    per_100: Decimal
    strength: str  # how strong the evidence is, in words


@dataclass(frozen=True)
class ServiceFigures:
    """One service's figures as the services page and the API show them."""

    service: Service
    costing: ServiceCosting | None
    demand: list[LocalityDemand]
    benefits: list[ServiceBenefit]

    @property
    def total_demand(self) -> int | None:
        return sum(d.children for d in self.demand) if self.demand else None

    @property
    def benefit_per_child(self) -> Decimal | None:
        """Children better off per child supported, adding the outcomes."""
        if not self.benefits:
            return None
        return sum((b.benefit_per_child for b in self.benefits), Decimal("0"))

    @property
    def benefit_per_thousand(self) -> Decimal | None:
        per_child = self.benefit_per_child
        if per_child is None or self.costing is None:
            return None
        return benefit_per_thousand(per_child, self.costing.cost_per_child)

    @property
    def benefit_rows(self) -> list[BenefitRow]:
        return [
            BenefitRow(b, per_hundred(b.benefit_per_child), EVIDENCE_STRENGTH[b.evidence_rating])
            for b in self.benefits
        ]

    @property
    def evidence(self) -> str:
        return evidence_range_text(b.evidence_rating for b in self.benefits)

    @property
    def missing(self) -> list[str]:
        """The figures the optimiser needs and this service lacks: a costing, some demand in a
        locality (more than 0 children) and an expected benefit."""
        missing = []
        if self.costing is None:
            missing.append(MISSING_COSTING)
        if not any(d.children > 0 for d in self.demand):
            missing.append(MISSING_DEMAND)
        if not self.benefits:
            missing.append(MISSING_BENEFIT)
        return missing

    @property
    def ready(self) -> bool:
        return not self.missing


def _figure_prefetches() -> tuple[Prefetch[Any], Prefetch[Any]]:
    return (
        Prefetch(
            "locality_demand",
            queryset=LocalityDemand.objects.select_related("locality").order_by("locality__name"),
        ),
        Prefetch(
            "expected_benefits",
            queryset=ServiceBenefit.objects.select_related("outcome").order_by(
                "outcome__position", "outcome__name"
            ),
        ),
    )


def _figures(service: Service) -> ServiceFigures:
    costing = getattr(service, "costing", None)
    return ServiceFigures(
        service=service,
        costing=costing,
        demand=list(service.locality_demand.all()),
        benefits=list(service.expected_benefits.all()),
    )


def service_figures(services: Iterable[Service] | QuerySet[Service]) -> list[ServiceFigures]:
    """The figures of the services given, in three queries whatever their number (a page of
    services already fetched, with their agency and costing, costs two more)."""
    if isinstance(services, QuerySet):
        services = services.prefetch_related(*_figure_prefetches())
    else:
        services = list(services)
        prefetch_related_objects(services, *_figure_prefetches())
    return [_figures(service) for service in services]


def service_figures_one(service: Service) -> ServiceFigures:
    [figures] = service_figures(services_with_ids([service.pk]).select_related("costing"))
    return figures


@dataclass(frozen=True)
class CostingFilter:
    agency: Agency | None = None
    locality: Locality | None = None
    target_group: str = ""
    outcome: Outcome | None = None


def costed_services_matching(
    user: PermissionHolder | None, costing_filter: CostingFilter
) -> QuerySet[Service]:
    """The services the person may see that match the filter. A service is in a locality when it
    has demand there (more than 0 children) or the directory lists it there."""
    services = access.costed_services_visible_to(user)
    if costing_filter.agency is not None:
        services = services.filter(agency=costing_filter.agency)
    if costing_filter.locality is not None:
        needed_there = LocalityDemand.objects.filter(
            locality=costing_filter.locality, children__gt=0
        ).values("service_id")
        listed_there = services_matching(ServiceFilter(locality=costing_filter.locality))
        services = services.filter(Q(pk__in=needed_there) | Q(pk__in=listed_there.values("pk")))
    if costing_filter.target_group:
        services = services.filter(costing__target_group=costing_filter.target_group)
    if costing_filter.outcome is not None:
        services = services.filter(
            pk__in=ServiceBenefit.objects.filter(outcome=costing_filter.outcome).values(
                "service_id"
            )
        )
    return services


# --- Duplication ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DuplicateSide:
    service: Service
    costing: ServiceCosting
    children_in_shared: int  # demand in the shared localities

    @property
    def agency(self) -> Agency:
        return self.service.agency


@dataclass(frozen=True)
class DuplicationCandidate:
    """Two services of different agencies with the same target group, at least one outcome in
    common and at least one locality in common: candidates to combine."""

    dearer: DuplicateSide
    cheaper: DuplicateSide
    target_group: str
    outcomes: list[Outcome]
    localities: list[Locality]
    children_moved: int
    saving: Decimal
    notes: list[str] = field(default_factory=list)
    # Children with an open involvement with both services (children.selectors.duplication).
    children_in_both: int = 0

    @property
    def children_in_both_words(self) -> str:
        return children_count_words(self.children_in_both)

    @property
    def target_group_label(self) -> str:
        return str(TargetGroup(self.target_group).label)


@dataclass(frozen=True)
class _Candidate:
    service: Service
    costing: ServiceCosting
    demand: dict[int, int]  # locality id -> children
    localities: frozenset[int]
    outcomes: frozenset[int]


def _candidates(year: FinancialYear | None) -> list[_Candidate]:
    costed = ServiceCosting.objects.values("service_id")
    if year is not None:
        costed = costed.filter(
            service_id__in=BudgetLine.objects.filter(year=year).values("service_id")
        )
    services = services_active().filter(pk__in=costed).select_related("costing")
    services = services.prefetch_related("localities")
    demand: dict[int, dict[int, int]] = defaultdict(dict)
    for service_id, locality_id, children in LocalityDemand.objects.values_list(
        "service_id", "locality_id", "children"
    ):
        demand[service_id][locality_id] = children
    outcomes: dict[int, set[int]] = defaultdict(set)
    for service_id, outcome_id in ServiceBenefit.objects.filter(
        benefit_per_child__gt=0
    ).values_list("service_id", "outcome_id"):
        outcomes[service_id].add(outcome_id)
    found = []
    for service in services:
        in_localities = {pk for pk, children in demand[service.pk].items() if children > 0}
        in_localities |= {locality.pk for locality in service.localities.all()}
        found.append(
            _Candidate(
                service=service,
                costing=service.costing,
                demand=demand[service.pk],
                localities=frozenset(in_localities),
                outcomes=frozenset(outcomes[service.pk]),
            )
        )
    return found


def _children_moved(dearer: _Candidate, shared: frozenset[int]) -> int:
    """The children the dearer service serves in the shared localities: its demand there, but no
    more than its capacity shared out over its localities in proportion to demand."""
    in_shared = sum(dearer.demand.get(pk, 0) for pk in shared)
    total = sum(dearer.demand.values())
    if in_shared == 0 or total == 0:
        return 0
    served_share = min(Decimal(1), Decimal(dearer.costing.capacity) / Decimal(total))
    return math.floor(Decimal(in_shared) * served_share)


DUPLICATION_RULE = (
    "Two active, costed services are candidates to combine when they belong to different "
    "agencies, serve the same target group, both expect a benefit (more than 0) on at least one "
    "outcome in common, and work in at least one locality in common (demand of more than 0 "
    "children there, or the directory lists the service there); each pair is listed once. The "
    "potential saving serves the dearer service's children in the shared localities at the "
    "cheaper service's cost per child: (dearer cost - cheaper cost) x children moved, where the "
    "children moved are the dearer service's demand in the shared localities, no more than its "
    "capacity shared out over its localities in proportion to demand. It is not capped at the "
    "cheaper service's spare capacity, because combining moves the dearer service's money, and "
    "so its capacity, with its children. It is an upper estimate: it leaves out the cost of "
    "change and any difference in what the two services achieve."
)


def duplication_candidates(year: FinancialYear | None = None) -> list[DuplicationCandidate]:
    """Pairs of active, costed services that may duplicate each other.

    The rule: two services are candidates to combine when they belong to different agencies,
    serve the same target group, both expect a benefit (more than 0) on at least one outcome in
    common, and work in at least one locality in common (demand of more than 0 children there,
    or the directory lists the service there). A pair is listed once however many outcomes and
    localities it shares. With a year, only services with a budget line that year are compared.

    The potential saving: serve the dearer service's children in the shared localities at the
    cheaper service's cost per child, (dearer cost - cheaper cost) x children moved. The children
    moved are the dearer service's demand in the shared localities, capped at what it can serve
    there (its capacity shared out over its localities in proportion to demand). It is not capped
    at the cheaper service's spare capacity: combining moves the dearer service's money, and so
    its capacity, with its children. The saving is an upper estimate: it leaves out the cost of
    change and any difference in what the two services achieve."""
    candidates = _candidates(year)
    by_group: dict[str, list[_Candidate]] = defaultdict(list)
    for candidate in candidates:
        by_group[candidate.costing.target_group].append(candidate)
    outcome_of = {o.pk: o for o in outcomes_in_order()}
    locality_of = {loc.pk: loc for loc in localities_by_name()}
    found: list[DuplicationCandidate] = []
    for target_group, group in by_group.items():
        for index, first in enumerate(group):
            for second in group[index + 1 :]:
                if first.service.agency_id == second.service.agency_id:
                    continue
                outcomes = first.outcomes & second.outcomes
                shared = first.localities & second.localities
                if not outcomes or not shared:
                    continue
                found.append(
                    _pair(first, second, target_group, outcomes, shared, outcome_of, locality_of)
                )
    found.sort(
        key=lambda c: (-c.saving, c.dearer.service.name.lower(), c.cheaper.service.name.lower())
    )
    both = children_involved_with_both((c.dearer.service.pk, c.cheaper.service.pk) for c in found)
    return [
        replace(c, children_in_both=both[(c.dearer.service.pk, c.cheaper.service.pk)])
        for c in found
    ]


def _pair(
    first: _Candidate,
    second: _Candidate,
    target_group: str,
    outcomes: frozenset[int],
    shared: frozenset[int],
    outcome_of: dict[int, Outcome],
    locality_of: dict[int, Locality],
) -> DuplicationCandidate:
    dearer, cheaper = sorted(
        (first, second),
        key=lambda c: (-c.costing.cost_per_child, c.service.name.lower()),
    )
    moved = _children_moved(dearer, shared)
    difference = dearer.costing.cost_per_child - cheaper.costing.cost_per_child
    saving = (difference * moved).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    notes = []
    if not any(dearer.demand.get(pk, 0) for pk in shared):
        notes.append(
            f"{dearer.service.name} has no demand figures in the shared localities, so no saving "
            "can be estimated"
        )
    if difference == 0:
        notes.append("Both cost the same per child: combining saves only on overheads")
    return DuplicationCandidate(
        dearer=DuplicateSide(
            dearer.service, dearer.costing, sum(dearer.demand.get(pk, 0) for pk in shared)
        ),
        cheaper=DuplicateSide(
            cheaper.service, cheaper.costing, sum(cheaper.demand.get(pk, 0) for pk in shared)
        ),
        target_group=target_group,
        outcomes=sorted((outcome_of[pk] for pk in outcomes), key=lambda o: (o.position, o.name)),
        localities=sorted((locality_of[pk] for pk in shared), key=lambda loc: loc.name),
        children_moved=moved,
        saving=saving,
        notes=notes,
    )


def duplication_total_saving(candidates: Sequence[DuplicationCandidate]) -> Decimal:
    """The sum of the pairs' savings. A service in several pairs is counted in each, so the total
    is an upper bound on what combining could save, not a plan."""
    return sum((c.saving for c in candidates), Decimal("0"))


def financial_year_labelled(label: str) -> FinancialYear | None:
    return FinancialYear.objects.filter(label=label).first() if label else None


def financial_years_for_choice() -> list[FinancialYear]:
    return list(FinancialYear.objects.order_by("-starts_on"))


def demand_of(
    service: Service, *, locality_slug: str = "", pk: int | None = None
) -> LocalityDemand | None:
    """One of the service's demand figures, by locality or by id; None if it has none."""
    rows = LocalityDemand.objects.filter(service=service).select_related("locality")
    if pk is not None:
        return rows.filter(pk=pk).first()
    return rows.filter(locality__slug=locality_slug).first() if locality_slug else None


def benefit_of(
    service: Service, *, outcome_slug: str = "", pk: int | None = None
) -> ServiceBenefit | None:
    """One of the service's expected benefits, by outcome or by id; None if it has none."""
    rows = ServiceBenefit.objects.filter(service=service).select_related("outcome")
    if pk is not None:
        return rows.filter(pk=pk).first()
    return rows.filter(outcome__slug=outcome_slug).first() if outcome_slug else None


def costing_of(service: Service) -> ServiceCosting | None:
    """The service's costing, or None: its cost per child and capacity, which the services
    directory's API shows to those who may see them (access.can_view_costing)."""
    return ServiceCosting.objects.filter(service=service).first()
