"""Who sees an alert and who may respond to it.

- The alerts pages: anyone who records concerns (practitioners, team managers, the front door)
  or sees safeguarding clocks (managers, to whom alerts escalate).
- An alert: the front door sees every one (a shielded child's only through their own
  relationship); those working with the child (their own involvement or their team's) see
  their child's; the manager an alert escalated to sees it.
- Acknowledging, recording the action and closing: the front door, the child's lead
  professional, and the manager the alert escalated to.
- The concerns an alert names are shown as the concern's own rule allows (access/concerns.py):
  a restricted concern's detail stays with its agency."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from childtrust.children import access as children_access
from childtrust.children.selectors.lead_professional import (
    child_ids_led_by,
    child_ids_worked_with,
)
from childtrust.core.permissions import PermissionHolder
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.safeguarding.access.capabilities import (
    can_record_concerns,
    can_run_front_door,
    can_view_safeguarding_clocks,
)
from childtrust.safeguarding.access.concerns import ConcernView, concern_views_for
from childtrust.safeguarding.models import Alert


def can_view_alerts_by_role(user: PermissionHolder | None) -> bool:
    """The alerts pages in the navigation: those who record concerns or see clocks. Decided by
    the role alone, since every page's navigation asks it."""
    return can_record_concerns(user) or can_view_safeguarding_clocks(user)


def can_view_alerts(user: PermissionHolder | None) -> bool:
    """The alerts pages: those the role lets in, and any manager an alert has escalated to (a
    director at the top of the line may hold neither; their home page links them there)."""
    if can_view_alerts_by_role(user):
        return True
    staff_id = _active_staff_id(user)
    return staff_id is not None and Alert.objects.filter(escalated_to_id=staff_id).exists()


def _active_staff_id(user: PermissionHolder | None) -> int | None:
    staff = staff_record_of(user)
    return staff.pk if staff is not None and staff.is_active else None


def alerts_visible_to(user: PermissionHolder | None) -> QuerySet[Alert]:
    if not can_view_alerts(user):
        return Alert.objects.none()
    staff = staff_record_of(user)
    staff_id = _active_staff_id(user)
    seen = Q(pk__in=[])
    if staff is not None and staff_id is not None:
        seen = Q(child_id__in=child_ids_worked_with(staff)) | Q(escalated_to_id=staff_id)
    if can_run_front_door(user):
        seen |= Q(child__shielded=False)
    return Alert.objects.filter(seen)


def is_escalated_to(user: PermissionHolder | None, alert: Alert) -> bool:
    """Whether the alert escalated to this reader: they act on it by the child's reference,
    whether or not they may see the child's details."""
    return _escalated_to_them(user, alert)


def _escalated_to_them(user: PermissionHolder | None, alert: Alert) -> bool:
    staff_id = _active_staff_id(user)
    return staff_id is not None and alert.escalated_to_id == staff_id


def can_view_alert(user: PermissionHolder | None, alert: Alert) -> bool:
    if not can_view_alerts(user):
        return False
    if _escalated_to_them(user, alert):
        return True
    relationship = children_access.relationship_to(user, alert.child)
    return relationship in children_access.WORKING_RELATIONSHIPS


def can_respond_to_alert(user: PermissionHolder | None, alert: Alert) -> bool:
    """Acknowledge it, record what was done, close it."""
    if not can_view_alert(user, alert):
        return False
    if can_run_front_door(user) or _escalated_to_them(user, alert):
        return True
    relationship = children_access.relationship_to(user, alert.child)
    return relationship is children_access.Relationship.LEAD_PROFESSIONAL


def alerts_to_respond_to(user: PermissionHolder | None) -> QuerySet[Alert]:
    """The alerts this person may respond to (as `can_respond_to_alert`, in one query)."""
    visible = alerts_visible_to(user)
    if can_run_front_door(user):
        return visible
    staff = staff_record_of(user)
    if staff is None or not staff.is_active:
        return Alert.objects.none()
    return visible.filter(Q(escalated_to=staff) | Q(child_id__in=child_ids_led_by(staff)))


def alert_for_user(user: PermissionHolder | None, alert_id: int) -> Alert:
    """The alert, if this reader may see it; 404 otherwise (as if there were none)."""
    alert = (
        Alert.objects.select_related("rule", "child", "escalated_to").filter(pk=alert_id).first()
    )
    if alert is None or not can_view_alert(user, alert):
        raise Http404("No alert found")
    return alert


def alert_concern_views(user: PermissionHolder | None, alert: Alert) -> list[ConcernView]:
    """The concerns that raised the alert, newest first, each as the concern's own rule lets
    this reader see it (access/concerns.py: a restricted concern's detail stays with its
    agency; others see that it exists, when, and which agency to ask)."""
    concerns = list(
        alert.concerns.select_related("agency", "child", "recorded_by_staff").order_by(
            "-occurred_at", "-pk"
        )
    )
    return concern_views_for(user, concerns)
