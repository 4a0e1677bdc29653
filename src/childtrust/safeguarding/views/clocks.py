"""The statutory clocks for managers and the front door (near breach, breached, escalated to
me, in working days), and the requests for information waiting for the reader's agency."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, re_path

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.forms import form_write
from childtrust.core.http import posted
from childtrust.core.permissions import access_required, require
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.safeguarding import access
from childtrust.safeguarding.access.front_door import can_know_of_information_request
from childtrust.safeguarding.forms.front_door import AnswerForm
from childtrust.safeguarding.selectors import front_door as selectors
from childtrust.safeguarding.selectors.clocks import clock_board
from childtrust.safeguarding.services import front_door as services
from childtrust.safeguarding.views.front_door import PK


@access_required(access.can_view_clocks)
def clocks(request: AuthenticatedRequest) -> HttpResponse:
    board = clock_board(access.clocks_visible_to(request.user), staff_record_of(request.user))
    shown = [*board.breached, *board.near_breach, *board.escalated_to_me]
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="safeguarding.clock",
        object_repr="The statutory clocks",
        reason="See the statutory clocks",
        details={"clocks": sorted({row.clock.pk for row in shown})},
    )
    return render(
        request,
        "safeguarding/clocks/list.html",
        {"board": board, "near_days": settings.SAFEGUARDING_CLOCK_NEAR_BREACH_WORKING_DAYS},
    )


@access_required(access.can_refer)
def information_requests(request: AuthenticatedRequest) -> HttpResponse:
    """The front door's requests to the reader's agency, each naming its child by reference:
    one audit event naming the requests and the children shown (as the queue's)."""
    shown = list(access.information_requests_for(request.user).order_by("due_at", "pk"))
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="safeguarding.informationrequest",
        object_repr="The front door's requests for information to your agency",
        reason="See the front door's requests for information",
        details={
            "information_requests": [asked.pk for asked in shown],
            "children": sorted({asked.referral.child.reference for asked in shown}),
        },
    )
    return render(request, "safeguarding/front_door/requests.html", {"requests": shown})


@access_required(access.can_refer)
def information_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """An agency's answer. Its staff see the child's reference and name (to find their own
    record), not the referral's details, which are for those who may see the child's."""
    asked = selectors.information_request_with_id(int(pk))
    # A shielded child's request is not found by those who may not know the child exists.
    if asked is None or not can_know_of_information_request(request.user, asked):
        raise Http404("No such request")
    require(access.can_answer_information_request(request.user, asked), to=services.ANSWER)
    form = AnswerForm(posted(request))
    done = form_write(
        request,
        form,
        lambda data: services.information_answer(
            actor=request.user, request=asked, answer=data["answer"]
        ),
    )
    if done is not None:
        messages.success(request, "Your answer is sent to the front door.")
        return redirect("safeguarding:information_requests")
    child = asked.referral.child
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target=child,
        reason="Answer the front door's request for information",
        details={"child": child.reference, "information_request": asked.pk},
    )
    return render(
        request,
        "safeguarding/front_door/answer.html",
        {"form": form, "asked": asked, "child": asked.referral.child},
        status=400 if form.is_bound and form.errors else 200,
    )


urlpatterns: list[URLPattern] = [
    path("clocks/", clocks, name="clocks"),
    path("information-requests/", information_requests, name="information_requests"),
    re_path(rf"^information-requests/{PK}/$", information_answer, name="information_answer"),
]
