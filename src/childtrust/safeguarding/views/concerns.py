"""Recording a concern about a child, the confirmation that says what happens next, a concern
as its reader may see it, and the designated safeguarding leads. Who may is access's; the
writes are services'."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.children import access as children_access
from childtrust.core.forms import form_write
from childtrust.core.http import posted
from childtrust.core.permissions import access_required, require
from childtrust.partnership.selectors.registry import agency_with_slug
from childtrust.safeguarding import access
from childtrust.safeguarding.forms.concerns import ConcernForm, DesignatedLeadForm
from childtrust.safeguarding.models import ConcernSensitivity, ConcernSource
from childtrust.safeguarding.selectors import concerns as selectors
from childtrust.safeguarding.services import concerns as services


@access_required(access.can_record_concerns)
def concern_record(request: AuthenticatedRequest, child_id: str) -> HttpResponse:
    view = children_access.child_for_user(
        request.user, child_id, purpose="Record a concern about the child"
    )
    child = view.child
    require(access.can_record_concern_about(request.user, child), to=services.RECORD)
    staff = access.recording_staff(request.user)
    assert staff is not None  # can_record_concern_about needs a staff record in post
    form = ConcernForm(posted(request))
    concern = form_write(
        request,
        form,
        lambda data: services.concern_record(
            actor=request.user,
            child=child,
            agency=staff.agency,
            category=data["category"],
            severity=data["severity"],
            occurred_at=data["when"],
            summary=data["summary"],
            significant=data["significant"],
            sensitivity=ConcernSensitivity.RESTRICTED
            if data["restricted"]
            else ConcernSensitivity.NONE,
            source=ConcernSource.SERVICE,
        ),
    )
    if concern is not None:
        return redirect("safeguarding:concern_recorded", concern_id=concern.pk)
    return render(
        request,
        "safeguarding/concerns/record.html",
        {"form": form, "view": view, "child": child, "agency": staff.agency},
    )


@login_required
def concern_recorded(request: AuthenticatedRequest, concern_id: int) -> HttpResponse:
    shown = access.concern_for_user(
        request.user, concern_id, purpose="Confirmation of a concern recorded"
    )
    if not shown.full:
        raise Http404("No concern found")
    return render(
        request,
        "safeguarding/concerns/recorded.html",
        {
            "concern": shown.concern,
            "encompass": selectors.encompass_outcome(shown.concern),
        },
    )


@login_required
def concern_detail(request: AuthenticatedRequest, concern_id: int) -> HttpResponse:
    shown = access.concern_for_user(request.user, concern_id, purpose="View a concern")
    concern = shown.concern
    return render(
        request,
        "safeguarding/concerns/detail.html",
        {
            "shown": shown,
            "concern": concern,
            "child_known": children_access.relationship_to(request.user, concern.child)
            is not children_access.Relationship.NONE,
        },
    )


@access_required(access.can_set_designated_leads)
def designated_lead_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "safeguarding/concerns/designated_leads.html",
        {"rows": selectors.designated_leads()},
    )


@access_required(access.can_set_designated_leads)
def designated_lead_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    agency = agency_with_slug(slug)
    if agency is None:
        raise Http404("No such agency")
    lead = selectors.designated_lead_of(agency)
    initial = {"staff": lead.staff_id, "deputy": lead.deputy_id} if lead is not None else {}
    form = DesignatedLeadForm(posted(request), agency=agency, initial=initial)
    done = form_write(
        request,
        form,
        lambda data: (
            services.designated_lead_set(
                actor=request.user, agency=agency, staff=data["staff"], deputy=data["deputy"]
            )
            or True
        ),
    )
    if done:
        messages.success(request, f"The designated safeguarding lead of {agency.name} is saved.")
        return redirect(reverse("safeguarding:designated_leads"))
    return render(
        request,
        "safeguarding/concerns/designated_lead_form.html",
        {"form": form, "agency": agency},
    )


urlpatterns: list[URLPattern] = [
    path("children/<str:child_id>/concerns/new/", concern_record, name="concern_record"),
    path("concerns/<int:concern_id>/", concern_detail, name="concern"),
    path("concerns/<int:concern_id>/recorded/", concern_recorded, name="concern_recorded"),
    path("designated-leads/", designated_lead_list, name="designated_leads"),
    path("designated-leads/<slug:slug>/", designated_lead_edit, name="designated_lead_edit"),
]
