"""A person's notifications: unread first, the soonest due first, each marked read with a
button (a POST), and what the service told them kept once read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import access_required
from childtrust.safeguarding import access
from childtrust.safeguarding.selectors import notifications as selectors
from childtrust.safeguarding.services import notifications as services

PAGE_SIZE = 50


@access_required(access.can_have_notifications)
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_of(request.user.pk), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # The subjects name children by reference and say what happened to them.
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="safeguarding.notification",
        object_repr="Your notifications",
        reason="See one's notifications",
        details={"notifications": [notification.pk for notification in page.object_list]},
    )
    return render(
        request,
        "safeguarding/notifications/list.html",
        {"page": page, "unread": selectors.unread_notifications_of(request.user.pk).count()},
    )


@require_POST
@access_required(access.can_have_notifications)
def notification_read(request: AuthenticatedRequest, notification_id: int) -> HttpResponse:
    notification = selectors.notification_of(request.user.pk, notification_id)
    if notification is None:
        raise Http404("No such notification")
    try:
        services.notification_mark_read(actor=request.user, notification=notification)
        messages.success(request, "The notification is marked as read.")
    except ValidationError:
        pass  # already read: the list shows it so
    return redirect("safeguarding:notifications")


urlpatterns: list[URLPattern] = [
    path("notifications/", notification_list, name="notifications"),
    path("notifications/<int:notification_id>/read/", notification_read, name="notification_read"),
]
