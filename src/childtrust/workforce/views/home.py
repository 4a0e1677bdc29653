"""The Workforce section's front page: what the reader may open there (their own post and the
restructures that affect them for everyone; the establishment, measures and restructures for
those whose role lets them)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.permissions import access_required
from childtrust.workforce import access


@access_required(access.can_view_workforce_section)
def home(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "workforce/home.html",
        {
            "can_view_establishment": access.can_view_establishment(user),
            "can_view_measures": access.can_view_workforce_measures(user),
            "can_view_all": access.can_view_all_workforce(user),
            "can_manage": access.can_manage_workforce(user),
            "can_manage_whole": access.can_manage_whole_workforce(user),
            "remit": access.workforce_remit_of(user),
        },
    )


urls: list[URLPattern] = [path("", home, name="home")]
