"""Launching a restructure (a confirmation page that says exactly who will receive what, then
the launch) and how those it affects are (their wellbeing round beside the partnership's).
Who may do either is workforce/access.py's; what launching does is services/launch.py's."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.forms import form_write
from childtrust.core.http import found, posted
from childtrust.core.permissions import access_required, require
from childtrust.voice.selectors.survey_results import survey_minimum_group_size
from childtrust.workforce import access
from childtrust.workforce.forms.launch import LaunchForm
from childtrust.workforce.models import Restructure
from childtrust.workforce.selectors import launch as selectors
from childtrust.workforce.selectors import wellbeing
from childtrust.workforce.services.launch import restructure_launch as launch_service


def _restructure(request: AuthenticatedRequest, pk: int) -> Restructure:
    """The restructure, or the 404 page for one the reader may not see (so that no one learns
    which restructures exist)."""
    restructure = found(selectors.restructure_for_launch(pk))
    if not access.can_view_restructure(request.user, restructure):
        raise Http404("No such restructure")
    return restructure


@access_required(access.can_view_workforce_section)
def restructure_launch(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    restructure = _restructure(request, pk)
    require(access.can_launch_restructure(request.user, restructure), to="launch restructures")
    today = timezone.localdate()
    form = LaunchForm(posted(request), initial={"brief_by": selectors.default_brief_by(today)})
    launched = form_write(
        request,
        form,
        lambda data: launch_service(
            actor=request.user, restructure=restructure, brief_by=data["brief_by"]
        ),
    )
    if launched is not None:
        messages.success(
            request,
            f"“{launched}” has been launched: its message has gone to "
            f"{launched.message.recipients.count() if launched.message else 0:,} people and "
            "its wellbeing round is open.",
        )
        return redirect(selectors.restructure_page_path(launched))
    # A refusal on posting is the form's error (summary, title, beside the button); the
    # page's own list says why a restructure cannot be launched before anyone tries.
    problems = [] if form.non_field_errors() else selectors.launch_problems(restructure)
    return render(
        request,
        "workforce/launch/launch.html",
        {
            "form": form,
            "restructure": restructure,
            "problems": problems,
            "sender_refusal": access.restructure_launch_refusal(request.user),
            "reach": selectors.launch_reach(restructure),
            "message_text": selectors.launch_message(restructure),
            "survey_title": selectors.survey_title(restructure),
            "round_closes_on": selectors.round_closes_on(today),
            "minimum": survey_minimum_group_size(),
            "restructure_path": selectors.restructure_page_path(restructure),
        },
    )


@access_required(access.can_view_workforce_section)
def restructure_wellbeing(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    restructure = found(selectors.restructure_for_launch(pk))
    user = request.user
    allowed = access.can_view_restructure_wellbeing(user, restructure)
    if not allowed and not access.can_view_restructure(user, restructure):
        raise Http404("No such restructure")
    require(allowed, to="see how those a restructure affects are")
    return render(
        request,
        "workforce/launch/wellbeing.html",
        {
            "wellbeing": wellbeing.restructure_wellbeing(restructure),
            "restructure": restructure,
            "restructure_path": selectors.restructure_page_path(restructure),
        },
    )


urls: list[URLPattern] = [
    path("restructures/<int:pk>/launch/", restructure_launch, name="restructure_launch"),
    path("restructures/<int:pk>/wellbeing/", restructure_wellbeing, name="restructure_wellbeing"),
]
