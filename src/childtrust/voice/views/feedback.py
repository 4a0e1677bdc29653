"""The feedback pages: raising feedback, answering what is routed to you, 'You said, we did' and
response times."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format

from childtrust.accounts.models import User
from childtrust.core.forms import add_service_errors
from childtrust.core.permissions import Capability, capability_required, has_capability
from childtrust.voice.forms import feedback as voice_forms
from childtrust.voice.models import (
    FeedbackStatus,
)
from childtrust.voice.selectors import feedback as selectors
from childtrust.voice.services import feedback as services

# Every member of staff raises feedback and reads 'You said, we did'; owners answer what is
# routed to them; strategic leads and administrators see response times and the leaders' page.

FEEDBACK_PUBLISHED_PER_PAGE = 20


def _feedback_actor(request: HttpRequest) -> User:
    # login_required and capability_required have already turned away anyone not signed in.
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _feedback_not_linked(request: HttpRequest) -> HttpResponse:
    return render(request, "voice/feedback_not_linked.html", status=403)


@login_required
def feedback_home(request: HttpRequest) -> HttpResponse:
    staff = selectors.feedback_staff_member(request.user)
    if staff is None:
        return _feedback_not_linked(request)
    to_answer = selectors.feedback_to_answer(staff)
    return render(
        request,
        "voice/feedback_home.html",
        {
            "raised": selectors.feedback_raised_by(staff),
            "target_working_days": settings.FEEDBACK_RESPONSE_WORKING_DAYS,
            "to_answer": len(to_answer),
            "past_target": sum(due.past_target for due in to_answer),
            "can_view_staff_voice": has_capability(request.user, Capability.VIEW_STAFF_VOICE),
        },
    )


@login_required
def feedback_raise(request: HttpRequest) -> HttpResponse:
    if selectors.feedback_staff_member(request.user) is None:
        return _feedback_not_linked(request)
    form = voice_forms.FeedbackRaiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback = services.feedback_raise(
                actor=_feedback_actor(request), **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            named = feedback.raised_by_id is not None
            messages.success(
                request,
                f"Your {'feedback' if named else 'anonymous feedback'} has gone to "
                f"{feedback.owner}, {feedback.owner.job_title}, who will respond by "
                f"{date_format(feedback.respond_by, 'j F Y')}.",
            )
            return redirect("voice:feedback_home")
    return render(request, "voice/feedback_raise.html", {"form": form})


@login_required
def feedback_to_answer(request: HttpRequest) -> HttpResponse:
    staff = selectors.feedback_staff_member(request.user)
    if staff is None:
        return _feedback_not_linked(request)
    return render(
        request,
        "voice/feedback_to_answer.html",
        {
            "due": selectors.feedback_to_answer(staff),
            "answered": selectors.feedback_answered_by(staff),
        },
    )


@login_required
def feedback_respond(request: HttpRequest, pk: int) -> HttpResponse:
    staff = selectors.feedback_staff_member(request.user)
    if staff is None:
        return _feedback_not_linked(request)
    feedback = selectors.feedback_for_owner(staff, pk)
    is_open = feedback.status == FeedbackStatus.OPEN
    form = voice_forms.FeedbackRespondForm(request.POST or None) if is_open else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.feedback_respond(
                actor=_feedback_actor(request), feedback=feedback, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Your response to '{feedback.subject}' has been sent.")
            return redirect("voice:feedback_to_answer")
    due = selectors.feedback_to_answer(staff)
    return render(
        request,
        "voice/feedback_respond.html",
        {
            "feedback": feedback,
            "form": form,
            "due": next((item for item in due if item.feedback.pk == feedback.pk), None),
            "working_days_to_respond": selectors.feedback_working_days_to_respond(feedback),
        },
    )


@login_required
def feedback_published_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(selectors.feedback_published(), FEEDBACK_PUBLISHED_PER_PAGE)
    return render(
        request,
        "voice/feedback_published_list.html",
        {"page": paginator.get_page(request.GET.get("page")), "query": ""},
    )


@login_required
def feedback_published_detail(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = selectors.feedback_published_one(pk)
    if feedback is None:
        raise Http404
    if services.feedback_reach_record(actor=_feedback_actor(request), feedback=feedback):
        feedback = selectors.feedback_published_one(pk) or feedback  # now counting this read
    return render(request, "voice/feedback_published_detail.html", {"feedback": feedback})


@capability_required(Capability.VIEW_STAFF_VOICE)
def feedback_response_times(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "voice/feedback_response_times.html",
        {
            "times": selectors.feedback_response_times(),
            "reach": selectors.feedback_reach_by_response(),
            "target_working_days": settings.FEEDBACK_RESPONSE_WORKING_DAYS,
        },
    )
