"""The search page: one box across services, agencies, teams, localities, people and pages,
its results grouped by kind (partnership/search/); and the synonyms page, where partnership
administrators keep the field's words the search understands."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.http import found, query_without_page
from childtrust.core.permissions import access_required
from childtrust.partnership import access
from childtrust.partnership.forms.synonyms import SynonymForm
from childtrust.partnership.search import selectors
from childtrust.partnership.search.synonyms import synonym_with_id, synonyms_by_term
from childtrust.partnership.services import synonyms as services
from childtrust.partnership.views._shared import Saved, form_page

PER_PAGE = 20
MAX_PAGE = 500  # past this a page number is nonsense, not a page


def _page_number(text: str) -> int:
    return int(text) if text.isdigit() and 0 < int(text) <= MAX_PAGE else 1


@access_required(access.can_search)
def search(request: AuthenticatedRequest) -> HttpResponse:
    question = request.GET.get("q", "")[:1000].strip()
    kind = request.GET.get("kind", "")
    kind = kind if kind in selectors.KINDS else ""
    context: dict[str, object] = {"query": question, "kind": kind}
    if question and kind:
        # One kind's results, a page at a time.
        number = _page_number(request.GET.get("page", ""))
        results = selectors.search(
            request.user, question, kind=kind, limit=PER_PAGE, offset=(number - 1) * PER_PAGE
        )
        group = next(iter(results.groups), None)
        count = group.count if group else 0
        page = Paginator(range(count), PER_PAGE).get_page(number)
        context |= {
            "results": results,
            "page": page,
            "kind_label": selectors.KIND_LABELS[kind],
            "pagination_query": query_without_page(request),
        }
    elif question:
        context["results"] = selectors.search(request.user, question)
    context["can_manage_synonyms"] = access.can_manage_synonyms(request.user)
    return render(request, "partnership/search/results.html", context)


# Synonyms


def _synonyms_page() -> str:
    return reverse("partnership:synonym_list")


@access_required(access.can_manage_synonyms)
def synonym_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "partnership/search/synonym_list.html", {"synonyms": synonyms_by_term()})


@access_required(access.can_manage_synonyms)
def synonym_create(request: AuthenticatedRequest) -> HttpResponse:
    return form_page(
        request,
        SynonymForm(request.POST or None),
        lambda data: services.synonym_create(actor=request.user, **data),
        saved=lambda synonym: Saved(
            f"{synonym.term} now means {synonym.meaning} in searches.", _synonyms_page()
        ),
        title="Add a synonym",
        caption="Search synonyms",
        submit="Add synonym",
        cancel_url=_synonyms_page(),
    )


@access_required(access.can_manage_synonyms)
def synonym_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    synonym = found(synonym_with_id(pk))
    return form_page(
        request,
        SynonymForm(
            request.POST or None, initial={"term": synonym.term, "meaning": synonym.meaning}
        ),
        lambda data: services.synonym_update(actor=request.user, synonym=synonym, **data),
        saved=lambda saved: Saved(
            f"{saved.term} now means {saved.meaning} in searches.", _synonyms_page()
        ),
        title=f"Change {synonym.term}",
        caption="Search synonyms",
        submit="Save changes",
        cancel_url=_synonyms_page(),
    )


@access_required(access.can_manage_synonyms)
def synonym_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    synonym = found(synonym_with_id(pk))
    if request.method == "POST":
        services.synonym_delete(actor=request.user, synonym=synonym)
        messages.success(request, f"{synonym.term} no longer means {synonym.meaning} in searches.")
        return redirect(_synonyms_page())
    return render(
        request,
        "partnership/search/synonym_delete.html",
        {"synonym": synonym, "cancel_url": _synonyms_page()},
    )
