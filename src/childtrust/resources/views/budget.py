"""The budget pages: the resources index, a year's budget, contributions, budget lines and spend.

Everyone may open a year's page and see what their role allows (every partner's lines, or their
own agency's); only those who keep the budget see the forms and may post (resources/access.py).
Each write goes through its service with form_write, which puts a refusal on the form."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.access import import_job_for_user
from childtrust.core.charts import PairedBar, paired_bar_chart
from childtrust.core.csv_files import csv_download
from childtrust.core.forms import form_write, megabytes
from childtrust.core.http import found, posted
from childtrust.core.import_jobs import INLINE_MAX_BYTES, import_job_page, import_job_start
from childtrust.core.import_problems import RowProblem
from childtrust.core.models import ImportJob
from childtrust.core.permissions import access_required, require
from childtrust.resources import access
from childtrust.resources.budget_rules import financial_year_ends_on
from childtrust.resources.forms.budget import (
    BudgetLineForm,
    ContributionForm,
    FinancialYearForm,
    MonthlySpendForm,
    SpendUploadForm,
)
from childtrust.resources.forms.budget_filter import BudgetLinesFilterForm
from childtrust.resources.models import FinancialYear
from childtrust.resources.selectors import budget as selectors
from childtrust.resources.services import budget as services
from childtrust.resources.services import spend as spend_services
from childtrust.resources.tasks import SPEND_JOB_KIND, spend_upload_load
from childtrust.resources.templatetags.money import pounds

# A file with hundreds of bad lines usually has one mistake repeated: the first hundred show it.
MAX_LISTED_PROBLEMS = 100
MILLION = Decimal("1000000")


def _year(label: str) -> FinancialYear:
    return found(selectors.financial_year_with_label(label))


@access_required(access.can_view_resources)
def index(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "resources/index.html",
        {
            "years": list(selectors.financial_years()),
            "can_manage": access.can_manage_resources(request.user),
        },
    )


@access_required(access.can_manage_resources)
def year_add(request: AuthenticatedRequest) -> HttpResponse:
    form = FinancialYearForm(posted(request))
    year = form_write(
        request,
        form,
        lambda data: services.financial_year_create(actor=request.user, **data),
    )
    if year is not None:
        messages.success(request, f"The financial year {year} has been added.")
        return redirect("resources:budget_year", label=year.label)
    return render(request, "resources/budget/year_form.html", {"form": form})


# --- A year's page


def _partner_chart(overview: selectors.YearOverview) -> SafeString | None:
    partners = [p for p in overview.partners if p.lines]
    if not partners:
        return None
    return paired_bar_chart(
        [
            PairedBar(
                label=p.label,
                first=float(p.budget / MILLION),
                second=float(p.forecast / MILLION),
            )
            for p in partners
        ],
        first_name="Budget",
        second_name="Forecast outturn",
        chart_id="budget-forecast-by-partner",
        title=f"Budget and forecast outturn by partner, {overview.year}",
        description=_chart_sentence(overview),
        x_label="£ million",
    )


def _chart_sentence(overview: selectors.YearOverview) -> str:
    partners = [p for p in overview.partners if p.lines]
    over = [p.label for p in partners if p.heading_for_overspend]
    direction = "over" if overview.variance > 0 else "under"
    sentence = (
        f"Across the {len(partners)} partner{'s' if len(partners) != 1 else ''} shown, the "
        f"forecast outturn is {pounds(overview.forecast)} against a budget of "
        f"{pounds(overview.budget)}, {pounds(abs(overview.variance))} {direction}. "
    )
    if over:
        sentence += f"Forecast to spend more than their budget: {', '.join(over)}."
    else:
        sentence += "No partner is forecast to spend more than its budget."
    return sentence


def _year_csv(request: AuthenticatedRequest, overview: selectors.YearOverview) -> HttpResponse:
    rows = selectors.year_overview_csv_rows(overview)
    services.budget_export_record(
        actor=request.user, year=overview.year, view="budget_year", rows=len(rows) - 1
    )
    return csv_download(rows, f"budget-{overview.year.label}.csv")


@access_required(access.can_view_resources)
def year_detail(request: AuthenticatedRequest, label: str) -> HttpResponse:
    year = _year(label)
    overview = selectors.year_overview(request.user, year)
    if request.GET.get("format") == "csv":
        return _year_csv(request, overview)
    lines_filter = BudgetLinesFilterForm(
        request.GET or None,
        partners=[(p.agency.slug, p.agency.name) for p in overview.partners],
    )
    lines = lines_filter.chosen(overview.lines)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "resources/budget/year.html",
        {
            "overview": overview,
            "year": year,
            "ends_on": financial_year_ends_on(year),
            "chart": _partner_chart(overview),
            "chart_sentence": _chart_sentence(overview),
            "can_manage": access.can_manage_resources(request.user),
            "overspend_tolerance": selectors.OVERSPEND_TOLERANCE * 100,
            "underspend_tolerance": selectors.UNDERSPEND_TOLERANCE * 100,
            "contents": _year_contents(overview),
            "form": lines_filter,
            "page": Paginator(lines, LINES_PAGE_SIZE).get_page(request.GET.get("page")),
            "query": query.urlencode(),
        },
    )


# The year's page is long (issue 14): a contents list, and its lines filtered, 25 to a page.
LINES_PAGE_SIZE = 25


def _year_contents(overview: selectors.YearOverview) -> list[tuple[str, str]]:
    """The year page's sections that have something to show, for its contents list."""
    sections = [
        ("budget-summary", "Summary", bool(overview.lines or overview.contributions)),
        ("budget-partners", "By partner", bool(overview.partners)),
        ("budget-lines", "Budget lines", True),
        ("budget-statutory", "Statutory minimums", bool(overview.statutory_lines)),
        ("budget-contributions", "Contributions", True),
        ("budget-ring-fences", "Ring-fenced money", bool(overview.ring_fences)),
    ]
    return [(anchor, words) for anchor, words, shown in sections if shown]


# --- Contributions


@access_required(access.can_manage_resources)
def contribution_add(request: AuthenticatedRequest, label: str) -> HttpResponse:
    year = _year(label)
    form = ContributionForm(posted(request), year=year)
    contribution = form_write(
        request,
        form,
        lambda data: services.contribution_create(actor=request.user, year=year, **data),
    )
    if contribution is not None:
        messages.success(
            request,
            f"{contribution.agency}'s contribution of "
            f"{pounds(contribution.amount)} has been added.",
        )
        return redirect("resources:budget_year", label=year.label)
    return render(
        request,
        "resources/budget/contribution_form.html",
        {"form": form, "year": year, "contribution": None},
    )


@access_required(access.can_manage_resources)
def contribution_edit(request: AuthenticatedRequest, label: str, pk: int) -> HttpResponse:
    year = _year(label)
    contribution = access.contribution_for_user(request.user, pk, year=year)
    initial = {
        "kind": contribution.kind,
        "amount": contribution.amount,
        "ring_fenced_service": contribution.ring_fenced_service,
        "description": contribution.description,
    }
    form = ContributionForm(posted(request), year=year, editing=True, initial=initial)
    updated = form_write(
        request,
        form,
        lambda data: services.contribution_update(
            actor=request.user, contribution=contribution, **data
        ),
    )
    if updated is not None:
        messages.success(request, f"{updated.agency}'s contribution has been updated.")
        return redirect("resources:budget_year", label=year.label)
    return render(
        request,
        "resources/budget/contribution_form.html",
        {"form": form, "year": year, "contribution": contribution},
    )


# --- Budget lines


@access_required(access.can_manage_resources)
def line_add(request: AuthenticatedRequest, label: str) -> HttpResponse:
    year = _year(label)
    form = BudgetLineForm(posted(request), year=year)
    line = form_write(
        request,
        form,
        lambda data: services.budget_line_create(actor=request.user, year=year, **data),
    )
    if line is not None:
        messages.success(request, f"The budget line for {line.service} has been added.")
        return redirect("resources:budget_line", label=year.label, pk=line.pk)
    return render(
        request, "resources/budget/line_form.html", {"form": form, "year": year, "line": None}
    )


@access_required(access.can_manage_resources)
def line_edit(request: AuthenticatedRequest, label: str, pk: int) -> HttpResponse:
    year = _year(label)
    line = access.budget_line_for_user(request.user, pk, year=year)
    initial = {
        "budget": line.budget,
        "statutory_minimum": line.statutory_minimum,
        "statutory_basis": line.statutory_basis,
    }
    form = BudgetLineForm(posted(request), year=year, editing=True, initial=initial)
    updated = form_write(
        request,
        form,
        lambda data: services.budget_line_update(actor=request.user, line=line, **data),
    )
    if updated is not None:
        messages.success(request, f"The budget line for {line.service} has been updated.")
        return redirect("resources:budget_line", label=year.label, pk=line.pk)
    return render(
        request, "resources/budget/line_form.html", {"form": form, "year": year, "line": line}
    )


@access_required(access.can_view_resources)
def line_detail(request: AuthenticatedRequest, label: str, pk: int) -> HttpResponse:
    """The line's figures and months; those who keep the budget record a month's spend here."""
    year = _year(label)
    line = access.budget_line_for_user(request.user, pk, year=year)
    can_manage = access.can_manage_resources(request.user)
    if request.method == "POST":
        require(can_manage, to=spend_services.RECORD_SPEND)
    today = timezone.localdate()
    form = MonthlySpendForm(posted(request), line=line, today=today) if can_manage else None
    if form is not None:
        spend = form_write(
            request,
            form,
            lambda data: spend_services.monthly_spend_record(
                actor=request.user, line=line, today=today, **data
            ),
        )
        if spend is not None:
            messages.success(
                request,
                f"Spend of {pounds(spend.amount)} for {spend.month:%B %Y} has been recorded.",
            )
            return redirect("resources:budget_line", label=year.label, pk=line.pk)
    [figures] = selectors.line_figures([line])
    return render(
        request,
        "resources/budget/line.html",
        {
            "year": year,
            "line": line,
            "figures": figures,
            "months": selectors.line_months(line),
            "form": form,
            "can_manage": can_manage,
        },
    )


# --- Uploading a spend file


@access_required(access.can_manage_resources)
def spend_upload(request: AuthenticatedRequest, label: str) -> HttpResponse:
    """A file up to INLINE_MAX_BYTES is loaded in the request and its report shown at once; a
    larger one is stored and loaded by the background worker, and the page answers at once with
    the job's page, which shows its progress and then its report."""
    year = _year(label)
    problems: list[RowProblem] = []
    more = 0
    form = SpendUploadForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        if (uploaded.size or 0) > INLINE_MAX_BYTES:
            job = _spend_upload_start(request, form, label=year.label, uploaded=uploaded)
            if job is not None:
                return redirect("resources:budget_spend_upload_job", label=year.label, pk=job.pk)
            return _spend_upload_form(request, form, year)
        report = spend_services.monthly_spend_import(
            actor=request.user,
            year=year,
            rows=form.csv_stream.rows,
            source_name=uploaded.name or "spend.csv",
        )
        if report.ok:
            messages.success(request, report.summary())
            return redirect("resources:budget_year", label=year.label)
        problems = report.problems[:MAX_LISTED_PROBLEMS]
        more = report.problem_count - len(problems)
        form.add_error("file", report.problems_sentence())
    return _spend_upload_form(request, form, year, problems=problems, more=more)


def _spend_upload_start(
    request: AuthenticatedRequest, form: SpendUploadForm, *, label: str, uploaded: UploadedFile
) -> ImportJob | None:
    """The background job, or None with the reason on the form (the file could not be queued)."""
    try:
        return import_job_start(
            actor=request.user,
            kind=SPEND_JOB_KIND,
            uploaded=uploaded,
            task=spend_upload_load,
            options={"year": label},
        )
    except ValidationError as error:
        form.add_error("file", error)
        return None


def _spend_upload_form(
    request: AuthenticatedRequest,
    form: SpendUploadForm,
    year: FinancialYear,
    *,
    problems: list[RowProblem] | None = None,
    more: int = 0,
) -> HttpResponse:
    return render(
        request,
        "resources/budget/upload.html",
        {
            "form": form,
            "year": year,
            "problems": problems or [],
            "more_problems": more,
            "background_over": megabytes(INLINE_MAX_BYTES),
        },
    )


@access_required(access.can_view_resources)
def spend_upload_job(request: AuthenticatedRequest, label: str, pk: int) -> HttpResponse:
    """A background spend upload's progress, then its report: for the person who uploaded it
    and those who see every partner's budget (the file holds every partner's spend); anyone
    else is told there is no such page."""
    year = _year(label)
    job = import_job_for_user(
        request.user, pk, kind_prefix=SPEND_JOB_KIND, others=access.can_view_every_partner
    )
    if job.options.get("year") != year.label:
        raise Http404("No such import")
    return render(
        request,
        "core/import_job.html",
        {
            **import_job_page(job),
            "title": f"Upload monthly spend: budget {year.label}",
            "back_url": reverse("resources:budget_year", kwargs={"label": year.label}),
            "back_text": f"Back to the budget for {year.label}",
            "again_url": reverse("resources:budget_spend_upload", kwargs={"label": year.label}),
        },
    )


_YEAR = "budget/<str:label>/"

urlpatterns: list[URLPattern] = [
    path("", index, name="index"),
    path("budget/new/", year_add, name="budget_year_add"),
    path(_YEAR, year_detail, name="budget_year"),
    path(f"{_YEAR}contributions/new/", contribution_add, name="budget_contribution_add"),
    path(
        f"{_YEAR}contributions/<int:pk>/edit/", contribution_edit, name="budget_contribution_edit"
    ),
    path(f"{_YEAR}lines/new/", line_add, name="budget_line_add"),
    path(f"{_YEAR}lines/<int:pk>/", line_detail, name="budget_line"),
    path(f"{_YEAR}lines/<int:pk>/edit/", line_edit, name="budget_line_edit"),
    path(f"{_YEAR}spend/upload/", spend_upload, name="budget_spend_upload"),
    path(f"{_YEAR}spend/upload/<int:pk>/", spend_upload_job, name="budget_spend_upload_job"),
]
