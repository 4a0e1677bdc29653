"""Cumulative-concern alerts for partner systems: the alerts the caller may see (filtered by RAG
rating and status), one alert with the concerns that raised it (each as the caller may see it),
and the three responses: acknowledge, record what was done, close. The rules are the pages'
(safeguarding/access/alerts.py); every read is recorded in the audit log."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, Message, RequestBody
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.safeguarding import access
from childtrust.safeguarding.models import Alert, AlertStatus, Rag
from childtrust.safeguarding.services import alert_lifecycle as services

router = Router(tags=["Safeguarding"])


class AlertConcernOut(Schema):
    id: int
    agency: str = Field(description="The slug of the agency that recorded it.")
    occurred_at: datetime.datetime
    known_only: bool = Field(
        description="True when you may not read the concern's detail: category, severity and "
        "summary are null; ask the agency."
    )
    category: str | None = None
    severity: str | None = None
    summary: str | None = None


class AlertOut(Schema):
    id: int
    child: str = Field(description="The child's partnership reference.")
    rule: str
    rag: Rag
    status: AlertStatus
    raised_at: datetime.datetime
    acknowledge_by: datetime.datetime
    escalation_level: int = Field(description="How many managers up it has gone unacknowledged.")
    action_taken: str
    closed_reason: str


class AlertDetailOut(AlertOut):
    concerns: list[AlertConcernOut]


class NoteIn(RequestBody):
    note: str = Field(description="What was done about the alert.")


class ReasonIn(RequestBody):
    reason: str = Field(description="Why the alert can be closed.")


def _out(alert: Alert) -> dict[str, Any]:
    return {
        "id": alert.pk,
        "child": alert.child.reference,
        "rule": alert.rule.name,
        "rag": alert.rag,
        "status": alert.status,
        "raised_at": alert.raised_at,
        "acknowledge_by": alert.acknowledge_by,
        "escalation_level": alert.escalation_level,
        "action_taken": alert.action_taken,
        "closed_reason": alert.closed_reason,
    }


def _detail(request: AuthenticatedRequest, alert: Alert, purpose: str) -> dict[str, Any]:
    views = access.alert_concern_views(request.user, alert)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target=alert,
        reason=purpose,
        details={"child": alert.child.reference, "concerns": [v.concern.pk for v in views]},
    )
    concerns = [
        {
            "id": view.concern.pk,
            "agency": view.concern.agency.slug,
            "occurred_at": view.concern.occurred_at,
            "known_only": not view.full,
            **(
                {
                    "category": view.concern.category,
                    "severity": view.concern.severity,
                    "summary": view.concern.summary,
                }
                if view.full
                else {}
            ),
        }
        for view in views
    ]
    return {**_out(alert), "concerns": concerns}


class _SeenPage:
    """Ninja's pagination slices the list; this audits what the slice shows, once."""

    def __init__(self, request: AuthenticatedRequest, alerts: Any) -> None:
        self.request, self.alerts = request, alerts

    def count(self) -> int:
        return int(self.alerts.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        shown = list(self.alerts[index])
        if shown:
            audit_record(
                actor=self.request.user,
                action=AuditAction.VIEW,
                object_type="safeguarding.alert",
                object_repr="Alerts",
                reason="List the alerts (API)",
                details={"alerts": [alert.pk for alert in shown]},
            )
        return [_out(alert) for alert in shown]


@router.get(
    "/alerts",
    response={200: list[AlertOut], 400: Message, **REFUSALS},
    summary="The alerts you may see, newest first",
)
@paginated
def alert_list(request: AuthenticatedRequest, rag: str = "", status: str = "") -> Any:
    """Not closed unless `status` asks for another (open, acknowledged, actioned or closed);
    `rag` (red, amber or green) keeps one rating."""
    require(access.can_view_alerts(request.user), to="see alerts")
    problems = {}
    if rag and rag not in Rag.values:
        problems["rag"] = "The rating must be red, amber or green"
    if status and status not in AlertStatus.values:
        problems["status"] = "The status must be open, acknowledged, actioned or closed"
    if problems:
        raise ValidationError(problems)
    alerts = access.alerts_visible_to(request.user).select_related("rule", "child")
    if rag:
        alerts = alerts.filter(rag=rag)
    alerts = alerts.filter(status=status) if status else alerts.exclude(status=AlertStatus.CLOSED)
    return _SeenPage(request, alerts.order_by("-raised_at", "-pk"))


@router.get(
    "/alerts/{alert_id}",
    response={200: AlertDetailOut, 404: Message, **REFUSALS},
    summary="An alert and the concerns that raised it",
)
def alert_detail(request: AuthenticatedRequest, alert_id: int) -> dict[str, Any]:
    require(access.can_view_alerts(request.user), to="see alerts")
    alert = access.alert_for_user(request.user, alert_id)
    return _detail(request, alert, "See an alert about the child (API)")


def _responded(request: AuthenticatedRequest, alert_id: int) -> Alert:
    require(access.can_view_alerts(request.user), to="see alerts")
    return access.alert_for_user(request.user, alert_id)


@router.post(
    "/alerts/{alert_id}/acknowledge",
    response={200: AlertDetailOut, 400: Message, 404: Message, **REFUSALS},
    summary="Acknowledge an alert (stops its escalation)",
)
def alert_acknowledge(request: AuthenticatedRequest, alert_id: int) -> dict[str, Any]:
    alert = services.alert_acknowledge(actor=request.user, alert=_responded(request, alert_id))
    return _detail(request, alert, "Acknowledge an alert (API)")


@router.post(
    "/alerts/{alert_id}/action",
    response={200: AlertDetailOut, 400: Message, 404: Message, **REFUSALS},
    summary="Record what was done about an acknowledged alert",
)
def alert_action(request: AuthenticatedRequest, alert_id: int, payload: NoteIn) -> dict[str, Any]:
    alert = services.alert_action(
        actor=request.user, alert=_responded(request, alert_id), note=payload.note
    )
    return _detail(request, alert, "Record what was done about an alert (API)")


@router.post(
    "/alerts/{alert_id}/close",
    response={200: AlertDetailOut, 400: Message, 404: Message, **REFUSALS},
    summary="Close an actioned alert, with the reason",
)
def alert_close(request: AuthenticatedRequest, alert_id: int, payload: ReasonIn) -> dict[str, Any]:
    alert = services.alert_close(
        actor=request.user, alert=_responded(request, alert_id), reason=payload.reason
    )
    return _detail(request, alert, "Close an alert (API)")
