"""The data protection lead's retention page: the children past their retention date (the 18th
birthday, the 25th for a care leaver), by reference, with their agencies' records counted by
agency; then a page to check how many before anonymising them (services.retention), which
says what was done."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.children import access
from childtrust.children.forms.retention import RetentionConfirmForm
from childtrust.children.services.retention import (
    PAGE_RUN_LIMIT,
    RetentionRun,
    children_retention_apply,
    children_retention_list,
)
from childtrust.core.forms import form_write
from childtrust.core.http import posted
from childtrust.core.permissions import access_required

PER_PAGE = 50


@access_required(access.can_run_retention)
def retention_list(request: AuthenticatedRequest) -> HttpResponse:
    listed = children_retention_list(actor=request.user)
    page = Paginator(listed.due, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "children/retention/list.html", {"listed": listed, "page": page})


@access_required(access.can_run_retention)
def retention_anonymise(request: AuthenticatedRequest) -> HttpResponse:
    form = RetentionConfirmForm(posted(request))
    run = form_write(
        request,
        form,
        lambda data: children_retention_apply(
            actor=request.user, confirmed=data["confirmed"], limit=PAGE_RUN_LIMIT
        ),
    )
    if run is not None:
        messages.success(request, _done(run))
        return redirect(reverse("children:retention"))
    listed = children_retention_list(actor=request.user)
    if not listed.due:
        return redirect(reverse("children:retention"))
    now = min(len(listed.due), PAGE_RUN_LIMIT)
    return render(
        request,
        "children/retention/anonymise.html",
        {
            "form": form,
            "listed": listed,
            "now": now,
            "later": len(listed.due) - now,
            "limit": PAGE_RUN_LIMIT,
        },
    )


def _done(run: RetentionRun) -> str:
    done = (
        f"Anonymised {run.children:,} {_children(run.children)}: {run.records:,} agency "
        f"record{'s' if run.records != 1 else ''} and {run.versions:,} earlier "
        f"version{'s' if run.versions != 1 else ''} of records."
    )
    if run.remaining:
        are = "is" if run.remaining == 1 else "are"
        done += (
            f" {run.remaining:,} more {_children(run.remaining)} {are} past their retention "
            "date: anonymise them from this list."
        )
    return done


def _children(count: int) -> str:
    return "child" if count == 1 else "children"


urlpatterns: list[URLPattern] = [
    path("retention/", retention_list, name="retention"),
    path("retention/anonymise/", retention_anonymise, name="retention_anonymise"),
]
