"""Who leads and who works with a child now, for safeguarding's alerts: the child's lead
professional (told of an alert, and whose line manager hears of it when it is not acknowledged
in time), and the children a practitioner or their team works with (whose alerts they see)."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from childtrust.children.access.relationships import involvements_shown_to
from childtrust.children.models import Involvement
from childtrust.partnership.models import StaffMember


def _open_on(today: datetime.date) -> Q:
    return Q(ended_on__isnull=True) | Q(ended_on__gte=today)


def lead_professional_of(
    child_id: int, *, today: datetime.date | None = None
) -> StaffMember | None:
    """The practitioner of the child's open lead-professional involvement, or None (no lead
    professional, or one whose involvement names no practitioner)."""
    involvement = (
        Involvement.objects.filter(
            _open_on(today or timezone.localdate()),
            child_id=child_id,
            is_lead_professional=True,
            practitioner__isnull=False,
        )
        .select_related("practitioner")
        .order_by("-started_on", "-pk")
        .first()
    )
    return involvement.practitioner if involvement is not None else None


def child_ids_worked_with(
    staff: StaffMember, *, today: datetime.date | None = None
) -> QuerySet[Involvement, int]:
    """The ids of the children with an open involvement of this practitioner or of someone in
    their team (a subquery: `filter(child_id__in=...)`); a colleague's sensitive involvement
    only where the practitioner may see it (access.involvements_shown_to)."""
    mine = Q(practitioner=staff)
    if staff.team_id is not None:
        mine |= Q(practitioner__team=staff.team_id) & involvements_shown_to(staff)
    return (
        Involvement.objects.filter(_open_on(today or timezone.localdate()))
        .filter(mine)
        .values_list("child_id", flat=True)
    )


def child_ids_led_by(
    staff: StaffMember, *, today: datetime.date | None = None
) -> QuerySet[Involvement, int]:
    """The ids of the children this practitioner is lead professional for now (a subquery)."""
    return Involvement.objects.filter(
        _open_on(today or timezone.localdate()), practitioner=staff, is_lead_professional=True
    ).values_list("child_id", flat=True)


def lead_professionals_of(
    child_ids: list[int], *, today: datetime.date | None = None
) -> dict[int, StaffMember]:
    """{child id: its lead professional} for those of the children that have one (one query)."""
    involvements = (
        Involvement.objects.filter(
            _open_on(today or timezone.localdate()),
            child_id__in=child_ids,
            is_lead_professional=True,
            practitioner__isnull=False,
        )
        .select_related("practitioner__user")
        .order_by("child_id", "started_on", "pk")
    )
    return {i.child_id: i.practitioner for i in involvements if i.practitioner is not None}
