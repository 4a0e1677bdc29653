"""The audit log's page: auditors search it and download what they found, and each search and
download is itself recorded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst

from childtrust.audit.access import can_view_audit_checks, can_view_audit_log
from childtrust.audit.downloads import audit_csv_rows, csv_stream
from childtrust.audit.forms import AuditFilterForm
from childtrust.audit.models import AuditAction
from childtrust.audit.selectors import (
    AuditFilter,
    audit_actor_names,
    audit_events_matching,
    audit_object_types,
    audit_verification_latest,
    audit_verifications_recent,
)
from childtrust.audit.sentences import audit_sentences, kind_name
from childtrust.audit.services import audit_record
from childtrust.core.permissions import access_required

if TYPE_CHECKING:  # the audit log sits below accounts: it names the request, never imports it
    from childtrust.accounts.http import AuthenticatedRequest

PAGE_SIZE = 50
LOG = "audit.auditevent"


def _kinds_of_record() -> list[tuple[str, str]]:
    """The kinds of record in the log, by the names people know them by, alphabetically; a
    name two kinds share is told apart by the kind's code."""
    named = [
        (object_type, capfirst(kind_name(object_type))) for object_type in audit_object_types()
    ]
    names = [name for _type, name in named]
    return sorted(
        ((t, name if names.count(name) == 1 else f"{name} ({t})") for t, name in named),
        key=lambda choice: choice[1].lower(),
    )


def _filter_of(request: AuthenticatedRequest) -> tuple[AuditFilterForm, AuditFilter, str]:
    """The filter form, the filter it gives and the query string that repeats it."""
    form = AuditFilterForm(request.GET or None, object_types=_kinds_of_record())
    query = request.GET.copy()
    query.pop("page", None)
    return form, form.to_filter(), query.urlencode()


def _filter_details(audit_filter: AuditFilter) -> dict[str, str]:
    return {name: str(value) for name, value in vars(audit_filter).items() if value}


@access_required(can_view_audit_log)
def event_list(request: AuthenticatedRequest) -> HttpResponse:
    form, audit_filter, query = _filter_of(request)
    # Reading the log is itself recorded: who looked at whose activity matters to auditors too.
    # Recorded before the page is read, so that the count and the rows shown agree.
    audit_record(
        actor=request.user,
        action=AuditAction.SEARCH,
        object_type=LOG,
        details=_filter_details(audit_filter),
    )
    page = Paginator(audit_events_matching(audit_filter), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    events = list(page)
    sentences = audit_sentences(events, audit_actor_names(event.actor_id for event in events))
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "page": page,
            "sentences": sentences,
            "query": query,
            "verification": audit_verification_latest(),
        },
    )


@access_required(can_view_audit_log)
def event_download(request: AuthenticatedRequest) -> StreamingHttpResponse:
    """The filtered log as a CSV file, with the same words as the page. A filter with a mistake
    in it is applied as the page applies it: the parts that are right."""
    _form, audit_filter, _query = _filter_of(request)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type=LOG,
        details={"format": "csv", **_filter_details(audit_filter)},
    )
    events = audit_events_matching(audit_filter)
    filename = f"audit-log-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_stream(audit_csv_rows(events), filename)


@access_required(can_view_audit_checks)
def verification_list(request: AuthenticatedRequest) -> HttpResponse:
    """The nightly checks of the log, for administrators and auditors."""
    return render(
        request,
        "audit/verification_list.html",
        {"latest": audit_verification_latest(), "checks": audit_verifications_recent()},
    )
