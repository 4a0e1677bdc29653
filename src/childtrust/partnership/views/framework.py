"""The shared vision and the outcomes framework: the vision and its versions, the framework's
outcomes, priorities and indicators, agencies' commitments, and the alignment matrix of who
works towards what (with its download). Everyone signed in reads them; strategic leads and
partnership administrators keep them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import BaseForm
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.csv_files import csv_download
from childtrust.core.forms import form_write
from childtrust.core.http import found
from childtrust.core.permissions import access_required
from childtrust.partnership import access
from childtrust.partnership.forms import framework as forms
from childtrust.partnership.framework_figures import framework_with_measures
from childtrust.partnership.overlaps import overlap_page_for
from childtrust.partnership.selectors import framework as selectors
from childtrust.partnership.selectors import registry as registry_selectors
from childtrust.partnership.services import framework as services
from childtrust.partnership.views._shared import Saved, Written, form_page


def _framework_form_page(
    request: AuthenticatedRequest,
    form: BaseForm,
    write: Callable[[dict[str, Any]], Written],
    *,
    saved: Callable[[Written], Saved],
    title: str,
    submit: str,
) -> HttpResponse:
    """The framework's add and change pages: back to the framework, and once saved, to the
    part of it that changed."""
    return form_page(
        request,
        form,
        write,
        saved=saved,
        title=title,
        caption="Outcomes framework",
        submit=submit,
        cancel_url=reverse("partnership:framework"),
        back_label="Back to the outcomes framework",
    )


def _framework_at(anchor: str) -> str:
    return f"{reverse('partnership:framework')}#{anchor}"


# The vision


@access_required(access.can_view_partnership)
def vision(request: AuthenticatedRequest) -> HttpResponse:
    versions = selectors.vision_statements()
    return render(
        request,
        "partnership/vision_detail.html",
        {
            "current": versions[0] if versions else None,
            "earlier": versions[1:],
            "can_manage": access.can_manage_framework(request.user),
        },
    )


@access_required(access.can_manage_framework)
def vision_adopt(request: AuthenticatedRequest) -> HttpResponse:
    current = selectors.vision_current()
    initial = {"text": current.text, "adopted_by": current.adopted_by} if current else {}
    form = forms.VisionAdoptForm(request.POST or None, initial=initial)
    adopted = form_write(
        request, form, lambda data: services.vision_statement_adopt(actor=request.user, **data)
    )
    if adopted:
        messages.success(request, f"Version {adopted.version} of the vision is recorded.")
        return redirect("partnership:vision")
    return render(request, "partnership/vision_adopt.html", {"form": form, "current": current})


# The outcomes framework


@access_required(access.can_view_partnership)
def framework(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "partnership/framework_detail.html",
        {
            "outcomes": framework_with_measures(selectors.outcomes_framework(), request.user),
            "can_manage": access.can_manage_framework(request.user),
        },
    )


@access_required(access.can_manage_framework)
def framework_outcome_create(request: AuthenticatedRequest) -> HttpResponse:
    return _framework_form_page(
        request,
        forms.OutcomeForm(request.POST or None),
        lambda data: services.outcome_create(actor=request.user, **data),
        saved=lambda outcome: Saved(
            f"Outcome “{outcome}” added.", _framework_at(f"outcome-{outcome.slug}")
        ),
        title="Add an outcome",
        submit="Add outcome",
    )


@access_required(access.can_manage_framework)
def framework_outcome_update(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    outcome = found(selectors.outcome_with_slug(slug))
    initial = model_to_dict(outcome, ["name", "description", "position"])
    return _framework_form_page(
        request,
        forms.OutcomeForm(request.POST or None, initial=initial),
        lambda data: services.outcome_update(actor=request.user, outcome=outcome, **data),
        saved=lambda saved: Saved(
            f"Outcome “{saved}” saved.", _framework_at(f"outcome-{saved.slug}")
        ),
        title=f"Change “{initial['name']}”",
        submit="Save changes",
    )


@access_required(access.can_manage_framework)
def framework_priority_create(request: AuthenticatedRequest) -> HttpResponse:
    outcome = selectors.outcome_with_slug(request.GET.get("outcome", ""))
    return _framework_form_page(
        request,
        forms.PriorityForm(request.POST or None, initial={"outcome": outcome}),
        lambda data: services.priority_create(actor=request.user, **data),
        saved=lambda priority: Saved(
            f"Priority “{priority}” added to “{priority.outcome}”.",
            _framework_at(f"priority-{priority.pk}"),
        ),
        title="Add a priority",
        submit="Add priority",
    )


@access_required(access.can_manage_framework)
def framework_priority_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    priority = found(selectors.priority_with_pk(pk))
    initial = {**model_to_dict(priority, ["title", "description", "position"])}
    return _framework_form_page(
        request,
        forms.PriorityForm(request.POST or None, initial={**initial, "outcome": priority.outcome}),
        lambda data: services.priority_update(actor=request.user, priority=priority, **data),
        saved=lambda saved: Saved(
            f"Priority “{saved}” saved.", _framework_at(f"priority-{saved.pk}")
        ),
        title=f"Change “{initial['title']}”",
        submit="Save changes",
    )


@access_required(access.can_manage_framework)
def framework_indicator_create(request: AuthenticatedRequest) -> HttpResponse:
    priority_id = request.GET.get("priority", "")
    priority = selectors.priority_with_pk(int(priority_id)) if priority_id.isdigit() else None
    return _framework_form_page(
        request,
        forms.FrameworkIndicatorForm(request.POST or None, initial={"priority": priority}),
        lambda data: services.framework_indicator_create(actor=request.user, **data),
        saved=lambda indicator: Saved(
            f"Indicator “{indicator}” added to “{indicator.priority}”.",
            _framework_at(f"priority-{indicator.priority_id}"),
        ),
        title="Add an indicator",
        submit="Add indicator",
    )


@access_required(access.can_manage_framework)
def framework_indicator_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    indicator = found(selectors.framework_indicator_with_pk(pk))
    initial = {**model_to_dict(indicator, ["name", "description"]), "priority": indicator.priority}
    return _framework_form_page(
        request,
        forms.FrameworkIndicatorForm(request.POST or None, initial=initial),
        lambda data: services.framework_indicator_update(
            actor=request.user, indicator=indicator, **data
        ),
        saved=lambda saved: Saved(
            f"Indicator “{saved}” saved.", _framework_at(f"priority-{saved.priority_id}")
        ),
        title=f"Change “{initial['name']}”",
        submit="Save changes",
    )


# Agencies' commitments and the alignment matrix


@access_required(access.can_view_partnership)
def framework_commitment_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "partnership/framework_commitment_list.html",
        {"agencies": selectors.agencies_alignment()},
    )


@access_required(access.can_view_partnership)
def framework_agency_commitments(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    agency = found(registry_selectors.agency_with_slug(slug))
    outcomes = selectors.agency_outcome_commitments(agency)
    return render(
        request,
        "partnership/framework_agency_commitments.html",
        {
            "agency": agency,
            "outcomes": outcomes,
            "committed_outcomes": [o.outcome for o in outcomes if o.committed],
            "can_manage": access.can_manage_framework(request.user),
        },
    )


@access_required(access.can_manage_framework)
def framework_agency_commitments_update(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    agency = found(registry_selectors.agency_with_slug(slug))
    form = forms.AgencyCommitmentsForm(
        request.POST or None,
        agency=agency,
        groups=selectors.priorities_by_outcome(),
        contributions=selectors.agency_contributions(agency),
    )
    # The ticked priorities come from the form's own reading of its per-priority fields.
    changes = form_write(
        request,
        form,
        lambda _cleaned: services.agency_commitments_set(
            actor=request.user, agency=agency, contributions=form.chosen()
        ),
    )
    if changes is None:
        return render(
            request,
            "partnership/framework_agency_commitments_form.html",
            {"agency": agency, "form": form},
        )
    if changes.total:
        messages.success(
            request,
            f"{agency}'s commitments saved: {changes.created} added, "
            f"{changes.changed} changed, {changes.removed} withdrawn.",
        )
    else:
        messages.info(request, f"Nothing changed in {agency}'s commitments.")
    return redirect("partnership:framework_agency_commitments", slug=agency.slug)


@access_required(access.can_view_partnership)
def alignment(request: AuthenticatedRequest) -> HttpResponse:
    """The matrix, its rows sorted by the column whose heading was chosen (links, so that it
    works without JavaScript), and each agency's commitments as a list for a phone."""
    matrix = selectors.alignment_matrix()
    sort, sorted_rows = selectors.alignment_sorted_rows(matrix, request.GET.get("sort", ""))
    return render(
        request,
        "partnership/alignment_matrix.html",
        {
            "matrix": matrix,
            "sort": sort,
            "sorted_rows": sorted_rows,
            "agency_sorts": [
                (agency, f"{selectors.AGENCY_SORT_PREFIX}{agency.slug}")
                for agency in matrix.agencies
            ],
            "by_agency": selectors.alignment_by_agency(matrix),
            "overlap_page": overlap_page_for(request.user),
        },
    )


@access_required(access.can_view_partnership)
def alignment_csv(request: AuthenticatedRequest) -> HttpResponse:
    matrix = selectors.alignment_matrix()
    services.alignment_matrix_export_record(
        actor=request.user, priorities=len(matrix.rows), agencies=len(matrix.agencies)
    )
    filename = f"alignment-matrix-{timezone.localdate().isoformat()}.csv"
    return csv_download(selectors.alignment_matrix_table(matrix), filename)
