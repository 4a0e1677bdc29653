"""Teams, single-agency and multi-agency, and who is in them."""

from django.db.models import QuerySet
from ninja import Router
from ninja.errors import HttpError

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, Message, TeamDetail, TeamListItem
from childtrust.core.permissions import require
from childtrust.partnership import access
from childtrust.partnership.models import Team
from childtrust.partnership.selectors import registry as selectors

router = Router(tags=["Teams"])


@router.get("", response={200: list[TeamListItem], **REFUSALS}, summary="List the teams")
@paginated
def team_list(request: AuthenticatedRequest) -> QuerySet[Team]:
    """Teams by name, with their agency (single-agency teams) and locality."""
    require(access.can_view_partnership(request.user), to="see the teams")
    return selectors.teams_for_list()


@router.get(
    "/{slug}",
    response={200: TeamDetail, 404: Message, **REFUSALS},
    summary="One team, with its members",
)
def team_detail(request: AuthenticatedRequest, slug: str) -> TeamDetail:
    """Members' names are personal data from the staff directory: as on the team's page, the
    caller's role must allow reading it (403 otherwise) and each call is audited."""
    require(access.can_view_partnership(request.user), to="see the teams")
    team = selectors.teams_for_detail().filter(slug=slug).first()
    if team is None:
        raise HttpError(404, f"No team has the slug '{slug}'.")
    members = access.team_members_for_user(request.user, team)
    return TeamDetail.model_validate(team, context={"members": members})
