"""The partner agencies."""

from django.db.models import QuerySet
from ninja import Router
from ninja.errors import HttpError

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, AgencyDetail, AgencyListItem, Message
from childtrust.core.permissions import require
from childtrust.partnership import access
from childtrust.partnership.models import Agency
from childtrust.partnership.selectors import registry as selectors

router = Router(tags=["Agencies"])


@router.get(
    "",
    response={200: list[AgencyListItem], **REFUSALS},
    summary="List the partner agencies",
)
@paginated
def agency_list(request: AuthenticatedRequest) -> QuerySet[Agency]:
    """The partner agencies, by name."""
    require(access.can_view_partnership(request.user), to="see the partner agencies")
    return selectors.agencies_for_list()


@router.get(
    "/{slug}",
    response={200: AgencyDetail, 404: Message, **REFUSALS},
    summary="One agency, with its mission, vision, contacts, services and teams",
)
def agency_detail(request: AuthenticatedRequest, slug: str) -> Agency:
    require(access.can_view_partnership(request.user), to="see the partner agencies")
    agency = selectors.agencies_for_detail().filter(slug=slug).first()
    if agency is None:
        raise HttpError(404, f"No agency has the slug '{slug}'.")
    return agency
