"""The allocation pages: the runs of each year and the form to run a new one, a run's result
(with its lines as CSV, and proposing it to the board), and the founding alternatives.

Running an allocation is a plain POST that queues the run and redirects to its page: the work
(the allocation, the budget cut and raised by 10%, each agency on its own) is done in the
background by `childtrust worker` (resources/tasks.py), since at 2,000 services it takes 15
seconds or more (docs/benchmarks.md). While the run waits or works, its page says which stage it
is at, with a "Check progress" link (no JavaScript needed); with JavaScript it checks by itself
every few seconds and shows the result when it is in (core/static/childtrust/progress.js)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.csv_files import csv_download
from childtrust.core.forms import form_write
from childtrust.core.http import found
from childtrust.core.permissions import access_required, require
from childtrust.resources import access, tasks
from childtrust.resources.forms.allocation import AllocationRunForm
from childtrust.resources.models import AllocationRun, AllocationStage, AllocationStatus
from childtrust.resources.selectors import allocation as selectors
from childtrust.resources.selectors.allocation_page import (
    allocation_result_page,
    alternatives_view,
)
from childtrust.resources.selectors.budget import financial_year_with_label
from childtrust.resources.services import allocation as services

UNFINISHED = (AllocationStatus.QUEUED, AllocationStatus.RUNNING)
REFRESH_SECONDS = 3


def _started_message(request: HttpRequest, run: AllocationRun) -> None:
    if run.status == AllocationStatus.OPTIMAL:
        messages.success(request, f"“{run.name}” has been run: the result is below.")
    elif run.status == AllocationStatus.INFEASIBLE:
        messages.warning(
            request,
            f"“{run.name}” has been run, but no allocation meets every constraint. "
            "The reasons are below.",
        )
    elif run.status == AllocationStatus.FAILED:
        messages.error(request, f"“{run.name}” could not be worked out. The reason is below.")
    else:
        messages.info(
            request,
            f"“{run.name}” is being worked out. This page shows how far it has got and "
            "shows the result when it is in.",
        )


def _run(pk: int) -> AllocationRun:
    return found(selectors.allocation_runs_with_summary().filter(pk=pk).first())


@access_required(access.can_view_resources)
def allocation_index(request: AuthenticatedRequest) -> HttpResponse:
    can_run = access.can_manage_resources(request.user)
    form: AllocationRunForm | None = None
    if request.method == "POST":
        require(can_run, to=services.RUN_ALLOCATIONS)
        form = AllocationRunForm(request.POST)
        run = form_write(
            request,
            form,
            lambda data: tasks.allocation_start(
                actor=request.user, **AllocationRunForm.run_arguments(data)
            ),
        )
        if run is not None:
            _started_message(request, run)
            return redirect("resources:allocation_detail", pk=run.pk)
    elif can_run:
        form = AllocationRunForm()
    return render(
        request,
        "resources/allocation/index.html",
        {"years": selectors.allocation_runs_by_year(), "form": form, "can_run": can_run},
    )


@access_required(access.can_view_resources)
def allocation_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    scope = access.figures_visible_to(request.user)
    if run.status in (*UNFINISHED, AllocationStatus.FAILED):
        return render(
            request,
            "resources/allocation/waiting.html",
            {
                "run": run,
                "floor_percent": run.locality_floor_share * 100,
                "unfinished": run.status in UNFINISHED,
                "stage": AllocationStage(run.stage).label
                if run.stage in AllocationStage.values
                else "",
                "refresh_seconds": REFRESH_SECONDS,
            },
        )
    if request.GET.get("format") == "csv":
        rows = selectors.allocation_csv_rows(run, scope)
        services.allocation_export_record(actor=request.user, run=run, rows=len(rows) - 1)
        return csv_download(rows, f"allocation-{run.pk}.csv")
    return render(
        request,
        "resources/allocation/detail.html",
        {
            "page": allocation_result_page(run, scope),
            "run": run,
            "floor_percent": run.locality_floor_share * 100,
            "can_run": access.can_manage_resources(request.user),
            "can_propose": access.can_manage_resources(request.user)
            and run.status == AllocationStatus.OPTIMAL
            and not run.proposed,
        },
    )


@access_required(access.can_manage_resources)
@require_POST
def allocation_propose(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A button on the result page: a refusal (an infeasible run, one already proposed) is
    shown there as a message."""
    run = _run(pk)
    form = forms.Form(request.POST)  # nothing to ask: the button only confirms
    if form_write(
        request, form, lambda _: services.allocation_propose(actor=request.user, run=run)
    ):
        messages.success(
            request, f"“{run.name}” is now the proposed allocation for {run.year.label}."
        )
    else:
        messages.error(request, " ".join(str(problem) for problem in form.non_field_errors()))
    return redirect("resources:allocation_detail", pk=pk)


@access_required(access.can_view_resources)
def alternatives(request: AuthenticatedRequest, label: str) -> HttpResponse:
    """The founding alternatives as worked out with the year's proposed allocation (or, with
    none proposed, its latest run that meets every constraint): stored figures, nothing solved
    on a GET. Those who manage resources may work them out again on the data held now (a POST
    that queues a new run with the same settings)."""
    year = found(financial_year_with_label(label))
    run = selectors.alternatives_run(year)
    can_run = access.can_manage_resources(request.user)
    if request.method == "POST":
        require(can_run, to=services.RUN_ALLOCATIONS)
        proposed = selectors.proposed_allocation(year)
        settings_from = proposed or run
        fresh = tasks.allocation_start(
            actor=request.user,
            year=year,
            name=f"Founding alternatives {year.label}, worked out again",
            locality_floor_share=(
                settings_from.locality_floor_share if settings_from is not None else Decimal(0)
            ),
            whole_blocks=settings_from.whole_blocks if settings_from is not None else True,
        )
        _started_message(request, fresh)
        return redirect("resources:allocation_detail", pk=fresh.pk)
    scope = access.figures_visible_to(request.user)
    summary = (run.summary or {}) if run is not None else {}
    stored = summary.get("alternatives") or None
    return render(
        request,
        "resources/allocation/alternatives.html",
        {
            "year": year,
            "run": run,
            "floor_percent": run.locality_floor_share * 100 if run is not None else 0,
            "warnings": selectors.warnings_for(summary.get("warnings", []), scope),
            "page": (
                alternatives_view(stored, summary.get("localities", []), scope) if stored else None
            ),
            "can_run": can_run,
        },
    )


urlpatterns: list[URLPattern] = [
    path("allocation/", allocation_index, name="allocation_index"),
    path("allocation/<int:pk>/", allocation_detail, name="allocation_detail"),
    path("allocation/<int:pk>/propose/", allocation_propose, name="allocation_propose"),
    path("alternatives/<str:label>/", alternatives, name="alternatives"),
]
