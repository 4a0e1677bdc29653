"""Clerical review's pages: the queue of pairs linkage was unsure of, a pair side by side with
its evidence and the decision, and merging and splitting a child (reached from its page). Who
may is children/access/review.py's; what each does is services/review.py's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
            "sum_sentence": selectors.evidence_sum_sentence(rows, review.match_weight),
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


def _reviewable_child(
    request: AuthenticatedRequest, reference: str, purpose: str
) -> access.ChildView:
    """The child, read through child_for_user (audited); 404 for one the reviewer may not know
    of, 403 for a reader who may not merge or split."""
    view = read_child(request, reference, purpose)
    require(access.can_merge_or_split_child(request.user, view.child), to=services.MERGE)
    return view


@dataclass(frozen=True)
class MergeCheck:
    """The two children as the reviewer checks them before the merge is made."""

    keep: access.ChildView
    merge: access.ChildView
    keep_records: int
    merge_records: int


@access_required(access.can_review_child_links)
def child_merge(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    """Two steps, as a merge moves a child's whole history: the reference and reason first,
    then the two children side by side to confirm."""
    this = _reviewable_child(request, reference, "Merge children's records")
    child = this.child
    form = MergeForm(posted(request))
    done = form_write(request, form, lambda data: _merge(request, this, data))
    if isinstance(done, MergeCheck):
        return render(
            request,
            "children/review/merge_check.html",
            {
                "child": child,
                "form": form,
                "check": done,
                "check_sides": [
                    ("The child kept", done.keep, done.keep_records),
                    ("The child merged into it", done.merge, done.merge_records),
                ],
            },
        )
    if done is not None:
        messages.success(request, f"The children are merged: {done.reference} is kept.")
        return redirect(child_path(done))
    return render(request, "children/review/merge.html", {"child": child, "form": form})


def _merge(
    request: AuthenticatedRequest, this: access.ChildView, data: dict[str, Any]
) -> Child | MergeCheck:
    try:
        other = read_child(request, data["other"], "Merge children's records")
    except Http404:
        raise ValidationError({"other": "No child has that reference"}) from None
    if other.child.pk == this.child.pk:
        raise ValidationError({"other": "A child cannot be merged into itself"})
    keep, merge = (this, other) if data["keep"] == "this" else (other, this)
    if not data["confirmed"]:
        return MergeCheck(
            keep=keep,
            merge=merge,
            keep_records=selectors.child_records(keep.child).count(),
            merge_records=selectors.child_records(merge.child).count(),
        )
    return services.children_merge(
        actor=request.user, keep=keep.child, merge=merge.child, reason=data["reason"]
    )


@access_required(access.can_review_child_links)
def child_split(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    child = _reviewable_child(request, reference, "Split a child's records").child
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
