"""What every member of staff does with the cascade: read and confirm the messages sent to them,
ask about them, and record the briefings they owe their own team."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from childtrust.accounts.models import User
from childtrust.core.forms import add_service_errors
from childtrust.core.permissions import Capability, has_capability
from childtrust.partnership.models import StaffMember
from childtrust.voice.forms import cascade as voice_forms
from childtrust.voice.selectors import cascade as selectors
from childtrust.voice.services import cascade as services

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
