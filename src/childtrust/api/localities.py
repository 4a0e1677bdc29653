"""The localities the area is divided into, with their wards and teams."""

from django.db.models import QuerySet
from ninja import Router

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, LocalityOut
from childtrust.core.permissions import require
from childtrust.partnership import access
from childtrust.partnership.models import Locality
from childtrust.partnership.selectors import registry as selectors

router = Router(tags=["Localities"])


@router.get(
    "",
    response={200: list[LocalityOut], **REFUSALS},
    summary="List the localities with their wards and teams",
)
@paginated
def locality_list(request: AuthenticatedRequest) -> QuerySet[Locality]:
    require(access.can_view_partnership(request.user), to="see the localities")
    return selectors.localities_for_list()
