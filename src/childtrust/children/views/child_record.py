"""The child's page: with a relationship, the child's details, the agencies' linked records,
who is involved and the sharing decisions, and why the reader sees them; without one, only that
the child is known and whom to contact. A shielded child is 404 to everyone but those who may
break glass or lift the shield, who see its reference and their way in. The lead professional
and the data protection lead read who has viewed the child."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, re_path

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.children import access
from childtrust.children.access import Relationship
from childtrust.children.child_page_links import child_page_links_for
from childtrust.children.selectors import child_record as selectors
from childtrust.children.views._child import REFERENCE, child_path, read_child
from childtrust.core.dates import date_time_text
from childtrust.core.permissions import access_required

PURPOSE = "View the child's record"
#: How many of the latest views the lead professional sees on the page itself.
VIEWS_ON_PAGE = 10


def why_you_see(view: access.ChildView, expires_at: Any = None) -> str:
    reasons = {
        Relationship.LEAD_PROFESSIONAL: "You see this record because you are the child's "
        "lead professional.",
        Relationship.INVOLVED: "You see this record because you are involved with the child.",
        Relationship.TEAM: "You see this record because someone in your team is involved "
        "with the child.",
        Relationship.FRONT_DOOR: "You see this record because the front door screens every "
        "contact about a child.",
        Relationship.NONE: "You are not involved with this child, so you see only that the "
        "child is known to the partnership and whom to contact.",
    }
    if view.relationship is Relationship.BREAK_GLASS and expires_at is not None:
        return (
            f"You see this record through break glass until {date_time_text(expires_at)}. "
            "Every view is recorded and reviewed."
        )
    return reasons.get(view.relationship, "")


def _involvement_rows(request: AuthenticatedRequest, view: access.ChildView) -> list[Any]:
    return [
        {
            "involvement": involvement,
            "current": selectors.is_current(involvement),
            "may_change": access.can_change_involvement(request.user, involvement),
            "may_lead": access.can_appoint_lead_professional(request.user, involvement)
            and involvement.ended_on is None
            and involvement.practitioner_id is not None
            and not involvement.is_lead_professional,
        }
        for involvement in view.involvements
    ]


@access_required(access.can_find_children)
def child_page(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    user = request.user
    try:
        view = read_child(request, reference, PURPOSE)
    except Http404:
        shielded = access.shielded_child_for(user, reference, purpose=PURPOSE)
        if shielded is None:
            raise
        return render(
            request,
            "children/child/shielded.html",
            {
                "child": shielded,
                "may_break_glass": access.can_start_break_glass(user, shielded),
                "may_shield": access.can_shield_children(user),
                "may_read_log": access.can_read_child_access_log(user, shielded),
            },
        )
    child = view.child
    if child.reference != reference:  # merged into another: its reference leads on
        return redirect(child_path(child))
    glass = access.active_break_glass(user, child)
    context: dict[str, Any] = {
        "view": view,
        "child": child,
        "why": why_you_see(view, glass.expires_at if glass else None),
        "may_shield": access.can_shield_children(user),
        "may_read_log": access.can_read_child_access_log(user, child),
        # What the apps above this one offer about the child (child_page_links).
        "links": child_page_links_for(user, view),
    }
    if not view.full:
        context["contacts"] = selectors.contacts(view.involvements)
        return render(request, "children/child/known.html", context)
    context |= {
        "records": selectors.child_records(child, view.involvements),
        "involvements": _involvement_rows(request, view),
        "decisions": selectors.sharing_decisions(child, view.involvements),
        "may_add_involvement": access.can_add_involvements_to(user, child),
        "may_record_decision": access.can_record_sharing_decision(user, child),
        "may_review_links": access.can_review_child_links(user),
        "views": selectors.child_views(child)[:VIEWS_ON_PAGE]
        if view.relationship is Relationship.LEAD_PROFESSIONAL
        else None,
    }
    return render(request, "children/child/page.html", context)


@access_required(access.can_find_children)
def access_log(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    """Who has viewed the child, when and why: the data protection lead for any child, the lead
    professional for theirs (access.can_read_child_access_log); the reading is audited."""
    child = access.child_for_access_log(request.user, reference)
    return render(
        request,
        "children/child/access_log.html",
        {
            "child": child,
            "views": selectors.child_views(child),
            "limit": selectors.ACCESS_LOG_LIMIT,
            # The lead professional came from the child's page; the lead may not see it.
            "child_page": child_path(child) if not child.shielded else "",
        },
    )


urlpatterns: list[URLPattern] = [
    re_path(rf"^{REFERENCE}/$", child_page, name="child"),
    re_path(rf"^{REFERENCE}/access-log/$", access_log, name="access_log"),
]
