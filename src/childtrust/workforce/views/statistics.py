"""The national workforce statistics' pages: the partnership beside its region, England and its
comparator authorities for every measure in the latest year; one measure over the years (a
chart, its table and a sentence); loading the statistics' open data file (a small file in the
request, a large one in the background with its progress); choosing the comparators.

Those who see the workforce measures read the comparisons; only a workforce manager who works
across every partner loads the file and chooses the comparators (workforce/access.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.access import import_job_for_user
from childtrust.core.forms import form_write, megabytes
from childtrust.core.http import posted
from childtrust.core.import_jobs import INLINE_MAX_BYTES, import_job_page, import_job_start
from childtrust.core.import_problems import RowProblem
from childtrust.core.permissions import access_required
from childtrust.workforce import access
from childtrust.workforce.definitions import WorkforceMeasure
from childtrust.workforce.forms.statistics import ComparatorsForm, StatisticsUploadForm
from childtrust.workforce.selectors import statistics as selectors
from childtrust.workforce.selectors.statistics_measure import measure_page
from childtrust.workforce.selectors.statistics_pages import NOT_SET, index_page
from childtrust.workforce.services.statistics_comparators import workforce_comparators_set
from childtrust.workforce.services.statistics_import import workforce_statistics_load
from childtrust.workforce.statistics_tasks import (
    STATISTICS_JOB_KIND,
    statistics_job_report,
    statistics_upload_load,
)

# A file with thousands of bad lines usually has one mistake repeated: the first hundred show it.
MAX_LISTED_PROBLEMS = 100
_LOADED_REPORT = "workforce_statistics_loaded"


@access_required(access.can_view_workforce_measures)
def statistics(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "workforce/statistics/index.html",
        {
            "page": index_page(),
            "not_set": NOT_SET,
            "can_manage": access.can_manage_whole_workforce(request.user),
        },
    )


@access_required(access.can_view_workforce_measures)
def statistic(request: AuthenticatedRequest, measure: str) -> HttpResponse:
    if measure not in WorkforceMeasure.values:
        raise Http404("No such measure")
    return render(
        request,
        "workforce/statistics/measure.html",
        {"page": measure_page(WorkforceMeasure(measure)), "not_set": NOT_SET},
    )


# --- Loading the open data file --------------------------------------------------------------


@access_required(access.can_manage_whole_workforce)
def statistics_import(request: AuthenticatedRequest) -> HttpResponse:
    """A file up to INLINE_MAX_BYTES is loaded in the request, and the page shows its report
    once (kept in the session across the redirect); a larger one is stored and loaded by the
    background worker, and the page answers at once with the job's page."""
    problems: list[RowProblem] = []
    more = 0
    form = StatisticsUploadForm(
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
            report = workforce_statistics_load(
                actor=request.user, rows=stream.rows, source_name=uploaded.name or "statistics.csv"
            )
            if report.ok:
                request.session[_LOADED_REPORT] = statistics_job_report(
                    report, encoding=stream.encoding
                ).as_json()
                return redirect("workforce:statistics_import")
            problems = report.problems[:MAX_LISTED_PROBLEMS]
            more = report.problem_count - len(problems)
            form.add_error("file", report.problems_sentence())
    return render(
        request,
        "workforce/statistics/import.html",
        {
            "form": form,
            "problems": problems,
            "more_problems": more,
            "loaded": request.session.pop(_LOADED_REPORT, None)
            if request.method == "GET"
            else None,
            "background_over": megabytes(INLINE_MAX_BYTES),
        },
    )


def _in_background(
    request: AuthenticatedRequest, form: StatisticsUploadForm, uploaded: UploadedFile
) -> HttpResponse | None:
    """The redirect to the job's page, or None with the reason on the form."""
    try:
        job = import_job_start(
            actor=request.user,
            kind=STATISTICS_JOB_KIND,
            uploaded=uploaded,
            task=statistics_upload_load,
        )
    except ValidationError as error:
        form.add_error("file", error)
        return None
    return redirect("workforce:statistics_import_job", pk=job.pk)


@access_required(access.can_manage_whole_workforce)
def statistics_import_job(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A background load's progress, then its report: for the person who uploaded it and the
    other workforce managers who work across every partner."""
    job = import_job_for_user(
        request.user, pk, kind_prefix=STATISTICS_JOB_KIND, others=access.can_manage_whole_workforce
    )
    return render(
        request,
        "core/import_job.html",
        {
            **import_job_page(job),
            "title": "Load the national workforce statistics",
            "back_url": reverse("workforce:statistics"),
            "back_text": "Back to the national comparison",
            "again_url": reverse("workforce:statistics_import"),
        },
    )


# --- Comparators -------------------------------------------------------------------------------


@access_required(access.can_manage_whole_workforce)
def comparators(request: AuthenticatedRequest) -> HttpResponse:
    authorities = selectors.authorities_held()
    chosen = [comparator.area_code for comparator in selectors.comparators_chosen()]
    form = ComparatorsForm(posted(request), authorities=authorities, initial={"area_codes": chosen})
    saved = form_write(
        request,
        form,
        lambda data: workforce_comparators_set(actor=request.user, area_codes=data["area_codes"]),
    )
    if saved is not None:
        names = ", ".join(comparator.area_name for comparator in saved)
        messages.success(
            request,
            f"The comparator authorities are now {names}."
            if saved
            else "No comparator authorities are chosen now.",
        )
        return redirect("workforce:statistics")
    return render(
        request,
        "workforce/statistics/comparators.html",
        {
            "form": form,
            "authorities": authorities,
            "authority": selectors.partnership_authority(),
        },
    )


urls: list[URLPattern] = [
    path("national/", statistics, name="statistics"),
    path("national/import/", statistics_import, name="statistics_import"),
    path("national/import/<int:pk>/", statistics_import_job, name="statistics_import_job"),
    path("national/comparators/", comparators, name="comparators"),
    path("national/<str:measure>/", statistic, name="statistic"),
]
