"""Locality working: a multi-agency locality team's caseload (the children its members are
involved with now, counted by agency and professional role) and the children in its locality
known to three or more agencies with no lead professional.

A child's locality: the localities of the teams of the practitioners involved with it now. The
index holds no address-to-ward lookup, and the teams working with a child are where its support
is organised; a child worked with in two localities is in both.

Counts by agency and role leave out sensitive involvements (sexual health, mental health,
substance misuse): a count of a locality's CAMHS children is for CAMHS to share. The children
the team is involved with are open to its members (access.Relationship.TEAM); of the others,
a member learns the reference and how many agencies know the child, and the name only where
access gives them a relationship; a shielded child they may not know of is left out."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children import access
from childtrust.children.models import Child, Involvement
from childtrust.children.selectors.search import children_known_agencies
from childtrust.core.permissions import require
from childtrust.partnership.models import Team

AGENCIES_WITHOUT_LEAD = 3


@dataclass(frozen=True)
class RoleCount:
    agency: str
    role: str
    children: int


@dataclass(frozen=True)
class CaseloadChild:
    child: Child
    members_involved: int
    lead_in_team: bool


@dataclass(frozen=True)
class UnledChild:
    child: Child
    agencies: int
    details_shown: bool  # the reader may see the name (a relationship); else the reference only


@dataclass(frozen=True)
class LocalityCaseload:
    team: Team
    by_role: list[RoleCount]
    children: list[CaseloadChild]
    unled: list[UnledChild]


def _open_now() -> Q:
    today = timezone.localdate()
    return Q(started_on__lte=today) & (Q(ended_on__isnull=True) | Q(ended_on__gte=today))


def _live(children: QuerySet[Child]) -> QuerySet[Child]:
    return children.filter(merged_into__isnull=True, anonymised_at__isnull=True)


def team_involvements(team: Team) -> QuerySet[Involvement]:
    return Involvement.objects.filter(_open_now(), practitioner__team=team).filter(
        child__merged_into__isnull=True, child__anonymised_at__isnull=True
    )


def _by_role(involvements: QuerySet[Involvement]) -> list[RoleCount]:
    rows = (
        involvements.filter(sensitivity="")
        .values("agency__name", "role")
        .annotate(children=Count("child", distinct=True))
        .order_by("agency__name", "role")
    )
    return [RoleCount(row["agency__name"], row["role"], row["children"]) for row in rows]


def _caseload(involvements: QuerySet[Involvement]) -> list[CaseloadChild]:
    members: dict[int, set[int]] = defaultdict(set)
    leads: set[int] = set()
    for child_id, practitioner_id, lead in involvements.values_list(
        "child_id", "practitioner_id", "is_lead_professional"
    ):
        members[child_id].add(practitioner_id)
        if lead:
            leads.add(child_id)
    children = Child.objects.filter(pk__in=members).order_by("family_name", "given_name", "pk")
    return [CaseloadChild(c, len(members[c.pk]), c.pk in leads) for c in children]


def locality_children_unled(team: Team) -> QuerySet[Child]:
    """Children in the team's locality (see the module's rule) known to three or more agencies
    (records or involvements now) with no lead professional now."""
    if team.locality_id is None:
        return Child.objects.none()
    in_locality = Involvement.objects.filter(
        _open_now(), practitioner__team__locality=team.locality_id
    ).values("child_id")
    led = Involvement.objects.filter(_open_now(), child=OuterRef("pk"), is_lead_professional=True)
    return _live(Child.objects.filter(pk__in=in_locality)).exclude(Exists(led))


def _unled(user: User, team: Team) -> list[UnledChild]:
    candidates = list(locality_children_unled(team).order_by("reference"))
    agencies = children_known_agencies([c.pk for c in candidates])
    shown = []
    for child in candidates:
        if agencies[child.pk] < AGENCIES_WITHOUT_LEAD or not access.can_know_child_exists(
            user, child
        ):
            continue
        details = access.relationship_to(user, child) is not access.Relationship.NONE
        shown.append(UnledChild(child, agencies[child.pk], details))
    return shown


def locality_caseload_for(user: User) -> LocalityCaseload | None:
    """The reader's locality team's caseload, or None when they are in no locality team.
    Reading it (names of children) is audited once, with the counts shown."""
    require(access.can_view_locality_caseload(user), to="see a locality team's caseload")
    team = access.locality_team_of(user)
    if team is None:
        return None
    involvements = team_involvements(team)
    caseload = LocalityCaseload(
        team=team,
        by_role=_by_role(involvements),
        children=_caseload(access.team_involvements_shown_to(user, involvements)),
        unled=_unled(user, team),
    )
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        target=team,
        reason="Locality team caseload",
        details={
            "children": len(caseload.children),
            "unled": len(caseload.unled),
            "unled_named": sum(1 for row in caseload.unled if row.details_shown),
        },
    )
    return caseload
