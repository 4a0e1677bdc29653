"""The pages of each person's consultation that workforce managers use: recording a meeting,
answering a response, and recording what became of the person (which ends or moves their
holding). The person's own page, with their response form, is in pages.py. Each page reads the
person through access.affected_person_for_user, which checks and audits."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.forms import form_write
from childtrust.core.http import found, posted
from childtrust.core.permissions import access_required
from childtrust.workforce import access
from childtrust.workforce.forms.restructures import AnswerForm, MeetingForm, OutcomeForm
from childtrust.workforce.selectors import restructures as selectors
from childtrust.workforce.services import consultation as consultation_services
from childtrust.workforce.services import restructures as services
from childtrust.workforce.views.restructures._common import managed


def _back(pk: int, affected_pk: int) -> HttpResponse:
    return redirect("workforce:restructure_person", pk=pk, affected_pk=affected_pk)


@access_required(access.can_manage_workforce)
def restructure_meeting_add(
    request: AuthenticatedRequest, pk: int, affected_pk: int
) -> HttpResponse:
    restructure = managed(request, pk)
    affected = access.affected_person_for_user(request.user, restructure, affected_pk)
    form = MeetingForm(posted(request))
    saved = form_write(
        request,
        form,
        lambda data: consultation_services.consultation_meeting_record(
            actor=request.user,
            affected=affected,
            kind=data["kind"],
            held_on=data["held_on"],
            attendees=data.get("attendees") or "",
            notes=data.get("notes") or "",
        ),
    )
    if saved is not None:
        messages.success(request, "The meeting has been recorded.")
        return _back(restructure.pk, affected.pk)
    return render(
        request,
        "workforce/restructures/meeting_form.html",
        {"form": form, "restructure": restructure, "affected": affected},
    )


@access_required(access.can_manage_workforce)
def restructure_response_answer(
    request: AuthenticatedRequest, pk: int, affected_pk: int, response_pk: int
) -> HttpResponse:
    restructure = managed(request, pk)
    affected = access.affected_person_for_user(request.user, restructure, affected_pk)
    response = found(selectors.response_of(affected, response_pk))
    form = AnswerForm(posted(request), initial={"answer": response.answer})
    saved = form_write(
        request,
        form,
        lambda data: consultation_services.consultation_response_answer(
            actor=request.user, response=response, answer=data["answer"]
        ),
    )
    if saved is not None:
        messages.success(request, "The answer has been saved.")
        return _back(restructure.pk, affected.pk)
    return render(
        request,
        "workforce/restructures/answer_form.html",
        {"form": form, "restructure": restructure, "affected": affected, "response": response},
    )


@access_required(access.can_manage_workforce)
def restructure_outcome(request: AuthenticatedRequest, pk: int, affected_pk: int) -> HttpResponse:
    restructure = managed(request, pk)
    affected = access.affected_person_for_user(request.user, restructure, affected_pk)
    form = OutcomeForm(
        posted(request),
        posts=selectors.live_posts_of(restructure.agency, timezone.localdate()),
    )
    saved = form_write(
        request,
        form,
        lambda data: services.affected_outcome_record(
            actor=request.user,
            affected=affected,
            outcome=data["outcome"],
            outcome_on=data["outcome_on"],
            new_post=data.get("new_post"),
            fte=data.get("fte"),
            leaving_reason=data.get("leaving_reason") or "",
        ),
    )
    if saved is not None:
        messages.success(
            request, f"What became of {affected.staff} has been recorded, and their post with it."
        )
        return _back(restructure.pk, affected.pk)
    return render(
        request,
        "workforce/restructures/outcome_form.html",
        {"form": form, "restructure": restructure, "affected": affected},
    )


urls: list[URLPattern] = [
    path(
        "restructures/<int:pk>/people/<int:affected_pk>/meetings/new/",
        restructure_meeting_add,
        name="restructure_meeting_add",
    ),
    path(
        "restructures/<int:pk>/people/<int:affected_pk>/responses/<int:response_pk>/answer/",
        restructure_response_answer,
        name="restructure_response_answer",
    ),
    path(
        "restructures/<int:pk>/people/<int:affected_pk>/outcome/",
        restructure_outcome,
        name="restructure_outcome",
    ),
]
