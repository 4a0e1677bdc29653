"""Loading the establishment from an agency's HR export: the upload page (a small file is loaded
in the request and its report shown at once; a larger one is stored and loaded by the background
worker, and the page answers with the job's page, which shows its progress and then its report).

Workforce managers load it, one limited to an agency only that agency's rows (the service
refuses the others as bad lines); an upload's page is for the person who uploaded it and the
workforce managers who work across every partner (workforce/access.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.access import import_job_for_user
from childtrust.core.forms import megabytes
from childtrust.core.http import posted
from childtrust.core.import_jobs import INLINE_MAX_BYTES, import_job_page, import_job_start
from childtrust.core.import_problems import RowProblem
from childtrust.core.permissions import access_required
from childtrust.workforce import access
from childtrust.workforce.establishment_columns import COLUMNS
from childtrust.workforce.establishment_tasks import (
    ESTABLISHMENT_JOB_KIND,
    establishment_job_report,
    establishment_upload_load,
)
from childtrust.workforce.forms.imports import EstablishmentUploadForm
from childtrust.workforce.services.establishment_import import establishment_load

# A file with thousands of bad lines usually has one mistake repeated: the first hundred show it.
MAX_LISTED_PROBLEMS = 100
_LOADED_REPORT = "workforce_establishment_loaded"


@access_required(access.can_manage_workforce)
def establishment_import(request: AuthenticatedRequest) -> HttpResponse:
    """A file up to INLINE_MAX_BYTES is loaded in the request, and the page shows its report
    once (kept in the session across the redirect); a larger one is loaded in the background."""
    problems: list[RowProblem] = []
    more = 0
    form = EstablishmentUploadForm(
        posted(request), request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        if (uploaded.size or 0) > INLINE_MAX_BYTES:
            job_page = _in_background(request, form, uploaded)
            if job_page is not None:
                return job_page
        else:
            stream = form.csv_stream
            report = establishment_load(
                actor=request.user,
                rows=stream.rows,
                source_name=uploaded.name or "establishment.csv",
            )
            if report.ok:
                request.session[_LOADED_REPORT] = establishment_job_report(
                    report, encoding=stream.encoding
                ).as_json()
                return redirect("workforce:establishment_import")
            problems = list(report.problems[:MAX_LISTED_PROBLEMS])
            more = report.problem_count - len(problems)
            form.add_error("file", report.problems_sentence())
    return render(
        request,
        "workforce/imports/establishment.html",
        {
            "form": form,
            "problems": problems,
            "more_problems": more,
            "loaded": request.session.pop(_LOADED_REPORT, None)
            if request.method == "GET"
            else None,
            "columns": COLUMNS,
            "remit": access.workforce_remit_of(request.user),
            "background_over": megabytes(INLINE_MAX_BYTES),
        },
    )


def _in_background(
    request: AuthenticatedRequest, form: EstablishmentUploadForm, uploaded: UploadedFile
) -> HttpResponse | None:
    """The redirect to the job's page, or None with the reason on the form."""
    try:
        job = import_job_start(
            actor=request.user,
            kind=ESTABLISHMENT_JOB_KIND,
            uploaded=uploaded,
            task=establishment_upload_load,
        )
    except ValidationError as error:
        form.add_error("file", error)
        return None
    return redirect("workforce:establishment_import_job", pk=job.pk)


@access_required(access.can_manage_workforce)
def establishment_import_job(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A background load's progress, then its report: for the person who uploaded it and the
    workforce managers who work across every partner; anyone else is told there is no such
    page."""
    job = import_job_for_user(
        request.user,
        pk,
        kind_prefix=ESTABLISHMENT_JOB_KIND,
        others=access.can_view_others_establishment_imports,
    )
    return render(
        request,
        "core/import_job.html",
        {
            **import_job_page(job),
            "title": "Load the establishment",
            "back_url": reverse("workforce:home"),
            "back_text": "Back to the workforce",
            "again_url": reverse("workforce:establishment_import"),
        },
    )


urls: list[URLPattern] = [
    path("establishment/import/", establishment_import, name="establishment_import"),
    path(
        "establishment/import/<int:pk>/",
        establishment_import_job,
        name="establishment_import_job",
    ),
]
