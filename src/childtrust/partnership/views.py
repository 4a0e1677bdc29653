"""Thin views: check the role, call a selector or a service, render."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.core.csv_files import csv_download
from childtrust.core.forms import form_write
from childtrust.core.permissions import Capability, capability_required, has_capability
from childtrust.partnership import access, forms, services
from childtrust.partnership.models import (
    Agency,
    FrameworkIndicator,
    Locality,
    Outcome,
    Priority,
    Service,
    Team,
    Ward,
)
from childtrust.partnership.selectors import framework as framework_selectors
from childtrust.partnership.selectors import registry as registry_selectors
from childtrust.partnership.selectors import staff as staff_selectors

# --- Registry ----------------------------------------------------------------------------------
# Everyone signed in reads the registry; partnership administrators create and edit it. People's
# records (the staff directory, a person, a team's members, an organisation chart) are read
# through the selectors' `*_for_user` functions, which audit each view and search.

SERVICES_PER_PAGE = 20
SERVICE_DIRECTORY_CACHE_SECONDS = 600
STAFF_PER_PAGE = 25

AGENCY_FORM_FIELDS = list(forms.AgencyForm.base_fields)
SERVICE_FORM_FIELDS = list(forms.ServiceForm.base_fields)
TEAM_FORM_FIELDS = list(forms.TeamForm.base_fields)
STAFF_FORM_FIELDS = list(forms.StaffMemberForm.base_fields)


def _actor(request: HttpRequest) -> User:
    # capability_required has already turned away anyone not signed in.
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _can_manage(request: HttpRequest) -> bool:
    return has_capability(request.user, Capability.MANAGE_PARTNERSHIP)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _form_page(
    request: HttpRequest,
    form: BaseForm,
    *,
    title: str,
    caption: str,
    submit: str,
    cancel_url: str,
    back_label: str = "Back",
) -> HttpResponse:
    return render(
        request,
        "partnership/form_page.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "submit": submit,
            "cancel_url": cancel_url,
            "back_label": back_label,
        },
    )


# Agencies


@capability_required(Capability.VIEW_PARTNERSHIP)
def agency_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partnership/agency_list.html",
        {"agencies": registry_selectors.agencies_for_list(), "can_manage": _can_manage(request)},
    )


@capability_required(Capability.VIEW_PARTNERSHIP)
def agency_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(registry_selectors.agencies_for_detail(), slug=slug)
    return render(
        request,
        "partnership/agency_detail.html",
        {"agency": agency, "can_manage": _can_manage(request)},
    )


@capability_required(Capability.MANAGE_PARTNERSHIP)
def agency_create(request: HttpRequest) -> HttpResponse:
    form = forms.AgencyForm(request.POST or None)
    agency = form_write(
        request,
        form,
        lambda data: services.agency_create(actor=_actor(request), **data),
    )
    if agency is not None:
        messages.success(request, f"{agency} has been added.")
        return redirect("partnership:agency_detail", slug=agency.slug)
    return _form_page(
        request,
        form,
        title="Add an agency",
        caption="Partner agencies",
        submit="Add agency",
        cancel_url=reverse("partnership:agency_list"),
    )


@capability_required(Capability.MANAGE_PARTNERSHIP)
def agency_update(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    form = forms.AgencyForm(
        request.POST or None, initial=model_to_dict(agency, fields=AGENCY_FORM_FIELDS)
    )
    saved = form_write(
        request,
        form,
        lambda data: services.agency_update(actor=_actor(request), agency=agency, **data),
    )
    if saved is not None:
        messages.success(request, f"{saved} has been updated.")
        return redirect("partnership:agency_detail", slug=saved.slug)
    return _form_page(
        request,
        form,
        title=f"Change {agency}",
        caption="Partner agencies",
        submit="Save changes",
        cancel_url=reverse("partnership:agency_detail", kwargs={"slug": agency.slug}),
    )


@capability_required(Capability.VIEW_STAFF_DIRECTORY)
def org_chart(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    chart = access.org_chart_for_user(user=request.user, agency=agency)
    return render(request, "partnership/org_chart.html", {"agency": agency, "chart": chart})


# Services directory


@capability_required(Capability.VIEW_PARTNERSHIP)
def service_list(request: HttpRequest) -> HttpResponse:
    # The directory holds no personal data, so searching it is not audited. It is the busiest
    # page: the search form and results are the same for everyone asking the same question, so
    # they are cached until anything the directory shows changes.
    question = f"{registry_selectors.services_directory_version()}|{request.get_full_path()}"
    cache_key = f"services-directory:{hashlib.sha256(question.encode()).hexdigest()}"
    directory, has_errors = cache.get(cache_key) or _render_service_directory(request, cache_key)
    return render(
        request,
        "partnership/service_list.html",
        {"directory": directory, "page_has_errors": has_errors, "can_manage": _can_manage(request)},
    )


def _render_service_directory(request: HttpRequest, cache_key: str) -> tuple[str, bool]:
    form = forms.ServiceFilterForm(request.GET or None)
    service_filter = form.to_filter()
    page = registry_selectors.services_directory_page(
        service_filter, page_number=request.GET.get("page"), per_page=SERVICES_PER_PAGE
    )
    context = {
        "form": form,
        "page": page,
        "query": _query_without_page(request),
        "filtered": not service_filter.is_empty(),
    }
    rendered = (render_to_string("partnership/service_directory.html", context), bool(form.errors))
    cache.set(cache_key, rendered, SERVICE_DIRECTORY_CACHE_SECONDS)
    return rendered


@capability_required(Capability.VIEW_PARTNERSHIP)
def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    service = get_object_or_404(registry_selectors.services_for_detail(), slug=slug)
    return render(
        request,
        "partnership/service_detail.html",
        {
            "service": service,
            "ages": registry_selectors.age_range_text(service.min_age, service.max_age),
            "status_colour": registry_selectors.SERVICE_STATUS_COLOURS.get(service.status, "grey"),
            "can_manage": _can_manage(request),
        },
    )


@capability_required(Capability.MANAGE_PARTNERSHIP)
def service_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if agency := Agency.objects.filter(slug=request.GET.get("agency", "")).first():
        initial["agency"] = agency.pk
    form = forms.ServiceForm(request.POST or None, initial=initial)
    service = form_write(
        request,
        form,
        lambda data: services.service_create(actor=_actor(request), **data),
    )
    if service is not None:
        messages.success(request, f"{service} has been added to the directory.")
        return redirect("partnership:service_detail", slug=service.slug)
    return _form_page(
        request,
        form,
        title="Add a service",
        caption="Services directory",
        submit="Add service",
        cancel_url=reverse("partnership:service_list"),
    )


@capability_required(Capability.MANAGE_PARTNERSHIP)
def service_update(request: HttpRequest, slug: str) -> HttpResponse:
    service = get_object_or_404(Service, slug=slug)
    form = forms.ServiceForm(
        request.POST or None, initial=model_to_dict(service, fields=SERVICE_FORM_FIELDS)
    )
    saved = form_write(
        request,
        form,
        lambda data: services.service_update(actor=_actor(request), service=service, **data),
    )
    if saved is not None:
        messages.success(request, f"{saved} has been updated.")
        return redirect("partnership:service_detail", slug=saved.slug)
    return _form_page(
        request,
        form,
        title=f"Change {service}",
        caption="Services directory",
        submit="Save changes",
        cancel_url=reverse("partnership:service_detail", kwargs={"slug": service.slug}),
    )


# Localities and wards


@capability_required(Capability.VIEW_PARTNERSHIP)
def locality_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partnership/locality_list.html",
        {
            "localities": registry_selectors.localities_for_list(),
            "can_manage": _can_manage(request),
        },
    )


@capability_required(Capability.VIEW_PARTNERSHIP)
def locality_detail(request: HttpRequest, slug: str) -> HttpResponse:
    locality = get_object_or_404(registry_selectors.localities_for_detail(), slug=slug)
    return render(
        request,
        "partnership/locality_detail.html",
        {"locality": locality, "can_manage": _can_manage(request)},
    )


@capability_required(Capability.MANAGE_PARTNERSHIP)
def locality_create(request: HttpRequest) -> HttpResponse:
    form = forms.LocalityForm(request.POST or None)
    locality = form_write(
        request,
        form,
        lambda data: services.locality_create(actor=_actor(request), **data),
    )
    if locality is not None:
        messages.success(request, f"{locality} has been added. You can now add its wards.")
        return redirect("partnership:locality_detail", slug=locality.slug)
    return _form_page(
        request,
        form,
        title="Add a locality",
        caption="Localities and wards",
        submit="Add locality",
        cancel_url=reverse("partnership:locality_list"),
    )


@capability_required(Capability.MANAGE_PARTNERSHIP)
def locality_update(request: HttpRequest, slug: str) -> HttpResponse:
    locality = get_object_or_404(Locality, slug=slug)
    form = forms.LocalityForm(
        request.POST or None, initial=model_to_dict(locality, fields=["name", "description"])
    )
    saved = form_write(
        request,
        form,
        lambda data: services.locality_update(actor=_actor(request), locality=locality, **data),
    )
    if saved is not None:
        messages.success(request, f"{saved} has been updated.")
        return redirect("partnership:locality_detail", slug=saved.slug)
    return _form_page(
        request,
        form,
        title=f"Change {locality}",
        caption="Localities and wards",
        submit="Save changes",
        cancel_url=reverse("partnership:locality_detail", kwargs={"slug": locality.slug}),
    )


@capability_required(Capability.MANAGE_PARTNERSHIP)
def ward_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if locality := Locality.objects.filter(slug=request.GET.get("locality", "")).first():
        initial["locality"] = locality.pk
    form = forms.WardForm(request.POST or None, initial=initial)
    ward = form_write(
        request,
        form,
        lambda data: services.ward_create(actor=_actor(request), **data),
    )
    if ward is not None:
        messages.success(request, f"{ward} ward has been added to {ward.locality}.")
        return redirect("partnership:locality_detail", slug=ward.locality.slug)
    return _form_page(
        request,
        form,
        title="Add a ward",
        caption="Localities and wards",
        submit="Add ward",
        cancel_url=reverse("partnership:locality_list"),
    )


@capability_required(Capability.MANAGE_PARTNERSHIP)
def ward_update(request: HttpRequest, pk: int) -> HttpResponse:
    ward = get_object_or_404(Ward.objects.select_related("locality"), pk=pk)
    form = forms.WardForm(
        request.POST or None, initial=model_to_dict(ward, fields=["name", "code", "locality"])
    )
    saved = form_write(
        request,
        form,
        lambda data: services.ward_update(actor=_actor(request), ward=ward, **data),
    )
    if saved is not None:
        messages.success(request, f"{saved} ward has been updated.")
        return redirect("partnership:locality_detail", slug=saved.locality.slug)
    return _form_page(
        request,
        form,
        title=f"Change {ward} ward",
        caption="Localities and wards",
        submit="Save changes",
        cancel_url=reverse("partnership:locality_detail", kwargs={"slug": ward.locality.slug}),
    )


# Teams


@capability_required(Capability.VIEW_PARTNERSHIP)
def team_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partnership/team_list.html",
        {"teams": registry_selectors.teams_for_list(), "can_manage": _can_manage(request)},
    )


@capability_required(Capability.VIEW_PARTNERSHIP)
def team_detail(request: HttpRequest, slug: str) -> HttpResponse:
    team = get_object_or_404(registry_selectors.teams_for_detail(), slug=slug)
    can_see_people = has_capability(request.user, Capability.VIEW_STAFF_DIRECTORY)
    members = access.team_members_for_user(user=request.user, team=team) if can_see_people else []
    return render(
        request,
        "partnership/team_detail.html",
        {
            "team": team,
            "members": members,
            "member_agencies": sorted({member.agency.name for member in members}),
            "can_see_people": can_see_people,
            "can_manage": _can_manage(request),
        },
    )


@capability_required(Capability.MANAGE_PARTNERSHIP)
def team_create(request: HttpRequest) -> HttpResponse:
    form = forms.TeamForm(request.POST or None)
    team = form_write(
        request,
        form,
        lambda data: services.team_create(actor=_actor(request), **data),
    )
    if team is not None:
        messages.success(request, f"{team} has been added.")
        return redirect("partnership:team_detail", slug=team.slug)
    return _form_page(
        request,
        form,
        title="Add a team",
        caption="Teams",
        submit="Add team",
        cancel_url=reverse("partnership:team_list"),
    )


@capability_required(Capability.MANAGE_PARTNERSHIP)
def team_update(request: HttpRequest, slug: str) -> HttpResponse:
    team = get_object_or_404(Team, slug=slug)
    form = forms.TeamForm(
        request.POST or None, initial=model_to_dict(team, fields=TEAM_FORM_FIELDS)
    )
    saved = form_write(
        request,
        form,
        lambda data: services.team_update(actor=_actor(request), team=team, **data),
    )
    if saved is not None:
        messages.success(request, f"{saved} has been updated.")
        return redirect("partnership:team_detail", slug=saved.slug)
    return _form_page(
        request,
        form,
        title=f"Change {team}",
        caption="Teams",
        submit="Save changes",
        cancel_url=reverse("partnership:team_detail", kwargs={"slug": team.slug}),
    )


# Staff directory


@capability_required(Capability.VIEW_STAFF_DIRECTORY)
def staff_list(request: HttpRequest) -> HttpResponse:
    form = forms.StaffFilterForm(request.GET or None)
    directory = access.staff_directory_search(user=request.user, staff_filter=form.to_filter())
    page = Paginator(directory.people, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "partnership/staff_list.html",
        {
            "form": form,
            "page": page,
            "rows": [(person, directory.levels.get(person.pk)) for person in page],
            "query": _query_without_page(request),
            "can_manage": _can_manage(request),
        },
    )


@capability_required(Capability.VIEW_STAFF_DIRECTORY)
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.staff_member_for_user(user=request.user, staff_id=pk)
    return render(
        request,
        "partnership/staff_detail.html",
        {
            "person": person,
            "level": staff_selectors.staff_levels(agency=person.agency).get(person.pk),
            "can_manage": _can_manage(request),
        },
    )


@capability_required(Capability.MANAGE_PARTNERSHIP)
def staff_create(request: HttpRequest) -> HttpResponse:
    form = forms.StaffMemberForm(request.POST or None)
    person = form_write(
        request,
        form,
        lambda data: services.staff_member_create(actor=_actor(request), **data),
    )
    if person is not None:
        messages.success(request, f"{person} has been added to the staff directory.")
        return redirect("partnership:staff_detail", pk=person.pk)
    return _form_page(
        request,
        form,
        title="Add a person",
        caption="Staff directory",
        submit="Add person",
        cancel_url=reverse("partnership:staff_list"),
    )


@capability_required(Capability.MANAGE_PARTNERSHIP)
def staff_update(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.staff_member_for_user(user=request.user, staff_id=pk, purpose="edit")
    form = forms.StaffMemberForm(
        request.POST or None,
        initial=model_to_dict(person, fields=STAFF_FORM_FIELDS),
        person=person,
    )
    saved = form_write(
        request,
        form,
        lambda data: services.staff_member_update(actor=_actor(request), person=person, **data),
    )
    if saved is not None:
        messages.success(request, f"{saved}'s record has been updated.")
        return redirect("partnership:staff_detail", pk=saved.pk)
    return _form_page(
        request,
        form,
        title=f"Change {person}'s record",
        caption="Staff directory",
        submit="Save changes",
        cancel_url=reverse("partnership:staff_detail", kwargs={"pk": person.pk}),
    )


# --- Shared vision and outcomes framework ------------------------------------------------------


def _framework_form_page(
    request: HttpRequest, form: BaseForm, *, title: str, submit: str
) -> HttpResponse:
    return _form_page(
        request,
        form,
        title=title,
        caption="Outcomes framework",
        submit=submit,
        cancel_url=reverse("partnership:framework"),
        back_label="Back to the outcomes framework",
    )


def _to_framework(anchor: str) -> HttpResponse:
    return redirect(f"{reverse('partnership:framework')}#{anchor}")


@capability_required(Capability.VIEW_PARTNERSHIP)
def vision(request: HttpRequest) -> HttpResponse:
    versions = framework_selectors.vision_statements()
    return render(
        request,
        "partnership/vision_detail.html",
        {
            "current": versions[0] if versions else None,
            "earlier": versions[1:],
            "can_manage": has_capability(request.user, Capability.MANAGE_FRAMEWORK),
        },
    )


@capability_required(Capability.MANAGE_FRAMEWORK)
def vision_adopt(request: HttpRequest) -> HttpResponse:
    current = framework_selectors.vision_current()
    initial = {"text": current.text, "adopted_by": current.adopted_by} if current else {}
    form = forms.VisionAdoptForm(request.POST or None, initial=initial)
    adopted = form_write(
        request,
        form,
        lambda data: services.vision_statement_adopt(actor=_actor(request), **data),
    )
    if adopted:
        messages.success(request, f"Version {adopted.version} of the vision is recorded.")
        return redirect("partnership:vision")
    return render(request, "partnership/vision_adopt.html", {"form": form, "current": current})


@capability_required(Capability.VIEW_PARTNERSHIP)
def framework(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partnership/framework_detail.html",
        {
            "outcomes": framework_selectors.outcomes_framework(),
            "can_manage": has_capability(request.user, Capability.MANAGE_FRAMEWORK),
        },
    )


@capability_required(Capability.MANAGE_FRAMEWORK)
def framework_outcome_create(request: HttpRequest) -> HttpResponse:
    form = forms.OutcomeForm(request.POST or None)
    outcome = form_write(
        request, form, lambda data: services.outcome_create(actor=_actor(request), **data)
    )
    if outcome:
        messages.success(request, f"Outcome “{outcome}” added.")
        return _to_framework(f"outcome-{outcome.slug}")
    return _framework_form_page(request, form, title="Add an outcome", submit="Add outcome")


@capability_required(Capability.MANAGE_FRAMEWORK)
def framework_outcome_update(request: HttpRequest, slug: str) -> HttpResponse:
    outcome = get_object_or_404(Outcome, slug=slug)
    form = forms.OutcomeForm(
        request.POST or None, initial=model_to_dict(outcome, ["name", "description", "position"])
    )
    saved = form_write(
        request,
        form,
        lambda data: services.outcome_update(actor=_actor(request), outcome=outcome, **data),
    )
    if saved:
        messages.success(request, f"Outcome “{saved}” saved.")
        return _to_framework(f"outcome-{saved.slug}")
    title = f"Change “{form.initial['name']}”"
    return _framework_form_page(request, form, title=title, submit="Save changes")


@capability_required(Capability.MANAGE_FRAMEWORK)
def framework_priority_create(request: HttpRequest) -> HttpResponse:
    outcome = Outcome.objects.filter(slug=request.GET.get("outcome", "")).first()
    form = forms.PriorityForm(request.POST or None, initial={"outcome": outcome})
    priority = form_write(
        request, form, lambda data: services.priority_create(actor=_actor(request), **data)
    )
    if priority:
        messages.success(request, f"Priority “{priority}” added to “{priority.outcome}”.")
        return _to_framework(f"priority-{priority.pk}")
    return _framework_form_page(request, form, title="Add a priority", submit="Add priority")


@capability_required(Capability.MANAGE_FRAMEWORK)
def framework_priority_update(request: HttpRequest, pk: int) -> HttpResponse:
    priority = get_object_or_404(Priority.objects.select_related("outcome"), pk=pk)
    initial = {**model_to_dict(priority, ["title", "description", "position"])}
    form = forms.PriorityForm(
        request.POST or None, initial={**initial, "outcome": priority.outcome}
    )
    saved = form_write(
        request,
        form,
        lambda data: services.priority_update(actor=_actor(request), priority=priority, **data),
    )
    if saved:
        messages.success(request, f"Priority “{saved}” saved.")
        return _to_framework(f"priority-{saved.pk}")
    title = f"Change “{initial['title']}”"
    return _framework_form_page(request, form, title=title, submit="Save changes")


@capability_required(Capability.MANAGE_FRAMEWORK)
def framework_indicator_create(request: HttpRequest) -> HttpResponse:
    priority_id = request.GET.get("priority", "")
    priority = Priority.objects.filter(pk=priority_id).first() if priority_id.isdigit() else None
    form = forms.FrameworkIndicatorForm(request.POST or None, initial={"priority": priority})
    indicator = form_write(
        request,
        form,
        lambda data: services.framework_indicator_create(actor=_actor(request), **data),
    )
    if indicator:
        messages.success(request, f"Indicator “{indicator}” added to “{indicator.priority}”.")
        return _to_framework(f"priority-{indicator.priority_id}")
    return _framework_form_page(request, form, title="Add an indicator", submit="Add indicator")


@capability_required(Capability.MANAGE_FRAMEWORK)
def framework_indicator_update(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(FrameworkIndicator.objects.select_related("priority"), pk=pk)
    initial = {**model_to_dict(indicator, ["name", "description"]), "priority": indicator.priority}
    form = forms.FrameworkIndicatorForm(request.POST or None, initial=initial)
    saved = form_write(
        request,
        form,
        lambda data: services.framework_indicator_update(
            actor=_actor(request), indicator=indicator, **data
        ),
    )
    if saved:
        messages.success(request, f"Indicator “{saved}” saved.")
        return _to_framework(f"priority-{saved.priority_id}")
    title = f"Change “{initial['name']}”"
    return _framework_form_page(request, form, title=title, submit="Save changes")


@capability_required(Capability.VIEW_PARTNERSHIP)
def framework_commitment_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partnership/framework_commitment_list.html",
        {"agencies": framework_selectors.agencies_alignment()},
    )


@capability_required(Capability.VIEW_PARTNERSHIP)
def framework_agency_commitments(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    outcomes = framework_selectors.agency_outcome_commitments(agency)
    return render(
        request,
        "partnership/framework_agency_commitments.html",
        {
            "agency": agency,
            "outcomes": outcomes,
            "committed_outcomes": [o.outcome for o in outcomes if o.committed],
            "can_manage": has_capability(request.user, Capability.MANAGE_FRAMEWORK),
        },
    )


@capability_required(Capability.MANAGE_FRAMEWORK)
def framework_agency_commitments_update(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    form = forms.AgencyCommitmentsForm(
        request.POST or None,
        agency=agency,
        groups=framework_selectors.priorities_by_outcome(),
        contributions=framework_selectors.agency_contributions(agency),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changes = services.agency_commitments_set(
                actor=_actor(request), agency=agency, contributions=form.chosen()
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if changes.total:
                messages.success(
                    request,
                    f"{agency}'s commitments saved: {changes.created} added, "
                    f"{changes.changed} changed, {changes.removed} withdrawn.",
                )
            else:
                messages.info(request, f"Nothing changed in {agency}'s commitments.")
            return redirect("partnership:framework_agency_commitments", slug=agency.slug)
    return render(
        request,
        "partnership/framework_agency_commitments_form.html",
        {"agency": agency, "form": form},
    )


@capability_required(Capability.VIEW_PARTNERSHIP)
def alignment(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partnership/alignment_matrix.html",
        {"matrix": framework_selectors.alignment_matrix()},
    )


@capability_required(Capability.VIEW_PARTNERSHIP)
def alignment_csv(request: HttpRequest) -> HttpResponse:
    matrix = framework_selectors.alignment_matrix()
    services.alignment_matrix_export_record(
        actor=_actor(request),
        priorities=len(matrix.rows),
        agencies=len(matrix.agencies),
    )
    filename = f"alignment-matrix-{timezone.localdate().isoformat()}.csv"
    return csv_download(framework_selectors.alignment_matrix_table(matrix), filename)
