"""Locality working (/children/locality/): the reader's multi-agency locality team's caseload
and the children in its locality known to three or more agencies with no lead professional."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.children import access
from childtrust.children.selectors.locality import AGENCIES_WITHOUT_LEAD, locality_caseload_for
from childtrust.core.permissions import access_required


@access_required(access.can_view_locality_caseload)
def locality_caseload(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "children/locality/caseload.html",
        {
            "caseload": locality_caseload_for(request.user),
            "agencies_without_lead": AGENCIES_WITHOUT_LEAD,
            "today": timezone.localdate(),
        },
    )


urlpatterns: list[URLPattern] = [
    path("locality/", locality_caseload, name="locality_caseload"),
]
