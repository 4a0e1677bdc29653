"""A child's merged chronology: the page (filtered by GET), a printable version (no navigation,
marked Official-sensitive, the reader and the time printed at its foot) and a CSV file, each
with the reader's redaction (access.chronology) and each one audit event, naming which of the
three it was and the filter asked for (access.chronology_child_for)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, re_path
from django.utils import timezone

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.audit.models import AuditAction
from childtrust.children import access as children_access
from childtrust.core.csv_files import csv_download
from childtrust.core.permissions import access_required
from childtrust.safeguarding import access
from childtrust.safeguarding.forms.chronology import ChronologyFilterForm
from childtrust.safeguarding.selectors.chronology import Chronology, chronology_for

PAGE = "View the child's safeguarding chronology"
PRINT = "Print the child's safeguarding chronology"
EXPORT = "Download the child's safeguarding chronology as a CSV file"

#: How much of the query the audit event keeps (a filter is far shorter).
QUERY_KEPT = 500

CSV_COLUMNS = (
    "Date",
    "Time",
    "Kind",
    "From",
    "Entry",
    "Detail",
    "Significance",
    "Restricted",
)


def _query(request: AuthenticatedRequest) -> str:
    return request.GET.urlencode()


def _read(
    request: AuthenticatedRequest, child_id: str, *, purpose: str, action: AuditAction, shown: str
) -> tuple[Chronology, ChronologyFilterForm]:
    """The child (refused or audited by access.chronology_child_for), its whole chronology for
    the reader, and the filter the request asks for applied to it."""
    view = access.chronology_child_for(
        request.user,
        child_id,
        purpose=purpose,
        action=action,
        details={"shown_as": shown, "filter": _query(request)[:QUERY_KEPT]},
    )
    whole = chronology_for(request.user, view)
    form = ChronologyFilterForm(request.GET or None, agencies=whole.agencies)
    return whole.narrowed(form.to_filter()), form


@access_required(children_access.can_find_children)
def chronology_page(request: AuthenticatedRequest, child_id: str) -> HttpResponse:
    chronology, form = _read(request, child_id, purpose=PAGE, action=AuditAction.VIEW, shown="page")
    context: dict[str, Any] = {
        "chronology": chronology,
        "child": chronology.child,
        "form": form,
        "query": _query(request),
    }
    return render(request, "safeguarding/chronology/page.html", context)


@access_required(children_access.can_find_children)
def chronology_print(request: AuthenticatedRequest, child_id: str) -> HttpResponse:
    chronology, form = _read(
        request, child_id, purpose=PRINT, action=AuditAction.VIEW, shown="print"
    )
    user = request.user
    context: dict[str, Any] = {
        "chronology": chronology,
        "child": chronology.child,
        "form": form,
        "query": _query(request),
        "printed_by": user.get_full_name() or user.get_username(),
        "printed_at": timezone.now(),
    }
    return render(request, "safeguarding/chronology/print.html", context)


@access_required(children_access.can_find_children)
def chronology_export(request: AuthenticatedRequest, child_id: str) -> HttpResponse:
    """Every entry the page would show, redacted as it is, in a spreadsheet-safe CSV file."""
    chronology, _form = _read(
        request, child_id, purpose=EXPORT, action=AuditAction.EXPORT, shown="csv"
    )
    rows: list[tuple[object, ...]] = [CSV_COLUMNS]
    for entry in chronology.entries:
        moment = timezone.localtime(entry.moment) if entry.moment is not None else None
        rows.append(
            (
                entry.day.isoformat(),
                moment.strftime("%H:%M") if moment is not None else "",
                entry.kind_label,
                entry.source,
                entry.title,
                entry.detail,
                entry.significance,
                "Yes" if entry.restricted else "",
            )
        )
    today = timezone.localdate()
    return csv_download(rows, f"chronology-{chronology.child.reference}-{today:%Y-%m-%d}.csv")


#: A child by its reference (CT-004217) or key: digits bounded, so that a number too large for
#: the database's integers is a 404, not a server error.
CHILD = r"(?P<child_id>CT-[0-9]{1,10}|[0-9]{1,18})"

urlpatterns: list[URLPattern] = [
    re_path(rf"^children/{CHILD}/chronology/$", chronology_page, name="chronology"),
    re_path(rf"^children/{CHILD}/chronology/print/$", chronology_print, name="chronology_print"),
    re_path(
        rf"^children/{CHILD}/chronology/export\.csv$", chronology_export, name="chronology_export"
    ),
]
