"""The pulse survey pages: answering a round, setting surveys up and reading their results.

Every member of staff in post answers the rounds open to them; those who run surveys set them
up, and those who follow staff voice read the results (access.py). No page shows or exports one
person's answers: results come from survey_results.survey_round_results, which leaves out every
group below the minimum size."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.charts import ChartPoint, line_chart
from childtrust.core.forms import form_write
from childtrust.core.http import found, posted
from childtrust.core.permissions import access_required
from childtrust.voice import access
from childtrust.voice.forms import surveys as voice_forms
from childtrust.voice.models import Survey
from childtrust.voice.selectors import survey_results
from childtrust.voice.selectors import survey_trends as trends_selectors
from childtrust.voice.selectors import surveys as selectors
from childtrust.voice.services import surveys as services
from childtrust.voice.survey_templates import SURVEY_TEMPLATES
from childtrust.voice.views.anonymous import sent_anonymously


def _survey_unavailable(
    request: AuthenticatedRequest, *, title: str, message: str, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "voice/survey_unavailable.html",
        {"title": title, "message": message},
        status=status,
    )


@access_required(access.can_use_staff_voice)
def survey_list(request: AuthenticatedRequest) -> HttpResponse:
    """The rounds waiting for the person's answers (or why there are none for them) and, for
    those who follow staff voice, every survey."""
    user = request.user
    not_answering = access.survey_respondent_refusal(user)
    return render(
        request,
        "voice/survey_list.html",
        {
            "rounds_to_answer": []
            if not_answering
            else selectors.survey_rounds_to_answer(access.survey_respondent_for_user(user)),
            "not_answering": not_answering,
            "surveys": selectors.surveys_for_list()
            if access.can_view_survey_results(user)
            else None,
            "can_manage": access.can_manage_surveys(user),
            "minimum": survey_results.survey_minimum_group_size(),
        },
    )


@access_required(access.can_manage_surveys)
def survey_create(request: AuthenticatedRequest) -> HttpResponse:
    form = voice_forms.SurveyCreateForm(posted(request))
    survey = form_write(
        request,
        form,
        lambda data: services.survey_create_from_template(actor=request.user, **data),
    )
    if survey is not None:
        messages.success(
            request, f"'{survey}' has been created. Check its questions, then open the first round."
        )
        return redirect("voice:survey_detail", pk=survey.pk)
    return render(
        request,
        "voice/survey_create.html",
        {"form": form, "templates": SURVEY_TEMPLATES.values()},
    )


@access_required(access.can_view_survey_results)
def survey_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = found(selectors.survey_with_id(pk))
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
            "can_manage": access.can_manage_surveys(request.user),
            "questions_editable": not rounds,
        },
    )


def _survey_questions_locked(request: AuthenticatedRequest, survey: Survey) -> HttpResponse | None:
    """Questions change only before the first round; afterwards the pages send people back."""
    if survey.rounds.exists():
        messages.error(
            request,
            "The questions cannot be changed once the first round has opened, so that every "
            "round asks the same questions.",
        )
        return redirect("voice:survey_detail", pk=survey.pk)
    return None


@access_required(access.can_manage_surveys)
def survey_question_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = found(selectors.survey_with_id(pk))
    if (locked := _survey_questions_locked(request, survey)) is not None:
        return locked
    form = voice_forms.SurveyQuestionAddForm(posted(request))
    if form_write(
        request,
        form,
        lambda data: services.survey_question_add(actor=request.user, survey=survey, **data),
    ):
        messages.success(request, "The question has been added.")
        return redirect("voice:survey_detail", pk=survey.pk)
    return render(
        request,
        "voice/survey_question_form.html",
        {"form": form, "survey": survey, "title": "Add a question", "submit": "Add question"},
    )


@access_required(access.can_manage_surveys)
def survey_question_edit(request: AuthenticatedRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = found(selectors.survey_with_id(pk))
    question = get_object_or_404(survey.questions, pk=question_pk)
    if (locked := _survey_questions_locked(request, survey)) is not None:
        return locked
    form = voice_forms.SurveyQuestionForm(
        posted(request),
        kind=question.kind,
        initial={"text": question.text, "theme": question.theme},
    )
    if form_write(
        request,
        form,
        lambda data: services.survey_question_update(actor=request.user, question=question, **data),
    ):
        messages.success(request, "The question has been changed.")
        return redirect("voice:survey_detail", pk=survey.pk)
    return render(
        request,
        "voice/survey_question_form.html",
        {"form": form, "survey": survey, "title": "Change a question", "submit": "Save"},
    )


@access_required(access.can_manage_surveys)
def survey_question_remove(
    request: AuthenticatedRequest, pk: int, question_pk: int
) -> HttpResponse:
    survey = found(selectors.survey_with_id(pk))
    question = get_object_or_404(survey.questions, pk=question_pk)
    if (locked := _survey_questions_locked(request, survey)) is not None:
        return locked
    # Nothing to fill in: the form only carries the service's refusal, if any.
    form = forms.Form(posted(request))
    if form_write(
        request,
        form,
        lambda _: services.survey_question_remove(actor=request.user, question=question),
    ):
        messages.success(request, "The question has been removed.")
        return redirect("voice:survey_detail", pk=survey.pk)
    return render(
        request,
        "voice/survey_question_remove.html",
        {"form": form, "survey": survey, "question": question},
    )


@access_required(access.can_manage_surveys)
def survey_round_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = found(selectors.survey_with_id(pk))
    # Nothing to fill in: the form only carries the service's refusal, if any.
    form = forms.Form(posted(request))
    survey_round = form_write(
        request, form, lambda _: services.survey_round_open(actor=request.user, survey=survey)
    )
    if survey_round is not None:
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


@access_required(access.can_view_survey_results)
def survey_round_results(request: AuthenticatedRequest, pk: int, number: int) -> HttpResponse:
    results = found(access.survey_round_results_for_user(request.user, pk, number))
    return render(
        request,
        "voice/survey_round_results.html",
        {"survey": results.survey_round.survey, "results": results},
    )


@access_required(access.can_view_survey_results)
def survey_trends(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = found(selectors.survey_with_id(pk))
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


@access_required(access.can_use_staff_voice)
def survey_answer(request: AuthenticatedRequest, pk: int, number: int) -> HttpResponse:
    staff = access.survey_respondent_for_user(request.user)
    survey_round = found(selectors.survey_round_with_number(pk, number))
    if not access.can_answer_survey_round(request.user, survey_round):
        return _survey_unavailable(
            request,
            title="This round is not for you",
            message=access.NOT_INVITED,
            status=403,
        )
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
        list(survey_round.survey.questions.all()), posted(request)
    )
    if form_write(
        request,
        form,
        lambda _: services.survey_answer(
            actor=request.user, survey_round=survey_round, answers=form.answers()
        ),
    ):
        return sent_anonymously(
            request,
            title="Thank you: your answers have been recorded",
            message="They are kept without your name and without the time you sent them.",
            next_url=reverse("voice:survey_list"),
            next_text="Back to surveys",
        )
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
