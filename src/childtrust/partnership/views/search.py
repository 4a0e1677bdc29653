"""The search page: one box across services, agencies, teams, staff and pages, its results
grouped by kind (partnership/search/)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.permissions import access_required
from childtrust.partnership import access


@access_required(access.can_view_partnership)
def search(request: AuthenticatedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    return render(request, "partnership/search/results.html", {"query": query, "groups": []})
