"""The multi-agency locality teams: every team's posts, FTE, people and the expected
professions it has no one working in; and one team's members by employing agency with their
posts, FTE and time in the team, and its vacancies. For those who see all the workforce."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.http import found
from childtrust.core.permissions import access_required
from childtrust.workforce import access
from childtrust.workforce.selectors import locality_teams as selectors


@access_required(access.can_view_locality_teams)
def locality_teams(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "workforce/establishment/locality_teams.html",
        {
            "teams": selectors.locality_team_figures(today),
            "expected": selectors.expected_professions_words(),
            "today": today,
        },
    )


@access_required(access.can_view_locality_teams)
def locality_team(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    team = found(selectors.locality_teams().filter(slug=slug).first())
    return render(
        request,
        "workforce/establishment/locality_team.html",
        {
            "team": team,
            "detail": access.locality_team_for_user(request.user, team),
            "expected": selectors.expected_professions_words(),
            "remit": access.workforce_remit_of(request.user),
            "today": timezone.localdate(),
        },
    )


urls: list[URLPattern] = [
    path("locality-teams/", locality_teams, name="locality_teams"),
    path("locality-teams/<slug:slug>/", locality_team, name="locality_team"),
]
