"""Who may see and do what with children's data: every rule in one place (design section 5).

- Finding a child (FIND_CHILDREN): practitioners, team managers, the front door, administrators
  and the data protection lead may look a child up. Without a relationship they learn only that
  the child is known and whom to contact.
- A relationship opens the child's details: an active involvement of the reader's own (as
  practitioner, lead professional or not), an active involvement of someone in the reader's own
  team, or the front door's role (SEE_EVERY_CHILD), which screens every contact.
- Shielded children are hidden from search and from the "known" view for everyone but those
  who may break glass or shield (who see only that a shielded record matches); their details
  only through the reader's own involvement or an unexpired break glass.
- A sensitive involvement (sexual health, mental health, substance misuse) is shown only to its
  own agency, or where a sharing decision to share it is recorded (consent given or overridden).
- Link review, merge and split (REVIEW_CHILD_LINKS): the front door and administrators.
- Imports (IMPORT_CHILD_RECORDS): administrators, and partner systems with their token.
- The data protection lead (REVIEW_CHILD_ACCESS) reviews break glass and consent overrides,
  reads any child's access log and runs retention; the lead professional reads their child's.

Every read of a child goes through `child_for_user`, which decides and writes one audit event;
nothing else reads a capability for children's data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children.models import (
    BreakGlass,
    Child,
    ConsentOutcome,
    Involvement,
    LinkReview,
    ReviewStatus,
    SharingDecision,
)
from childtrust.core.permissions import Capability, PermissionHolder, has_capability
from childtrust.partnership.models import StaffMember, Team, TeamKind
from childtrust.partnership.selectors.staff import staff_record_of

if TYPE_CHECKING:
    from childtrust.accounts.models import User


# --- Capabilities ------------------------------------------------------------------------------


def can_find_children(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.FIND_CHILDREN)


def can_see_every_child(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.SEE_EVERY_CHILD)


def can_record_involvement(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.RECORD_INVOLVEMENT)


def can_import_child_records(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.IMPORT_CHILD_RECORDS)


def can_review_child_links(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.REVIEW_CHILD_LINKS)


def can_shield_children(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.SHIELD_CHILDREN)


def can_break_glass(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.BREAK_GLASS)


def can_review_child_access(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.REVIEW_CHILD_ACCESS)


def can_view_locality_caseload(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.VIEW_LOCALITY_CASELOAD)


def can_see_shielded_matches(user: PermissionHolder | None) -> bool:
    """Whether search tells this reader that a shielded record matches (never who it is)."""
    return can_break_glass(user) or can_shield_children(user)


# --- Relationships -----------------------------------------------------------------------------


class Relationship(StrEnum):
    """Why a reader may see a child's details; NONE: only that the child is known."""

    LEAD_PROFESSIONAL = "lead_professional"
    INVOLVED = "involved"
    TEAM = "team"
    FRONT_DOOR = "front_door"
    BREAK_GLASS = "break_glass"
    NONE = "none"


def _active(today: datetime.date) -> Q:
    return Q(ended_on__isnull=True) | Q(ended_on__gte=today)


def _active_staff(user: PermissionHolder | None) -> StaffMember | None:
    staff = staff_record_of(user)
    return staff if staff is not None and staff.is_active else None


def _own_relationship(user: PermissionHolder | None, child: Child) -> Relationship | None:
    """The reader's relationship through an involvement: their own, or their team's."""
    staff = _active_staff(user)
    if staff is None:
        return None
    involvements = child.involvements.filter(_active(timezone.localdate()))
    own = involvements.filter(practitioner=staff).order_by("-is_lead_professional").first()
    if own is not None:
        return Relationship.LEAD_PROFESSIONAL if own.is_lead_professional else Relationship.INVOLVED
    if staff.team_id is not None and involvements.filter(practitioner__team=staff.team_id).exists():
        return Relationship.TEAM
    return None


def active_break_glass(user: PermissionHolder | None, child: Child) -> BreakGlass | None:
    user_id = getattr(user, "pk", None)
    if user_id is None or not can_break_glass(user):
        return None
    return (
        BreakGlass.objects.filter(child=child, user_id=user_id, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )


def relationship_to(user: PermissionHolder | None, child: Child) -> Relationship:
    """The reader's strongest reason to see this child's details, or NONE."""
    if not can_find_children(user):
        return Relationship.NONE
    own = _own_relationship(user, child)
    if own is not None:
        return own
    if active_break_glass(user, child) is not None:
        return Relationship.BREAK_GLASS
    if can_see_every_child(user) and not child.shielded:
        return Relationship.FRONT_DOOR
    return Relationship.NONE


def can_know_child_exists(user: PermissionHolder | None, child: Child) -> bool:
    """Whether the reader may learn the child is known: anyone who finds children, except a
    shielded child, which only a relationship (or break glass) reveals."""
    if not can_find_children(user):
        return False
    if not child.shielded:
        return True
    return relationship_to(user, child) is not Relationship.NONE


# --- Sensitive involvement ---------------------------------------------------------------------


def involvements_visible_to(user: PermissionHolder | None, child: Child) -> QuerySet[Involvement]:
    """The child's involvements this reader may see: every one not sensitive; a sensitive one
    only to its own agency, or once a decision to share it is recorded."""
    shared = SharingDecision.objects.filter(
        involvement=OuterRef("pk"),
        outcome__in=[ConsentOutcome.GIVEN, ConsentOutcome.OVERRIDDEN],
    )
    staff = _active_staff(user)
    own_agency = Q(agency_id=staff.agency_id) if staff is not None else Q(pk__in=[])
    return (
        child.involvements.select_related("agency", "service", "practitioner")
        .filter(Q(sensitivity="") | own_agency | Exists(shared))
        .order_by("-is_lead_professional", "started_on", "pk")
    )


# --- Reading a child ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChildView:
    """What one reader may see of one child: the details only with a relationship; otherwise
    that the child is known and whom to contact (its involvements' agencies and contacts,
    sensitive ones left out)."""

    child: Child
    relationship: Relationship
    involvements: list[Involvement]

    @property
    def full(self) -> bool:
        return self.relationship is not Relationship.NONE


def child_for_user(
    user: User, child_id: int | str, *, purpose: str, audit: bool = True
) -> ChildView:
    """The one way to read a child: finds the child by key or reference (following a merge),
    refuses (404, as if unknown) a reader who may not know the child exists, and writes one
    audit event saying what the reader saw and why they looked."""
    child = _child_with_key(child_id)
    if child is None or not can_know_child_exists(user, child):
        raise Http404("No child found")
    relationship = relationship_to(user, child)
    involvements = list(involvements_visible_to(user, child))
    if audit:
        glass = (
            active_break_glass(user, child) if relationship is Relationship.BREAK_GLASS else None
        )
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            target=child,
            reason=purpose,
            details={
                "relationship": str(relationship),
                "details_shown": relationship is not Relationship.NONE,
                **({"break_glass": glass.pk} if glass is not None else {}),
            },
        )
    return ChildView(child=child, relationship=relationship, involvements=involvements)


def _child_with_key(child_id: int | str) -> Child | None:
    key = (
        Q(reference=child_id)
        if isinstance(child_id, str) and not child_id.isdigit()
        else Q(pk=int(child_id))
    )
    child = Child.objects.filter(key).first()
    seen: set[int] = set()
    while child is not None and child.merged_into_id is not None and child.pk not in seen:
        seen.add(child.pk)
        child = child.merged_into
    return child


def children_findable_by(user: PermissionHolder | None) -> QuerySet[Child]:
    """The children whose existence search may reveal to this reader: none without the
    capability; shielded children only where the reader has a relationship of their own."""
    if not can_find_children(user):
        return Child.objects.none()
    live = Child.objects.filter(merged_into__isnull=True, anonymised_at__isnull=True)
    staff = _active_staff(user)
    if staff is None:
        return live.filter(shielded=False)
    today = timezone.localdate()
    involved = Involvement.objects.filter(_active(today)).filter(
        Q(practitioner=staff)
        | (Q(practitioner__team=staff.team_id) if staff.team_id is not None else Q(pk__in=[]))
    )
    return live.filter(Q(shielded=False) | Q(pk__in=involved.values("child_id")))


# --- Involvement, sharing, shielding and the access log (helper C) ---------------------------
#
# Who may say who is involved: the front door (it allocates every contact), the practitioner
# themselves for their own agency, and their line manager (the team manager who allocates the
# work). Adding an involvement also needs a reason to see the child already (a relationship,
# or managing the practitioner), so that no one gains a child's details by naming themselves.


WORKING_RELATIONSHIPS = (
    Relationship.LEAD_PROFESSIONAL,
    Relationship.INVOLVED,
    Relationship.TEAM,
    Relationship.FRONT_DOOR,
)


def _manages(user: PermissionHolder | None, practitioner: StaffMember | None) -> bool:
    staff = _active_staff(user)
    return staff is not None and practitioner is not None and practitioner.manager_id == staff.pk


def _is_self(user: PermissionHolder | None, practitioner: StaffMember | None) -> bool:
    staff = _active_staff(user)
    return staff is not None and practitioner is not None and practitioner.pk == staff.pk


def can_record_involvement_of(
    user: PermissionHolder | None, practitioner: StaffMember | None
) -> bool:
    """Whether the reader may record or change an involvement of this practitioner (None: an
    agency's involvement with no one named, which only the front door records)."""
    if not can_record_involvement(user):
        return False
    if can_see_every_child(user):
        return True
    return _is_self(user, practitioner) or _manages(user, practitioner)


def can_add_involvement(
    user: PermissionHolder | None, child: Child, practitioner: StaffMember | None
) -> bool:
    if not can_record_involvement_of(user, practitioner):
        return False
    if relationship_to(user, child) not in (Relationship.NONE, Relationship.BREAK_GLASS):
        return True
    return _manages(user, practitioner) and can_know_child_exists(user, child)


def can_add_involvements_to(user: PermissionHolder | None, child: Child) -> bool:
    """Whether the page to add an involvement opens: for those working with the child, and for
    a line manager allocating the work to someone they manage (the service checks whom)."""
    if not can_record_involvement(user):
        return False
    if relationship_to(user, child) in WORKING_RELATIONSHIPS:
        return True
    staff = _active_staff(user)
    return (
        staff is not None
        and can_know_child_exists(user, child)
        and staff.direct_reports.filter(is_active=True).exists()
    )


def can_change_involvement(user: PermissionHolder | None, involvement: Involvement) -> bool:
    """Change or end it: its practitioner, their line manager, or the front door (which must
    see the child: a shielded child's only by its own involvement)."""
    if not can_record_involvement_of(user, involvement.practitioner):
        return False
    if _is_self(user, involvement.practitioner) or _manages(user, involvement.practitioner):
        return True
    return relationship_to(user, involvement.child) is not Relationship.NONE


def can_appoint_lead_professional(user: PermissionHolder | None, involvement: Involvement) -> bool:
    """Whoever may change the involvement to be appointed, or the child's lead professional now
    (handing over to a colleague)."""
    return can_change_involvement(user, involvement) or (
        can_record_involvement(user)
        and relationship_to(user, involvement.child) is Relationship.LEAD_PROFESSIONAL
    )


def can_record_sharing_decision(
    user: PermissionHolder | None, child: Child, involvement: Involvement | None = None
) -> bool:
    """Those working with the child (not by break glass, which is for reading in an
    emergency); a decision about a sensitive involvement only by its own agency, which holds
    the consent."""
    if not can_record_involvement(user):
        return False
    if relationship_to(user, child) not in WORKING_RELATIONSHIPS:
        return False
    if involvement is None or not involvement.sensitivity:
        return True
    staff = _active_staff(user)
    return staff is not None and staff.agency_id == involvement.agency_id


def can_start_break_glass(user: PermissionHolder | None, child: Child) -> bool:
    """Only for a shielded child, and only for a reader without a relationship of their own
    (who needs none)."""
    return (
        can_break_glass(user)
        and child.shielded
        and child.merged_into_id is None
        and _own_relationship(user, child) is None
    )


def can_read_child_access_log(user: PermissionHolder | None, child: Child) -> bool:
    """Who has viewed the child: the data protection lead for any child, the lead professional
    for theirs."""
    if can_review_child_access(user):
        return True
    return (
        can_find_children(user) and _own_relationship(user, child) is Relationship.LEAD_PROFESSIONAL
    )


def shielded_child_for(user: User, child_id: int | str, *, purpose: str) -> Child | None:
    """A shielded child whose details the reader may not see, for those told that a shielded
    record matches (to break glass, or to lift the shield): its reference only, the look
    audited. None for anyone else, or a child that is not shielded."""
    if not (can_see_shielded_matches(user) or can_review_child_access(user)):
        return None
    child = _child_with_key(child_id)
    if child is None or not child.shielded:
        return None
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        target=child,
        reason=purpose,
        details={"relationship": str(Relationship.NONE), "details_shown": False, "shielded": True},
    )
    return child


def child_for_access_log(user: User, child_id: int | str) -> Child:
    """The child whose access log the reader asks for, the reading audited: 404 to a reader
    who may not know the child exists, 403 to one who may but may not read its log."""
    child = _child_with_key(child_id)
    if child is None:
        raise Http404("No child found")
    if not can_read_child_access_log(user, child):
        if can_know_child_exists(user, child):
            raise PermissionDenied
        raise Http404("No child found")
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        target=child,
        reason="Read who has viewed the child",
        details={"access_log": True},
    )
    return child


# --- Linkage (helper L) --------------------------------------------------------------------------


def can_run_linkage(user: PermissionHolder | None) -> bool:
    """Running linkage: those who review links (the front door, administrators) and those who
    import the records it links (administrators, partner systems)."""
    return can_review_child_links(user) or can_import_child_records(user)


# --- Link review, merge and split (helper R) ---------------------------------------------------
#
# Reviewers (the front door and administrators) see both records of a pair to decide it. A pair
# touching a shielded child, and merging or splitting one, is only for a reviewer who may know
# that child exists (their own involvement): nothing else reveals a shielded child's records.


def _child_open_to_reviewer(user: PermissionHolder | None, child: Child | None) -> bool:
    return child is None or can_know_child_exists(user, child)


def can_decide_link_review(user: PermissionHolder | None, review: LinkReview) -> bool:
    return can_review_child_links(user) and all(
        _child_open_to_reviewer(user, record.child) for record in (review.record, review.other)
    )


def link_reviews_visible_to(user: PermissionHolder | None) -> QuerySet[LinkReview]:
    """The pairs waiting for review that this reviewer may see, highest probability first."""
    if not can_review_child_links(user):
        return LinkReview.objects.none()
    findable = children_findable_by(user).values("pk")
    return (
        LinkReview.objects.filter(status=ReviewStatus.PENDING)
        .filter(Q(record__child__isnull=True) | Q(record__child__in=findable))
        .filter(Q(other__child__isnull=True) | Q(other__child__in=findable))
        .order_by("-match_probability", "pk")
    )


def can_merge_or_split_child(user: PermissionHolder | None, child: Child) -> bool:
    """Whether the child's page offers merging another child into it and splitting it."""
    return can_review_child_links(user) and _child_open_to_reviewer(user, child)


def link_review_for_user(
    user: User, review_id: int, *, purpose: str, audit: bool = True
) -> LinkReview:
    """One pair for review with both records, its reading audited (unless the caller's write
    audits it): 404 (as if none) for a pair the reader may not decide."""
    review = (
        LinkReview.objects.select_related(
            "record__agency", "other__agency", "record__child", "other__child", "decided_by"
        )
        .filter(pk=review_id)
        .first()
    )
    if review is None or not can_decide_link_review(user, review):
        raise Http404("No such pair of records")
    if audit:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            target=review,
            reason=purpose,
            details={"records": [review.record_id, review.other_id]},
        )
    return review


# --- Locality working (helper S) ---------------------------------------------------------------


def locality_team_of(user: PermissionHolder | None) -> Team | None:
    """The reader's own team if it is a multi-agency locality team (its caseload's children
    open to them by the TEAM relationship above; others in its locality only as known)."""
    if not can_view_locality_caseload(user):
        return None
    staff = _active_staff(user)
    if staff is None or staff.team is None or staff.team.kind != TeamKind.LOCALITY:
        return None
    return staff.team
