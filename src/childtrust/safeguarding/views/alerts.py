"""The alerts pages: the list (filtered by RAG rating and status), an alert with the concerns
that raised it, and the three responses (acknowledge, record what was done, close). Who may is
access/alerts.py's; the writes are services/alert_lifecycle.py's. Every page that shows a
child's alert writes one audit event."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children.access import ChildView, child_for_user
from childtrust.core.forms import form_write
from childtrust.core.http import posted, query_without_page
from childtrust.core.permissions import access_required, require
from childtrust.safeguarding import access
from childtrust.safeguarding.forms.alerts import (
    AlertAcknowledgeForm,
    AlertActionForm,
    AlertCloseForm,
    AlertFilterForm,
)
from childtrust.safeguarding.models import Alert, AlertStatus
from childtrust.safeguarding.services import alert_lifecycle as services

PER_PAGE = 50


@access_required(access.can_view_alerts)
def alert_list(request: AuthenticatedRequest) -> HttpResponse:
    form = AlertFilterForm(request.GET or None)
    alerts = access.alerts_visible_to(request.user).select_related("rule", "child")
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if chosen.get("rag"):
        alerts = alerts.filter(rag=chosen["rag"])
    status = chosen.get("status", "")
    if status == "":
        alerts = alerts.exclude(status=AlertStatus.CLOSED)
    elif status != "all":
        alerts = alerts.filter(status=status)
    page = Paginator(alerts.order_by("status", "-raised_at", "-pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="safeguarding.alert",
        object_repr="Alerts",
        reason="See the alerts list",
        details={"alerts": [alert.pk for alert in page.object_list]},
    )
    return render(
        request,
        "safeguarding/alerts/list.html",
        {"form": form, "page": page, "query": query_without_page(request)},
    )


def _child_view(request: AuthenticatedRequest, alert: Alert) -> ChildView | None:
    """The child as the reader may see them; None for a manager the alert escalated to who may
    not know the child (a shielded child, or a director who finds no children): they act on it
    by the child's reference, and their look is recorded all the same."""
    try:
        return child_for_user(request.user, alert.child_id, purpose="See an alert about the child")
    except Http404:
        if not access.is_escalated_to(request.user, alert):
            raise
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target=alert,
        reason="See an alert escalated to them",
        details={"child": alert.child.reference, "details_shown": False},
    )
    return None


def _alert_page(
    request: AuthenticatedRequest, alert: Alert, *, form: Form | None = None, title: str = ""
) -> HttpResponse:
    view = _child_view(request, alert)
    concerns = access.alert_concern_views(request.user, alert)
    return render(
        request,
        "safeguarding/alerts/form.html" if form is not None else "safeguarding/alerts/detail.html",
        {
            "alert": alert,
            "child_view": view,
            "concerns": concerns,
            "may_respond": access.can_respond_to_alert(request.user, alert),
            "form": form,
            "title": title,
        },
    )


@access_required(access.can_view_alerts)
def alert_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _alert_page(request, access.alert_for_user(request.user, pk))


def _respond(
    request: AuthenticatedRequest,
    pk: int,
    form_class: type[Form],
    title: str,
    write: Callable[[Alert, dict[str, str]], Alert],
    done: str,
) -> HttpResponse:
    alert = access.alert_for_user(request.user, pk)
    require(access.can_respond_to_alert(request.user, alert), to=services.RESPOND)
    form = form_class(posted(request))
    written = form_write(request, form, lambda data: write(alert, data))
    if written is not None:
        messages.success(request, done)
        return redirect("safeguarding:alert", pk=alert.pk)
    return _alert_page(request, alert, form=form, title=title)


@access_required(access.can_view_alerts)
def alert_acknowledge(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _respond(
        request,
        pk,
        AlertAcknowledgeForm,
        "Acknowledge the alert",
        lambda alert, _data: services.alert_acknowledge(actor=request.user, alert=alert),
        "The alert is acknowledged.",
    )


@access_required(access.can_view_alerts)
def alert_action(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _respond(
        request,
        pk,
        AlertActionForm,
        "Record what was done",
        lambda alert, data: services.alert_action(
            actor=request.user, alert=alert, note=data["note"]
        ),
        "What was done is recorded.",
    )


@access_required(access.can_view_alerts)
def alert_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _respond(
        request,
        pk,
        AlertCloseForm,
        "Close the alert",
        lambda alert, data: services.alert_close(
            actor=request.user, alert=alert, reason=data["reason"]
        ),
        "The alert is closed.",
    )


urlpatterns: list[URLPattern] = [
    path("alerts/", alert_list, name="alerts"),
    path("alerts/<int:pk>/", alert_detail, name="alert"),
    path("alerts/<int:pk>/acknowledge/", alert_acknowledge, name="alert_acknowledge"),
    path("alerts/<int:pk>/action/", alert_action, name="alert_action"),
    path("alerts/<int:pk>/close/", alert_close, name="alert_close"),
]
