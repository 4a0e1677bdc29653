"""The pulse survey pages: answering a round, setting surveys up and reading their results."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format

from childtrust.accounts.models import User
from childtrust.core.charts import ChartPoint, line_chart
from childtrust.core.forms import add_service_errors
from childtrust.core.permissions import Capability, capability_required, has_capability
from childtrust.voice.forms import surveys as voice_forms
from childtrust.voice.models import (
    Survey,
    SurveyRound,
)
from childtrust.voice.selectors import survey_results
from childtrust.voice.selectors import survey_trends as trends_selectors
from childtrust.voice.selectors import surveys as selectors
from childtrust.voice.services import surveys as services
from childtrust.voice.survey_templates import SURVEY_TEMPLATES

# Every member of staff answers the rounds open to them; strategic leads and administrators set
# surveys up (MANAGE_SURVEYS) and read the results (VIEW_STAFF_VOICE). No page shows or exports
# one person's answers: results come from survey_results.survey_round_results, which leaves out
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
            "minimum": survey_results.survey_minimum_group_size(),
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
            "results": survey_results.survey_round_results(survey_round),
        },
    )


@capability_required(Capability.VIEW_STAFF_VOICE)
def survey_trends(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    trends = trends_selectors.survey_trends(survey)
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
            "ready_average": trends_selectors.READY_AVERAGE_PERCENT,
            "ready_lowest": trends_selectors.READY_LOWEST_PERCENT,
            "getting_ready_average": trends_selectors.GETTING_READY_AVERAGE_PERCENT,
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
            "minimum": survey_results.survey_minimum_group_size(),
        },
    )
