"""What those who send messages do: write, publish and revise them, see how far each has reached,
and answer the questions staff ask. The reach page names people, so each view of it is audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from childtrust.accounts.models import User
from childtrust.core.charts import ChartPoint, line_chart
from childtrust.core.forms import add_service_errors
from childtrust.core.permissions import Capability, capability_required, has_capability
from childtrust.partnership.models import StaffMember
from childtrust.partnership.selectors.staff import staff_levels
from childtrust.voice.forms import cascade as voice_forms
from childtrust.voice.models import (
    Message,
    MessageQuestion,
    MessageStatus,
)
from childtrust.voice.selectors import cascade as selectors
from childtrust.voice.selectors import reach as reach_selectors
from childtrust.voice.services import messages as services

CASCADE_MESSAGES_PER_PAGE = 20
_Written = TypeVar("_Written")


def _cascade_actor(request: HttpRequest) -> User:
    # login_required and capability_required have already turned away anyone not signed in.
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _cascade_staff(request: HttpRequest) -> StaffMember | None:
    return getattr(_cascade_actor(request), "staff_member", None)


def _cascade_not_linked(request: HttpRequest) -> HttpResponse:
    return render(request, "voice/cascade_not_linked.html", status=403)


def _can_send(request: HttpRequest) -> bool:
    return has_capability(request.user, Capability.SEND_MESSAGES)


def _cascade_written(form: forms.BaseForm, write: Callable[[], _Written]) -> _Written | None:
    """Writes through the service when the form is valid; a refusal lands on the form."""
    if not form.is_valid():
        return None
    try:
        return write()
    except ValidationError as error:
        add_service_errors(form, error)
        return None


# What those who send messages do: write, publish, revise, see the reach, answer questions.


def _deepest_level() -> int:
    return max(staff_levels().values(), default=1)


def _message_form_page(
    request: HttpRequest, form: forms.BaseForm, *, message: Message | None
) -> HttpResponse:
    return render(
        request,
        "voice/cascade_message_form.html",
        {
            "form": form,
            "message": message,
            "published": message is not None and message.status != MessageStatus.DRAFT,
        },
    )


@capability_required(Capability.SEND_MESSAGES)
def cascade_message_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(reach_selectors.messages_with_reach(), CASCADE_MESSAGES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "voice/cascade_message_list.html",
        {"page": page, "messages_page": page.object_list, "today": timezone.localdate()},
    )


@capability_required(Capability.SEND_MESSAGES)
def cascade_message_create(request: HttpRequest) -> HttpResponse:
    sender = _cascade_staff(request)
    if sender is None:
        return _cascade_not_linked(request)
    form = voice_forms.MessageForm(
        request.POST if request.method == "POST" else None,
        initial={"audience": voice_forms.AUDIENCE_WHOLE},
        deepest_level=_deepest_level(),
    )
    message = (
        _cascade_written(
            form,
            lambda: services.message_create(
                actor=_cascade_actor(request), sender=sender, **form.service_arguments()
            ),
        )
        if request.method == "POST"
        else None
    )
    if message is not None:
        messages.success(
            request, f"“{message}” has been saved as a draft. Check it, then publish it."
        )
        return redirect("voice:cascade_message_detail", pk=message.pk)
    return _message_form_page(request, form, message=None)


@capability_required(Capability.SEND_MESSAGES)
def cascade_message_update(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.message_for_sender(pk)
    published = message.status != MessageStatus.DRAFT
    form = voice_forms.MessageForm(
        request.POST if request.method == "POST" else None,
        initial=voice_forms.MessageForm.initial_for(message),
        published=published,
        deepest_level=_deepest_level(),
    )
    version = message.version
    saved = (
        _cascade_written(
            form,
            lambda: services.message_update(
                actor=_cascade_actor(request), message=message, **form.service_arguments()
            ),
        )
        if request.method == "POST"
        else None
    )
    if saved is None:
        return _message_form_page(request, form, message=message)
    if saved.version != version:
        messages.success(
            request,
            f"“{saved}” is now version {saved.version}. Everyone it went to is asked to read it "
            "and confirm it again; briefings already given still count.",
        )
    else:
        messages.success(request, f"“{saved}” has been saved.")
    return redirect("voice:cascade_message_detail", pk=saved.pk)


def _message_detail_page(
    request: HttpRequest, message: Message, *, form: forms.BaseForm | None = None
) -> HttpResponse:
    return render(
        request,
        "voice/cascade_message_detail.html",
        {
            "message": message,
            "audience_count": len(selectors.message_audience(message)),
            "audience": selectors.message_audience_description(message),
            "form": form or forms.Form(),
            "today": timezone.localdate(),
        },
    )


@capability_required(Capability.SEND_MESSAGES)
def cascade_message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.message_for_sender(pk)
    if message.status != MessageStatus.DRAFT:
        return redirect("voice:cascade_message_reach", pk=message.pk)
    return _message_detail_page(request, message)


@capability_required(Capability.SEND_MESSAGES)
@require_POST
def cascade_message_publish(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.message_for_sender(pk)
    form = forms.Form(request.POST)
    published = _cascade_written(
        form, lambda: services.message_publish(actor=_cascade_actor(request), message=message)
    )
    if published is None:
        return _message_detail_page(request, message, form=form)
    tasks = published.cascade_tasks.count()
    messages.success(
        request,
        f"“{published}” has been published to {published.recipients.count():,} people. "
        f"{tasks:,} manager{'' if tasks == 1 else 's'} have been asked to brief their teams by "
        f"{date_format(published.brief_by)}.",
    )
    return redirect("voice:cascade_message_reach", pk=published.pk)


def _reach_chart(reach: reach_selectors.MessageReach) -> tuple[SafeString, str]:
    """The line of the share reached, day by day, and the sentence that says what it shows."""
    days = reach.over_time
    if not days:
        return SafeString(""), ""
    first, last = days[0], days[-1]
    sentence = (
        f"{first.percent} of the {reach.overall.total:,} people it went to were reached on the "
        f"day it was published ({date_format(first.day)})"
    )
    if last.day_number:
        sentence += f"; by {date_format(last.day)} (day {last.day_number}), {last.percent}"
    sentence += "."
    chart = line_chart(
        [ChartPoint(f"Day {d.day_number}", 100 * d.share) for d in days],
        chart_id="reach-over-time",
        title="Share of people reached, day by day since publication",
        description=sentence,
        y_max=100,
        percent=True,
        x_label="Days since publication",
        y_label="Reached",
    )
    return chart, sentence


def _reach_page(
    request: HttpRequest,
    message: Message,
    *,
    bound: tuple[int, forms.BaseForm] | None = None,
) -> HttpResponse:
    reach = reach_selectors.message_reach_for_user(user=request.user, message=message)
    answer_forms: dict[int, forms.BaseForm] = {
        question.pk: voice_forms.MessageAnswerForm(
            prefix=f"question-{question.pk}", initial={"answer": question.answer}
        )
        for question in reach.questions
    }
    if bound is not None:
        answer_forms[bound[0]] = bound[1]
    chart, sentence = _reach_chart(reach)
    return render(
        request,
        "voice/cascade_reach.html",
        {
            "reach": reach,
            "message": message,
            "audience": selectors.message_audience_description(message),
            "questions": [(q, answer_forms[q.pk]) for q in reach.questions],
            "chart": chart,
            "chart_sentence": sentence,
            "reach_changes": [d for d in reach.over_time if d.reached_that_day or not d.day_number],
            "page_has_errors": bound is not None and bool(bound[1].errors),
        },
    )


@capability_required(Capability.SEND_MESSAGES)
def cascade_message_reach(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.message_for_sender(pk)
    if message.status == MessageStatus.DRAFT:
        return redirect("voice:cascade_message_detail", pk=message.pk)
    return _reach_page(request, message)


@capability_required(Capability.SEND_MESSAGES)
@require_POST
def cascade_question_answer(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    message = selectors.message_for_sender(pk)
    question = get_object_or_404(MessageQuestion, pk=question_pk, message=message)
    form = voice_forms.MessageAnswerForm(request.POST, prefix=f"question-{question.pk}")
    answered = _cascade_written(
        form,
        lambda: services.message_question_answer(
            actor=_cascade_actor(request),
            question=question,
            answer=form.cleaned_data["answer"],
            answered_by=_cascade_staff(request),
        ),
    )
    if answered is None:
        return _reach_page(request, message, bound=(question.pk, form))
    messages.success(request, "Your answer has been published to everyone the message went to.")
    return redirect(
        reverse("voice:cascade_message_reach", kwargs={"pk": message.pk})
        + f"#question-{question.pk}"
    )
