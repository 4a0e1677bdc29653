"""The registry's pages: agencies, the services directory, localities and wards, and teams.
Everyone signed in reads the registry; partnership administrators add to it and change it. A
team's members are people's records, read through access.team_members_for_user (audited)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.http import found, query_without_page
from childtrust.core.permissions import access_required
from childtrust.partnership import access
from childtrust.partnership.forms import registry as forms
from childtrust.partnership.selectors import registry as selectors
from childtrust.partnership.services import registry as services
from childtrust.partnership.views._shared import Saved, form_page

SERVICES_PER_PAGE = 20
SERVICE_DIRECTORY_CACHE_SECONDS = 600

AGENCY_FORM_FIELDS = list(forms.AgencyForm.base_fields)
SERVICE_FORM_FIELDS = list(forms.ServiceForm.base_fields)
TEAM_FORM_FIELDS = list(forms.TeamForm.base_fields)


def _page_of(view: str, slug: str) -> str:
    """The address of a record's page: `_page_of("agency_detail", agency.slug)`."""
    return reverse(f"partnership:{view}", kwargs={"slug": slug})


# Agencies


@access_required(access.can_view_partnership)
def agency_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "partnership/agency_list.html",
        {
            "agencies": selectors.agencies_for_list(),
            "can_manage": access.can_manage_partnership(request.user),
        },
    )


@access_required(access.can_view_partnership)
def agency_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(selectors.agencies_for_detail(), slug=slug)
    return render(
        request,
        "partnership/agency_detail.html",
        {"agency": agency, "can_manage": access.can_manage_partnership(request.user)},
    )


@access_required(access.can_manage_partnership)
def agency_create(request: AuthenticatedRequest) -> HttpResponse:
    return form_page(
        request,
        forms.AgencyForm(request.POST or None),
        lambda data: services.agency_create(actor=request.user, **data),
        saved=lambda agency: Saved(
            f"{agency} has been added.", _page_of("agency_detail", agency.slug)
        ),
        title="Add an agency",
        caption="Partner agencies",
        submit="Add agency",
        cancel_url=reverse("partnership:agency_list"),
    )


@access_required(access.can_manage_partnership)
def agency_update(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    agency = found(selectors.agency_with_slug(slug))
    page = _page_of("agency_detail", agency.slug)
    return form_page(
        request,
        forms.AgencyForm(
            request.POST or None, initial=model_to_dict(agency, fields=AGENCY_FORM_FIELDS)
        ),
        lambda data: services.agency_update(actor=request.user, agency=agency, **data),
        saved=lambda saved: Saved(f"{saved} has been updated.", page),
        title=f"Change {agency}",
        caption="Partner agencies",
        submit="Save changes",
        cancel_url=page,
    )


# Services directory


@access_required(access.can_view_partnership)
def service_list(request: AuthenticatedRequest) -> HttpResponse:
    # The directory holds no personal data, so searching it is not audited. It is the busiest
    # page: the search form and results are the same for everyone asking the same question, so
    # they are cached until anything the directory shows changes.
    question = f"{selectors.services_directory_version()}|{request.get_full_path()}"
    cache_key = f"services-directory:{hashlib.sha256(question.encode()).hexdigest()}"
    directory, has_errors = cache.get(cache_key) or _render_service_directory(request, cache_key)
    return render(
        request,
        "partnership/service_list.html",
        {
            "directory": directory,
            "page_has_errors": has_errors,
            "can_manage": access.can_manage_partnership(request.user),
        },
    )


def _render_service_directory(request: AuthenticatedRequest, cache_key: str) -> tuple[str, bool]:
    form = forms.ServiceFilterForm(request.GET or None)
    service_filter = form.to_filter()
    page = selectors.services_directory_page(
        service_filter, page_number=request.GET.get("page"), per_page=SERVICES_PER_PAGE
    )
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "filtered": not service_filter.is_empty(),
    }
    rendered = (render_to_string("partnership/service_directory.html", context), bool(form.errors))
    cache.set(cache_key, rendered, SERVICE_DIRECTORY_CACHE_SECONDS)
    return rendered


@access_required(access.can_view_partnership)
def service_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    service = get_object_or_404(selectors.services_for_detail(), slug=slug)
    return render(
        request,
        "partnership/service_detail.html",
        {
            "service": service,
            "ages": selectors.age_range_text(service.min_age, service.max_age),
            "status_colour": selectors.SERVICE_STATUS_COLOURS.get(service.status, "grey"),
            "can_manage": access.can_manage_partnership(request.user),
        },
    )


@access_required(access.can_manage_partnership)
def service_create(request: AuthenticatedRequest) -> HttpResponse:
    initial = {}
    if agency := selectors.agency_with_slug(request.GET.get("agency", "")):
        initial["agency"] = agency.pk
    return form_page(
        request,
        forms.ServiceForm(request.POST or None, initial=initial),
        lambda data: services.service_create(actor=request.user, **data),
        saved=lambda service: Saved(
            f"{service} has been added to the directory.",
            _page_of("service_detail", service.slug),
        ),
        title="Add a service",
        caption="Services directory",
        submit="Add service",
        cancel_url=reverse("partnership:service_list"),
    )


@access_required(access.can_manage_partnership)
def service_update(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    service = found(selectors.service_with_slug(slug))
    page = _page_of("service_detail", service.slug)
    return form_page(
        request,
        forms.ServiceForm(
            request.POST or None, initial=model_to_dict(service, fields=SERVICE_FORM_FIELDS)
        ),
        lambda data: services.service_update(actor=request.user, service=service, **data),
        saved=lambda saved: Saved(f"{saved} has been updated.", page),
        title=f"Change {service}",
        caption="Services directory",
        submit="Save changes",
        cancel_url=page,
    )


# Localities and wards


@access_required(access.can_view_partnership)
def locality_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "partnership/locality_list.html",
        {
            "localities": selectors.localities_for_list(),
            "can_manage": access.can_manage_partnership(request.user),
        },
    )


@access_required(access.can_view_partnership)
def locality_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    locality = get_object_or_404(selectors.localities_for_detail(), slug=slug)
    return render(
        request,
        "partnership/locality_detail.html",
        {"locality": locality, "can_manage": access.can_manage_partnership(request.user)},
    )


@access_required(access.can_manage_partnership)
def locality_create(request: AuthenticatedRequest) -> HttpResponse:
    return form_page(
        request,
        forms.LocalityForm(request.POST or None),
        lambda data: services.locality_create(actor=request.user, **data),
        saved=lambda locality: Saved(
            f"{locality} has been added. You can now add its wards.",
            _page_of("locality_detail", locality.slug),
        ),
        title="Add a locality",
        caption="Localities and wards",
        submit="Add locality",
        cancel_url=reverse("partnership:locality_list"),
    )


@access_required(access.can_manage_partnership)
def locality_update(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    locality = found(selectors.locality_with_slug(slug))
    page = _page_of("locality_detail", locality.slug)
    return form_page(
        request,
        forms.LocalityForm(
            request.POST or None, initial=model_to_dict(locality, fields=["name", "description"])
        ),
        lambda data: services.locality_update(actor=request.user, locality=locality, **data),
        saved=lambda saved: Saved(f"{saved} has been updated.", page),
        title=f"Change {locality}",
        caption="Localities and wards",
        submit="Save changes",
        cancel_url=page,
    )


@access_required(access.can_manage_partnership)
def ward_create(request: AuthenticatedRequest) -> HttpResponse:
    initial = {}
    if locality := selectors.locality_with_slug(request.GET.get("locality", "")):
        initial["locality"] = locality.pk
    return form_page(
        request,
        forms.WardForm(request.POST or None, initial=initial),
        lambda data: services.ward_create(actor=request.user, **data),
        saved=lambda ward: Saved(
            f"{ward} ward has been added to {ward.locality}.",
            _page_of("locality_detail", ward.locality.slug),
        ),
        title="Add a ward",
        caption="Localities and wards",
        submit="Add ward",
        cancel_url=reverse("partnership:locality_list"),
    )


@access_required(access.can_manage_partnership)
def ward_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ward = found(selectors.ward_with_pk(pk))
    return form_page(
        request,
        forms.WardForm(
            request.POST or None, initial=model_to_dict(ward, fields=["name", "code", "locality"])
        ),
        lambda data: services.ward_update(actor=request.user, ward=ward, **data),
        saved=lambda saved: Saved(
            f"{saved} ward has been updated.", _page_of("locality_detail", saved.locality.slug)
        ),
        title=f"Change {ward} ward",
        caption="Localities and wards",
        submit="Save changes",
        cancel_url=_page_of("locality_detail", ward.locality.slug),
    )


# Teams


@access_required(access.can_view_partnership)
def team_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "partnership/team_list.html",
        {
            "teams": selectors.teams_for_list(),
            "can_manage": access.can_manage_partnership(request.user),
        },
    )


@access_required(access.can_view_partnership)
def team_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    team = get_object_or_404(selectors.teams_for_detail(), slug=slug)
    can_see_people = access.can_view_staff_directory(request.user)
    members = access.team_members_for_user(request.user, team) if can_see_people else []
    return render(
        request,
        "partnership/team_detail.html",
        {
            "team": team,
            "members": members,
            "member_agencies": sorted({member.agency.name for member in members}),
            "can_see_people": can_see_people,
            "can_manage": access.can_manage_partnership(request.user),
        },
    )


@access_required(access.can_manage_partnership)
def team_create(request: AuthenticatedRequest) -> HttpResponse:
    return form_page(
        request,
        forms.TeamForm(request.POST or None),
        lambda data: services.team_create(actor=request.user, **data),
        saved=lambda team: Saved(f"{team} has been added.", _page_of("team_detail", team.slug)),
        title="Add a team",
        caption="Teams",
        submit="Add team",
        cancel_url=reverse("partnership:team_list"),
    )


@access_required(access.can_manage_partnership)
def team_update(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    team = found(selectors.team_with_slug(slug))
    page = _page_of("team_detail", team.slug)
    return form_page(
        request,
        forms.TeamForm(request.POST or None, initial=model_to_dict(team, fields=TEAM_FORM_FIELDS)),
        lambda data: services.team_update(actor=request.user, team=team, **data),
        saved=lambda saved: Saved(f"{saved} has been updated.", page),
        title=f"Change {team}",
        caption="Teams",
        submit="Save changes",
        cancel_url=page,
    )
