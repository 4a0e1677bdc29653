"""The registry's pages: agencies, the services directory, localities and wards, and teams.
Everyone signed in reads the registry; partnership administrators add to it and change it. A
team's members are people's records, read through access.team_members_for_user (audited)."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.forms import form_write
from childtrust.core.permissions import access_required
from childtrust.partnership import access
from childtrust.partnership.forms import registry as forms
from childtrust.partnership.selectors import registry as selectors
from childtrust.partnership.services import registry as services
from childtrust.partnership.views._shared import form_page, found, query_without_page

SERVICES_PER_PAGE = 20
SERVICE_DIRECTORY_CACHE_SECONDS = 600

AGENCY_FORM_FIELDS = list(forms.AgencyForm.base_fields)
SERVICE_FORM_FIELDS = list(forms.ServiceForm.base_fields)
TEAM_FORM_FIELDS = list(forms.TeamForm.base_fields)


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
    form = forms.AgencyForm(request.POST or None)
    agency = form_write(
        request, form, lambda data: services.agency_create(actor=request.user, **data)
    )
    if agency is not None:
        messages.success(request, f"{agency} has been added.")
        return redirect("partnership:agency_detail", slug=agency.slug)
    return form_page(
        request,
        form,
        title="Add an agency",
        caption="Partner agencies",
        submit="Add agency",
        cancel_url=reverse("partnership:agency_list"),
    )


@access_required(access.can_manage_partnership)
def agency_update(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    agency = found(selectors.agency_with_slug(slug))
    form = forms.AgencyForm(
        request.POST or None, initial=model_to_dict(agency, fields=AGENCY_FORM_FIELDS)
    )
    saved = form_write(
        request,
        form,
        lambda data: services.agency_update(actor=request.user, agency=agency, **data),
    )
    if saved is not None:
        messages.success(request, f"{saved} has been updated.")
        return redirect("partnership:agency_detail", slug=saved.slug)
    return form_page(
        request,
        form,
        title=f"Change {agency}",
        caption="Partner agencies",
        submit="Save changes",
        cancel_url=reverse("partnership:agency_detail", kwargs={"slug": agency.slug}),
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
    form = forms.ServiceForm(request.POST or None, initial=initial)
    service = form_write(
        request, form, lambda data: services.service_create(actor=request.user, **data)
    )
    if service is not None:
        messages.success(request, f"{service} has been added to the directory.")
        return redirect("partnership:service_detail", slug=service.slug)
    return form_page(
        request,
        form,
        title="Add a service",
        caption="Services directory",
        submit="Add service",
        cancel_url=reverse("partnership:service_list"),
    )


@access_required(access.can_manage_partnership)
def service_update(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    service = found(selectors.service_with_slug(slug))
    form = forms.ServiceForm(
        request.POST or None, initial=model_to_dict(service, fields=SERVICE_FORM_FIELDS)
    )
    saved = form_write(
        request,
        form,
        lambda data: services.service_update(actor=request.user, service=service, **data),
    )
    if saved is not None:
        messages.success(request, f"{saved} has been updated.")
        return redirect("partnership:service_detail", slug=saved.slug)
    return form_page(
        request,
        form,
        title=f"Change {service}",
        caption="Services directory",
        submit="Save changes",
        cancel_url=reverse("partnership:service_detail", kwargs={"slug": service.slug}),
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
    form = forms.LocalityForm(request.POST or None)
    locality = form_write(
        request, form, lambda data: services.locality_create(actor=request.user, **data)
    )
    if locality is not None:
        messages.success(request, f"{locality} has been added. You can now add its wards.")
        return redirect("partnership:locality_detail", slug=locality.slug)
    return form_page(
        request,
        form,
        title="Add a locality",
        caption="Localities and wards",
        submit="Add locality",
        cancel_url=reverse("partnership:locality_list"),
    )


@access_required(access.can_manage_partnership)
def locality_update(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    locality = found(selectors.locality_with_slug(slug))
    form = forms.LocalityForm(
        request.POST or None, initial=model_to_dict(locality, fields=["name", "description"])
    )
    saved = form_write(
        request,
        form,
        lambda data: services.locality_update(actor=request.user, locality=locality, **data),
    )
    if saved is not None:
        messages.success(request, f"{saved} has been updated.")
        return redirect("partnership:locality_detail", slug=saved.slug)
    return form_page(
        request,
        form,
        title=f"Change {locality}",
        caption="Localities and wards",
        submit="Save changes",
        cancel_url=reverse("partnership:locality_detail", kwargs={"slug": locality.slug}),
    )


@access_required(access.can_manage_partnership)
def ward_create(request: AuthenticatedRequest) -> HttpResponse:
    initial = {}
    if locality := selectors.locality_with_slug(request.GET.get("locality", "")):
        initial["locality"] = locality.pk
    form = forms.WardForm(request.POST or None, initial=initial)
    ward = form_write(request, form, lambda data: services.ward_create(actor=request.user, **data))
    if ward is not None:
        messages.success(request, f"{ward} ward has been added to {ward.locality}.")
        return redirect("partnership:locality_detail", slug=ward.locality.slug)
    return form_page(
        request,
        form,
        title="Add a ward",
        caption="Localities and wards",
        submit="Add ward",
        cancel_url=reverse("partnership:locality_list"),
    )


@access_required(access.can_manage_partnership)
def ward_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ward = found(selectors.ward_with_pk(pk))
    form = forms.WardForm(
        request.POST or None, initial=model_to_dict(ward, fields=["name", "code", "locality"])
    )
    saved = form_write(
        request, form, lambda data: services.ward_update(actor=request.user, ward=ward, **data)
    )
    if saved is not None:
        messages.success(request, f"{saved} ward has been updated.")
        return redirect("partnership:locality_detail", slug=saved.locality.slug)
    return form_page(
        request,
        form,
        title=f"Change {ward} ward",
        caption="Localities and wards",
        submit="Save changes",
        cancel_url=reverse("partnership:locality_detail", kwargs={"slug": ward.locality.slug}),
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
    form = forms.TeamForm(request.POST or None)
    team = form_write(request, form, lambda data: services.team_create(actor=request.user, **data))
    if team is not None:
        messages.success(request, f"{team} has been added.")
        return redirect("partnership:team_detail", slug=team.slug)
    return form_page(
        request,
        form,
        title="Add a team",
        caption="Teams",
        submit="Add team",
        cancel_url=reverse("partnership:team_list"),
    )


@access_required(access.can_manage_partnership)
def team_update(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    team = found(selectors.team_with_slug(slug))
    form = forms.TeamForm(
        request.POST or None, initial=model_to_dict(team, fields=TEAM_FORM_FIELDS)
    )
    saved = form_write(
        request, form, lambda data: services.team_update(actor=request.user, team=team, **data)
    )
    if saved is not None:
        messages.success(request, f"{saved} has been updated.")
        return redirect("partnership:team_detail", slug=saved.slug)
    return form_page(
        request,
        form,
        title=f"Change {team}",
        caption="Teams",
        submit="Save changes",
        cancel_url=reverse("partnership:team_detail", kwargs={"slug": team.slug}),
    )
