"""What a referral's decision starts, each on its own form page reached from the referral: the
strategy discussion, a conference (initial or review), an assessment completed. The writes are
services/front_door_meetings.py's."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, re_path

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.children.access import child_for_user
from childtrust.core.forms import form_write
from childtrust.core.http import posted
from childtrust.core.permissions import access_required, require
from childtrust.partnership.selectors.registry import agencies_by_name
from childtrust.safeguarding import access
from childtrust.safeguarding.forms.front_door import (
    AssessmentCompleteForm,
    ConferenceForm,
    StrategyForm,
)
from childtrust.safeguarding.models import Referral
from childtrust.safeguarding.selectors import front_door as selectors
from childtrust.safeguarding.services import front_door_meetings as services
from childtrust.safeguarding.views.front_door import PK, referral_for


def _form_page(
    request: AuthenticatedRequest, form: Form, referral: Referral | None, title: str, **more: Any
) -> HttpResponse:
    return render(
        request,
        "safeguarding/front_door/step_form.html",
        {"form": form, "referral": referral, "title": title, **more},
        status=400 if form.is_bound and form.errors else 200,
    )


@access_required(access.can_run_front_door)
def strategy_discussion(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral, view = referral_for(request, pk, "Record a strategy discussion")
    require(access.can_run_front_door_for(request.user, view.child), to=services.RUN)
    form = StrategyForm(posted(request), agencies=agencies_by_name())
    done = form_write(
        request,
        form,
        lambda data: services.strategy_discussion_record(
            actor=request.user,
            child=view.child,
            referral=referral,
            held_on=data["held_on"],
            agencies=list(data["agencies"]),
            outcome=data["outcome"],
            proceed_to_conference=data["proceed_to_conference"] == "yes",
        ),
    )
    if done is not None:
        messages.success(request, "The strategy discussion is recorded.")
        return redirect("safeguarding:referral", pk=referral.pk)
    return _form_page(request, form, referral, "Record a strategy discussion", child=view.child)


@access_required(access.can_run_front_door)
def conference(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral, view = referral_for(request, pk, "Record a child protection conference")
    require(access.can_run_front_door_for(request.user, view.child), to=services.RUN)
    form = ConferenceForm(posted(request))
    done = form_write(
        request,
        form,
        lambda data: services.conference_record(
            actor=request.user,
            child=view.child,
            kind=data["kind"],
            held_on=data["held_on"],
            plan_made=data["plan_made"] == "yes",
            category=data["category"],
            notes=data["notes"],
        ),
    )
    if done is not None:
        messages.success(request, "The conference is recorded.")
        return redirect("safeguarding:referral", pk=referral.pk)
    return _form_page(
        request,
        form,
        referral,
        "Record a child protection conference",
        child=view.child,
        # The plan's category is asked only when there is a plan (GOV.UK's conditional reveal).
        reveal_field="plan_made",
        revealed_field="category",
        reveal_template="safeguarding/front_door/_plan_category.html",
    )


@access_required(access.can_open_referrals)
def assessment_complete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_with_id(int(pk))
    if assessment is None:
        raise Http404("No such assessment")
    view = child_for_user(request.user, assessment.child_id, purpose="Complete an assessment")
    require(access.can_complete_assessment(request.user, assessment), to=services.COMPLETE)
    form = AssessmentCompleteForm(posted(request))
    done = form_write(
        request,
        form,
        lambda data: services.assessment_complete(
            actor=request.user,
            assessment=assessment,
            completed_on=data["completed_on"],
            outcome=data["outcome"],
        ),
    )
    if done is not None:
        messages.success(request, "The assessment is recorded as complete.")
        if assessment.referral is not None:
            return redirect("safeguarding:referral", pk=assessment.referral.pk)
        return redirect("safeguarding:clocks")
    return _form_page(
        request,
        form,
        assessment.referral,
        f"Complete the {assessment.get_kind_display().lower()}",
        child=view.child,
    )


urlpatterns: list[URLPattern] = [
    re_path(rf"^front-door/{PK}/strategy/$", strategy_discussion, name="strategy_discussion"),
    re_path(rf"^front-door/{PK}/conference/$", conference, name="conference"),
    re_path(rf"^assessments/{PK}/complete/$", assessment_complete, name="assessment_complete"),
]
