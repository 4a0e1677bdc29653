"""Who may do what at the front door (MASH) and with the statutory clocks.

- The front door (RUN_FRONT_DOOR) does everything: receives contacts and referrals, screens,
  asks the agencies involved, decides, tells the referrer, records strategy discussions,
  conferences and assessments. Each for a child whose details it may see (children.access: the
  front door's role sees every child not shielded; a shielded one by break glass).
- A practitioner who records concerns (RECORD_CONCERNS) may refer a child they may know exists
  (the Team Around the Child's step up does so), and answer the information requests sent to
  their own agency: about a shielded child only if they may know the child exists, or are the
  agency's designated safeguarding lead (or deputy), whom the front door tells of the request.
- A referral's details only to those who may see the child's (children's relationships).
- Clocks: the front door sees them all; a team manager (VIEW_SAFEGUARDING_CLOCKS) sees the
  clocks owned by anyone in their line (direct and indirect reports, and their own) and those
  escalated to them.
- The assessment's social worker may also record its completion."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from childtrust.children.access import (
    Relationship,
    can_know_child_exists,
    relationship_to,
)
from childtrust.children.models import Child
from childtrust.core.permissions import PermissionHolder
from childtrust.partnership.selectors.staff import line_report_ids, staff_record_of
from childtrust.safeguarding.access.capabilities import (
    can_record_concerns,
    can_run_front_door,
    can_view_safeguarding_clocks,
)
from childtrust.safeguarding.models import (
    Assessment,
    Clock,
    DesignatedLead,
    InformationRequest,
    Referral,
)


def _sees_child(user: PermissionHolder | None, child: Child) -> bool:
    return relationship_to(user, child) is not Relationship.NONE


def can_refer(user: PermissionHolder | None) -> bool:
    """May record a contact or referral at all (the front door, or who records concerns)."""
    return can_run_front_door(user) or can_record_concerns(user)


def can_open_referrals(user: PermissionHolder | None) -> bool:
    """May open a referral's page at all (each one's details as can_view_referral says)."""
    return can_refer(user) or can_view_safeguarding_clocks(user)


def can_refer_child(user: PermissionHolder | None, child: Child) -> bool:
    """The front door, or a practitioner who records concerns, about a child they may know
    exists (a shielded child only with a relationship)."""
    return (can_run_front_door(user) or can_record_concerns(user)) and can_know_child_exists(
        user, child
    )


def can_run_front_door_for(user: PermissionHolder | None, child: Child) -> bool:
    """Screen, ask, decide, tell, and record meetings for this child: the front door, for a
    child whose details it may see."""
    return can_run_front_door(user) and _sees_child(user, child)


def can_view_referral(user: PermissionHolder | None, referral: Referral) -> bool:
    """A referral's details: those who may see the child's."""
    return _sees_child(user, referral.child)


def referrals_visible_to(user: PermissionHolder | None) -> QuerySet[Referral]:
    """The front door's queue: every referral of a child it may see (a shielded child's only
    with a relationship, checked one by one: they are few)."""
    if not can_run_front_door(user):
        return Referral.objects.none()
    referrals = Referral.objects.select_related("child", "referrer_agency")
    shielded_seen = [
        r.pk for r in referrals.filter(child__shielded=True) if _sees_child(user, r.child)
    ]
    return referrals.filter(Q(child__shielded=False) | Q(pk__in=shielded_seen))


def _designated_lead_of(user: PermissionHolder | None) -> int | None:
    """The agency whose designated safeguarding lead (or deputy) the reader is, in post."""
    staff = staff_record_of(user)
    if staff is None or not staff.is_active:
        return None
    lead = DesignatedLead.objects.filter(
        Q(staff=staff) | Q(deputy=staff), agency_id=staff.agency_id
    )
    return staff.agency_id if lead.exists() else None


def can_know_of_information_request(
    user: PermissionHolder | None, request: InformationRequest
) -> bool:
    """May learn the request exists (it names its child; else it is not found): a shielded
    child's only those who may know the child exists (children.access), or the designated
    safeguarding lead (and deputy) of the agency asked, whom the front door tells of the
    request and who finds who in their agency knows the child."""
    child = request.referral.child
    return (
        not child.shielded
        or can_know_child_exists(user, child)
        or _designated_lead_of(user) == request.agency_id
    )


def can_answer_information_request(
    user: PermissionHolder | None, request: InformationRequest
) -> bool:
    """Staff in post of the agency asked, who record concerns (or the front door's own staff
    of that agency); about a shielded child only those who may know of the request."""
    staff = staff_record_of(user)
    return (
        staff is not None
        and staff.is_active
        and staff.agency_id == request.agency_id
        and (can_record_concerns(user) or can_run_front_door(user))
        and can_know_of_information_request(user, request)
    )


def information_requests_for(user: PermissionHolder | None) -> QuerySet[InformationRequest]:
    """The requests waiting for an answer from the reader's agency: a shielded child's only
    to those who may know of it (checked one by one: they are few)."""
    staff = staff_record_of(user)
    if staff is None or not staff.is_active:
        return InformationRequest.objects.none()
    if not (can_record_concerns(user) or can_run_front_door(user)):
        return InformationRequest.objects.none()
    waiting = InformationRequest.objects.filter(
        agency_id=staff.agency_id, answered_at__isnull=True
    ).select_related("referral__child", "agency")
    shielded_known = [
        asked.pk
        for asked in waiting.filter(referral__child__shielded=True)
        if can_know_of_information_request(user, asked)
    ]
    return waiting.filter(Q(referral__child__shielded=False) | Q(pk__in=shielded_known))


def can_complete_assessment(user: PermissionHolder | None, assessment: Assessment) -> bool:
    staff = staff_record_of(user)
    own = staff is not None and staff.is_active and assessment.social_worker_id == staff.pk
    return (can_run_front_door(user) or own) and _sees_child(user, assessment.child)


def can_view_clocks(user: PermissionHolder | None) -> bool:
    return can_run_front_door(user) or can_view_safeguarding_clocks(user)


def clocks_visible_to(user: PermissionHolder | None) -> QuerySet[Clock]:
    """The front door: every clock (a shielded child's only with a relationship). A team
    manager: the clocks owned by anyone in their line (and their own), and those escalated to
    them. Anyone else: none."""
    clocks = Clock.objects.select_related("child", "owner", "escalated_to", "referral")
    if can_run_front_door(user):
        # A shielded child's only with a relationship (as the queue of referrals): few.
        shielded_seen = [
            c.pk for c in clocks.filter(child__shielded=True) if _sees_child(user, c.child)
        ]
        return clocks.filter(Q(child__shielded=False) | Q(pk__in=shielded_seen))
    staff = staff_record_of(user)
    if not can_view_safeguarding_clocks(user) or staff is None or not staff.is_active:
        return Clock.objects.none()
    line = line_report_ids(staff) | {staff.pk}
    return clocks.filter(Q(owner_id__in=line) | Q(escalated_to=staff))


def can_view_clock(user: PermissionHolder | None, clock: Clock) -> bool:
    return clocks_visible_to(user).filter(pk=clock.pk).exists()
