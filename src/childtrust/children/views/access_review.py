"""The data protection lead's pages: every break-glass event to review (unreviewed first,
newest first) and every consent override, each with a note."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children import access
from childtrust.children.forms.child_record import ReviewForm
from childtrust.children.selectors import child_record as selectors
from childtrust.children.services.sharing import consent_override_review
from childtrust.children.services.shielding import break_glass_review
from childtrust.core.forms import form_write
from childtrust.core.http import found, posted
from childtrust.core.permissions import access_required

PER_PAGE = 50


def _listed(
    request: AuthenticatedRequest, template: str, events: QuerySet[Any], what: str
) -> HttpResponse:
    """A page of the list, its reading recorded once, naming what it showed: the reasons given
    and what was shared are about children."""
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    shown = [event.pk for event in page.object_list]
    if shown:
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            object_type=events.model._meta.label_lower,
            object_repr=what,
            reason=f"Review {what}",
            details={"shown": shown},
        )
    return render(request, template, {"page": page})


def _reviewed(
    request: AuthenticatedRequest,
    *,
    review: Callable[[str], None],
    done: str,
    list_name: str,
    template: str,
    context: dict[str, Any],
    target: Any,
    reading: str,
) -> HttpResponse:
    """A review page: the note, written by `review` on a valid POST (then back to the list,
    saying `done`); otherwise the page, with the form's errors, its reading of `target`
    recorded (the note's own write records the review)."""
    form = ReviewForm(posted(request))

    def write(data: dict[str, Any]) -> bool:
        review(data["note"])
        return True

    if form_write(request, form, write):
        messages.success(request, done)
        return redirect(reverse(list_name))
    audit_record(actor=request.user, action=AuditAction.VIEW, target=target, reason=reading)
    return render(request, template, {"form": form, **context})


@access_required(access.can_review_child_access)
def break_glass_list(request: AuthenticatedRequest) -> HttpResponse:
    return _listed(
        request,
        "children/access/break_glass_list.html",
        selectors.break_glass_events(),
        "break-glass events",
    )


@access_required(access.can_review_child_access)
def break_glass_review_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    glass = found(selectors.break_glass_event(pk))
    return _reviewed(
        request,
        review=lambda note: break_glass_review(actor=request.user, glass=glass, note=note),
        done="The break-glass event is reviewed.",
        list_name="children:break_glass_list",
        template="children/access/break_glass_review.html",
        context={"glass": glass},
        target=glass,
        reading="Review a break-glass event",
    )


@access_required(access.can_review_child_access)
def consent_override_list(request: AuthenticatedRequest) -> HttpResponse:
    return _listed(
        request,
        "children/access/consent_override_list.html",
        selectors.consent_overrides(),
        "consent overrides",
    )


@access_required(access.can_review_child_access)
def consent_override_review_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = found(selectors.consent_override(pk))
    return _reviewed(
        request,
        review=lambda note: consent_override_review(
            actor=request.user, decision=decision, note=note
        ),
        done="The consent override is reviewed.",
        list_name="children:consent_override_list",
        template="children/access/consent_override_review.html",
        context={"decision": decision},
        target=decision,
        reading="Review a consent override",
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
