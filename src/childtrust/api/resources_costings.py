"""What money buys: each service's costing (cost per child, capacity, blocks), demand by locality
and expected benefit by outcome, every figure with its source and date; and the duplication
finder's candidate pairs. The same rules as the pages: roles that see every partner's figures
get every service; everyone else gets their own agency's (none without a staff record); the
duplication candidates compare agencies, so only roles that see every partner's figures may read
them. Strategic leads and finance officers keep the figures (PUT sets one, replacing what was
there; DELETE removes a locality's demand or an outcome's benefit) through the same services as
the pages: the services refuse, and api/urls.py answers (403 for a role that may not, 400 with
the reasons for bad figures), with nothing written. Each write endpoint asks first, as its
service will, whether the caller may keep the figures, so that someone who may not is answered
403 before any service, locality or outcome is looked up. A service whose costing the caller
may not see is not found (404), as one that does not exist."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TypeVar

from django.db.models import QuerySet
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, AgencySummary, Message, RequestBody
from childtrust.core.permissions import require
from childtrust.partnership.models import Agency, Locality, Outcome, Service
from childtrust.partnership.selectors.framework import outcome_with_slug
from childtrust.partnership.selectors.registry import agency_with_slug, locality_with_slug
from childtrust.resources import access
from childtrust.resources.models import LocalityDemand, ServiceBenefit, TargetGroup
from childtrust.resources.selectors import costings as selectors
from childtrust.resources.services import costings as services

router = Router(tags=["Service costings"])

#: What a refused person tried, in the refusal's sentence ("Your role does not allow you to ...").
SEE_COSTINGS = "see what services cost and achieve"
SEE_DUPLICATION = "see the duplication candidates"


class CostingOut(Schema):
    target_group: str = Field(description="One of: " + ", ".join(TargetGroup.values) + ".")
    cost_per_child: Decimal = Field(description="Pounds a year.")
    cost_source: str
    cost_as_of: datetime.date
    capacity: int = Field(description="Children the service can support in a year.")
    capacity_source: str
    capacity_as_of: datetime.date
    block_cost: Decimal | None = Field(
        description="Pounds for one whole block (a post, a contract); null if funded per child."
    )
    block_children: int | None = Field(description="Children one block serves in a year.")


class DemandOut(Schema):
    locality: str = Field(description="The locality's slug.")
    locality_name: str
    children: int = Field(description="Children in the locality who need the service in a year.")
    source: str
    as_of: datetime.date


class BenefitOut(Schema):
    outcome: str = Field(description="The outcome's slug.")
    outcome_name: str
    benefit_per_child: Decimal = Field(
        description="The expected rise in the chance of a good outcome for each child supported, "
        "0 to 1 (0.08: 8 in 100 more children reach it)."
    )
    evidence_rating: int = Field(description="1 (weakest) to 4 (strongest), as the EIF's levels.")
    evidence_strength: str = Field(description="How strong the evidence is, in words.")
    source: str
    as_of: datetime.date


class ServiceCostingSummaryOut(Schema):
    slug: str
    name: str
    agency: AgencySummary
    costing: CostingOut | None = Field(description="Null when the service has no costing.")
    total_demand: int | None = Field(description="Children who need it, all localities.")
    benefit_per_child: Decimal | None = Field(
        description="Children better off per child supported, added over its outcomes."
    )
    benefit_per_thousand: Decimal | None = Field(
        description="Children better off for each £1,000 spent."
    )
    evidence: str = Field(description='Such as "Level 3 (good)" or "Levels 2 to 3".')
    missing: list[str] = Field(
        description="The figures the optimiser needs that the service lacks; empty when ready."
    )


class ServiceCostingOut(ServiceCostingSummaryOut):
    demand: list[DemandOut]
    benefits: list[BenefitOut]


class DuplicateSideOut(Schema):
    slug: str
    name: str
    agency: AgencySummary
    cost_per_child: Decimal
    children_in_shared_localities: int


class DuplicationPairOut(Schema):
    dearer: DuplicateSideOut
    cheaper: DuplicateSideOut
    target_group: str
    outcomes: list[str] = Field(description="The slugs of the outcomes in common.")
    localities: list[str] = Field(description="The slugs of the localities in common.")
    children_moved: int
    potential_saving: Decimal = Field(description="Pounds a year, an upper estimate.")
    notes: list[str]
    children_involved_with_both: str = Field(
        description="Children with an open involvement with both services now, from the "
        "agencies' records: a count, or 'fewer than 5' (never exact below five)."
    )


class DuplicationOut(Schema):
    rule: str
    total_potential_saving: Decimal = Field(
        description="The sum of the pairs' savings: an upper bound, since a service in several "
        "pairs is counted in each."
    )
    pairs: list[DuplicationPairOut]


def _summary(figures: selectors.ServiceFigures) -> dict[str, object]:
    service, costing = figures.service, figures.costing
    return {
        "slug": service.slug,
        "name": service.name,
        "agency": AgencySummary.model_validate(service.agency),
        "costing": CostingOut.model_validate(costing) if costing is not None else None,
        "total_demand": figures.total_demand,
        "benefit_per_child": figures.benefit_per_child,
        "benefit_per_thousand": figures.benefit_per_thousand,
        "evidence": figures.evidence,
        "missing": figures.missing,
    }


Named = TypeVar("Named", Agency, Locality, Outcome)


def _named(find: Callable[[str], Named | None], what: str, slug: str) -> Named:
    found = find(slug)
    if found is None:
        raise HttpError(404, f"No {what} has the slug '{slug}'.")
    return found


def _filter_by(find: Callable[[str], Named | None], what: str, slug: str | None) -> Named | None:
    return _named(find, what, slug) if slug else None


class _FiguresPages:
    """The matching services as the pager sees them: it counts the query and slices one page,
    and only that page's figures are worked out (in a fixed number of queries)."""

    def __init__(self, services: QuerySet[Service]) -> None:
        self.services = services

    def all(self) -> QuerySet[Service]:
        return self.services

    def __len__(self) -> int:
        return self.services.count()

    def __getitem__(self, page: slice) -> Sequence[ServiceCostingSummaryOut]:
        return [
            ServiceCostingSummaryOut(**_summary(f))  # type: ignore[arg-type]
            for f in selectors.service_figures(self.services[page])
        ]


@router.get(
    "/resources/services",
    response={200: list[ServiceCostingSummaryOut], 404: Message, **REFUSALS},
    summary="The services whose costings you may see, with their figures",
)
@paginated
def service_costing_list(
    request: AuthenticatedRequest,
    agency: str | None = None,
    locality: str | None = None,
    target_group: str | None = None,
    outcome: str | None = None,
) -> _FiguresPages:
    """Filter by `agency`, `locality` or `outcome` (slugs) and `target_group`. A service is in a
    locality when children there need it or the directory lists it there."""
    require(access.can_view_resources(request.user), to=SEE_COSTINGS)
    if target_group and target_group not in TargetGroup.values:
        raise HttpError(404, f"No target group is called '{target_group}'.")
    costing_filter = selectors.CostingFilter(
        agency=_filter_by(agency_with_slug, "agency", agency),
        locality=_filter_by(locality_with_slug, "locality", locality),
        target_group=target_group or "",
        outcome=_filter_by(outcome_with_slug, "outcome", outcome),
    )
    return _FiguresPages(selectors.costed_services_matching(request.user, costing_filter))


@router.get(
    "/resources/services/{slug}",
    response={200: ServiceCostingOut, 404: Message, **REFUSALS},
    summary="One service's costing, demand by locality and benefits by outcome",
)
def service_costing_detail(request: AuthenticatedRequest, slug: str) -> ServiceCostingOut:
    require(access.can_view_resources(request.user), to=SEE_COSTINGS)
    figures = selectors.service_figures_one(access.costed_service_for_user(request.user, slug))
    return ServiceCostingOut(
        **_summary(figures),  # type: ignore[arg-type]
        demand=[_demand_out(d) for d in figures.demand],
        benefits=[_benefit_out(row) for row in figures.benefit_rows],
    )


def _demand_out(d: LocalityDemand) -> DemandOut:
    return DemandOut(
        locality=d.locality.slug,
        locality_name=d.locality.name,
        children=d.children,
        source=d.source,
        as_of=d.as_of,
    )


def _benefit_out(row: selectors.BenefitRow) -> BenefitOut:
    return BenefitOut(
        outcome=row.benefit.outcome.slug,
        outcome_name=row.benefit.outcome.name,
        benefit_per_child=row.benefit.benefit_per_child,
        evidence_rating=row.benefit.evidence_rating,
        evidence_strength=row.strength,
        source=row.benefit.source,
        as_of=row.benefit.as_of,
    )


def _side(side: selectors.DuplicateSide) -> DuplicateSideOut:
    return DuplicateSideOut(
        slug=side.service.slug,
        name=side.service.name,
        agency=AgencySummary.model_validate(side.agency),
        cost_per_child=side.costing.cost_per_child,
        children_in_shared_localities=side.children_in_shared,
    )


@router.get(
    "/resources/duplication",
    response={200: DuplicationOut, 404: Message, **REFUSALS},
    summary="Services of different agencies that may duplicate each other",
)
def duplication_list(request: AuthenticatedRequest, year: str | None = None) -> DuplicationOut:
    """With `year` (such as "2026-27"), only services with a budget line that year are
    compared. Only roles that see every partner's figures may read this."""
    require(access.can_view_duplication(request.user), to=SEE_DUPLICATION)
    financial_year = selectors.financial_year_labelled(year or "")
    if year and financial_year is None:
        raise HttpError(404, f"No financial year is labelled '{year}'.")
    candidates = selectors.duplication_candidates(financial_year)
    return DuplicationOut(
        rule=selectors.DUPLICATION_RULE,
        total_potential_saving=selectors.duplication_total_saving(candidates),
        pairs=[
            DuplicationPairOut(
                dearer=_side(c.dearer),
                cheaper=_side(c.cheaper),
                target_group=c.target_group,
                outcomes=[o.slug for o in c.outcomes],
                localities=[loc.slug for loc in c.localities],
                children_moved=c.children_moved,
                potential_saving=c.saving,
                notes=c.notes,
                children_involved_with_both=c.children_in_both_words,
            )
            for c in candidates
        ],
    )


# --- Keeping the figures: strategic leads and finance officers --------------------------------


class CostingIn(RequestBody):
    target_group: str = Field(description="One of: " + ", ".join(TargetGroup.values) + ".")
    cost_per_child: Decimal = Field(max_digits=10, decimal_places=2, description="Pounds a year.")
    cost_source: str = Field(max_length=300)
    cost_as_of: datetime.date
    capacity: int = Field(description="Children the service can support in a year.")
    capacity_source: str = Field(max_length=300)
    capacity_as_of: datetime.date
    block_cost: Decimal | None = Field(
        None, max_digits=14, decimal_places=2, description="Leave out unless funded in blocks."
    )
    block_children: int | None = Field(None, description="Children one block serves.")


class DemandIn(RequestBody):
    children: int = Field(description="Children in the locality who need the service in a year.")
    source: str = Field(max_length=300)
    as_of: datetime.date


class BenefitIn(RequestBody):
    benefit_per_child: Decimal = Field(
        max_digits=6,
        decimal_places=4,
        description="0 to 1: 0.08 means 8 in 100 more children supported reach the outcome.",
    )
    evidence_rating: int = Field(description="1 (weakest) to 4 (strongest).")
    source: str = Field(max_length=300)
    as_of: datetime.date


@router.put(
    "/resources/services/{slug}/costing",
    response={200: CostingOut, 400: Message, 404: Message, **REFUSALS},
    summary="Set a service's cost per child, capacity and blocks",
)
def service_costing_set(request: AuthenticatedRequest, slug: str, payload: CostingIn) -> CostingOut:
    """Creates the costing or replaces its figures. A service funded in blocks gives both
    `block_cost` and `block_children`, and its cost per child must agree with them."""
    require(access.can_manage_resources(request.user), to=services.CHANGE_THE_FIGURES)
    service = access.costed_service_for_user(request.user, slug)
    costing = services.service_costing_set(actor=request.user, service=service, **payload.dict())
    return CostingOut.model_validate(costing)


@router.put(
    "/resources/services/{slug}/demand/{locality}",
    response={200: DemandOut, 400: Message, 404: Message, **REFUSALS},
    summary="Set how many children in a locality need a service",
)
def locality_demand_set(
    request: AuthenticatedRequest, slug: str, locality: str, payload: DemandIn
) -> DemandOut:
    require(access.can_manage_resources(request.user), to=services.CHANGE_THE_FIGURES)
    demand = services.locality_demand_set(
        actor=request.user,
        service=access.costed_service_for_user(request.user, slug),
        locality=_named(locality_with_slug, "locality", locality),
        **payload.dict(),
    )
    return _demand_out(demand)


@router.delete(
    "/resources/services/{slug}/demand/{locality}",
    response={204: None, 404: Message, **REFUSALS},
    summary="Remove a service's demand figure in a locality",
)
def locality_demand_remove(request: AuthenticatedRequest, slug: str, locality: str) -> Status[None]:
    require(access.can_manage_resources(request.user), to=services.CHANGE_THE_FIGURES)
    service = access.costed_service_for_user(request.user, slug)
    demand = selectors.demand_of(service, locality_slug=locality)
    if demand is None:
        raise HttpError(404, f"{service.name} has no demand figure for '{locality}'.")
    services.locality_demand_remove(actor=request.user, demand=demand)
    return Status(204, None)


@router.put(
    "/resources/services/{slug}/benefits/{outcome}",
    response={200: BenefitOut, 400: Message, 404: Message, **REFUSALS},
    summary="Set a service's expected benefit per child on an outcome",
)
def service_benefit_set(
    request: AuthenticatedRequest, slug: str, outcome: str, payload: BenefitIn
) -> BenefitOut:
    require(access.can_manage_resources(request.user), to=services.CHANGE_THE_FIGURES)
    service = access.costed_service_for_user(request.user, slug)
    benefit = services.service_benefit_set(
        actor=request.user,
        service=service,
        outcome=_named(outcome_with_slug, "outcome", outcome),
        **payload.dict(),
    )
    [row] = [
        row
        for row in selectors.service_figures_one(service).benefit_rows
        if row.benefit.pk == benefit.pk
    ]
    return _benefit_out(row)


@router.delete(
    "/resources/services/{slug}/benefits/{outcome}",
    response={204: None, 404: Message, **REFUSALS},
    summary="Remove a service's expected benefit on an outcome",
)
def service_benefit_remove(request: AuthenticatedRequest, slug: str, outcome: str) -> Status[None]:
    require(access.can_manage_resources(request.user), to=services.CHANGE_THE_FIGURES)
    service = access.costed_service_for_user(request.user, slug)
    benefit: ServiceBenefit | None = selectors.benefit_of(service, outcome_slug=outcome)
    if benefit is None:
        raise HttpError(404, f"{service.name} has no expected benefit on '{outcome}'.")
    services.service_benefit_remove(actor=request.user, benefit=benefit)
    return Status(204, None)
