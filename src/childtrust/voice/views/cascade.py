"""What every member of staff does with the cascade: read and confirm the messages sent to them,
ask about them, and record the briefings they owe their own team. Each page is for the staff
record the signed-in account is linked to (access says why not when it is linked to none); a
message not sent to them, or another manager's briefing, is not found (access decides which
are theirs)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.forms import form_write
from childtrust.core.http import found, posted
from childtrust.core.permissions import access_required
from childtrust.voice import access
from childtrust.voice.forms import cascade as voice_forms
from childtrust.voice.selectors import cascade as selectors
from childtrust.voice.services import cascade as services


def _my_message(request: AuthenticatedRequest, pk: int) -> selectors.MyMessageDetail:
    return found(access.received_message_for_user(request.user, pk))


def _my_message_page(
    request: AuthenticatedRequest,
    detail: selectors.MyMessageDetail,
    *,
    confirm_form: forms.BaseForm | None = None,
    question_form: forms.BaseForm | None = None,
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
    )


@access_required(access.can_use_staff_voice)
def cascade_my_messages(request: AuthenticatedRequest) -> HttpResponse:
    staff = access.message_reader_for_user(request.user)
    items = selectors.my_messages(staff)
    # ?show=to-confirm: only those still to confirm (the home page's count links here).
    to_confirm = request.GET.get("show") == "to-confirm"
    return render(
        request,
        "voice/cascade_my_messages.html",
        {
            "items": [item for item in items if not item.understood] if to_confirm else items,
            "to_confirm": to_confirm,
            "can_send": access.can_send_messages(request.user),
        },
    )


@access_required(access.can_use_staff_voice)
def cascade_my_message(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _my_message_page(request, _my_message(request, pk))


@access_required(access.can_use_staff_voice)
@require_POST
def cascade_message_confirm(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    detail = _my_message(request, pk)
    form = voice_forms.MessageConfirmForm(request.POST, questions=detail.check_questions)
    acknowledgement = form_write(
        request,
        form,
        lambda _: services.message_confirm(
            actor=request.user, message=detail.message, answers=form.answers()
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


@access_required(access.can_use_staff_voice)
@require_POST
def cascade_message_ask(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    detail = _my_message(request, pk)
    form = voice_forms.MessageQuestionForm(request.POST)
    question = form_write(
        request,
        form,
        lambda data: services.message_question_ask(
            actor=request.user, message=detail.message, text=data["text"]
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


@access_required(access.can_use_staff_voice)
def cascade_my_briefings(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "voice/cascade_my_briefings.html",
        {
            "briefings": access.my_briefings_for_user(request.user),
            "can_send": access.can_send_messages(request.user),
            "briefs_teams": bool(access.teams_to_brief_for_user(request.user)),
        },
    )


@access_required(access.can_use_staff_voice)
def cascade_briefing(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    briefing = found(access.briefing_for_user(request.user, pk))
    form = voice_forms.BriefingForm(posted(request))
    # A briefing already recorded is shown as it is; posting again writes nothing.
    task = None
    if briefing.task.briefed_at is None:
        task = form_write(
            request,
            form,
            lambda data: services.cascade_briefing_record(
                actor=request.user, task=briefing.task, method=data["method"]
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
