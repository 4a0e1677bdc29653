"""The partner agencies."""

from django.db.models import QuerySet
from ninja import Router
from ninja.errors import HttpError

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, AgencyDetail, AgencyListItem, Message
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
    return selectors.agencies_for_list()


@router.get(
    "/{slug}",
    response={200: AgencyDetail, 404: Message, **REFUSALS},
    summary="One agency, with its mission, vision, contacts, services and teams",
)
def agency_detail(request: AuthenticatedRequest, slug: str) -> Agency:
    agency = selectors.agencies_for_detail().filter(slug=slug).first()
    if agency is None:
        raise HttpError(404, f"No agency has the slug '{slug}'.")
    return agency
