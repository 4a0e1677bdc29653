"""The data protection lead's pages: every break-glass event to review (unreviewed first,
newest first) and every consent override, each with a note."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.children import access
from childtrust.children.forms.child_record import ReviewForm
from childtrust.children.selectors import child_record as selectors
from childtrust.children.services.sharing import consent_override_review
from childtrust.children.services.shielding import break_glass_review
from childtrust.core.forms import form_write
from childtrust.core.http import found, posted
from childtrust.core.permissions import access_required

PER_PAGE = 50


@access_required(access.can_review_child_access)
def break_glass_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "children/access/break_glass_list.html",
        {
            "page": Paginator(selectors.break_glass_events(), PER_PAGE).get_page(
                request.GET.get("page")
            )
        },
    )


@access_required(access.can_review_child_access)
def break_glass_review_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    glass = found(selectors.break_glass_event(pk))
    form = ReviewForm(posted(request))
    done = form_write(
        request,
        form,
        lambda data: break_glass_review(actor=request.user, glass=glass, note=data["note"]) or True,
    )
    if done:
        messages.success(request, "The break-glass event is reviewed.")
        return redirect(reverse("children:break_glass_list"))
    return render(
        request, "children/access/break_glass_review.html", {"form": form, "glass": glass}
    )


@access_required(access.can_review_child_access)
def consent_override_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "children/access/consent_override_list.html",
        {
            "page": Paginator(selectors.consent_overrides(), PER_PAGE).get_page(
                request.GET.get("page")
            )
        },
    )


@access_required(access.can_review_child_access)
def consent_override_review_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = found(selectors.consent_override(pk))
    form = ReviewForm(posted(request))
    done = form_write(
        request,
        form,
        lambda data: (
            consent_override_review(actor=request.user, decision=decision, note=data["note"])
            or True
        ),
    )
    if done:
        messages.success(request, "The consent override is reviewed.")
        return redirect(reverse("children:consent_override_list"))
    return render(
        request,
        "children/access/consent_override_review.html",
        {"form": form, "decision": decision},
    )


urlpatterns: list[URLPattern] = [
    path("access/break-glass/", break_glass_list, name="break_glass_list"),
    path("access/break-glass/<int:pk>/", break_glass_review_page, name="break_glass_review"),
    path("access/consent-overrides/", consent_override_list, name="consent_override_list"),
    path(
        "access/consent-overrides/<int:pk>/",
        consent_override_review_page,
        name="consent_override_review",
    ),
]
