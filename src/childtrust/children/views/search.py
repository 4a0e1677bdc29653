"""Find a child (/children/): the search form and the closest matches. The terms are sent by
POST, so that no name or date of birth sits in an address, a history or a server's log."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.children import access
from childtrust.children.forms.search import ChildSearchForm
from childtrust.children.selectors.search import SHOWN, children_search
from childtrust.core.permissions import access_required


@access_required(access.can_find_children)
def child_search(request: AuthenticatedRequest) -> HttpResponse:
    form = ChildSearchForm(request.POST if request.method == "POST" else None)
    context: dict[str, object] = {"form": form, "shown_at_most": SHOWN}
    if form.is_bound and form.is_valid():
        results, total = children_search(request.user, form.terms())
        context.update({"results": results, "total": total, "searched": True})
    return render(request, "children/search/search.html", context)


urlpatterns: list[URLPattern] = [path("", child_search, name="search")]
