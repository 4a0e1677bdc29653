"""The workforce measures: the national measures of the social worker posts for a census year,
by the whole partnership, agency, team or locality, with the counts behind them and their
definitions, and the whole workforce of every agency; and the same figures as CSV.

Figures, not people: workforce managers, auditors, strategic leads and administrators read them
(access.can_view_workforce_measures); anyone else gets the 403 page. Small groups' absence
figures only for those who see sickness absence (access.can_see_small_group_absence)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.csv_files import csv_download
from childtrust.core.http import found
from childtrust.core.permissions import access_required
from childtrust.workforce import access
from childtrust.workforce.selectors import measure_pages as pages
from childtrust.workforce.selectors.measures import census_years_held


@access_required(access.can_view_workforce_measures)
def measures(request: AuthenticatedRequest) -> HttpResponse:
    page = pages.measures_page(
        request.GET, small_group_absence=access.can_see_small_group_absence(request.user)
    )
    return render(request, "workforce/measures/measures.html", {"page": page})


@access_required(access.can_view_workforce_measures)
def measures_csv(request: AuthenticatedRequest) -> HttpResponse:
    year, _, missing = pages.chosen(request.GET, census_years_held())
    year = found(None if missing else year)
    rows = pages.measures_csv_rows(
        year, small_group_absence=access.can_see_small_group_absence(request.user)
    )
    return csv_download(rows, f"workforce-measures-{year}.csv")


urls: list[URLPattern] = [
    path("measures/", measures, name="measures"),
    path("measures.csv", measures_csv, name="measures_csv"),
]
