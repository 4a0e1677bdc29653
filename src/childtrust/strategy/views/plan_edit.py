"""The strategic plan's pages that write: start the plan and change its title or period, record a
newly adopted version, add and change objectives and milestones (strategic leads and
administrators), and change a milestone's status (they, and the objective's owner in post).
Everyone else gets the 403 page, on GET and POST alike. Each write goes through its service with
form_write, which puts the service's refusals on the form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.forms import form_write
from childtrust.core.http import found, posted
from childtrust.core.permissions import access_required
from childtrust.strategy import access
from childtrust.strategy.forms import plan as plan_forms
from childtrust.strategy.models import StrategicPlan
from childtrust.strategy.selectors import plan as selectors
from childtrust.strategy.services import plan as services


def _current_plan() -> StrategicPlan:
    current = selectors.plan_current()
    if current is None:
        raise Http404("The partnership has not recorded a strategic plan yet.")
    return current


@access_required(access.can_manage_strategy)
def plan_create(request: AuthenticatedRequest) -> HttpResponse:
    form = plan_forms.PlanForm(posted(request))
    created = form_write(
        request, form, lambda data: services.strategic_plan_create(actor=request.user, **data)
    )
    if created is not None:
        messages.success(request, f"“{created.title}” has been started. Add its objectives.")
        return redirect("strategy:plan")
    return render(request, "strategy/plan/plan_form.html", {"form": form, "plan": None})


@access_required(access.can_manage_strategy)
def plan_edit(request: AuthenticatedRequest) -> HttpResponse:
    current = _current_plan()
    form = plan_forms.PlanForm(posted(request), initial=plan_forms.PlanForm.initial_for(current))
    saved = form_write(
        request,
        form,
        lambda data: services.strategic_plan_update(actor=request.user, plan=current, **data),
    )
    if saved is not None:
        messages.success(request, f"“{saved.title}” has been updated.")
        return redirect("strategy:plan")
    return render(request, "strategy/plan/plan_form.html", {"form": form, "plan": current})


@access_required(access.can_manage_strategy)
def plan_version_create(request: AuthenticatedRequest) -> HttpResponse:
    current = _current_plan()
    versions = selectors.plan_versions(current)
    latest = versions[0] if versions else None
    form = plan_forms.PlanVersionForm(
        posted(request), initial={"text": latest.text} if latest else None
    )
    version = form_write(
        request,
        form,
        lambda data: services.plan_version_adopt(actor=request.user, plan=current, **data),
    )
    if version is not None:
        messages.success(request, f"Version {version.version} of the plan has been recorded.")
        return redirect("strategy:plan")
    return render(
        request,
        "strategy/plan/version_form.html",
        {"form": form, "plan": current, "latest": latest},
    )


@access_required(access.can_manage_strategy)
def objective_create(request: AuthenticatedRequest) -> HttpResponse:
    current = _current_plan()
    form = plan_forms.ObjectiveForm(posted(request))
    created = form_write(
        request,
        form,
        lambda _data: services.objective_create(
            actor=request.user, plan=current, **form.service_arguments()
        ),
    )
    if created is not None:
        messages.success(request, f"“{created.title}” has been added. Add its milestones.")
        return redirect("strategy:objective", pk=created.pk)
    return render(
        request,
        "strategy/plan/objective_form.html",
        {"form": form, "plan": current, "objective": None},
    )


@access_required(access.can_manage_strategy)
def objective_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    objective = found(selectors.objective_for_edit(pk))
    form = plan_forms.ObjectiveForm(
        posted(request), initial=plan_forms.ObjectiveForm.initial_for(objective)
    )
    saved = form_write(
        request,
        form,
        lambda _data: services.objective_update(
            actor=request.user, objective=objective, **form.service_arguments()
        ),
    )
    if saved is not None:
        messages.success(request, f"“{saved.title}” has been updated.")
        return redirect("strategy:objective", pk=saved.pk)
    return render(
        request,
        "strategy/plan/objective_form.html",
        {"form": form, "plan": objective.plan, "objective": objective},
    )


@access_required(access.can_manage_strategy)
def milestone_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    objective = found(selectors.objective_for_edit(pk))
    form = plan_forms.MilestoneForm(posted(request), plan=objective.plan)
    created = form_write(
        request,
        form,
        lambda data: services.milestone_create(actor=request.user, objective=objective, **data),
    )
    if created is not None:
        messages.success(request, f"“{created.title}” has been added.")
        return redirect("strategy:objective", pk=objective.pk)
    return render(
        request,
        "strategy/plan/milestone_form.html",
        {"form": form, "objective": objective, "milestone": None},
    )


@access_required(access.can_manage_strategy)
def milestone_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    milestone = found(selectors.milestone_with_objective(pk))
    objective = milestone.objective
    form = plan_forms.MilestoneForm(
        posted(request),
        plan=objective.plan,
        initial=plan_forms.MilestoneForm.initial_for(milestone),
    )
    saved = form_write(
        request,
        form,
        lambda data: services.milestone_update(actor=request.user, milestone=milestone, **data),
    )
    if saved is not None:
        messages.success(request, f"“{saved.title}” has been updated.")
        return redirect("strategy:objective", pk=objective.pk)
    return render(
        request,
        "strategy/plan/milestone_form.html",
        {"form": form, "objective": objective, "milestone": milestone},
    )


@access_required(access.can_view_strategy)
def milestone_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    milestone = found(selectors.milestone_with_objective(pk))
    if not access.can_change_milestone_status(request.user, milestone):
        raise PermissionDenied
    form = plan_forms.MilestoneStatusForm(posted(request))
    change = form_write(
        request,
        form,
        lambda data: services.milestone_status_change(
            actor=request.user, milestone=milestone, **data
        ),
    )
    if change is not None:
        messages.success(request, f"“{milestone.title}” is now “{change.get_to_status_display()}”.")
        return redirect("strategy:objective", pk=milestone.objective_id)
    return render(
        request, "strategy/plan/milestone_status.html", {"form": form, "milestone": milestone}
    )


urls: list[URLPattern] = [
    path("new/", plan_create, name="plan_create"),
    path("edit/", plan_edit, name="plan_edit"),
    path("versions/new/", plan_version_create, name="plan_version_create"),
    path("objectives/new/", objective_create, name="objective_create"),
    path("objectives/<int:pk>/edit/", objective_edit, name="objective_edit"),
    path("objectives/<int:pk>/milestones/new/", milestone_create, name="milestone_create"),
    path("milestones/<int:pk>/edit/", milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/status/", milestone_status, name="milestone_status"),
]
