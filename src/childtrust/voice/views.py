"""Staff voice: views. Sections: cascade, surveys, feedback and the leaders' page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from childtrust.accounts.models import User
from childtrust.core.charts import ChartPoint, bar_chart, line_chart
from childtrust.core.forms import add_service_errors
from childtrust.core.permissions import Capability, capability_required, has_capability
from childtrust.partnership.models import StaffMember
from childtrust.partnership.selectors.staff import staff_levels
from childtrust.voice import forms as voice_forms
from childtrust.voice import selectors, services
from childtrust.voice.models import (
    FeedbackStatus,
    Message,
    MessageQuestion,
    MessageStatus,
    Survey,
    SurveyRound,
)
from childtrust.voice.survey_templates import SURVEY_TEMPLATES

# --- Cascade -----------------------------------------------------------------------------------
# Everyone linked to a staff record reads and confirms the messages sent to them and records the
# briefings they owe. Those who may send messages write, publish and revise them and see how far
# each has reached; the reach page names people, so each view of it is audited (selectors).

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


# What every member of staff does: read, confirm, ask; brief their own team.


@login_required
def cascade_my_messages(request: HttpRequest) -> HttpResponse:
    staff = _cascade_staff(request)
    if staff is None:
        return _cascade_not_linked(request)
    return render(
        request,
        "voice/cascade_my_messages.html",
        {"items": selectors.my_messages(staff), "can_send": _can_send(request)},
    )


def _my_message_page(
    request: HttpRequest,
    detail: selectors.MyMessageDetail,
    *,
    confirm_form: forms.BaseForm | None = None,
    question_form: forms.BaseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "voice/cascade_my_message.html",
        {
            "detail": detail,
            "message": detail.message,
            "confirm_form": confirm_form
            or voice_forms.MessageConfirmForm(questions=detail.check_questions),
            "question_form": question_form or voice_forms.MessageQuestionForm(),
            "page_has_errors": bool(
                (confirm_form and confirm_form.errors) or (question_form and question_form.errors)
            ),
        },
        status=status,
    )


@login_required
def cascade_my_message(request: HttpRequest, pk: int) -> HttpResponse:
    staff = _cascade_staff(request)
    if staff is None:
        return _cascade_not_linked(request)
    return _my_message_page(request, selectors.my_message(staff, pk))


@login_required
@require_POST
def cascade_message_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    staff = _cascade_staff(request)
    if staff is None:
        return _cascade_not_linked(request)
    detail = selectors.my_message(staff, pk)
    form = voice_forms.MessageConfirmForm(request.POST, questions=detail.check_questions)
    acknowledgement = _cascade_written(
        form,
        lambda: services.message_confirm(
            actor=_cascade_actor(request),
            message=detail.message,
            staff=staff,
            answers=form.answers(),
        ),
    )
    if acknowledgement is None:
        return _my_message_page(request, detail, confirm_form=form)
    if acknowledgement.answered_correctly:
        messages.success(
            request, f"Thank you: you have confirmed that you understood “{detail.message}”."
        )
        return redirect("voice:cascade_my_messages")
    messages.warning(
        request,
        "Not quite: at least one answer is not right. Read the message again and try once more.",
    )
    return redirect("voice:cascade_my_message", pk=pk)


@login_required
@require_POST
def cascade_message_ask(request: HttpRequest, pk: int) -> HttpResponse:
    staff = _cascade_staff(request)
    if staff is None:
        return _cascade_not_linked(request)
    detail = selectors.my_message(staff, pk)
    form = voice_forms.MessageQuestionForm(request.POST)
    question = _cascade_written(
        form,
        lambda: services.message_question_ask(
            actor=_cascade_actor(request),
            message=detail.message,
            staff=staff,
            text=form.cleaned_data["text"],
        ),
    )
    if question is None:
        return _my_message_page(request, detail, question_form=form)
    messages.success(
        request,
        f"Your question has been sent to {detail.message.sender}. The answer will appear on "
        "this page for everyone the message went to.",
    )
    return redirect("voice:cascade_my_message", pk=pk)


@login_required
def cascade_my_briefings(request: HttpRequest) -> HttpResponse:
    staff = _cascade_staff(request)
    if staff is None:
        return _cascade_not_linked(request)
    return render(
        request,
        "voice/cascade_my_briefings.html",
        {"briefings": selectors.my_briefings(staff), "can_send": _can_send(request)},
    )


@login_required
def cascade_briefing(request: HttpRequest, pk: int) -> HttpResponse:
    staff = _cascade_staff(request)
    if staff is None:
        return _cascade_not_linked(request)
    briefing = selectors.my_briefing(staff, pk)
    form = voice_forms.BriefingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and briefing.task.briefed_at is None:
        task = _cascade_written(
            form,
            lambda: services.cascade_briefing_record(
                actor=_cascade_actor(request),
                task=briefing.task,
                method=form.cleaned_data["method"],
            ),
        )
        if task is not None:
            messages.success(
                request,
                f"You have recorded briefing your team on “{briefing.task.message}”. Thank you.",
            )
            return redirect("voice:cascade_my_briefings")
    return render(
        request,
        "voice/cascade_briefing.html",
        {
            "briefing": briefing,
            "task": briefing.task,
            "form": form,
            "today": timezone.localdate(),
        },
    )


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
    page = Paginator(selectors.messages_with_reach(), CASCADE_MESSAGES_PER_PAGE).get_page(
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


def _reach_chart(reach: selectors.MessageReach) -> tuple[SafeString, str]:
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
    reach = selectors.message_reach_for_user(user=request.user, message=message)
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


# --- Pulse surveys -----------------------------------------------------------------------------
# Every member of staff answers the rounds open to them; strategic leads and administrators set
# surveys up (MANAGE_SURVEYS) and read the results (VIEW_STAFF_VOICE). No page shows or exports
# one person's answers: results come from selectors.survey_round_results, which leaves out
# every group below the minimum size.


def _survey_actor(request: HttpRequest) -> User:
    # login_required and capability_required have already turned away anyone not signed in.
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _survey_posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data on a POST, even when empty (so that a blank form shows its errors)."""
    return request.POST if request.method == "POST" else None


def _survey(pk: int) -> Survey:
    return get_object_or_404(selectors.surveys_for_list(), pk=pk)


def _survey_round(pk: int, number: int) -> SurveyRound:
    return get_object_or_404(
        SurveyRound.objects.select_related("survey"), survey_id=pk, number=number
    )


def _survey_unavailable(
    request: HttpRequest, *, title: str, message: str, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "voice/survey_unavailable.html",
        {"title": title, "message": message},
        status=status,
    )


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    """The rounds waiting for the person's answers and, for those who run surveys, every
    survey."""
    user = _survey_actor(request)
    try:
        staff = services.survey_answering_staff(user)
    except ValidationError as error:
        staff, not_linked = None, error.messages[0]
    else:
        not_linked = ""
    can_view = has_capability(user, Capability.VIEW_STAFF_VOICE)
    return render(
        request,
        "voice/survey_list.html",
        {
            "rounds_to_answer": selectors.survey_rounds_to_answer(staff) if staff else [],
            "not_linked": not_linked,
            "surveys": selectors.surveys_for_list() if can_view else None,
            "can_manage": has_capability(user, Capability.MANAGE_SURVEYS),
            "minimum": selectors.survey_minimum_group_size(),
        },
    )


@capability_required(Capability.MANAGE_SURVEYS)
def survey_create(request: HttpRequest) -> HttpResponse:
    form = voice_forms.SurveyCreateForm(_survey_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create_from_template(
                actor=_survey_actor(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"'{survey}' has been created. Check its questions, then open the first round.",
            )
            return redirect("voice:survey_detail", pk=survey.pk)
    return render(
        request,
        "voice/survey_create.html",
        {"form": form, "templates": SURVEY_TEMPLATES.values()},
    )


@capability_required(Capability.VIEW_STAFF_VOICE)
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    rounds = list(selectors.survey_rounds_with_counts(survey))
    open_round = next((r for r in rounds if selectors.survey_round_is_open(r)), None)
    return render(
        request,
        "voice/survey_detail.html",
        {
            "survey": survey,
            "questions": survey.questions.all(),
            "rounds": rounds,
            "open_round": open_round,
            "can_manage": has_capability(request.user, Capability.MANAGE_SURVEYS),
            "questions_editable": not rounds,
        },
    )


def _survey_questions_locked(request: HttpRequest, survey: Survey) -> HttpResponse | None:
    """Questions change only before the first round; afterwards the pages send people back."""
    if survey.rounds.exists():
        messages.error(
            request,
            "The questions cannot be changed once the first round has opened, so that every "
            "round asks the same questions.",
        )
        return redirect("voice:survey_detail", pk=survey.pk)
    return None


@capability_required(Capability.MANAGE_SURVEYS)
def survey_question_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    if (locked := _survey_questions_locked(request, survey)) is not None:
        return locked
    form = voice_forms.SurveyQuestionAddForm(_survey_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_question_add(
                actor=_survey_actor(request), survey=survey, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The question has been added.")
            return redirect("voice:survey_detail", pk=survey.pk)
    return render(
        request,
        "voice/survey_question_form.html",
        {"form": form, "survey": survey, "title": "Add a question", "submit": "Add question"},
    )


@capability_required(Capability.MANAGE_SURVEYS)
def survey_question_edit(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = _survey(pk)
    question = get_object_or_404(survey.questions, pk=question_pk)
    if (locked := _survey_questions_locked(request, survey)) is not None:
        return locked
    form = voice_forms.SurveyQuestionForm(
        _survey_posted(request),
        kind=question.kind,
        initial={"text": question.text, "theme": question.theme},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_question_update(
                actor=_survey_actor(request), question=question, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The question has been changed.")
            return redirect("voice:survey_detail", pk=survey.pk)
    return render(
        request,
        "voice/survey_question_form.html",
        {"form": form, "survey": survey, "title": "Change a question", "submit": "Save"},
    )


@capability_required(Capability.MANAGE_SURVEYS)
def survey_question_remove(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = _survey(pk)
    question = get_object_or_404(survey.questions, pk=question_pk)
    if (locked := _survey_questions_locked(request, survey)) is not None:
        return locked
    # Nothing to fill in: the form only carries the service's refusal, if any.
    form = forms.Form(_survey_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_question_remove(actor=_survey_actor(request), question=question)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The question has been removed.")
            return redirect("voice:survey_detail", pk=survey.pk)
    return render(
        request,
        "voice/survey_question_remove.html",
        {"form": form, "survey": survey, "question": question},
    )


@capability_required(Capability.MANAGE_SURVEYS)
def survey_round_open(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    # Nothing to fill in: the form only carries the service's refusal, if any.
    form = forms.Form(_survey_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            survey_round = services.survey_round_open(actor=_survey_actor(request), survey=survey)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Round {survey_round.number} is open until "
                f"{date_format(survey_round.closes_on, 'j F Y')} for {survey_round.invited} staff.",
            )
            return redirect("voice:survey_detail", pk=survey.pk)
    today = timezone.localdate()
    return render(
        request,
        "voice/survey_round_open.html",
        {
            "form": form,
            "survey": survey,
            "number": survey.rounds.count() + 1,
            "closes_on": today + timedelta(days=max(survey.round_length_days, 1) - 1),
            "invited": selectors.survey_active_staff_count(),
        },
    )


@capability_required(Capability.VIEW_STAFF_VOICE)
def survey_round_results(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    survey_round = _survey_round(pk, number)
    return render(
        request,
        "voice/survey_round_results.html",
        {
            "survey": survey_round.survey,
            "results": selectors.survey_round_results(survey_round),
        },
    )


@capability_required(Capability.VIEW_STAFF_VOICE)
def survey_trends(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    trends = selectors.survey_trends(survey)
    charts = [
        None
        if all(cell.percent is None for cell in theme.cells)
        else line_chart(
            [
                ChartPoint(label=f"Round {r.survey_round.number}", value=cell.percent)
                for r, cell in zip(trends.rounds, theme.cells, strict=True)
                if cell.percent is not None
            ],
            chart_id=f"trend-{theme.theme}",
            title=f"{theme.label}: share of staff agreeing, by round",
            description=theme.sentence,
            y_max=100,
            percent=True,
            x_label="Round",
            y_label="Agree",
            height=220,
        )
        for theme in trends.themes
    ]
    return render(
        request,
        "voice/survey_trends.html",
        {
            "survey": survey,
            "trends": trends,
            "themes": list(zip(trends.themes, charts, strict=True)),
            "ready_average": selectors.READY_AVERAGE_PERCENT,
            "ready_lowest": selectors.READY_LOWEST_PERCENT,
            "getting_ready_average": selectors.GETTING_READY_AVERAGE_PERCENT,
        },
    )


@login_required
def survey_answer(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    user = _survey_actor(request)
    try:
        staff = services.survey_answering_staff(user)
    except ValidationError as error:
        return _survey_unavailable(
            request,
            title="Your account is not linked to a staff record",
            message=f"{error.messages[0]}. Ask a partnership administrator to link it.",
            status=403,
        )
    survey_round = _survey_round(pk, number)
    if selectors.survey_has_answered(survey_round, staff):
        return _survey_unavailable(
            request,
            title="You have already answered this round",
            message="Thank you: your answers are recorded. Each person answers once.",
        )
    if not selectors.survey_round_is_open(survey_round):
        return _survey_unavailable(
            request,
            title="This round is not open",
            message=(
                f"Round {survey_round.number} of '{survey_round.survey}' is open from "
                f"{date_format(survey_round.opens_on, 'j F Y')} to "
                f"{date_format(survey_round.closes_on, 'j F Y')}."
            ),
        )
    form = voice_forms.survey_answer_form(
        list(survey_round.survey.questions.all()), _survey_posted(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_answer(actor=user, survey_round=survey_round, answers=form.answers())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Thank you. Your answers have been recorded anonymously.")
            return redirect("voice:survey_list")
    return render(
        request,
        "voice/survey_answer.html",
        {
            "form": form,
            "survey_round": survey_round,
            "survey": survey_round.survey,
            "minimum": selectors.survey_minimum_group_size(),
        },
    )


# --- Feedback and the leaders' page ------------------------------------------------------------
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


def _leaders_reach_chart(recent: list[selectors.LeadersMessage]) -> tuple[SafeString, str]:
    """Bars of the share each recent message has reached, and the sentence that says so."""
    shown = [item for item in reversed(recent) if item.reached_percent is not None]
    if not shown:
        return SafeString(""), ""
    least = min(shown, key=lambda item: item.reached_percent or 0)
    full = sum(1 for item in shown if item.reached == item.recipients)
    sentence = (
        f"Of the {len(shown)} most recent messages, {full} reached everyone they went to; "
        f"'{least.message.title}' has reached the fewest, {least.reached_percent:.0f}%."
    )
    chart = bar_chart(
        [
            ChartPoint(
                label=date_format(timezone.localtime(item.message.published_at), "j M")
                if item.message.published_at
                else "",
                value=item.reached_percent or 0,
            )
            for item in shown
        ],
        chart_id="leaders-reach",
        title="Share of people reached by each recent message, oldest first",
        description=sentence,
        y_max=100,
        percent=True,
        x_label="Published",
        y_label="Reached",
        height=220,
    )
    return chart, sentence


@capability_required(Capability.VIEW_STAFF_VOICE)
def leaders_page(request: HttpRequest) -> HttpResponse:
    overview = selectors.leaders_overview()
    chart, sentence = _leaders_reach_chart(overview.messages)
    return render(
        request,
        "voice/leaders_page.html",
        {
            "overview": overview,
            "reach_chart": chart,
            "reach_sentence": sentence,
            "can_send_messages": has_capability(request.user, Capability.SEND_MESSAGES),
            "can_manage_surveys": has_capability(request.user, Capability.MANAGE_SURVEYS),
            "minimum_group_size": selectors.survey_minimum_group_size(),
            "target_working_days": settings.FEEDBACK_RESPONSE_WORKING_DAYS,
        },
    )
