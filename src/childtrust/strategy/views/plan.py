"""The strategic plan's pages: the plan on one page and an objective with its milestones and
their history. Every signed-in role reads them (strategy/access.py)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.permissions import access_required
from childtrust.strategy import access
from childtrust.strategy.selectors import plan as selectors


@access_required(access.can_view_strategy)
def plan(request: AuthenticatedRequest) -> HttpResponse:
    current = selectors.plan_current()
    today = timezone.localdate()
    page = selectors.plan_page(current, today) if current else None
    return render(
        request,
        "strategy/plan.html",
        {"page": page, "due_soon_days": selectors.DUE_SOON_DAYS, "timing": _timings(page)},
    )


def _timings(page: selectors.PlanPage | None) -> dict[int, str]:
    if page is None:
        return {}
    return {
        m.pk: selectors.milestone_timing(m, page.today) for row in page.rows for m in row.milestones
    }


@access_required(access.can_view_strategy)
def objective(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = selectors.objective_with_milestones(pk)
    if found is None:
        raise Http404("No objective has this number.")
    today = timezone.localdate()
    milestones = [(m, selectors.milestone_timing(m, today)) for m in found.milestones.all()]
    return render(
        request, "strategy/objective.html", {"objective": found, "milestones": milestones}
    )


urls = [
    path("", plan, name="plan"),
    path("objectives/<int:pk>/", objective, name="objective"),
]
