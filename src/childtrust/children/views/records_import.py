"""Loading agencies' records of children: the upload page (the agency and the file; the load runs
in the background), each import's page (its progress, then its report) and its rejections and
warnings as CSV files. For those who may import (children/access/)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.children import access
from childtrust.children.forms.records_import import RecordsUploadForm
from childtrust.children.models import ImportStatus, RecordImport
from childtrust.children.records_report import (
    REJECTION_HEADER,
    WARNING_HEADER,
    import_summary,
    rejection_rows,
    warning_rows,
)
from childtrust.children.records_tasks import records_upload_start
from childtrust.children.selectors.records_import import (
    record_import_with_id,
    record_imports_recent,
)
from childtrust.children.services.records_import import (
    record_import_report_read,
    record_import_stopped_end,
)
from childtrust.core.csv_files import csv_download
from childtrust.core.http import found, posted
from childtrust.core.import_jobs import REFRESH_SECONDS
from childtrust.core.permissions import access_required

#: The rejections and warnings a report lists on its page; the downloads hold every one.
LISTED = 200


@access_required(access.can_import_child_records)
def records_load(request: AuthenticatedRequest) -> HttpResponse:
    form = RecordsUploadForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = records_upload_start(
                actor=request.user,
                agency=form.cleaned_data["agency"],
                uploaded=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("children:records_import", pk=job.pk)
    return render(
        request,
        "children/records/load.html",
        {"form": form, "imports": record_imports_recent()},
    )


def _import(pk: int) -> RecordImport:
    return found(record_import_with_id(pk))


@access_required(access.can_import_child_records)
def records_import(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = _import(pk)
    if job.status == ImportStatus.RUNNING:
        record_import_stopped_end(actor=request.user, record_import=job)
    unfinished = job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
    if not unfinished:
        record_import_report_read(actor=request.user, record_import=job)
    share = job.rows_done / job.rows_total if job.rows_total else 0.0
    return render(
        request,
        "children/records/import.html",
        {
            "job": job,
            "unfinished": unfinished,
            "percent": min(99, int(share * 100)) if unfinished else 100,
            "refresh_seconds": REFRESH_SECONDS,
            "summary": import_summary(job),
            "rejections": job.rejections[:LISTED],
            "warnings": job.warnings[:LISTED],
            "listed": LISTED,
            "n": _figures(job),
        },
    )


def _figures(job: RecordImport) -> dict[str, str]:
    """The import's counts as the page shows them, with thousands separated."""
    counts = {
        "rows_done": job.rows_done,
        "rows_total": job.rows_total,
        "created": job.created,
        "updated": job.updated,
        "unchanged": job.unchanged,
        "rejected": job.rejected,
        "warnings": len(job.warnings),
    }
    return {name: f"{count:,}" for name, count in counts.items()}


@access_required(access.can_import_child_records)
def records_import_rejections_csv(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = record_import_report_read(
        actor=request.user, record_import=_import(pk), export="rejections"
    )
    rows: list[list[object]] = [REJECTION_HEADER, *rejection_rows(job)]
    return csv_download(rows, f"records-import-{job.pk}-rejected-rows.csv")


@access_required(access.can_import_child_records)
def records_import_warnings_csv(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = record_import_report_read(
        actor=request.user, record_import=_import(pk), export="warnings"
    )
    rows: list[list[object]] = [WARNING_HEADER, *warning_rows(job)]
    return csv_download(rows, f"records-import-{job.pk}-warnings.csv")


urlpatterns: list[URLPattern] = [
    path("records/", records_load, name="records_load"),
    path("records/imports/<int:pk>/", records_import, name="records_import"),
    path(
        "records/imports/<int:pk>/rejected-rows.csv",
        records_import_rejections_csv,
        name="records_import_rejections_csv",
    ),
    path(
        "records/imports/<int:pk>/warnings.csv",
        records_import_warnings_csv,
        name="records_import_warnings_csv",
    ),
]
