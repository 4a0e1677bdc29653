"""The establishment's pages about people: "My post" for everyone signed in (their own
holdings and job descriptions), the starters and leavers of a census year (leaving reasons only
to those access.can_view_leaving_reasons allows), and a person's sickness absence (workforce
managers within remit and the person's agency head) and caseload counts (workforce managers).
Each read of personal data goes through an access function that audits it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.formats import date_format

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.forms import form_write
from childtrust.core.http import posted
from childtrust.core.permissions import access_required
from childtrust.partnership.selectors.registry import agencies_by_name
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.workforce import access
from childtrust.workforce.forms.establishment.people import (
    AbsenceForm,
    CaseloadForm,
    StartersLeaversForm,
)
from childtrust.workforce.selectors.establishment import people as selectors
from childtrust.workforce.selectors.establishment import posts as post_selectors
from childtrust.workforce.services.establishment import people as services


@access_required(access.can_view_workforce_section)
def my_post(request: AuthenticatedRequest) -> HttpResponse:
    holdings = access.my_holdings_for_user(request.user)
    today = timezone.localdate()
    current = [h for h in holdings if h.ends_on is None or h.ends_on >= today]
    return render(
        request,
        "workforce/establishment/my_post.html",
        {
            "has_record": staff_record_of(request.user) is not None,
            "current": [(h, post_selectors.job_description_current(h.post)) for h in current],
            "past": [h for h in holdings if h not in current],
            "today": today,
        },
    )


@access_required(access.can_view_starters_leavers)
def starters_leavers(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    visible = access.posts_visible_to(request.user)
    form = StartersLeaversForm(
        request.GET or None,
        years=selectors.census_years_to(today),
        agencies=agencies_by_name().filter(pk__in=visible.values("agency_id")),
    )
    year, agency = form.chosen()
    found = access.starters_leavers_for_user(request.user, year=year, agency=agency)
    return render(
        request,
        "workforce/establishment/starters_leavers.html",
        {"form": form, "found": found, "agency": agency},
    )


@access_required(access.can_view_workforce_section)
def person_absence(request: AuthenticatedRequest, staff_pk: int) -> HttpResponse:
    person, spells = access.sickness_absence_for_user(request.user, staff_pk)
    return render(
        request,
        "workforce/establishment/person_absence.html",
        {
            "person": person,
            "spells": spells,
            "years": selectors.absence_by_year(spells),
            "can_record": access.can_record_sickness_absence(request.user, person),
        },
    )


@access_required(access.can_manage_workforce)
def person_absence_add(request: AuthenticatedRequest, staff_pk: int) -> HttpResponse:
    person, spells = access.sickness_absence_for_user(request.user, staff_pk)
    if not access.can_record_sickness_absence(request.user, person):
        raise PermissionDenied
    form = AbsenceForm(posted(request))
    saved = form_write(
        request,
        form,
        lambda data: services.sickness_absence_record(actor=request.user, staff=person, **data),
    )
    if saved is not None:
        messages.success(request, f"The spell of absence has been recorded for {person}.")
        return redirect("workforce:person_absence", staff_pk=person.pk)
    return render(
        request,
        "workforce/establishment/absence_form.html",
        {"form": form, "person": person, "spells": spells},
    )


@access_required(access.can_manage_workforce)
def person_caseload(request: AuthenticatedRequest, staff_pk: int) -> HttpResponse:
    person, counts = access.caseloads_for_user(request.user, staff_pk)
    form = CaseloadForm(posted(request))
    saved = form_write(
        request,
        form,
        lambda data: services.caseload_record(actor=request.user, staff=person, **data),
    )
    if saved is not None:
        messages.success(
            request,
            f"{person}'s caseload of {saved.cases} on "
            f"{date_format(saved.counted_on, 'j F Y')} has been recorded.",
        )
        return redirect("workforce:person_caseload", staff_pk=person.pk)
    return render(
        request,
        "workforce/establishment/caseload.html",
        {"form": form, "person": person, "counts": counts},
    )


urls: list[URLPattern] = [
    path("my-post/", my_post, name="my_post"),
    path("starters-and-leavers/", starters_leavers, name="starters_leavers"),
    path("people/<int:staff_pk>/absence/", person_absence, name="person_absence"),
    path("people/<int:staff_pk>/absence/new/", person_absence_add, name="person_absence_add"),
    path("people/<int:staff_pk>/caseload/", person_caseload, name="person_caseload"),
]
