"""The allocation pages: the runs of each year and the form to run a new one, a run's result
(with its lines as CSV, and proposing it to the board), and the founding alternatives.

Running an allocation is a plain POST that redirects to the result: the solve takes well under
a second for a partnership of a few hundred services (see docs/benchmarks.md), so no background
task or progress page is needed."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from childtrust.accounts.permissions import Capability, capability_required, has_capability
from childtrust.partnership.forms import add_service_errors
from childtrust.resources.forms.allocation import AllocationRunForm
from childtrust.resources.models import AllocationRun, AllocationStatus, FinancialYear
from childtrust.resources.selectors import allocation as selectors
from childtrust.resources.services import allocation as services
from childtrust.resources.views._shared import acting_user


@capability_required(Capability.VIEW_OWN_RESOURCES)
def allocation_index(request: HttpRequest) -> HttpResponse:
    can_run = has_capability(request.user, Capability.MANAGE_RESOURCES)
    form: AllocationRunForm | None = None
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied
        form = AllocationRunForm(request.POST)
        if form.is_valid():
            try:
                run = services.allocation_run(actor=acting_user(request), **form.run_arguments())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if run.status == AllocationStatus.OPTIMAL:
                    messages.success(request, f"“{run.name}” has been run: the result is below.")
                else:
                    messages.warning(
                        request,
                        f"“{run.name}” has been run, but no allocation meets every constraint. "
                        "The reasons are below.",
                    )
                return redirect("resources:allocation_detail", pk=run.pk)
    elif can_run:
        form = AllocationRunForm()
    return render(
        request,
        "resources/allocation/index.html",
        {"years": selectors.allocation_runs_by_year(), "form": form, "can_run": can_run},
    )


@capability_required(Capability.VIEW_OWN_RESOURCES)
def allocation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(AllocationRun.objects.select_related("year", "created_by"), pk=pk)
    scope = selectors.line_scope_for(request.user)
    if request.GET.get("format") == "csv":
        rows = selectors.allocation_csv_rows(run, scope)
        services.allocation_export_record(actor=acting_user(request), run=run, rows=len(rows) - 1)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="allocation-{run.pk}.csv"'
        response.write("\ufeff")  # lets spreadsheet programs read the pound sign
        csv.writer(response).writerows(rows)
        return response
    return render(
        request,
        "resources/allocation/detail.html",
        {
            "page": selectors.allocation_result_page(run, scope),
            "run": run,
            "floor_percent": run.locality_floor_share * 100,
            "can_propose": has_capability(request.user, Capability.MANAGE_RESOURCES)
            and run.status == AllocationStatus.OPTIMAL
            and not run.proposed,
        },
    )


@capability_required(Capability.MANAGE_RESOURCES)
@require_POST
def allocation_propose(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(AllocationRun.objects.select_related("year"), pk=pk)
    try:
        services.allocation_propose(actor=acting_user(request), run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"“{run.name}” is now the proposed allocation for {run.year.label}."
        )
    return redirect("resources:allocation_detail", pk=pk)


@capability_required(Capability.VIEW_OWN_RESOURCES)
def alternatives(request: HttpRequest, label: str) -> HttpResponse:
    """Solved afresh on the data held now, with the settings of the year's proposed allocation
    (or no locality floor and whole blocks, when none is proposed)."""
    year = get_object_or_404(FinancialYear, label=label)
    proposed = selectors.proposed_allocation(year)
    floor = float(proposed.locality_floor_share) if proposed is not None else 0.0
    whole_blocks = proposed.whole_blocks if proposed is not None else True
    problem, warnings = selectors.allocation_problem_for_year(
        year, locality_floor_share=floor, whole_blocks=whole_blocks
    )
    summary = services.alternatives_summary(services.founding_alternatives(problem))
    localities = [
        {"id": key, "name": problem.locality_names.get(key, str(key))} for key in problem.localities
    ]
    return render(
        request,
        "resources/allocation/alternatives.html",
        {
            "year": year,
            "proposed": proposed,
            "floor_percent": floor * 100,
            "whole_blocks": whole_blocks,
            "warnings": warnings,
            "page": selectors.alternatives_view(summary, localities),
            "budget": problem.budget,
            "has_services": bool(problem.services),
        },
    )


urlpatterns: list[URLPattern] = [
    path("allocation/", allocation_index, name="allocation_index"),
    path("allocation/<int:pk>/", allocation_detail, name="allocation_detail"),
    path("allocation/<int:pk>/propose/", allocation_propose, name="allocation_propose"),
    path("alternatives/<str:label>/", alternatives, name="alternatives"),
]
