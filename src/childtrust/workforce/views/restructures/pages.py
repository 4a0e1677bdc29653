"""The restructures' reading pages: the list (those the reader may see), a restructure's page
(its reason, status, timeline with the legal dates worked out and explained, the collective duty
and why, HR1, post changes, pools, the people affected as the reader may see them, outcomes, the
establishment before and after, and the launch), the affected person's own page (with the form
for their response), and the restructures affecting the signed-in person."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.forms import form_write
from childtrust.core.http import posted
from childtrust.core.permissions import access_required, require
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.workforce import access
from childtrust.workforce.forms.restructures import ResponseForm
from childtrust.workforce.models import PostChangeKind, RestructureStatus
from childtrust.workforce.restructure_rules import PLANNING
from childtrust.workforce.selectors import restructures as selectors
from childtrust.workforce.selectors.restructure_establishment import establishment_before_after
from childtrust.workforce.services.consultation import consultation_response_submit
from childtrust.workforce.views.restructures._common import launch_summary_template, viewed


@access_required(access.can_view_workforce_section)
def restructures(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "workforce/restructures/list.html",
        {
            "restructures": selectors.restructures_listed(access.restructures_visible_to(user)),
            "can_manage": access.can_manage_workforce(user),
            "can_view_all": access.can_view_all_workforce(user),
            "remit": access.workforce_remit_of(user),
        },
    )


@access_required(access.can_view_workforce_section)
def restructure(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    found = viewed(request, pk)
    today = timezone.localdate()
    assessment = selectors.restructure_assessment(found, today)
    changes = list(found.post_changes.all())
    people = access.affected_people_for_user(user, found)
    can_see_people = access.can_see_affected_people(user, found)
    return render(
        request,
        "workforce/restructures/restructure.html",
        {
            "restructure": found,
            "assessment": assessment,
            "timeline": selectors.timeline_of(found, assessment),
            "acknowledged": selectors.early_dismissal_acknowledged(found),
            "changes_by_kind": [
                (label, [c for c in changes if c.kind == kind])
                for kind, label in (
                    (PostChangeKind.DELETE, "Posts deleted"),
                    (PostChangeKind.CHANGE, "Posts changed"),
                    (PostChangeKind.CREATE, "Posts created"),
                )
            ],
            "pools": list(found.pools.all()),
            "people": people,
            "can_see_people": can_see_people,
            "affected_count": selectors.affected_count(found),
            "at_risk_count": selectors.at_risk_count(found),
            "outcomes": selectors.outcome_counts(found),
            "establishment": establishment_before_after(found, today),
            "can_manage": access.can_manage_restructure(user, found),
            "planning": found.status in PLANNING,
            "implementing": found.status == RestructureStatus.IMPLEMENTING,
            "over": found.status in (RestructureStatus.FINISHED, RestructureStatus.WITHDRAWN),
            "launch_summary": launch_summary_template(),
        },
    )


@access_required(access.can_view_workforce_section)
def restructure_person(request: AuthenticatedRequest, pk: int, affected_pk: int) -> HttpResponse:
    """The affected person's one page. The person responds here; those who see all read it."""
    user = request.user
    found = viewed(request, pk)
    affected = access.affected_person_for_user(user, found, affected_pk)
    can_respond = access.can_respond_to_consultation(user, affected)
    form = ResponseForm(posted(request) if can_respond else None)
    if request.method == "POST":
        require(can_respond, to="respond on this person's behalf")
    saved = form_write(
        request,
        form,
        lambda data: consultation_response_submit(actor=user, affected=affected, text=data["text"]),
    )
    if saved is not None:
        messages.success(request, "Your response has been sent. You will see the answer here.")
        return redirect("workforce:restructure_person", pk=found.pk, affected_pk=affected.pk)
    assessment = selectors.restructure_assessment(found, timezone.localdate())
    ends = found.consultation_ends_on
    return render(
        request,
        "workforce/restructures/person.html",
        {
            "restructure": found,
            "affected": affected,
            "is_self": can_respond,
            "timeline": selectors.timeline_of(found, assessment),
            "meetings": list(affected.meetings.all()),
            "responses": list(affected.responses.all()),
            "form": form,
            "consultation_open": found.status in PLANNING
            and (ends is None or timezone.localdate() <= ends),
            "can_manage": access.can_manage_restructure(user, found),
            "can_see_people": access.can_see_affected_people(user, found),
        },
    )


@access_required(access.can_view_workforce_section)
def my_restructures(request: AuthenticatedRequest) -> HttpResponse:
    """The restructures affecting the signed-in person and, for a line manager, those affecting
    the people they manage (whom the restructure's page counts but does not name)."""
    user = request.user
    lines = access.my_restructure_lines_for_user(user)
    own = {line.restructure_id for line in lines}
    managed = (
        []
        if access.can_view_all_workforce(user)
        else [
            r
            for r in selectors.restructures_listed(access.restructures_visible_to(user))
            if r.pk not in own
        ]
    )
    return render(
        request,
        "workforce/restructures/mine.html",
        {
            "lines": lines,
            "has_record": staff_record_of(user) is not None,
            "managed": managed,
        },
    )


urls: list[URLPattern] = [
    path("restructures/", restructures, name="restructures"),
    path("restructures/<int:pk>/", restructure, name="restructure"),
    path(
        "restructures/<int:pk>/people/<int:affected_pk>/",
        restructure_person,
        name="restructure_person",
    ),
    path("my-restructures/", my_restructures, name="my_restructures"),
]
