"""The services in the partnership's directory."""

from django.db.models import QuerySet
from ninja import Query, Router
from ninja.errors import HttpError

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, Message, ServiceDetail, ServiceFilters, ServiceListItem
from childtrust.core.permissions import require
from childtrust.partnership import access
from childtrust.partnership.models import Service
from childtrust.partnership.selectors import registry as selectors
from childtrust.resources.access import can_view_costing
from childtrust.resources.selectors.costings import costing_of

router = Router(tags=["Services"])


@router.get("", response={200: list[ServiceListItem], **REFUSALS}, summary="Find services")
@paginated
def service_list(
    request: AuthenticatedRequest, filters: Query[ServiceFilters]
) -> QuerySet[Service]:
    """Services by name. Filters combine: a service must match every one given. An agency or
    locality slug that names none matches no service."""
    require(access.can_view_partnership(request.user), to="see the services directory")
    agency = locality = None
    if filters.agency:
        agency = selectors.agency_with_slug(filters.agency)
        if agency is None:
            return selectors.services_matching(selectors.ServiceFilter()).none()
    if filters.locality:
        locality = selectors.locality_with_slug(filters.locality)
        if locality is None:
            return selectors.services_matching(selectors.ServiceFilter()).none()
    return selectors.services_matching(
        selectors.ServiceFilter(
            text=filters.q or "",
            agency=agency,
            locality=locality,
            agency_kind=filters.agency_kind or "",
            age=filters.age,
            status=filters.status or "",
        )
    )


@router.get(
    "/{slug}",
    response={200: ServiceDetail, 404: Message, **REFUSALS},
    summary="One service, with who it is for and how to reach it",
)
def service_detail(request: AuthenticatedRequest, slug: str) -> ServiceDetail:
    """Its cost per child and capacity come from the service's costing: null without one, and
    null unless you may see its costing (your own agency's services, or every service if you see
    every partner's figures)."""
    require(access.can_view_partnership(request.user), to="see the services directory")
    service = selectors.services_for_detail().filter(slug=slug).first()
    if service is None:
        raise HttpError(404, f"No service has the slug '{slug}'.")
    costing = costing_of(service) if can_view_costing(request.user, service) else None
    return ServiceDetail.model_validate(service, context={"costing": costing})
