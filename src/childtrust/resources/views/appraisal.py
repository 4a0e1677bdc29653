"""The appraisal pages: the list of decision records, one record with its figures (and a CSV of
them), and the forms to open a record, add and change options, add and remove risks, and record
the decision.

Everyone who may see resources (VIEW_OWN_RESOURCES: every role) may read every appraisal: an
appraisal is the partnership's decision and the reasons for it, not one agency's budget, and the
staff it affects should be able to see why it was made. Only MANAGE_RESOURCES (strategic leads
and finance officers) may write."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path

from childtrust.core.csv_files import csv_download
from childtrust.core.forms import add_service_errors
from childtrust.core.permissions import Capability, capability_required, has_capability
from childtrust.resources.forms import appraisal as appraisal_forms
from childtrust.resources.models import AppraisalOption, AppraisalStatus, OptionRisk
from childtrust.resources.selectors import appraisal as selectors
from childtrust.resources.services import appraisal as services
from childtrust.resources.views._shared import acting_user, posted

_Written = TypeVar("_Written")


def _written(
    request: HttpRequest, form: forms.BaseForm, write: Callable[[], _Written]
) -> _Written | None:
    """On a POST, writes through the service when the form is valid; a refusal lands on the
    form. None when nothing was written (a GET, bad input or a refusal)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write()
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@capability_required(Capability.VIEW_OWN_RESOURCES)
def appraisal_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "resources/appraisal/list.html",
        {
            "appraisals": selectors.appraisals_list(),
            "can_manage": has_capability(request.user, Capability.MANAGE_RESOURCES),
        },
    )


@capability_required(Capability.VIEW_OWN_RESOURCES)
def appraisal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appraisal = selectors.appraisal_with_options(pk)
    return render(
        request,
        "resources/appraisal/detail.html",
        {
            "page": selectors.appraisal_page(appraisal),
            "can_manage": has_capability(request.user, Capability.MANAGE_RESOURCES),
            "draft": appraisal.status == AppraisalStatus.DRAFT,
        },
    )


@capability_required(Capability.VIEW_OWN_RESOURCES)
def appraisal_csv(request: HttpRequest, pk: int) -> HttpResponse:
    appraisal = selectors.appraisal_with_options(pk)
    rows = selectors.appraisal_csv_rows(selectors.appraisal_page(appraisal))
    services.appraisal_export_record(
        actor=acting_user(request), appraisal=appraisal, rows=len(rows) - 1
    )
    return csv_download(rows, f"appraisal-{appraisal.pk}.csv")


@capability_required(Capability.MANAGE_RESOURCES)
def appraisal_create(request: HttpRequest) -> HttpResponse:
    form = appraisal_forms.AppraisalForm(posted(request))
    appraisal = _written(
        request,
        form,
        lambda: services.appraisal_create(actor=acting_user(request), **form.cleaned_data),
    )
    if appraisal is not None:
        messages.success(request, f"“{appraisal.title}” has been opened. Add its options.")
        return redirect("resources:appraisal_detail", pk=appraisal.pk)
    return render(request, "resources/appraisal/appraisal_form.html", {"form": form})


@capability_required(Capability.MANAGE_RESOURCES)
def appraisal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    appraisal = selectors.appraisal_with_options(pk)
    form = appraisal_forms.AppraisalForm(
        posted(request),
        initial={name: getattr(appraisal, name) for name in services.APPRAISAL_FIELDS},
    )
    saved = _written(
        request,
        form,
        lambda: services.appraisal_update(
            actor=acting_user(request), appraisal=appraisal, **form.cleaned_data
        ),
    )
    if saved is not None:
        messages.success(request, f"“{saved.title}” has been updated.")
        return redirect("resources:appraisal_detail", pk=saved.pk)
    return render(
        request,
        "resources/appraisal/appraisal_form.html",
        {"form": form, "appraisal": appraisal},
    )


def _option_page(
    request: HttpRequest,
    appraisal_pk: int,
    option: AppraisalOption | None,
) -> HttpResponse:
    appraisal = selectors.appraisal_with_options(appraisal_pk)
    is_post = request.method == "POST"
    year_count = appraisal_forms.year_count_for(
        appraisal, request.POST.get("years") if is_post else request.GET.get("years")
    )
    form = appraisal_forms.OptionForm(
        posted(request),
        initial=appraisal_forms.OptionForm.initial_for(option) if option else None,
        year_count=year_count,
    )
    if is_post:
        actor = acting_user(request)
        if option is None:
            saved = _written(
                request,
                form,
                lambda: services.option_create(
                    actor=actor, appraisal=appraisal, **form.service_arguments()
                ),
            )
        else:
            saved = _written(
                request,
                form,
                lambda: services.option_update(
                    actor=actor, option=option, **form.service_arguments()
                ),
            )
        if saved is not None:
            messages.success(request, f"“{saved.name}” has been saved.")
            return redirect("resources:appraisal_detail", pk=appraisal.pk)
    return render(
        request,
        "resources/appraisal/option_form.html",
        {
            "form": form,
            "appraisal": appraisal,
            "option": option,
            "year_count": year_count,
            "more_years": min(year_count + 5, services.LAST_YEAR_INDEX + 1),
            "can_add_years": year_count <= services.LAST_YEAR_INDEX,
            "locked": appraisal.status == AppraisalStatus.DECIDED,
        },
    )


@capability_required(Capability.MANAGE_RESOURCES)
def option_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _option_page(request, pk, None)


@capability_required(Capability.MANAGE_RESOURCES)
def option_edit(request: HttpRequest, pk: int, option_pk: int) -> HttpResponse:
    option = get_object_or_404(
        AppraisalOption.objects.select_related("appraisal").prefetch_related("years"),
        pk=option_pk,
        appraisal_id=pk,
    )
    return _option_page(request, pk, option)


@capability_required(Capability.MANAGE_RESOURCES)
def risk_create(request: HttpRequest, pk: int, option_pk: int) -> HttpResponse:
    option = get_object_or_404(
        AppraisalOption.objects.select_related("appraisal"), pk=option_pk, appraisal_id=pk
    )
    form = appraisal_forms.RiskForm(posted(request))
    risk = _written(
        request,
        form,
        lambda: services.risk_create(
            actor=acting_user(request), option=option, **form.cleaned_data
        ),
    )
    if risk is not None:
        messages.success(request, f"The risk “{risk.description}” has been added to {option}.")
        return redirect("resources:appraisal_detail", pk=pk)
    return render(
        request,
        "resources/appraisal/risk_form.html",
        {"form": form, "option": option, "appraisal": option.appraisal},
    )


@capability_required(Capability.MANAGE_RESOURCES)
def risk_delete(request: HttpRequest, pk: int, risk_pk: int) -> HttpResponse:
    risk = get_object_or_404(
        OptionRisk.objects.select_related("option__appraisal"), pk=risk_pk, option__appraisal_id=pk
    )
    error = ""
    if request.method == "POST":
        try:
            services.risk_delete(actor=acting_user(request), risk=risk)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, f"The risk “{risk.description}” has been removed.")
            return redirect("resources:appraisal_detail", pk=pk)
    return render(
        request,
        "resources/appraisal/risk_delete.html",
        {"risk": risk, "appraisal": risk.option.appraisal, "error": error},
    )


@capability_required(Capability.MANAGE_RESOURCES)
def appraisal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    appraisal = selectors.appraisal_with_options(pk)
    form = appraisal_forms.DecisionForm(posted(request), appraisal=appraisal)
    decided = _written(
        request,
        form,
        lambda: services.appraisal_decide(
            actor=acting_user(request), appraisal=appraisal, **form.cleaned_data
        ),
    )
    if decided is not None:
        messages.success(request, f"The decision on “{decided.title}” has been recorded.")
        return redirect("resources:appraisal_detail", pk=pk)
    return render(
        request,
        "resources/appraisal/decide.html",
        {
            "form": form,
            "appraisal": appraisal,
            "page": selectors.appraisal_page(appraisal),
            "locked": appraisal.status == AppraisalStatus.DECIDED,
        },
    )


urlpatterns: list[URLPattern] = [
    path("appraisals/", appraisal_list, name="appraisal_list"),
    path("appraisals/new/", appraisal_create, name="appraisal_create"),
    path("appraisals/<int:pk>/", appraisal_detail, name="appraisal_detail"),
    path("appraisals/<int:pk>/download/", appraisal_csv, name="appraisal_csv"),
    path("appraisals/<int:pk>/edit/", appraisal_edit, name="appraisal_edit"),
    path("appraisals/<int:pk>/decide/", appraisal_decide, name="appraisal_decide"),
    path("appraisals/<int:pk>/options/new/", option_create, name="appraisal_option_create"),
    path(
        "appraisals/<int:pk>/options/<int:option_pk>/edit/",
        option_edit,
        name="appraisal_option_edit",
    ),
    path(
        "appraisals/<int:pk>/options/<int:option_pk>/risks/new/",
        risk_create,
        name="appraisal_risk_create",
    ),
    path(
        "appraisals/<int:pk>/risks/<int:risk_pk>/delete/",
        risk_delete,
        name="appraisal_risk_delete",
    ),
]
