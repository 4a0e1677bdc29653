"""Saying who is involved with a child: add an involvement, change or end one, and appoint the
lead professional. Who may is children/access/involvement.py's; the writes are
services/involvement.py's."""

from __future__ import annotations

from django.contrib import messages
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, re_path

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.children import access
from childtrust.children.forms.child_record import (
    ConfirmForm,
    InvolvementChangeForm,
    InvolvementEndForm,
    InvolvementForm,
)
from childtrust.children.models import Child, Involvement
from childtrust.children.services import involvement as services
from childtrust.children.views._child import REFERENCE, child_path, read_child, visible_involvement
from childtrust.core.forms import form_write
from childtrust.core.http import posted
from childtrust.core.permissions import access_required, require
from childtrust.partnership.selectors.staff import staff_record_of


def _form_page(
    request: AuthenticatedRequest,
    form: Form,
    child: Child,
    title: str,
    involvement: Involvement | None = None,
) -> HttpResponse:
    """The page to add, change or end an involvement (the same template, titled for each)."""
    return render(
        request,
        "children/child/involvement_form.html",
        {"form": form, "child": child, "involvement": involvement, "title": title},
    )


def _involvement_to_change(
    request: AuthenticatedRequest, reference: str, pk: int, purpose: str
) -> tuple[access.ChildView, Involvement]:
    """The child (read for `purpose`) and one of its involvements the reader may change; 404
    for one they may not see, 403 for one they may see but not change."""
    view = read_child(request, reference, purpose)
    involvement = visible_involvement(view, int(pk))
    require(access.can_change_involvement(request.user, involvement), to=services.CHANGE)
    return view, involvement


@access_required(access.can_record_involvement)
def involvement_add(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    view = read_child(request, reference, "Record who is involved with the child")
    child = view.child
    require(access.can_add_involvements_to(request.user, child), to=services.RECORD)
    own = staff_record_of(request.user)
    form = InvolvementForm(posted(request), initial={"practitioner": own.pk if own else None})
    added = form_write(
        request,
        form,
        lambda data: services.involvement_add(
            actor=request.user,
            child=child,
            agency=data["agency"],
            practitioner=data["practitioner"],
            service=data["service"],
            role=data["role"],
            started_on=data["started_on"],
            contact=data["contact"],
            sensitivity=data["sensitivity"] or "",
        ),
    )
    if added is not None:
        messages.success(
            request, f"The involvement ({added.role}, {added.agency.name}) is recorded."
        )
        return redirect(child_path(child))
    return _form_page(request, form, child, "Add an involvement")


@access_required(access.can_record_involvement)
def involvement_change(request: AuthenticatedRequest, reference: str, pk: int) -> HttpResponse:
    view, involvement = _involvement_to_change(
        request, reference, pk, "Change an involvement with the child"
    )
    form = InvolvementChangeForm(
        posted(request),
        involvement=involvement,
        initial={
            "service": involvement.service_id,
            "role": involvement.role,
            "started_on": involvement.started_on,
            "contact": involvement.contact,
        },
    )
    changed = form_write(
        request,
        form,
        lambda data: services.involvement_change(
            actor=request.user,
            involvement=involvement,
            role=data["role"],
            contact=data["contact"],
            service=data["service"],
            started_on=data["started_on"],
        ),
    )
    if changed is not None:
        messages.success(request, "The involvement is changed." if changed else "Nothing changed.")
        return redirect(child_path(view.child))
    return _form_page(request, form, view.child, "Change the involvement", involvement)


@access_required(access.can_record_involvement)
def involvement_end(request: AuthenticatedRequest, reference: str, pk: int) -> HttpResponse:
    view, involvement = _involvement_to_change(
        request, reference, pk, "End an involvement with the child"
    )
    form = InvolvementEndForm(posted(request))
    ended = form_write(
        request,
        form,
        lambda data: (
            services.involvement_end(
                actor=request.user, involvement=involvement, ended_on=data["ended_on"]
            )
            or True
        ),
    )
    if ended:
        messages.success(request, f"The involvement ({involvement.role}) is ended.")
        return redirect(child_path(view.child))
    return _form_page(request, form, view.child, "End the involvement", involvement)


@access_required(access.can_record_involvement)
def lead_professional(request: AuthenticatedRequest, reference: str, pk: int) -> HttpResponse:
    view = read_child(request, reference, "Appoint the child's lead professional")
    involvement = visible_involvement(view, int(pk))
    require(access.can_appoint_lead_professional(request.user, involvement), to=services.APPOINT)
    current = next(
        (i for i in view.involvements if i.is_lead_professional and i.ended_on is None), None
    )
    form = ConfirmForm(posted(request))
    appointed = form_write(
        request,
        form,
        lambda _data: services.lead_professional_appoint(
            actor=request.user, involvement=involvement
        ),
    )
    if appointed is not None:
        messages.success(request, f"{appointed.practitioner} is the lead professional.")
        return redirect(child_path(view.child))
    return render(
        request,
        "children/child/lead_professional.html",
        {"form": form, "child": view.child, "involvement": involvement, "current": current},
    )


urlpatterns: list[URLPattern] = [
    re_path(rf"^{REFERENCE}/involvements/add/$", involvement_add, name="involvement_add"),
    re_path(
        rf"^{REFERENCE}/involvements/(?P<pk>[0-9]{{1,18}})/change/$",
        involvement_change,
        name="involvement_change",
    ),
    re_path(
        rf"^{REFERENCE}/involvements/(?P<pk>[0-9]{{1,18}})/end/$",
        involvement_end,
        name="involvement_end",
    ),
    re_path(
        rf"^{REFERENCE}/involvements/(?P<pk>[0-9]{{1,18}})/lead/$",
        lead_professional,
        name="lead_professional",
    ),
]
