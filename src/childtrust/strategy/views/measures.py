"""The plan's measures and check-ins: the measures list (off trajectory first) and its CSV, a
measure's page with its chart of actual against trajectory, the forms to add and change a
measure and to enter a figure by hand, and an objective's check-ins with the owner's form.

Every signed-in role reads (access.can_view_strategy); strategic leads and administrators keep
the measures (access.can_manage_strategy); only the objective's owner in post records its
check-ins (access.can_record_check_in), so anyone else gets the 403 page there."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.csv_files import csv_download
from childtrust.core.forms import form_write
from childtrust.core.http import found, posted
from childtrust.core.permissions import access_required, require
from childtrust.strategy import access
from childtrust.strategy.forms import measures as measure_forms
from childtrust.strategy.models import MeasureSource
from childtrust.strategy.selectors import measure_pages as pages
from childtrust.strategy.selectors import measures as selectors
from childtrust.strategy.selectors.plan import plan_current
from childtrust.strategy.services import check_ins as check_in_services
from childtrust.strategy.services import measures as services
from childtrust.strategy.wording import day_words


@access_required(access.can_view_strategy)
def measures(request: AuthenticatedRequest) -> HttpResponse:
    plan = plan_current()
    rows = selectors.measures_by_status(plan, timezone.localdate(), request.user) if plan else []
    return render(
        request,
        "strategy/measures/list.html",
        {
            "plan": plan,
            "rows": rows,
            "off_count": sum(r.status == selectors.TrajectoryStatus.OFF_TRAJECTORY for r in rows),
        },
    )


@access_required(access.can_view_strategy)
def measures_csv(request: AuthenticatedRequest) -> HttpResponse:
    plan = found(plan_current())
    rows = pages.measures_csv_rows(
        selectors.measures_by_status(plan, timezone.localdate(), request.user)
    )
    return csv_download(rows, f"plan-{plan.start_year}-measures.csv")


@access_required(access.can_view_strategy)
def measure(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found_measure = found(selectors.measure_with_everything(pk))
    page = pages.measure_page(found_measure, timezone.localdate(), request.user)
    return render(
        request,
        "strategy/measures/measure.html",
        {
            "page": page,
            "measure": found_measure,
            "can_manage": access.can_manage_strategy(request.user),
            "manual": found_measure.source == MeasureSource.MANUAL,
        },
    )


@access_required(access.can_manage_strategy)
def measure_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    objective = found(selectors.objective_with_plan(pk))
    form = measure_forms.MeasureForm(posted(request), plan=objective.plan)
    created = form_write(
        request,
        form,
        lambda _data: services.measure_create(
            actor=request.user, objective=objective, **form.service_arguments()
        ),
    )
    if created is not None:
        messages.success(request, f"The measure “{created.title}” has been added.")
        return redirect("strategy:measure", pk=created.pk)
    return render(
        request, "strategy/measures/measure_form.html", {"form": form, "objective": objective}
    )


@access_required(access.can_manage_strategy)
def measure_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    existing = found(selectors.measure_with_everything(pk))
    objective = existing.objective
    form = measure_forms.MeasureForm(
        posted(request),
        plan=objective.plan,
        initial=measure_forms.MeasureForm.initial_for(existing),
    )
    saved = form_write(
        request,
        form,
        lambda _data: services.measure_update(
            actor=request.user, measure=existing, **form.service_arguments()
        ),
    )
    if saved is not None:
        messages.success(request, f"The measure “{saved.title}” has been saved.")
        return redirect("strategy:measure", pk=saved.pk)
    return render(
        request,
        "strategy/measures/measure_form.html",
        {"form": form, "objective": objective, "measure": existing},
    )


@access_required(access.can_manage_strategy)
def measure_reading_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    existing = found(selectors.measure_with_everything(pk))
    form = measure_forms.ReadingForm(posted(request))
    reading = form_write(
        request,
        form,
        lambda data: services.measure_reading_create(actor=request.user, measure=existing, **data),
    )
    if reading is not None:
        messages.success(
            request, f"The figure for {day_words(reading.measured_on)} has been added."
        )
        return redirect("strategy:measure", pk=existing.pk)
    return render(
        request,
        "strategy/measures/reading_form.html",
        {"form": form, "measure": existing, "manual": existing.source == MeasureSource.MANUAL},
    )


@access_required(access.can_view_strategy)
def check_ins(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    objective = found(selectors.objective_with_plan(pk))
    return render(
        request,
        "strategy/measures/check_ins.html",
        {
            "objective": objective,
            "check_ins": pages.check_in_rows(selectors.check_ins_of(objective)),
            "can_record": access.can_record_check_in(request.user, objective),
        },
    )


@access_required(access.can_view_strategy)
def check_in_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    objective = found(selectors.objective_with_plan(pk))
    require(
        access.can_record_check_in(request.user, objective),
        to="record a check-in on this objective",
    )
    form = measure_forms.CheckInForm(posted(request), today=timezone.localdate())
    check_in = form_write(
        request,
        form,
        lambda _data: check_in_services.check_in_create(
            actor=request.user, objective=objective, **form.service_arguments()
        ),
    )
    if check_in is not None:
        messages.success(request, f"Your check-in for {check_in.month:%B %Y} has been recorded.")
        return redirect("strategy:check_ins", pk=objective.pk)
    return render(
        request, "strategy/measures/check_in_form.html", {"form": form, "objective": objective}
    )


urls: list[URLPattern] = [
    path("measures/", measures, name="measures"),
    path("measures.csv", measures_csv, name="measures_csv"),
    path("measures/<int:pk>/", measure, name="measure"),
    path("measures/<int:pk>/edit/", measure_edit, name="measure_edit"),
    path("measures/<int:pk>/figures/new/", measure_reading_create, name="measure_reading_create"),
    path("objectives/<int:pk>/measures/new/", measure_create, name="measure_create"),
    path("objectives/<int:pk>/check-ins/", check_ins, name="check_ins"),
    path("objectives/<int:pk>/check-ins/new/", check_in_create, name="check_in_create"),
]
