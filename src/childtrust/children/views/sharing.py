"""Recording an information-sharing decision, shielding a child (or lifting it) and breaking
glass on a shielded child. Who may is children/access/'s; the writes are services'."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, re_path

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.children import access
from childtrust.children.forms.child_record import BreakGlassForm, SharingDecisionForm, ShieldForm
from childtrust.children.models import Child
from childtrust.children.services import sharing as sharing_services
from childtrust.children.services import shielding as shielding_services
from childtrust.children.views._child import REFERENCE, child_path, read_child
from childtrust.core.forms import form_write
from childtrust.core.http import posted
from childtrust.core.permissions import access_required, require


@access_required(access.can_record_involvement)
def sharing_decision_add(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    view = read_child(request, reference, "Record an information-sharing decision")
    child = view.child
    require(access.can_record_sharing_decision(request.user, child), to=sharing_services.RECORD)
    form = SharingDecisionForm(posted(request), involvements=view.involvements)
    decision = form_write(
        request,
        form,
        lambda data: sharing_services.sharing_decision_record(
            actor=request.user,
            child=child,
            involvement=data["involvement"],
            what_shared=data["what_shared"],
            shared_with=data["shared_with"],
            purpose=data["purpose"],
            lawful_basis=data["lawful_basis"],
            outcome=data["outcome"],
            decided_on=data["decided_on"],
            override_reason=data["override_reason"],
        ),
    )
    if decision is not None:
        messages.success(request, "The information-sharing decision is recorded.")
        return redirect(child_path(child))
    return render(request, "children/child/sharing_form.html", {"form": form, "child": child})


def _child_to_shield(request: AuthenticatedRequest, reference: str) -> Child:
    """Those who shield see a shielded child's reference (not its details); any other child
    as child_for_user lets them (audited either way)."""
    purpose = "Shield the child's record or lift the shield"
    shielded = access.shielded_child_for(request.user, reference, purpose=purpose)
    if shielded is not None:
        return shielded
    return read_child(request, reference, purpose).child


@access_required(access.can_shield_children)
def shield(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    child = _child_to_shield(request, reference)
    form = ShieldForm(posted(request))
    done = form_write(
        request,
        form,
        lambda data: (
            shielding_services.child_shield(
                actor=request.user, child=child, shielded=not child.shielded, reason=data["reason"]
            )
            or True
        ),
    )
    if done:
        messages.success(
            request,
            "The shield is lifted." if child.shielded else "The record is shielded.",
        )
        return redirect(child_path(child))
    return render(request, "children/child/shield.html", {"form": form, "child": child})


@access_required(access.can_break_glass)
def break_glass(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    child = access.shielded_child_for(request.user, reference, purpose="Break glass")
    if child is None:
        raise Http404("No child found")
    require(access.can_start_break_glass(request.user, child), to=shielding_services.BREAK_GLASS)
    form = BreakGlassForm(posted(request))
    glass = form_write(
        request,
        form,
        lambda data: shielding_services.break_glass_start(
            actor=request.user, child=child, reason=data["reason"], hours=data["hours"]
        ),
    )
    if glass is not None:
        return redirect(child_path(child))
    return render(request, "children/child/break_glass.html", {"form": form, "child": child})


urlpatterns: list[URLPattern] = [
    re_path(rf"^{REFERENCE}/sharing/add/$", sharing_decision_add, name="sharing_decision_add"),
    re_path(rf"^{REFERENCE}/shield/$", shield, name="shield"),
    re_path(rf"^{REFERENCE}/break-glass/$", break_glass, name="break_glass"),
]
