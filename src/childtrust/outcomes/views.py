"""Outcomes pages: the indicators held and keeping them, uploading a file of indicator data, the
partnership profile and the locality pages, and their CSV downloads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.access import import_job_for_user
from childtrust.core.csv_files import csv_download
from childtrust.core.forms import form_write
from childtrust.core.http import found
from childtrust.core.import_jobs import (
    INLINE_MAX_BYTES,
    import_job_page,
    import_job_start,
)
from childtrust.core.import_problems import RowProblem
from childtrust.core.permissions import access_required
from childtrust.outcomes import access, profiles, selectors
from childtrust.outcomes.forms import (
    INDICATOR_FORM_FIELDS,
    FileKind,
    IndicatorForm,
    IndicatorUploadForm,
)
from childtrust.outcomes.indicator_page import indicator_page, indicator_page_csv_rows
from childtrust.outcomes.models import Area, Indicator
from childtrust.outcomes.services.downloads import outcomes_export_record
from childtrust.outcomes.services.indicators import indicator_update
from childtrust.outcomes.services.uploads import indicator_data_import, local_counts_import
from childtrust.outcomes.tasks import JOB_KIND_PREFIX, indicator_upload_load
from childtrust.outcomes.upload_reports import problems_sentence, upload_summary

INDICATORS_PER_PAGE = 50
# A file with thousands of bad lines usually has one mistake repeated: the first hundred show it
# without burying the page.
MAX_LISTED_PROBLEMS = 100
_UPLOAD_REPORT = "outcomes_upload_report"


@access_required(access.can_view_outcomes)
def index(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(selectors.indicators_held(), INDICATORS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "outcomes/index.html",
        {
            "page": page,
            "query": "",
            "can_upload": access.can_upload_indicator_data(request.user),
            "can_edit": access.can_edit_indicator(request.user),
        },
    )


# --- Uploading a file of indicator data


@access_required(access.can_upload_indicator_data)
def upload(request: AuthenticatedRequest) -> HttpResponse:
    """A file up to INLINE_MAX_BYTES is loaded in the request and its report shown at once; a
    larger one is stored and loaded by the background worker, and the page answers at once with
    the job's page, which shows its progress and then its report."""
    problems: list[RowProblem] = []
    posted = request.method == "POST"
    form = IndicatorUploadForm(request.POST, request.FILES) if posted else IndicatorUploadForm()
    if posted and form.is_valid():
        kind = form.cleaned_data["kind"]
        uploaded = form.cleaned_data["file"]
        if (uploaded.size or 0) > INLINE_MAX_BYTES:
            return _upload_in_background(request, form, kind=kind, uploaded=uploaded)
        load = local_counts_import if kind == FileKind.LOCAL else indicator_data_import
        stream = form.csv_stream
        report = load(actor=request.user, rows=stream.rows, source_name=form.file_name)
        if report.ok:
            request.session[_UPLOAD_REPORT] = upload_summary(
                report, kind_label=str(FileKind(kind).label), encoding=stream.encoding
            )
            return redirect("outcomes:upload_done")
        # Row problems are a report to read, not one message: the form says how many, and the
        # page lists them.
        problems = report.problems
        form.add_error("file", problems_sentence(report))
        more = report.problem_count - min(len(problems), MAX_LISTED_PROBLEMS)
    else:
        more = 0
    return render(
        request,
        "outcomes/upload.html",
        {"form": form, "problems": problems[:MAX_LISTED_PROBLEMS], "more_problems": more},
    )


def _upload_in_background(
    request: AuthenticatedRequest, form: IndicatorUploadForm, *, kind: str, uploaded: UploadedFile
) -> HttpResponse:
    """The job's page, or the form again saying why the file could not be queued."""
    try:
        job = import_job_start(
            actor=request.user,
            kind=f"{JOB_KIND_PREFIX}{kind}",
            uploaded=uploaded,
            task=indicator_upload_load,
            options={"kind_label": str(FileKind(kind).label)},
        )
    except ValidationError as error:
        form.add_error("file", error)
        return render(
            request, "outcomes/upload.html", {"form": form, "problems": [], "more_problems": 0}
        )
    return redirect("outcomes:upload_job", pk=job.pk)


@access_required(access.can_upload_indicator_data)
def upload_job(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A background upload's progress, then its report: for the person who uploaded it and the
    partnership's administrators (anyone else is told there is no such page)."""
    job = import_job_for_user(request.user, pk, kind_prefix=JOB_KIND_PREFIX)
    return render(
        request,
        "core/import_job.html",
        {
            **import_job_page(job),
            "title": "Upload indicator data",
            "back_url": reverse("outcomes:index"),
            "back_text": "Back to outcomes",
            "again_url": reverse("outcomes:upload"),
        },
    )


@access_required(access.can_upload_indicator_data)
def upload_done(request: AuthenticatedRequest) -> HttpResponse:
    summary = request.session.pop(_UPLOAD_REPORT, None)
    if summary is None:
        return redirect("outcomes:upload")
    return render(request, "outcomes/upload_done.html", {"summary": summary})


# --- Indicator page


@access_required(access.can_view_outcomes)
def indicator_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return render(
        request,
        "outcomes/indicator.html",
        {
            "page": indicator_page(
                found(selectors.indicator_with_id(pk)), request.GET.get("funnel")
            ),
            "can_edit": access.can_edit_indicator(request.user),
            "can_attach": access.can_attach_indicator(request.user),
        },
    )


@access_required(access.can_edit_indicator)
def indicator_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    indicator = found(selectors.indicator_with_id(pk))
    form = IndicatorForm(
        request.POST or None, initial=model_to_dict(indicator, fields=INDICATOR_FORM_FIELDS)
    )
    saved = form_write(
        request,
        form,
        lambda data: indicator_update(actor=request.user, indicator=indicator, **data),
    )
    if saved is not None:
        messages.success(request, f"{saved.name} has been updated.")
        return redirect("outcomes:indicator", pk=saved.pk)
    return render(request, "outcomes/indicator_edit.html", {"form": form, "indicator": indicator})


# --- Downloads: each is recorded as an export


def _download(
    request: AuthenticatedRequest,
    *,
    table: list[list[str]],
    filename: str,
    target: Area | Indicator,
    view: str,
) -> HttpResponse:
    """The table (a header, then lines of figures) as a CSV attachment, once the export is
    recorded."""
    outcomes_export_record(actor=request.user, target=target, view=view, rows=len(table) - 1)
    return csv_download(table, filename)


@access_required(access.can_view_outcomes)
def indicator_csv(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    indicator = found(selectors.indicator_with_id(pk))
    return _download(
        request,
        table=indicator_page_csv_rows(indicator_page(indicator, request.GET.get("funnel"))),
        filename=f"indicator-{indicator.pk}.csv",
        target=indicator,
        view="indicator",
    )


# --- Profile and locality pages


@access_required(access.can_view_outcomes)
def profile(request: AuthenticatedRequest) -> HttpResponse:
    area = profiles.profile_area(request.GET.get("area"))
    rows = profiles.profile_rows(area) if area is not None else []
    if area is not None and request.GET.get("format") == "csv":
        return _download(
            request,
            table=profiles.profile_csv_rows(area, rows),
            filename=profiles.profile_filename(area),
            target=area,
            view="profile",
        )
    return render(
        request,
        "outcomes/profile.html",
        {
            "area": area,
            "rows": rows,
            "authorities": list(profiles.local_authorities()),
            "confidence_statement": profiles.profile_confidence_statement(rows),
        },
    )


@access_required(access.can_view_outcomes)
def locality(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    page = profiles.locality_page(slug)
    if request.GET.get("format") == "csv":
        return _download(
            request,
            table=profiles.locality_csv_rows(page),
            filename=f"locality-{page.locality.slug}.csv",
            target=page.area,
            view="locality",
        )
    return render(request, "outcomes/locality.html", {"page": page})


@access_required(access.can_view_outcomes)
def localities(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request, "outcomes/localities.html", {"localities": profiles.localities_with_data()}
    )
