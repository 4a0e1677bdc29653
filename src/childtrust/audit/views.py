"""The audit log's page: auditors search it, and each search is itself recorded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from childtrust.audit.access import can_view_audit_checks, can_view_audit_log
from childtrust.audit.forms import AuditFilterForm
from childtrust.audit.models import AuditAction
from childtrust.audit.selectors import (
    audit_events_matching,
    audit_object_types,
    audit_verification_latest,
    audit_verifications_recent,
)
from childtrust.audit.services import audit_record
from childtrust.core.permissions import access_required

if TYPE_CHECKING:  # the audit log sits below accounts: it names the request, never imports it
    from childtrust.accounts.http import AuthenticatedRequest

PAGE_SIZE = 50


@access_required(can_view_audit_log)
def event_list(request: AuthenticatedRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, object_types=audit_object_types())
    audit_filter = form.to_filter()
    # Reading the log is itself recorded: who looked at whose activity matters to auditors too.
    # Recorded before the page is read, so that the count and the rows shown agree.
    audit_record(
        actor=request.user,
        action=AuditAction.SEARCH,
        object_type="audit.auditevent",
        details={k: str(v) for k, v in vars(audit_filter).items() if v},
    )
    page = Paginator(audit_events_matching(audit_filter), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "verification": audit_verification_latest(),
        },
    )


@access_required(can_view_audit_checks)
def verification_list(request: AuthenticatedRequest) -> HttpResponse:
    """The nightly checks of the log, for administrators and auditors."""
    return render(
        request,
        "audit/verification_list.html",
        {"latest": audit_verification_latest(), "checks": audit_verifications_recent()},
    )
