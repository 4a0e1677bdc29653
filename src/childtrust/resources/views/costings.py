"""The costings pages: every service's cost, capacity, demand and expected benefit; one service's
figures with their sources and dates; the forms that keep them; and the duplication finder.

Everyone may open the services page and sees what their role allows (every partner's services,
or their own agency's); a service another partner runs answers 404 to those who may not see it.
Only those who keep the budget see the forms and may post. The duplication page compares
agencies, so it needs every partner's figures (resources/access.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.csv_files import csv_download
from childtrust.core.forms import form_write
from childtrust.core.http import found, posted, query_without_page
from childtrust.core.permissions import access_required
from childtrust.resources import access
from childtrust.resources.forms.costings import (
    CostingFilterForm,
    LocalityDemandForm,
    ServiceBenefitForm,
    ServiceCostingForm,
)
from childtrust.resources.models import ServiceCosting
from childtrust.resources.selectors import costings as selectors
from childtrust.resources.selectors.duplication import duplication_table
from childtrust.resources.services import costings as services

SERVICES_PER_PAGE = 25

COSTING_FORM_FIELDS = services.COSTING_FIELDS


@access_required(access.can_view_resources)
def service_list(request: AuthenticatedRequest) -> HttpResponse:
    form = CostingFilterForm(request.GET or None)
    costing_filter = form.to_filter()
    matching = selectors.costed_services_matching(request.user, costing_filter)
    page = Paginator(matching, SERVICES_PER_PAGE).get_page(request.GET.get("page"))
    rows = selectors.service_figures(page.object_list)
    return render(
        request,
        "resources/costings/service_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query_without_page(request),
            "filtered": costing_filter != selectors.CostingFilter(),
            "sees_all": access.can_view_every_partner(request.user),
            "can_see_duplication": access.can_view_duplication(request.user),
        },
    )


@access_required(access.can_view_resources)
def service_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    service = access.costed_service_for_user(request.user, slug)
    figures = selectors.service_figures_one(service)
    return render(
        request,
        "resources/costings/service_detail.html",
        {
            "service": service,
            "figures": figures,
            "can_manage": access.can_manage_resources(request.user),
        },
    )


@access_required(access.can_manage_resources)
def costing_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    service = access.costed_service_for_user(request.user, slug)
    costing: ServiceCosting | None = getattr(service, "costing", None)
    initial = {name: getattr(costing, name) for name in COSTING_FORM_FIELDS} if costing else {}
    form = ServiceCostingForm(posted(request), initial=initial)
    saved = form_write(
        request,
        form,
        lambda data: services.service_costing_set(actor=request.user, service=service, **data),
    )
    if saved is not None:
        messages.success(request, f"The costing of {service.name} has been saved.")
        return redirect("resources:costings_service", slug=service.slug)
    return render(
        request,
        "resources/costings/costing_form.html",
        {"form": form, "service": service, "costing": costing},
    )


@access_required(access.can_manage_resources)
def demand_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    service = access.costed_service_for_user(request.user, slug)
    initial: dict[str, Any] = {}
    existing = selectors.demand_of(service, locality_slug=request.GET.get("locality", ""))
    if existing is not None:
        initial = {
            "locality": existing.locality.slug,
            "children": existing.children,
            "source": existing.source,
            "as_of": existing.as_of,
        }
    form = LocalityDemandForm(posted(request), initial=initial)
    demand = form_write(
        request,
        form,
        lambda data: services.locality_demand_set(actor=request.user, service=service, **data),
    )
    if demand is not None:
        messages.success(
            request, f"The demand for {service.name} in {demand.locality} has been saved."
        )
        return redirect("resources:costings_service", slug=service.slug)
    return render(
        request,
        "resources/costings/demand_form.html",
        {"form": form, "service": service, "existing": existing},
    )


@access_required(access.can_manage_resources)
def demand_remove(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """GET asks "Are you sure?" with the figure; POST removes it."""
    service = access.costed_service_for_user(request.user, slug)
    demand = found(selectors.demand_of(service, pk=pk))
    locality = demand.locality.name
    if request.method == "POST":
        services.locality_demand_remove(actor=request.user, demand=demand)
        messages.success(request, f"The demand for {service.name} in {locality} has been removed.")
        return redirect("resources:costings_service", slug=service.slug)
    return render(
        request,
        "resources/costings/remove_confirm.html",
        {
            "service": service,
            "question": f"Are you sure you want to remove the demand in {locality}?",
            "figure": [
                ("Locality", locality),
                ("Children a year", f"{demand.children:,}"),
                ("Source", demand.source),
                ("As of", f"{demand.as_of.day} {demand.as_of:%B %Y}"),
            ],
            "consequence": f"The optimiser will no longer give {service.name} any children in "
            f"{locality}.",
            "button": "Remove the demand",
        },
    )


@access_required(access.can_manage_resources)
def benefit_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    service = access.costed_service_for_user(request.user, slug)
    initial: dict[str, Any] = {}
    existing = selectors.benefit_of(service, outcome_slug=request.GET.get("outcome", ""))
    if existing is not None:
        initial = {
            "outcome": existing.outcome.slug,
            "better_off_per_100": selectors.per_hundred(existing.benefit_per_child),
            "evidence_rating": existing.evidence_rating,
            "source": existing.source,
            "as_of": existing.as_of,
        }
    form = ServiceBenefitForm(posted(request), initial=initial)
    benefit = form_write(
        request,
        form,
        lambda data: services.service_benefit_set(
            actor=request.user, service=service, **ServiceBenefitForm.service_arguments(data)
        ),
    )
    if benefit is not None:
        messages.success(
            request, f"The expected benefit of {service.name} on {benefit.outcome} has been saved."
        )
        return redirect("resources:costings_service", slug=service.slug)
    return render(
        request,
        "resources/costings/benefit_form.html",
        {"form": form, "service": service, "existing": existing},
    )


@access_required(access.can_manage_resources)
def benefit_remove(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """GET asks "Are you sure?" with the figure; POST removes it."""
    service = access.costed_service_for_user(request.user, slug)
    benefit = found(selectors.benefit_of(service, pk=pk))
    outcome = benefit.outcome.name
    if request.method == "POST":
        services.service_benefit_remove(actor=request.user, benefit=benefit)
        messages.success(
            request, f"The expected benefit of {service.name} on {outcome} has been removed."
        )
        return redirect("resources:costings_service", slug=service.slug)
    return render(
        request,
        "resources/costings/remove_confirm.html",
        {
            "service": service,
            "question": f"Are you sure you want to remove the expected benefit on {outcome}?",
            "figure": [
                ("Outcome", outcome),
                (
                    "Better off per 100 supported",
                    str(selectors.per_hundred(benefit.benefit_per_child)),
                ),
                ("How strong is the evidence", benefit.get_evidence_rating_display()),
                ("Source", benefit.source),
                ("As of", f"{benefit.as_of.day} {benefit.as_of:%B %Y}"),
            ],
            "consequence": f"The optimiser will no longer count any benefit of {service.name} "
            f"on {outcome}.",
            "button": "Remove the expected benefit",
        },
    )


@access_required(access.can_view_duplication)
def duplication(request: AuthenticatedRequest) -> HttpResponse:
    label = request.GET.get("year", "")
    year = found(selectors.financial_year_labelled(label)) if label else None
    candidates = selectors.duplication_candidates(year)
    if request.GET.get("format") == "csv":
        rows = duplication_table(candidates)
        services.duplication_export_record(actor=request.user, rows=len(rows) - 1, year_label=label)
        suffix = f"-{label}" if label else ""
        return csv_download(rows, f"duplication{suffix}.csv")
    return render(
        request,
        "resources/costings/duplication.html",
        {
            "candidates": candidates,
            "total": selectors.duplication_total_saving(candidates),
            "year": year,
            "years": selectors.financial_years_for_choice(),
            "query": request.GET.urlencode(),
        },
    )


urlpatterns: list[URLPattern] = [
    path("services/", service_list, name="costings_services"),
    path("services/<slug:slug>/", service_detail, name="costings_service"),
    path("services/<slug:slug>/costing/", costing_edit, name="costings_costing_edit"),
    path("services/<slug:slug>/demand/", demand_edit, name="costings_demand_edit"),
    path(
        "services/<slug:slug>/demand/<int:pk>/remove/",
        demand_remove,
        name="costings_demand_remove",
    ),
    path("services/<slug:slug>/benefits/", benefit_edit, name="costings_benefit_edit"),
    path(
        "services/<slug:slug>/benefits/<int:pk>/remove/",
        benefit_remove,
        name="costings_benefit_remove",
    ),
    path("duplication/", duplication, name="duplication"),
]
