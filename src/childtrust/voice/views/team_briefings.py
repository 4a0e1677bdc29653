"""A team manager's briefings for the teams they lead: the messages that reached each team,
and recording who of the team came to a briefing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.forms import form_write
from childtrust.core.http import found
from childtrust.core.permissions import access_required
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.voice import access
from childtrust.voice.forms.team_briefings import TeamBriefingForm
from childtrust.voice.selectors import team_briefings as selectors
from childtrust.voice.services.team_briefings import team_briefing_record


def _own_id(request: AuthenticatedRequest) -> int | None:
    staff = staff_record_of(request.user)
    return staff.pk if staff else None


@access_required(access.can_use_staff_voice)
def team_briefings(request: AuthenticatedRequest) -> HttpResponse:
    teams = access.teams_to_brief_for_user(request.user)
    if not teams:
        raise PermissionDenied("Only a team manager records their team's briefings.")
    items = selectors.team_messages(teams, leaving_out=_own_id(request))
    return render(request, "voice/team_briefings.html", {"items": items})


@access_required(access.can_use_staff_voice)
def team_briefing(request: AuthenticatedRequest, message_id: int, team_id: int) -> HttpResponse:
    manager = access.team_briefer_for_user(request.user, team_id)
    message = found(selectors.published_message_with_id(message_id))
    people = selectors.team_recipients(message, team_id, leaving_out=manager.pk)
    if not people:
        raise PermissionDenied("This message was not sent to anyone in that team.")
    form = TeamBriefingForm(request.POST or None, people=people)
    recorded = form_write(
        request,
        form,
        lambda data: team_briefing_record(
            actor=request.user,
            message=message,
            team_id=team_id,
            attended=data["attended"],
            method=data["method"],
        ),
    )
    if recorded is not None:
        people_word = "person" if recorded == 1 else "people"
        messages.success(
            request, f"You have recorded briefing {recorded} {people_word} on “{message}”."
        )
        return redirect("voice:team_briefings")
    return render(
        request,
        "voice/team_briefing.html",
        {
            "message": message,
            "team_name": people[0].team.name if people[0].team else "",
            "people": people,
            "form": form,
        },
    )
