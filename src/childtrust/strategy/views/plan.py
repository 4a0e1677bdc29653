"""The strategic plan's pages to read: the plan on one page, an objective with its milestones and
their history, an adopted version's text, the plan by outcome, by agency and by owner ("my
objectives"), and the CSV downloads. Every signed-in role reads them (strategy/access.py); the
pages that write are in views/plan_edit.py, whose addresses are listed here too."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.csv_files import csv_download
from childtrust.core.http import found
from childtrust.core.permissions import access_required
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.strategy import access
from childtrust.strategy.models import StrategicPlan
from childtrust.strategy.selectors import plan as selectors
from childtrust.strategy.selectors import plan_views
from childtrust.strategy.views import plan_edit


def _current_plan() -> StrategicPlan:
    current = selectors.plan_current()
    if current is None:
        raise Http404("The partnership has not recorded a strategic plan yet.")
    return current


@access_required(access.can_view_strategy)
def plan(request: AuthenticatedRequest) -> HttpResponse:
    current = selectors.plan_current()
    today = timezone.localdate()
    page = selectors.plan_page(current, today) if current else None
    return render(
        request,
        "strategy/plan.html",
        {
            "page": page,
            "due_soon_days": selectors.DUE_SOON_DAYS,
            "can_manage": access.can_manage_strategy(request.user),
            "rag_rule": selectors.RAG_RULE,
        },
    )


@access_required(access.can_view_strategy)
def objective(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found_objective = selectors.objective_with_milestones(pk)
    if found_objective is None:
        raise Http404("No objective has this number.")
    today = timezone.localdate()
    rating = selectors.objective_rating(found_objective, today)
    milestones = [
        (
            m,
            selectors.milestone_timing(m, today),
            access.can_change_milestone_status(request.user, m),
        )
        for m in rating.all_milestones
    ]
    return render(
        request,
        "strategy/objective.html",
        {
            "objective": found_objective,
            "milestones": milestones,
            "rating": rating,
            "rag_rule": selectors.RAG_RULE,
            "can_manage": access.can_manage_strategy(request.user),
        },
    )


@access_required(access.can_view_strategy)
def plan_version(request: AuthenticatedRequest, number: int) -> HttpResponse:
    current = _current_plan()
    version = found(selectors.plan_version(current, number))
    return render(request, "strategy/plan/version.html", {"plan": current, "version": version})


@access_required(access.can_view_strategy)
def plan_by_outcome(request: AuthenticatedRequest) -> HttpResponse:
    current = selectors.plan_current()
    outcomes = plan_views.plan_by_outcome(current, timezone.localdate()) if current else []
    return render(
        request,
        "strategy/plan/by_outcome.html",
        {"plan": current, "outcomes": outcomes, "rag_rule": selectors.RAG_RULE},
    )


@access_required(access.can_view_strategy)
def plan_by_agency(request: AuthenticatedRequest) -> HttpResponse:
    current = selectors.plan_current()
    agencies = plan_views.plan_by_agency(current, timezone.localdate()) if current else []
    return render(
        request,
        "strategy/plan/by_agency.html",
        {"plan": current, "agencies": agencies, "rag_rule": selectors.RAG_RULE},
    )


@access_required(access.can_view_strategy)
def my_objectives(request: AuthenticatedRequest) -> HttpResponse:
    current = selectors.plan_current()
    staff = staff_record_of(request.user)
    mine = (
        plan_views.plan_owned_by(current, staff, timezone.localdate())
        if current is not None and staff is not None
        else None
    )
    check_ins = (
        {
            row.objective.pk: reverse("strategy:check_in_create", args=[row.objective.pk])
            for row in mine.objectives
            if access.can_record_check_in(request.user, row.objective)
        }
        if mine
        else {}
    )
    milestones = (
        [
            (m, timing, access.can_change_milestone_status(request.user, m))
            for m, timing in mine.milestones
        ]
        if mine
        else []
    )
    return render(
        request,
        "strategy/plan/mine.html",
        {
            "plan": current,
            "staff": staff,
            "mine": mine,
            "milestones": milestones,
            "check_ins": check_ins,
            "rag_rule": selectors.RAG_RULE,
        },
    )


@access_required(access.can_view_strategy)
def objectives_csv(_request: AuthenticatedRequest) -> HttpResponse:
    current = _current_plan()
    rows = plan_views.objectives_csv_rows(current, timezone.localdate())
    return csv_download(rows, f"plan-{current.start_year}-objectives.csv")


@access_required(access.can_view_strategy)
def milestones_csv(_request: AuthenticatedRequest) -> HttpResponse:
    current = _current_plan()
    rows = plan_views.milestones_csv_rows(current, timezone.localdate())
    return csv_download(rows, f"plan-{current.start_year}-milestones.csv")


urls: list[URLPattern] = [
    path("", plan, name="plan"),
    path("objectives/<int:pk>/", objective, name="objective"),
    path("versions/<int:number>/", plan_version, name="plan_version"),
    path("by-outcome/", plan_by_outcome, name="plan_by_outcome"),
    path("by-agency/", plan_by_agency, name="plan_by_agency"),
    path("mine/", my_objectives, name="my_objectives"),
    path("objectives.csv", objectives_csv, name="objectives_csv"),
    path("milestones.csv", milestones_csv, name="milestones_csv"),
    *plan_edit.urls,
]
