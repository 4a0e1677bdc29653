"""The feedback pages: raising feedback, answering what is routed to you, 'You said, we did' and
response times."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.forms import form_write
from childtrust.core.permissions import access_required
from childtrust.voice import access
from childtrust.voice.forms import feedback as voice_forms
from childtrust.voice.models import FeedbackStatus
from childtrust.voice.selectors import feedback as selectors
from childtrust.voice.services import feedback as services
from childtrust.voice.views.anonymous import sent_anonymously

# Every member of staff in post raises feedback, and everyone signed in reads 'You said, we
# did'; owners answer what is routed to them; those who follow staff voice see response times.

FEEDBACK_PUBLISHED_PER_PAGE = 20
Arguments = ParamSpec("Arguments")


def _for_staff_in_post(
    view: Callable[Concatenate[AuthenticatedRequest, Arguments], HttpResponse],
) -> Callable[Concatenate[AuthenticatedRequest, Arguments], HttpResponse]:
    """A page for staff in post, who raise and answer feedback. Anyone else signed in is told
    why not (no staff record, or no longer working in the partnership) with a 403, and shown
    the way to 'You said, we did', which everyone signed in reads."""

    @access_required(access.can_use_staff_voice)
    @wraps(view)
    def page(
        request: AuthenticatedRequest, /, *args: Arguments.args, **kwargs: Arguments.kwargs
    ) -> HttpResponse:
        refusal = access.feedback_staff_refusal(request.user)
        if refusal:
            return render(request, "voice/feedback_not_staff.html", {"reason": refusal}, status=403)
        return view(request, *args, **kwargs)

    return page


@_for_staff_in_post
def feedback_home(request: AuthenticatedRequest) -> HttpResponse:
    staff = access.feedback_staff_for_user(request.user)
    to_answer = selectors.feedback_to_answer(staff)
    return render(
        request,
        "voice/feedback_home.html",
        {
            "raised": selectors.feedback_raised_by(staff),
            "target_working_days": settings.FEEDBACK_RESPONSE_WORKING_DAYS,
            "to_answer": len(to_answer),
            "past_target": sum(due.past_target for due in to_answer),
            "can_view_response_times": access.can_view_feedback_response_times(request.user),
        },
    )


@_for_staff_in_post
def feedback_raise(request: AuthenticatedRequest) -> HttpResponse:
    form = voice_forms.FeedbackRaiseForm(request.POST or None)
    feedback = form_write(
        request,
        form,
        lambda _: services.feedback_raise(actor=request.user, **form.service_arguments()),
    )
    if feedback is None:
        return render(request, "voice/feedback_raise.html", {"form": form})
    gone_to = (
        f"{feedback.owner}, {feedback.owner.job_title}, who will respond by "
        f"{date_format(feedback.respond_by, 'j F Y')}."
    )
    if feedback.anonymous:
        return sent_anonymously(
            request,
            title="Your anonymous feedback has been sent",
            message=f"It has gone to {gone_to}",
            next_url=reverse("voice:feedback_published_list"),
            next_text="See what has changed because of feedback (You said, we did)",
        )
    messages.success(request, f"Your feedback has gone to {gone_to}")
    return redirect("voice:feedback_home")


@_for_staff_in_post
def feedback_to_answer(request: AuthenticatedRequest) -> HttpResponse:
    owned = access.feedback_to_answer_for_user(request.user)
    return render(
        request, "voice/feedback_to_answer.html", {"due": owned.due, "answered": owned.answered}
    )


@_for_staff_in_post
def feedback_respond(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    staff = access.feedback_staff_for_user(request.user)
    feedback = access.feedback_for_user(request.user, pk, purpose="respond")
    is_open = feedback.status == FeedbackStatus.OPEN
    form = voice_forms.FeedbackRespondForm(request.POST or None) if is_open else None
    responded = None
    if form is not None:  # answered feedback is shown, with no form to answer it again
        responded = form_write(
            request,
            form,
            lambda _: services.feedback_respond(
                actor=request.user, feedback=feedback, **form.service_arguments()
            ),
        )
    if responded is not None:
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


@access_required(access.can_read_published_feedback)
def feedback_published_list(request: AuthenticatedRequest) -> HttpResponse:
    paginator = Paginator(selectors.feedback_published(), FEEDBACK_PUBLISHED_PER_PAGE)
    return render(
        request,
        "voice/feedback_published_list.html",
        {"page": paginator.get_page(request.GET.get("page")), "query": ""},
    )


@access_required(access.can_read_published_feedback)
def feedback_published_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    feedback = selectors.feedback_published_one(pk)
    if feedback is None:
        raise Http404("No published response has that id")
    if services.feedback_reach_record(actor=request.user, feedback=feedback):
        feedback = selectors.feedback_published_one(pk) or feedback  # now counting this read
    return render(request, "voice/feedback_published_detail.html", {"feedback": feedback})


@access_required(access.can_view_feedback_response_times)
def feedback_response_times(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "voice/feedback_response_times.html",
        {
            "times": access.feedback_response_times_for_user(request.user),
            "reach": selectors.feedback_reach_by_response(),
            "target_working_days": settings.FEEDBACK_RESPONSE_WORKING_DAYS,
        },
    )
