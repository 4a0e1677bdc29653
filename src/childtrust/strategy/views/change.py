"""The change programme's pages: Kotter's eight stages with their owners, the board's ratings
and the evidence the service holds; a stage's owner; the board's ratings of the stages at a
meeting; and the change agents with what each owns. Everyone signed in reads; strategic leads
and administrators write (strategy/access.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.forms import form_write
from childtrust.core.http import found, posted
from childtrust.core.permissions import access_required, require
from childtrust.strategy import access
from childtrust.strategy.forms.change import StageOwnerForm, StageRatingsForm
from childtrust.strategy.models import KotterStage, StrategicPlan
from childtrust.strategy.selectors import change as selectors
from childtrust.strategy.selectors.plan import plan_current
from childtrust.strategy.selectors.stage_evidence import stage_evidence
from childtrust.strategy.services import stages as services


def _plan_or_404() -> StrategicPlan:
    plan = plan_current()
    if plan is None:
        raise Http404("The partnership has not recorded a strategic plan yet.")
    return plan


@access_required(access.can_view_strategy)
def change_programme(request: AuthenticatedRequest) -> HttpResponse:
    plan = plan_current()
    context: dict[str, object] = {"plan": plan, "rating_words": selectors.RATING_WORDS}
    if plan is not None:
        programme = selectors.change_programme(plan)
        evidence = stage_evidence(plan, timezone.localdate(), request.user)
        context.update(
            programme=programme,
            stages=list(zip(programme.stages, evidence, strict=True)),
            can_manage=access.can_manage_strategy(request.user),
        )
    return render(request, "strategy/change/programme.html", context)


@access_required(access.can_manage_strategy)
def change_stage_edit(request: AuthenticatedRequest, stage: int) -> HttpResponse:
    plan = _plan_or_404()
    if stage not in KotterStage.values:
        raise Http404("Kotter's stages are numbered 1 to 8.")
    current = selectors.change_stage_of(plan, stage)
    form = StageOwnerForm(posted(request), initial={"owner": current.owner if current else None})
    saved = form_write(
        request,
        form,
        lambda data: services.change_stage_owner_set(
            actor=request.user, plan=plan, stage=stage, owner=data["owner"]
        ),
    )
    label = KotterStage(stage).label
    if saved is not None:
        who = f"{saved.owner} now owns" if saved.owner else "No one owns"
        messages.success(request, f"{who} “{label}”.")
        return redirect("strategy:change_programme")
    return render(
        request, "strategy/change/stage_edit.html", {"form": form, "label": label, "plan": plan}
    )


@access_required(access.can_view_strategy)
def change_agents(request: AuthenticatedRequest) -> HttpResponse:
    plan = plan_current()
    today = timezone.localdate()
    agents = selectors.change_agents(plan, today) if plan else []
    return render(
        request,
        "strategy/change/agents.html",
        {"plan": plan, "agents": agents, "today": today},
    )


@access_required(access.can_view_strategy)
def stage_ratings(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET shows the meeting's ratings (a form for the plan's keepers while its minutes are a
    draft); POST records all eight, or refuses with every message, or refuses as locked."""
    meeting = found(selectors.meeting_with_pk(pk))
    can_manage = access.can_manage_strategy(request.user)
    if request.method == "POST":
        require(can_manage, to="record the board's ratings of the stages")
    ratings = selectors.meeting_ratings(meeting)
    locked = selectors.meeting_minutes_approved(meeting)
    form = StageRatingsForm(posted(request), initial=StageRatingsForm.initial_from(ratings))
    saved = form_write(
        request,
        form,
        lambda _data: services.stage_ratings_record(
            actor=request.user, meeting=meeting, ratings=form.ratings()
        ),
    )
    if saved is not None:
        messages.success(
            request, f"The board's ratings of the eight stages at “{meeting}” are saved."
        )
        return redirect("strategy:stage_ratings", pk=meeting.pk)
    plan = plan_current()
    evidence = stage_evidence(plan, timezone.localdate(), request.user) if plan else []
    by_stage = {piece.stage: piece for piece in evidence}
    return render(
        request,
        "strategy/change/stage_ratings.html",
        {
            "meeting": meeting,
            "form": form,
            "locked": locked,
            "locked_message": services.RATINGS_LOCKED,
            "can_manage": can_manage,
            "rows": [
                (stage, rating, evidence_, ratings.get(stage.value), by_stage.get(stage))
                for stage, rating, evidence_ in form.stage_fields()
            ],
            "rating_words": selectors.RATING_WORDS,
        },
    )


urls: list[URLPattern] = [
    path("change/", change_programme, name="change_programme"),
    path("change/stages/<int:stage>/edit/", change_stage_edit, name="change_stage_edit"),
    path("change/agents/", change_agents, name="change_agents"),
    path("board/meetings/<int:pk>/stages/", stage_ratings, name="stage_ratings"),
]
