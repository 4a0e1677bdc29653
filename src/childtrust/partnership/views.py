"""Thin views: check the role, call a selector or a service, render."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.accounts.permissions import Capability, capability_required, has_capability
from childtrust.partnership import forms, selectors, services
from childtrust.partnership.models import Agency, FrameworkIndicator, Outcome, Priority


def placeholder(request: HttpRequest) -> HttpResponse:
    # Removed once every named route below has its real view.
    return render(request, "core/404.html", status=404)

# --- Registry ----------------------------------------------------------------------------------

# --- Shared vision and outcomes framework ------------------------------------------------------


def _framework_actor(request: HttpRequest) -> User:
    # capability_required has already turned away anyone not signed in.
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _framework_form_page(
    request: HttpRequest,
    form: BaseForm,
    *,
    title: str,
    caption: str,
    submit: str,
    cancel_url: str,
) -> HttpResponse:
    return render(
        request,
        "partnership/framework_form.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "submit": submit,
            "cancel_url": cancel_url,
        },
    )


@capability_required(Capability.VIEW_PARTNERSHIP)
def vision(request: HttpRequest) -> HttpResponse:
    versions = selectors.vision_statements()
    return render(
        request,
        "partnership/vision_detail.html",
        {
            "current": versions[0] if versions else None,
            "earlier": versions[1:],
            "can_manage": has_capability(request.user, Capability.MANAGE_FRAMEWORK),
        },
    )


@capability_required(Capability.MANAGE_FRAMEWORK)
def vision_adopt(request: HttpRequest) -> HttpResponse:
    current = selectors.vision_current()
    form = forms.VisionAdoptForm(
        request.POST or None, initial={"text": current.text if current else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            adopted = services.vision_statement_adopt(
                actor=_framework_actor(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Version {adopted.version} of the vision is recorded.")
            return redirect("partnership:vision")
    return render(request, "partnership/vision_adopt.html", {"form": form, "current": current})


@capability_required(Capability.VIEW_PARTNERSHIP)
def framework(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partnership/framework_detail.html",
        {
            "outcomes": selectors.outcomes_framework(),
            "can_manage": has_capability(request.user, Capability.MANAGE_FRAMEWORK),
        },
    )


@capability_required(Capability.MANAGE_FRAMEWORK)
def framework_outcome_create(request: HttpRequest) -> HttpResponse:
    form = forms.OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.outcome_create(actor=_framework_actor(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Outcome “{outcome}” added.")
            return redirect(f"{reverse('partnership:framework')}#outcome-{outcome.slug}")
    return _framework_form_page(
        request,
        form,
        title="Add an outcome",
        caption="Outcomes framework",
        submit="Add outcome",
        cancel_url=reverse("partnership:framework"),
    )


@capability_required(Capability.MANAGE_FRAMEWORK)
def framework_outcome_update(request: HttpRequest, slug: str) -> HttpResponse:
    outcome = get_object_or_404(Outcome, slug=slug)
    initial = {
        "name": outcome.name,
        "description": outcome.description,
        "position": outcome.position,
    }
    form = forms.OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_update(
                actor=_framework_actor(request), outcome=outcome, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Outcome “{outcome}” saved.")
            return redirect(f"{reverse('partnership:framework')}#outcome-{outcome.slug}")
    return _framework_form_page(
        request,
        form,
        title=f"Change “{initial['name']}”",
        caption="Outcomes framework",
        submit="Save changes",
        cancel_url=reverse("partnership:framework"),
    )


@capability_required(Capability.MANAGE_FRAMEWORK)
def framework_priority_create(request: HttpRequest) -> HttpResponse:
    outcome = Outcome.objects.filter(slug=request.GET.get("outcome", "")).first()
    form = forms.PriorityForm(request.POST or None, initial={"outcome": outcome})
    if request.method == "POST" and form.is_valid():
        try:
            priority = services.priority_create(
                actor=_framework_actor(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Priority “{priority}” added to “{priority.outcome}”.")
            return redirect(f"{reverse('partnership:framework')}#priority-{priority.pk}")
    return _framework_form_page(
        request,
        form,
        title="Add a priority",
        caption="Outcomes framework",
        submit="Add priority",
        cancel_url=reverse("partnership:framework"),
    )


@capability_required(Capability.MANAGE_FRAMEWORK)
def framework_priority_update(request: HttpRequest, pk: int) -> HttpResponse:
    priority = get_object_or_404(Priority, pk=pk)
    initial = {
        "outcome": priority.outcome,
        "title": priority.title,
        "description": priority.description,
        "position": priority.position,
    }
    form = forms.PriorityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_update(
                actor=_framework_actor(request), priority=priority, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Priority “{priority}” saved.")
            return redirect(f"{reverse('partnership:framework')}#priority-{priority.pk}")
    return _framework_form_page(
        request,
        form,
        title=f"Change “{initial['title']}”",
        caption="Outcomes framework",
        submit="Save changes",
        cancel_url=reverse("partnership:framework"),
    )


@capability_required(Capability.MANAGE_FRAMEWORK)
def framework_indicator_create(request: HttpRequest) -> HttpResponse:
    priority_id = request.GET.get("priority", "")
    priority = Priority.objects.filter(pk=priority_id).first() if priority_id.isdigit() else None
    form = forms.FrameworkIndicatorForm(request.POST or None, initial={"priority": priority})
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.framework_indicator_create(
                actor=_framework_actor(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Indicator “{indicator}” added to “{indicator.priority}”.")
            return redirect(f"{reverse('partnership:framework')}#priority-{indicator.priority_id}")
    return _framework_form_page(
        request,
        form,
        title="Add an indicator",
        caption="Outcomes framework",
        submit="Add indicator",
        cancel_url=reverse("partnership:framework"),
    )


@capability_required(Capability.MANAGE_FRAMEWORK)
def framework_indicator_update(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(FrameworkIndicator, pk=pk)
    initial = {
        "priority": indicator.priority,
        "name": indicator.name,
        "description": indicator.description,
    }
    form = forms.FrameworkIndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.framework_indicator_update(
                actor=_framework_actor(request), indicator=indicator, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Indicator “{indicator}” saved.")
            return redirect(f"{reverse('partnership:framework')}#priority-{indicator.priority_id}")
    return _framework_form_page(
        request,
        form,
        title=f"Change “{initial['name']}”",
        caption="Outcomes framework",
        submit="Save changes",
        cancel_url=reverse("partnership:framework"),
    )


@capability_required(Capability.VIEW_PARTNERSHIP)
def framework_commitment_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partnership/framework_commitment_list.html",
        {"agencies": selectors.agencies_alignment()},
    )


@capability_required(Capability.VIEW_PARTNERSHIP)
def framework_agency_commitments(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    outcomes = selectors.agency_outcome_commitments(agency)
    return render(
        request,
        "partnership/framework_agency_commitments.html",
        {
            "agency": agency,
            "outcomes": outcomes,
            "committed_outcomes": [o.outcome for o in outcomes if o.committed],
            "can_manage": has_capability(request.user, Capability.MANAGE_FRAMEWORK),
        },
    )


@capability_required(Capability.MANAGE_FRAMEWORK)
def framework_agency_commitments_update(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    form = forms.AgencyCommitmentsForm(
        request.POST or None,
        agency=agency,
        groups=selectors.priorities_by_outcome(),
        contributions=selectors.agency_contributions(agency),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changes = services.agency_commitments_set(
                actor=_framework_actor(request), agency=agency, contributions=form.chosen()
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if changes.total:
                messages.success(
                    request,
                    f"{agency}'s commitments saved: {changes.created} added, "
                    f"{changes.changed} changed, {changes.removed} withdrawn.",
                )
            else:
                messages.info(request, f"Nothing changed in {agency}'s commitments.")
            return redirect("partnership:framework_agency_commitments", slug=agency.slug)
    return render(
        request,
        "partnership/framework_agency_commitments_form.html",
        {"agency": agency, "form": form},
    )


@capability_required(Capability.VIEW_PARTNERSHIP)
def alignment(request: HttpRequest) -> HttpResponse:
    return render(
        request, "partnership/alignment_matrix.html", {"matrix": selectors.alignment_matrix()}
    )


@capability_required(Capability.VIEW_PARTNERSHIP)
def alignment_csv(request: HttpRequest) -> HttpResponse:
    matrix = selectors.alignment_matrix()
    services.alignment_matrix_export_record(
        actor=_framework_actor(request),
        priorities=len(matrix.rows),
        agencies=len(matrix.agencies),
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"alignment-matrix-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # The byte order mark lets spreadsheet programs read curly quotes and accents correctly.
    response.write("\ufeff")
    csv.writer(response).writerows(selectors.alignment_matrix_table(matrix))
    return response
