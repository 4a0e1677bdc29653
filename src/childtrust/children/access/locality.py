"""Locality working: a multi-agency locality team's caseload, for its own members."""

from __future__ import annotations

from django.db.models import QuerySet

from childtrust.children.access.capabilities import can_view_locality_caseload
from childtrust.children.access.relationships import active_staff, involvements_shown_to
from childtrust.children.models import Involvement
from childtrust.core.permissions import PermissionHolder
from childtrust.partnership.models import Team, TeamKind


def locality_team_of(user: PermissionHolder | None) -> Team | None:
    """The reader's own team if it is a multi-agency locality team (its caseload's children
    open to them by the TEAM relationship; others in its locality only as known)."""
    if not can_view_locality_caseload(user):
        return None
    staff = active_staff(user)
    if staff is None or staff.team is None or staff.team.kind != TeamKind.LOCALITY:
        return None
    return staff.team


def team_involvements_shown_to(
    user: PermissionHolder | None, involvements: QuerySet[Involvement]
) -> QuerySet[Involvement]:
    """Of the team's involvements, those that open a child to this member: a colleague's
    sensitive one only where the member may see it (as on the child's page)."""
    return involvements.filter(involvements_shown_to(active_staff(user)))
