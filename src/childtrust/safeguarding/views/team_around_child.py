"""The Team Around the Child's pages: one's own teams, a child's team (its lead, members by
agency, assessment, plan, reviews and steps), and starting one. The forms that change a team
are team_around_child_forms.py's. Who may is access's; the writes are services'."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children import access as children_access
from childtrust.core.forms import form_write
from childtrust.core.http import posted
from childtrust.core.permissions import access_required, require
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.safeguarding import access
from childtrust.safeguarding.forms.team_around_child import TeamStartForm
from childtrust.safeguarding.selectors import team_around_child as selectors
from childtrust.safeguarding.services import team_around_child as services

SEE = "see this child's team around them"


@access_required(access.can_view_own_teams)
def team_list(request: AuthenticatedRequest) -> HttpResponse:
    """The open teams the person leads or belongs to, those with overdue actions first. Children
    by reference: the team's page shows the child to those who may see them, and audits it."""
    staff = staff_record_of(request.user)
    today = timezone.localdate()
    if staff is None or not staff.is_active:  # no one in post leads or belongs to a team
        context: dict[str, object] = {
            "teams": [],
            "staff": None,
            "today": today,
            "due_week": 0,
            "overdue": 0,
        }
        return render(request, "safeguarding/team/list.html", context)
    teams = list(selectors.teams_of(staff, today))
    # Which children have a team around them is safeguarding data: the read is audited once.
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target=staff,
        reason="Your teams around children",
        details={"teams": [team.child.reference for team in teams]},
    )
    due_week, overdue = selectors.action_counts(staff, today)
    return render(
        request,
        "safeguarding/team/list.html",
        {
            "teams": teams,
            "staff": staff,
            "today": today,
            "due_week": due_week,
            "overdue": overdue,
        },
    )


@login_required
def team_page(request: AuthenticatedRequest, child_id: str) -> HttpResponse:
    view = children_access.child_for_user(
        request.user, child_id, purpose="View the child's team around them"
    )
    child = view.child
    team = selectors.open_team_for(child)
    if team is None:
        require(
            view.relationship in children_access.WORKING_RELATIONSHIPS
            or access.can_start_team(request.user, child),
            to=SEE,
        )
    else:
        require(access.can_see_team(request.user, team), to=SEE)
    today = timezone.localdate()
    page = selectors.team_page(team, today) if team is not None else None
    staff = staff_record_of(request.user)
    may_change = team is not None and access.can_change_team(request.user, team)
    actions = [
        {
            "action": action,
            "overdue": action.done_on is None and action.due_on < today,
            "may_mark_done": action.done_on is None
            and access.can_mark_action_done(request.user, action),
        }
        for action in (page.actions if page is not None else [])
    ]
    members = [
        {
            "member": member,
            "involved": access.current_involvement(child, member.staff) is not None,
            "is_self": staff is not None and member.staff_id == staff.pk,
            "may_leave": member.staff_id != member.team.lead_professional_id
            and access.can_leave_team(request.user, member),
        }
        for member in (page.current_members if page is not None else [])
    ]
    return render(
        request,
        "safeguarding/team/page.html",
        {
            "view": view,
            "child": child,
            "team": team,
            "page": page,
            "members": members,
            "actions": actions,
            "may_change": may_change,
            "may_start": team is None and access.can_start_team(request.user, child),
            "past_teams": list(selectors.past_teams_for(child)),
            "today": today,
        },
    )


@login_required
def team_start(request: AuthenticatedRequest, child_id: str) -> HttpResponse:
    view = children_access.child_for_user(
        request.user, child_id, purpose="Start a team around the child"
    )
    child = view.child
    require(access.can_start_team(request.user, child), to=services.START)
    own = staff_record_of(request.user)
    form = TeamStartForm(posted(request), initial={"lead_professional": own.pk if own else None})
    team = form_write(
        request,
        form,
        lambda data: services.team_start(
            actor=request.user,
            child=child,
            lead_professional=data["lead_professional"],
            lead_role=data["lead_role"],
            started_on=data["started_on"],
        ),
    )
    if team is not None:
        messages.success(
            request, f"The team is started, with {team.lead_professional.full_name} as lead."
        )
        return redirect(selectors.team_path(team))
    return render(
        request,
        "safeguarding/team/form.html",
        {
            "form": form,
            "view": view,
            "child": child,
            "title": "Start a team around the child",
            "intro": "The lead professional coordinates the team's support, and becomes the "
            "child's lead professional in the child index. You may name yourself or someone you "
            "manage; the front door may name anyone.",
            "button": "Start the team",
        },
    )


urlpatterns: list[URLPattern] = [
    path("teams/", team_list, name="teams"),
    path("children/<str:child_id>/team/", team_page, name="team"),
    path("children/<str:child_id>/team/start/", team_start, name="team_start"),
]
