"""What those who send messages do: write, publish and correct them (only their author does),
see how far each has reached, and answer the questions staff ask. The reach page names people,
so each view of it is audited (access.message_reach_for_user)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.charts import ChartPoint, line_chart
from childtrust.core.forms import form_write
from childtrust.core.http import found, posted
from childtrust.core.permissions import access_required
from childtrust.partnership.selectors.staff import staff_levels
from childtrust.voice import access
from childtrust.voice.forms import cascade as voice_forms
from childtrust.voice.models import Message, MessageStatus
from childtrust.voice.selectors import cascade as selectors
from childtrust.voice.selectors.reach import MessageReach, messages_with_reach
from childtrust.voice.services import corrections
from childtrust.voice.services import messages as services

CASCADE_MESSAGES_PER_PAGE = 20


def _message(pk: int) -> Message:
    return found(selectors.message_for_sender(pk))


def _deepest_level() -> int:
    return max(staff_levels().values(), default=1)


def _message_form_page(
    request: AuthenticatedRequest, form: forms.BaseForm, *, message: Message | None
) -> HttpResponse:
    return render(
        request,
        "voice/cascade_message_form.html",
        {
            "form": form,
            "message": message,
            "correcting": message is not None and message.status != MessageStatus.DRAFT,
        },
    )


@access_required(access.can_send_messages)
def cascade_message_list(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(messages_with_reach(), CASCADE_MESSAGES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "voice/cascade_message_list.html",
        {"page": page, "messages_page": page.object_list, "today": timezone.localdate()},
    )


@access_required(access.can_send_messages)
def cascade_message_create(request: AuthenticatedRequest) -> HttpResponse:
    access.message_sender_for_user(request.user)  # before the form: only staff in post send
    form = voice_forms.MessageForm(
        posted(request),
        initial={"audience": voice_forms.AUDIENCE_WHOLE},
        deepest_level=_deepest_level(),
    )
    message = form_write(
        request,
        form,
        lambda _: services.message_create(actor=request.user, **form.service_arguments()),
    )
    if message is not None:
        messages.success(
            request, f"“{message}” has been saved as a draft. Check it, then publish it."
        )
        return redirect("voice:cascade_message_detail", pk=message.pk)
    return _message_form_page(request, form, message=None)


@access_required(access.can_send_messages)
def cascade_message_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    message = _message(pk)
    access.message_author_for_user(request.user, message, to="change")
    if message.status != MessageStatus.DRAFT:  # people have read it: it is corrected instead
        return redirect("voice:cascade_message_correct", pk=message.pk)
    form = voice_forms.MessageForm(
        posted(request),
        initial=voice_forms.MessageForm.initial_for(message),
        deepest_level=_deepest_level(),
        named_people=len(message.people.all()),
    )
    saved = form_write(
        request,
        form,
        lambda _: services.message_update(
            actor=request.user, message=message, **form.service_arguments()
        ),
    )
    if saved is None:
        return _message_form_page(request, form, message=message)
    messages.success(request, f"“{saved}” has been saved.")
    return redirect("voice:cascade_message_detail", pk=saved.pk)


@access_required(access.can_send_messages)
def cascade_message_correct(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    message = _message(pk)
    access.message_author_for_user(request.user, message, to="correct")
    if message.status == MessageStatus.DRAFT:  # no one has read it yet: it is changed
        return redirect("voice:cascade_message_update", pk=message.pk)
    form = voice_forms.MessageCorrectionForm(
        posted(request), initial=voice_forms.MessageForm.initial_for(message)
    )
    correction = form_write(
        request,
        form,
        lambda _: corrections.message_correct(
            actor=request.user, message=message, **form.service_arguments()
        ),
    )
    if correction is None:
        return _message_form_page(request, form, message=message)
    messages.success(
        request,
        f"“{correction.message}” has been corrected. Everyone it went to sees the correction "
        "and is asked to read it and confirm it again; briefings already given still count.",
    )
    return redirect("voice:cascade_message_reach", pk=message.pk)


def _message_detail_page(
    request: AuthenticatedRequest, message: Message, *, form: forms.BaseForm | None = None
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
            "can_change": access.can_change_message(request.user, message),
        },
    )


@access_required(access.can_send_messages)
def cascade_message_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    message = _message(pk)
    if message.status != MessageStatus.DRAFT:
        return redirect("voice:cascade_message_reach", pk=message.pk)
    return _message_detail_page(request, message)


@access_required(access.can_send_messages)
@require_POST
def cascade_message_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    message = _message(pk)
    form = forms.Form(request.POST)
    published = form_write(
        request, form, lambda _: services.message_publish(actor=request.user, message=message)
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


def _reach_chart(reach: MessageReach) -> tuple[SafeString, str]:
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
    request: AuthenticatedRequest,
    message: Message,
    *,
    bound: tuple[int, forms.BaseForm] | None = None,
) -> HttpResponse:
    reach = access.message_reach_for_user(request.user, message)
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
            "corrections": list(message.corrections.all()),
            "can_correct": access.can_change_message(request.user, message),
        },
    )


@access_required(access.can_view_message_reach)
def cascade_message_reach(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    message = _message(pk)
    if message.status == MessageStatus.DRAFT:
        return redirect("voice:cascade_message_detail", pk=message.pk)
    return _reach_page(request, message)


@access_required(access.can_answer_message_questions)
@require_POST
def cascade_question_answer(
    request: AuthenticatedRequest, pk: int, question_pk: int
) -> HttpResponse:
    message = _message(pk)
    question = get_object_or_404(message.questions, pk=question_pk)
    form = voice_forms.MessageAnswerForm(request.POST, prefix=f"question-{question.pk}")
    answered = form_write(
        request,
        form,
        lambda data: services.message_question_answer(
            actor=request.user, question=question, answer=data["answer"]
        ),
    )
    if answered is None:
        return _reach_page(request, message, bound=(question.pk, form))
    messages.success(request, "Your answer has been published to everyone the message went to.")
    return redirect(
        reverse("voice:cascade_message_reach", kwargs={"pk": message.pk})
        + f"#question-{question.pk}"
    )
