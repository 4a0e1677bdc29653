"""The forms that change a child's Team Around the Child: its lead professional, members, early
help assessment, plan actions, reviews, steps up and down, and its end. Each page reads the
child (children.access.child_for_user, which audits the view) and its open team, refuses (403)
whoever may not make the change, and calls one service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.children import access as children_access
from childtrust.core.forms import form_write
from childtrust.core.http import found, posted
from childtrust.core.permissions import require
from childtrust.safeguarding import access
from childtrust.safeguarding.forms import team_around_child as forms
from childtrust.safeguarding.models import TeamAroundChild
from childtrust.safeguarding.selectors import team_around_child as selectors
from childtrust.safeguarding.services import team_around_child as services
from childtrust.safeguarding.services import team_around_child_plan as plan


def _team(
    request: AuthenticatedRequest, child_id: str, purpose: str
) -> tuple[children_access.ChildView, TeamAroundChild]:
    view = children_access.child_for_user(request.user, child_id, purpose=purpose)
    team = selectors.open_team_for(view.child)
    if team is None:
        raise Http404("The child has no team around them")
    return view, team


def _changeable(
    request: AuthenticatedRequest, child_id: str, purpose: str
) -> tuple[children_access.ChildView, TeamAroundChild]:
    view, team = _team(request, child_id, purpose)
    require(access.can_change_team(request.user, team), to=services.CHANGE)
    return view, team


def _form_page(
    request: AuthenticatedRequest,
    view: children_access.ChildView,
    team: TeamAroundChild,
    form: Form,
    write: Callable[[dict[str, Any]], object],
    *,
    title: str,
    done: str,
    button: str = "Save",
    intro: str = "",
    back_to: str = "",
) -> HttpResponse:
    """The one shape of every page here: the form, written through `write` once posted and
    valid, then back to the team's page (or `back_to`) saying what was `done`; otherwise the
    form again, with the service's refusals on it."""
    if form_write(request, form, write) is not None:
        messages.success(request, done)
        return redirect(back_to or selectors.team_path(team))
    return render(
        request,
        "safeguarding/team/form.html",
        {
            "form": form,
            "view": view,
            "child": view.child,
            "team": team,
            "title": title,
            "button": button,
            "intro": intro,
        },
    )


def _change_page(
    request: AuthenticatedRequest,
    child_id: str,
    *,
    form_class: type[Form],
    purpose: str,
    write: Callable[[TeamAroundChild, dict[str, Any]], object],
    **page: str,
) -> HttpResponse:
    """A form that changes the child's open team, for those who may change it."""
    view, team = _changeable(request, child_id, purpose)
    form = form_class(posted(request))
    return _form_page(request, view, team, form, lambda data: write(team, data), **page)


def _dated_today(form_class: type[Form], request: AuthenticatedRequest, name: str) -> Form:
    """A form of one date, which starts as today: most of what it records happened today."""
    return form_class(posted(request), initial={name: timezone.localdate()})


@login_required
def lead_change(request: AuthenticatedRequest, child_id: str) -> HttpResponse:
    view, team = _changeable(request, child_id, "Change the lead professional of the child's team")
    return _form_page(
        request,
        view,
        team,
        forms.LeadChangeForm(posted(request), team=team),
        lambda data: services.lead_professional_change(
            actor=request.user, team=team, member=data["member"]
        ),
        title="Change the lead professional",
        done="The lead professional is changed.",
        intro="The new lead becomes the child's lead professional in the child index too; "
        f"{team.lead_professional.full_name} stays a member.",
    )


@login_required
def member_add(request: AuthenticatedRequest, child_id: str) -> HttpResponse:
    return _change_page(
        request,
        child_id,
        form_class=forms.MemberAddForm,
        purpose="Add a member to the child's team",
        write=lambda team, data: services.member_add(
            actor=request.user,
            team=team,
            staff=data["staff"],
            role=data["role"],
            joined_on=data["joined_on"],
        ),
        title="Add a member",
        done="The member is added.",
        intro="Where you may not record their involvement in the child index, they are told, "
        "and they or their line manager record it.",
    )


@login_required
def member_leave(request: AuthenticatedRequest, child_id: str, member_id: int) -> HttpResponse:
    view, team = _team(request, child_id, "A member leaves the child's team")
    member = found(selectors.team_member(team, member_id))
    require(access.can_leave_team(request.user, member), to=services.LEAVE)
    name = member.staff.full_name
    # One who leaves may no longer see the team: back to their own teams.
    leaving_oneself = member.staff.user_id == request.user.pk
    return _form_page(
        request,
        view,
        team,
        _dated_today(forms.MemberLeaveForm, request, "left_on"),
        lambda data: services.member_leave(
            actor=request.user, member=member, left_on=data["left_on"]
        ),
        title=f"{name} leaves the team",
        done="You have left the team." if leaving_oneself else f"{name} has left the team.",
        intro="They stay in the team's history.",
        back_to="safeguarding:teams" if leaving_oneself else "",
    )


@login_required
def assessment_record(request: AuthenticatedRequest, child_id: str) -> HttpResponse:
    return _change_page(
        request,
        child_id,
        form_class=forms.AssessmentForm,
        purpose="Record the early help assessment of the child",
        write=lambda team, data: plan.early_help_assessment_record(
            actor=request.user,
            team=team,
            child_development=data["child_development"],
            parents_and_carers=data["parents_and_carers"],
            family_and_environment=data["family_and_environment"],
            child_views=data["child_views"],
            completed_on=data["completed_on"],
        ),
        title="Record the early help assessment",
        done="The early help assessment is recorded.",
    )


@login_required
def action_add(request: AuthenticatedRequest, child_id: str) -> HttpResponse:
    view, team = _changeable(request, child_id, "Add an action to the child's plan")
    return _form_page(
        request,
        view,
        team,
        forms.ActionAddForm(posted(request), team=team),
        lambda data: plan.plan_action_add(
            actor=request.user,
            team=team,
            action=data["action"],
            owner=data["owner"],
            due_on=data["due_on"],
        ),
        title="Add an action",
        done="The action is added.",
    )


@login_required
def action_done(request: AuthenticatedRequest, child_id: str, action_id: int) -> HttpResponse:
    view, team = _team(request, child_id, "Mark an action of the child's plan done")
    action = found(selectors.team_action(team, action_id))
    require(access.can_mark_action_done(request.user, action), to=plan.DONE)
    return _form_page(
        request,
        view,
        team,
        _dated_today(forms.ActionDoneForm, request, "done_on"),
        lambda data: plan.plan_action_done(
            actor=request.user, action=action, done_on=data["done_on"]
        ),
        title="Mark the action done",
        done="The action is marked done.",
        intro=action.action,
    )


@login_required
def review_record(request: AuthenticatedRequest, child_id: str) -> HttpResponse:
    return _change_page(
        request,
        child_id,
        form_class=forms.ReviewForm,
        purpose="Record a review of the child's plan",
        write=lambda team, data: plan.review_record(
            actor=request.user,
            team=team,
            held_on=data["held_on"],
            progress=data["progress"],
            next_review_on=data["next_review_on"],
        ),
        title="Record a review",
        done="The review is recorded.",
    )


@login_required
def step_up(request: AuthenticatedRequest, child_id: str) -> HttpResponse:
    return _change_page(
        request,
        child_id,
        form_class=forms.StepForm,
        purpose="Step the child's team up to children's social care",
        write=lambda team, data: services.step_up(
            actor=request.user, team=team, reason=data["reason"]
        ),
        title="Step up to children's social care",
        done="The team is stepped up: the front door has the referral.",
        button="Step up and refer",
        intro="This refers the child to the front door, with your reason and the team's "
        "history. The team carries on at children's social care.",
    )


@login_required
def step_down(request: AuthenticatedRequest, child_id: str) -> HttpResponse:
    return _change_page(
        request,
        child_id,
        form_class=forms.StepForm,
        purpose="Step the child's team down to early help",
        write=lambda team, data: services.step_down(
            actor=request.user, team=team, reason=data["reason"]
        ),
        title="Step down to early help",
        done="The team is stepped down to early help.",
        button="Step down",
    )


@login_required
def team_end(request: AuthenticatedRequest, child_id: str) -> HttpResponse:
    return _change_page(
        request,
        child_id,
        form_class=forms.TeamEndForm,
        purpose="End the child's team",
        write=lambda team, data: services.team_end(
            actor=request.user,
            team=team,
            ended_on=data["ended_on"],
            reason=data["end_reason"],
        ),
        title="End the team",
        done="The team is ended. Its history is kept.",
        button="End the team",
    )


_TEAM = "children/<str:child_id>/team"

urlpatterns: list[URLPattern] = [
    path(f"{_TEAM}/lead/", lead_change, name="team_lead"),
    path(f"{_TEAM}/members/add/", member_add, name="team_member_add"),
    path(f"{_TEAM}/members/<int:member_id>/leave/", member_leave, name="team_member_leave"),
    path(f"{_TEAM}/assessment/", assessment_record, name="team_assessment"),
    path(f"{_TEAM}/actions/add/", action_add, name="team_action_add"),
    path(f"{_TEAM}/actions/<int:action_id>/done/", action_done, name="team_action_done"),
    path(f"{_TEAM}/reviews/add/", review_record, name="team_review"),
    path(f"{_TEAM}/step-up/", step_up, name="team_step_up"),
    path(f"{_TEAM}/step-down/", step_down, name="team_step_down"),
    path(f"{_TEAM}/end/", team_end, name="team_end"),
]
