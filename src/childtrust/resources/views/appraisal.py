"""The appraisal pages: the list of decision records, one record with its figures (and a CSV of
them), and the forms to open a record, add and change options, add and remove risks, and record
the decision.

Everyone who may see resources (VIEW_OWN_RESOURCES: every role) may read every appraisal: an
appraisal is the partnership's decision and the reasons for it, not one agency's budget, and the
staff it affects should be able to see why it was made. Only those who keep the budget (strategic
leads and finance officers) may write (resources/access.py); each write goes through its service
with form_write, which puts a refusal on the form."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.csv_files import csv_download
from childtrust.core.forms import form_write
from childtrust.core.http import found, posted
from childtrust.core.permissions import access_required
from childtrust.resources import access
from childtrust.resources.forms import appraisal as appraisal_forms
from childtrust.resources.models import AppraisalOption, AppraisalStatus, OptionRisk
from childtrust.resources.selectors import appraisal as selectors
from childtrust.resources.services import appraisal as services


@access_required(access.can_view_resources)
def appraisal_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "resources/appraisal/list.html",
        {
            "appraisals": selectors.appraisals_list(),
            "can_manage": access.can_manage_resources(request.user),
        },
    )


@access_required(access.can_view_resources)
def appraisal_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    appraisal = selectors.appraisal_with_options(pk)
    return render(
        request,
        "resources/appraisal/detail.html",
        {
            "page": selectors.appraisal_page(appraisal),
            "can_manage": access.can_manage_resources(request.user),
            "draft": appraisal.status == AppraisalStatus.DRAFT,
        },
    )


@access_required(access.can_view_resources)
def appraisal_csv(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    appraisal = selectors.appraisal_with_options(pk)
    rows = selectors.appraisal_csv_rows(selectors.appraisal_page(appraisal))
    services.appraisal_export_record(actor=request.user, appraisal=appraisal, rows=len(rows) - 1)
    return csv_download(rows, f"appraisal-{appraisal.pk}.csv")


@access_required(access.can_manage_resources)
def appraisal_create(request: AuthenticatedRequest) -> HttpResponse:
    form = appraisal_forms.AppraisalForm(posted(request))
    appraisal = form_write(
        request, form, lambda data: services.appraisal_create(actor=request.user, **data)
    )
    if appraisal is not None:
        messages.success(request, f"“{appraisal.title}” has been opened. Add its options.")
        return redirect("resources:appraisal_detail", pk=appraisal.pk)
    return render(request, "resources/appraisal/appraisal_form.html", {"form": form})


@access_required(access.can_manage_resources)
def appraisal_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    appraisal = selectors.appraisal_with_options(pk)
    form = appraisal_forms.AppraisalForm(
        posted(request),
        initial={name: getattr(appraisal, name) for name in services.APPRAISAL_FIELDS},
    )
    saved = form_write(
        request,
        form,
        lambda data: services.appraisal_update(actor=request.user, appraisal=appraisal, **data),
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
    request: AuthenticatedRequest, appraisal_pk: int, option: AppraisalOption | None
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
    if option is None:
        saved = form_write(
            request,
            form,
            lambda _answers: services.option_create(
                actor=request.user, appraisal=appraisal, **form.service_arguments()
            ),
        )
    else:
        saved = form_write(
            request,
            form,
            lambda _answers: services.option_update(
                actor=request.user, option=option, **form.service_arguments()
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


@access_required(access.can_manage_resources)
def option_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _option_page(request, pk, None)


@access_required(access.can_manage_resources)
def option_edit(request: AuthenticatedRequest, pk: int, option_pk: int) -> HttpResponse:
    return _option_page(request, pk, found(selectors.option_of(pk, option_pk)))


@access_required(access.can_manage_resources)
def risk_create(request: AuthenticatedRequest, pk: int, option_pk: int) -> HttpResponse:
    option = found(selectors.option_of(pk, option_pk))
    form = appraisal_forms.RiskForm(posted(request))
    risk = form_write(
        request,
        form,
        lambda data: services.risk_create(actor=request.user, option=option, **data),
    )
    if risk is not None:
        messages.success(request, f"The risk “{risk.description}” has been added to {option}.")
        return redirect("resources:appraisal_detail", pk=pk)
    return render(
        request,
        "resources/appraisal/risk_form.html",
        {"form": form, "option": option, "appraisal": option.appraisal},
    )


@access_required(access.can_manage_resources)
def risk_delete(request: AuthenticatedRequest, pk: int, risk_pk: int) -> HttpResponse:
    """GET asks "Are you sure?"; POST removes the risk, unless the appraisal has been decided
    since (the refusal is shown on the page)."""
    risk = found(selectors.risk_of(pk, risk_pk))
    form = forms.Form(posted(request))  # nothing to ask: the button only confirms

    def remove(_answers: object) -> OptionRisk:
        services.risk_delete(actor=request.user, risk=risk)
        return risk

    if form_write(request, form, remove) is not None:
        messages.success(request, f"The risk “{risk.description}” has been removed.")
        return redirect("resources:appraisal_detail", pk=pk)
    return render(
        request,
        "resources/appraisal/risk_delete.html",
        {
            "risk": risk,
            "appraisal": risk.option.appraisal,
            "error": " ".join(str(problem) for problem in form.non_field_errors()),
        },
    )


@access_required(access.can_manage_resources)
def appraisal_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    appraisal = selectors.appraisal_with_options(pk)
    form = appraisal_forms.DecisionForm(posted(request), appraisal=appraisal)
    decided = form_write(
        request,
        form,
        lambda data: services.appraisal_decide(actor=request.user, appraisal=appraisal, **data),
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
