"""The shared vision and the outcomes framework the partners work towards."""

from django.db.models import QuerySet
from ninja import Router
from ninja.errors import HttpError

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, Message, OutcomeOut, VisionOut
from childtrust.core.permissions import require
from childtrust.partnership import access
from childtrust.partnership.models import Outcome, VisionStatement
from childtrust.partnership.selectors import framework as selectors

router = Router(tags=["Vision and outcomes framework"])


@router.get(
    "/vision",
    response={200: VisionOut, 404: Message, **REFUSALS},
    summary="The current vision statement",
)
def vision_current(request: AuthenticatedRequest) -> VisionStatement:
    """The newest version the partnership adopted."""
    require(access.can_view_partnership(request.user), to="see the vision")
    vision = selectors.vision_current()
    if vision is None:
        raise HttpError(404, "The partnership has not yet adopted a vision statement.")
    return vision


@router.get(
    "/outcomes",
    response={200: list[OutcomeOut], **REFUSALS},
    summary="The outcomes framework: outcomes, priorities, indicators and commitments",
)
@paginated
def outcome_framework(request: AuthenticatedRequest) -> QuerySet[Outcome]:
    """Every outcome in order, each with its priorities; each priority with the indicators that
    measure it and the agencies committed to contribute to it. Paged like every list (a
    framework's handful of outcomes fits on the first page)."""
    require(access.can_view_partnership(request.user), to="see the outcomes framework")
    return selectors.outcomes_framework_with_commitments()
