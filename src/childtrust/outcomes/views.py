"""Outcomes pages: the indicators held and keeping them, and uploading a file of indicator data."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from childtrust.accounts.models import User
from childtrust.core.csv_files import csv_download
from childtrust.core.permissions import Capability, capability_required, has_capability
from childtrust.outcomes import profiles, selectors, services
from childtrust.outcomes.forms import (
    INDICATOR_FORM_FIELDS,
    FileKind,
    IndicatorForm,
    IndicatorUploadForm,
)
from childtrust.outcomes.indicator_page import indicator_page, indicator_page_csv_rows
from childtrust.outcomes.models import Area, Indicator
from childtrust.outcomes.services import (
    ImportReport,
    RowProblem,
    indicator_data_import,
    indicator_export_record,
    local_counts_import,
)

INDICATORS_PER_PAGE = 50
# A file with thousands of bad lines usually has one mistake repeated: the first hundred show it
# without burying the page.
MAX_LISTED_PROBLEMS = 100
_UPLOAD_REPORT = "outcomes_upload_report"


@capability_required(Capability.VIEW_PARTNERSHIP)
def index(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.indicators_held(), INDICATORS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "outcomes/index.html",
        {
            "page": page,
            "query": "",
            "can_upload": has_capability(request.user, Capability.MANAGE_OUTCOMES),
            "can_edit": has_capability(request.user, Capability.MANAGE_OUTCOMES),
        },
    )


def _summary(report: ImportReport, *, kind: str, encoding: str) -> dict[str, object]:
    return {
        "file": report.source_name,
        "kind": FileKind(kind).label,
        "encoding": encoding,
        "rows": report.rows,
        "indicators_created": report.indicators_created,
        "indicators_updated": report.indicators_updated,
        "areas_created": report.areas_created,
        "areas_updated": report.areas_updated,
        "data_points_created": report.data_points_created,
        "data_points_updated": report.data_points_updated,
    }


@capability_required(Capability.MANAGE_OUTCOMES)
def upload(request: HttpRequest) -> HttpResponse:
    problems: list[RowProblem] = []
    if request.method == "POST":
        form = IndicatorUploadForm(request.POST, request.FILES)
        if form.is_valid():
            if not isinstance(request.user, User):
                raise PermissionDenied
            kind = form.cleaned_data["kind"]
            service = local_counts_import if kind == FileKind.LOCAL else indicator_data_import
            report = service(
                actor=request.user, rows=form.csv_file.rows, source_name=form.file_name
            )
            if report.ok:
                request.session[_UPLOAD_REPORT] = _summary(
                    report, kind=kind, encoding=form.csv_file.encoding
                )
                return redirect("outcomes:upload_done")
            problems = report.problems
            count = len(problems)
            form.add_error(
                "file",
                f"The file {form.file_name} has {count} problem{'s' if count != 1 else ''}. "
                "Nothing was loaded: correct every line listed and upload the whole file again",
            )
    else:
        form = IndicatorUploadForm()
    return render(
        request,
        "outcomes/upload.html",
        {
            "form": form,
            "problems": problems[:MAX_LISTED_PROBLEMS],
            "more_problems": max(0, len(problems) - MAX_LISTED_PROBLEMS),
        },
    )


@capability_required(Capability.MANAGE_OUTCOMES)
def upload_done(request: HttpRequest) -> HttpResponse:
    summary = request.session.pop(_UPLOAD_REPORT, None)
    if summary is None:
        return redirect("outcomes:upload")
    return render(request, "outcomes/upload_done.html", {"summary": summary})


# --- Indicator page


@capability_required(Capability.VIEW_PARTNERSHIP)
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(
        Indicator.objects.select_related("priority", "framework_indicator"), pk=pk
    )
    return render(
        request,
        "outcomes/indicator.html",
        {
            "page": indicator_page(indicator),
            "can_edit": has_capability(request.user, Capability.MANAGE_OUTCOMES),
        },
    )


@capability_required(Capability.MANAGE_OUTCOMES)
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(
        Indicator.objects.select_related("priority", "framework_indicator"), pk=pk
    )
    form = IndicatorForm(
        request.POST or None, initial=model_to_dict(indicator, fields=INDICATOR_FORM_FIELDS)
    )
    if request.method == "POST" and form.is_valid():
        if not isinstance(request.user, User):
            raise PermissionDenied
        try:
            services.indicator_update(actor=request.user, indicator=indicator, **form.cleaned_data)
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            messages.success(request, f"{indicator.name} has been updated.")
            return redirect("outcomes:indicator", pk=indicator.pk)
    return render(request, "outcomes/indicator_edit.html", {"form": form, "indicator": indicator})


@capability_required(Capability.VIEW_PARTNERSHIP)
def indicator_csv(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator, pk=pk)
    if not isinstance(request.user, User):
        raise PermissionDenied
    rows = indicator_page_csv_rows(indicator_page(indicator))
    indicator_export_record(actor=request.user, indicator=indicator, rows=len(rows) - 1)
    return csv_download(rows, f"indicator-{indicator.pk}.csv")


# --- Profile and locality views


def _csv_download(
    request: HttpRequest, *, content: str, filename: str, area: Area, view: str, rows: int
) -> HttpResponse:
    if not isinstance(request.user, User):
        raise PermissionDenied
    services.outcomes_export_record(actor=request.user, area=area, view=view, rows=rows)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@capability_required(Capability.VIEW_PARTNERSHIP)
def profile(request: HttpRequest) -> HttpResponse:
    area = profiles.profile_area(request.GET.get("area"))
    rows = profiles.profile_rows(area) if area is not None else []
    if area is not None and request.GET.get("format") == "csv":
        return _csv_download(
            request,
            content=profiles.profile_csv(area, rows),
            filename=profiles.profile_filename(area),
            area=area,
            view="profile",
            rows=len(rows),
        )
    return render(
        request,
        "outcomes/profile.html",
        {"area": area, "rows": rows, "authorities": list(profiles.local_authorities())},
    )


@capability_required(Capability.VIEW_PARTNERSHIP)
def locality(request: HttpRequest, slug: str) -> HttpResponse:
    page = profiles.locality_page(slug)
    if request.GET.get("format") == "csv":
        content, count = profiles.locality_csv(page)
        return _csv_download(
            request,
            content=content,
            filename=f"locality-{page.locality.slug}.csv",
            area=page.area,
            view="locality",
            rows=count,
        )
    return render(request, "outcomes/locality.html", {"page": page})


@capability_required(Capability.VIEW_PARTNERSHIP)
def localities(request: HttpRequest) -> HttpResponse:
    return render(
        request, "outcomes/localities.html", {"localities": profiles.localities_with_data()}
    )
