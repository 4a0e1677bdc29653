"""Clerical review's pages: the queue of pairs linkage was unsure of, a pair side by side with
its evidence and the decision, and merging and splitting a child (reached from its page). Who
may is children/access.py's; what each does is services/review.py's."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, re_path

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children import access
from childtrust.children.forms.review import DecisionForm, MergeForm, SplitForm
from childtrust.children.models import AgencyRecord, Child
from childtrust.children.selectors import review as selectors
from childtrust.children.services import review as services
from childtrust.children.views._child import REFERENCE, child_path, read_child
from childtrust.core.forms import form_write
from childtrust.core.http import posted
from childtrust.core.permissions import access_required, require

REVIEWS_PER_PAGE = 25


@access_required(access.can_review_child_links)
def link_review_list(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(selectors.link_review_queue(request.user), REVIEWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    reviews = list(page.object_list)
    if reviews:
        # The queue names children from agencies' records: one event for what it showed.
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            object_type="children.linkreview",
            object_repr="Records waiting for link review",
            reason="Review the uncertain links",
            details={"reviews": [r.pk for r in reviews]},
        )
    return render(
        request,
        "children/review/list.html",
        {
            "page": page,
            "reviews": [(r, selectors.match_percent(r.match_probability)) for r in reviews],
        },
    )


@access_required(access.can_review_child_links)
def link_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    review = access.link_review_for_user(request.user, pk, purpose="Review an uncertain link")
    form = DecisionForm(posted(request))
    decided = form_write(
        request,
        form,
        lambda data: services.link_review_decide(
            actor=request.user, review=review, same=form.same, note=data["note"]
        ),
    )
    if decided is not None:
        messages.success(request, _decided_message(decided.record, form.same))
        return redirect("children:link_review_list")
    rows = selectors.evidence_rows(review)
    return render(
        request,
        "children/review/pair.html",
        {
            "review": review,
            "form": form,
            "pair_rows": selectors.pair_rows(review.record, review.other),
            "evidence": rows,
            "sentence": selectors.evidence_sentence(rows),
            "chart": selectors.evidence_chart(rows) if rows else "",
            "percent": selectors.match_percent(review.match_probability),
            "weight": selectors.signed_weight(review.match_weight),
            "pending": review.status == "pending",
        },
    )


def _decided_message(record: AgencyRecord, same: bool) -> str:
    record.refresh_from_db()
    if same:
        return f"Recorded: the same child. Both records are now {record.child}."
    return "Recorded: not the same child. Linkage will not join these records again."


def _reviewable_child(request: AuthenticatedRequest, reference: str, purpose: str) -> Child:
    """The child, read through child_for_user (audited); 404 for one the reviewer may not know
    of, 403 for a reader who may not merge or split."""
    child = read_child(request, reference, purpose).child
    require(access.can_merge_or_split_child(request.user, child), to=services.MERGE)
    return child


@access_required(access.can_review_child_links)
def child_merge(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    child = _reviewable_child(request, reference, "Merge children's records")
    form = MergeForm(posted(request))
    kept = form_write(request, form, lambda data: _merge(request, child, data))
    if kept is not None:
        messages.success(request, f"The children are merged: {kept.reference} is kept.")
        return redirect(child_path(kept))
    return render(request, "children/review/merge.html", {"child": child, "form": form})


def _merge(request: AuthenticatedRequest, child: Child, data: dict[str, str]) -> Child:
    try:
        other = read_child(request, data["other"], "Merge children's records").child
    except Http404:
        raise ValidationError({"other": "No child has that reference"}) from None
    keep, merge = (child, other) if data["keep"] == "this" else (other, child)
    return services.children_merge(
        actor=request.user, keep=keep, merge=merge, reason=data["reason"]
    )


@access_required(access.can_review_child_links)
def child_split(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    child = _reviewable_child(request, reference, "Split a child's records")
    held = selectors.child_records(child)
    form = SplitForm(posted(request), records=held)
    new = form_write(
        request,
        form,
        lambda data: services.child_split(
            actor=request.user, child=child, records=list(data["records"]), reason=data["reason"]
        ),
    )
    if new is not None:
        messages.success(request, f"The records chosen are now {new.reference}.")
        return redirect(child_path(new))
    return render(
        request,
        "children/review/split.html",
        {"child": child, "form": form, "record_count": held.count()},
    )


urlpatterns: list[URLPattern] = [
    path("link-reviews/", link_review_list, name="link_review_list"),
    path("link-reviews/<int:pk>/", link_review, name="link_review"),
    re_path(rf"^{REFERENCE}/merge/$", child_merge, name="child_merge"),
    re_path(rf"^{REFERENCE}/split/$", child_split, name="child_split"),
]
