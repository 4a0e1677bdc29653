"""The partnership board's pages: its meetings, one meeting with its agenda, decisions, actions
and minutes, the forms that keep them, and the action tracker across meetings (with its CSV).

Everyone signed in reads them (can_view_strategy); strategic leads and administrators keep the
record (can_manage_strategy); an action's owner in post also reports its progress
(can_update_board_action). Each write goes through its service with form_write, which puts a
refusal (such as locked minutes, or a meeting locked by them) on the form. A meeting whose
minutes are approved shows no links to change its details, agenda or actions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.csv_files import csv_download
from childtrust.core.forms import form_write
from childtrust.core.http import found, posted
from childtrust.core.permissions import access_required, require
from childtrust.strategy import access
from childtrust.strategy.forms import board as board_forms
from childtrust.strategy.models import AgendaItem, MinutesStatus
from childtrust.strategy.selectors import board as selectors
from childtrust.strategy.services import board as services
from childtrust.strategy.services import minutes as minutes_services
from childtrust.strategy.wording import day_words


@access_required(access.can_view_strategy)
def board(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "strategy/board/meetings.html",
        {
            "lists": selectors.meetings_by_time(today),
            "can_manage": access.can_manage_strategy(request.user),
        },
    )


@access_required(access.can_view_strategy)
def meeting(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found_meeting = found(selectors.meeting_with_everything(pk))
    today = timezone.localdate()
    actions = [
        (
            action,
            selectors.action_timing(action, today),
            selectors.action_is_overdue(action, today),
            access.can_update_board_action(request.user, action),
        )
        for action in found_meeting.actions.all()
    ]
    minutes = selectors.minutes_of(found_meeting)
    locked = minutes is not None and minutes.status == MinutesStatus.APPROVED
    return render(
        request,
        "strategy/board/meeting.html",
        {
            "meeting": found_meeting,
            "actions": actions,
            "minutes": minutes,
            "locked": locked,
            "locked_message": selectors.record_locked_message(minutes)
            if minutes and locked
            else "",
            "can_manage": access.can_manage_strategy(request.user),
            "others": [line for line in found_meeting.others_present.splitlines() if line],
        },
    )


@access_required(access.can_manage_strategy)
def meeting_create(request: AuthenticatedRequest) -> HttpResponse:
    form = board_forms.MeetingForm(posted(request))
    saved = form_write(
        request, form, lambda data: services.meeting_create(actor=request.user, **data)
    )
    if saved is not None:
        messages.success(request, f"The meeting of {day_words(saved.held_on)} has been recorded.")
        return redirect("strategy:meeting", pk=saved.pk)
    return render(request, "strategy/board/meeting_form.html", {"form": form})


@access_required(access.can_manage_strategy)
def meeting_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found_meeting = found(selectors.meeting_with_id(pk))
    form = board_forms.MeetingForm(
        posted(request), initial=board_forms.MeetingForm.initial_for(found_meeting)
    )
    saved = form_write(
        request,
        form,
        lambda data: services.meeting_update(actor=request.user, meeting=found_meeting, **data),
    )
    if saved is not None:
        messages.success(request, f"The meeting of {day_words(saved.held_on)} has been updated.")
        return redirect("strategy:meeting", pk=saved.pk)
    return render(
        request, "strategy/board/meeting_form.html", {"form": form, "meeting": found_meeting}
    )


def _agenda_page(
    request: AuthenticatedRequest, meeting_pk: int, item: AgendaItem | None
) -> HttpResponse:
    found_meeting = found(selectors.meeting_with_id(meeting_pk))
    form = board_forms.AgendaItemForm(
        posted(request), initial=board_forms.AgendaItemForm.initial_for(item) if item else None
    )
    if item is None:
        saved = form_write(
            request,
            form,
            lambda data: services.agenda_item_create(
                actor=request.user, meeting=found_meeting, **data
            ),
        )
    else:
        saved = form_write(
            request,
            form,
            lambda data: services.agenda_item_update(actor=request.user, item=item, **data),
        )
    if saved is not None:
        messages.success(request, f"Agenda item {saved.position}, “{saved.title}”, has been saved.")
        return redirect("strategy:meeting", pk=found_meeting.pk)
    return render(
        request,
        "strategy/board/agenda_item_form.html",
        {"form": form, "meeting": found_meeting, "item": item},
    )


@access_required(access.can_manage_strategy)
def agenda_item_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _agenda_page(request, pk, None)


@access_required(access.can_manage_strategy)
def agenda_item_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = found(selectors.agenda_item_with_id(pk))
    return _agenda_page(request, item.meeting_id, item)


@access_required(access.can_manage_strategy)
def board_action_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found_meeting = found(selectors.meeting_with_id(pk))
    form = board_forms.ActionForm(posted(request), meeting=found_meeting)
    saved = form_write(
        request,
        form,
        lambda data: services.board_action_create(
            actor=request.user, meeting=found_meeting, **data
        ),
    )
    if saved is not None:
        messages.success(request, f"The action for {saved.owner} has been recorded.")
        return redirect("strategy:meeting", pk=found_meeting.pk)
    return render(
        request, "strategy/board/action_form.html", {"form": form, "meeting": found_meeting}
    )


@access_required(access.can_view_strategy)
def board_action_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    action = found(selectors.action_with_id(pk))
    require(
        access.can_update_board_action(request.user, action),
        to="update this action of the partnership board",
    )
    form = board_forms.ActionUpdateForm(
        posted(request), initial=board_forms.ActionUpdateForm.initial_for(action)
    )
    saved = form_write(
        request,
        form,
        lambda data: services.board_action_update(actor=request.user, action=action, **data),
    )
    if saved is not None:
        messages.success(request, "The action's progress has been saved.")
        if request.GET.get("back") == "tracker":
            return redirect("strategy:action_tracker")
        return redirect("strategy:meeting", pk=saved.meeting_id)
    return render(
        request,
        "strategy/board/action_update.html",
        {
            "form": form,
            "action": action,
            "timing": selectors.action_timing(action, timezone.localdate()),
        },
    )


@access_required(access.can_view_strategy)
def action_tracker(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    form = board_forms.ActionFilterForm(request.GET or None)
    which = form.chosen()
    if not form.is_bound:
        form = board_forms.ActionFilterForm(initial={"show": which.value})
    rows = [
        (
            action,
            selectors.action_timing(action, today),
            selectors.action_is_overdue(action, today),
            access.can_update_board_action(request.user, action),
        )
        for action in selectors.actions_filtered(which, today)
    ]
    return render(
        request,
        "strategy/board/actions.html",
        {
            "form": form,
            "which": which,
            "label": selectors.ACTION_FILTER_LABELS[which],
            "rows": rows,
            "counts": selectors.action_counts(today),
        },
    )


@access_required(access.can_view_strategy)
def actions_csv(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    which = board_forms.ActionFilterForm(request.GET or None).chosen()
    actions = selectors.actions_filtered(which, today)
    return csv_download(
        selectors.actions_csv_rows(actions, today), f"board-actions-{which.value}.csv"
    )


@access_required(access.can_manage_strategy)
def minutes_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found_meeting = found(selectors.meeting_with_everything(pk))
    minutes = selectors.minutes_of(found_meeting)
    form = board_forms.MinutesForm(
        posted(request), initial={"text": minutes.text} if minutes else None
    )
    saved = form_write(
        request,
        form,
        lambda data: minutes_services.minutes_save(
            actor=request.user, meeting=found_meeting, text=data["text"]
        ),
    )
    if saved is not None:
        messages.success(
            request,
            f"The minutes of the meeting of {day_words(found_meeting.held_on)} have been saved "
            "as a draft.",
        )
        return redirect("strategy:meeting", pk=found_meeting.pk)
    return render(
        request,
        "strategy/board/minutes_form.html",
        {
            "form": form,
            "meeting": found_meeting,
            "minutes": minutes,
            "locked": minutes is not None and minutes.status == MinutesStatus.APPROVED,
        },
    )


@access_required(access.can_manage_strategy)
def minutes_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found_meeting = found(selectors.meeting_with_everything(pk))
    minutes = found(selectors.minutes_of(found_meeting))
    locked = minutes.status == MinutesStatus.APPROVED
    choices = selectors.meetings_to_approve_at(found_meeting, timezone.localdate())
    # Approved minutes offer no choice: a POST reaches the service, which refuses it.
    form = board_forms.MinutesApproveForm(posted(request), choices=choices, locked=locked)
    saved = form_write(
        request,
        form,
        lambda data: minutes_services.minutes_approve(
            actor=request.user, minutes=minutes, at_meeting=data.get("at_meeting")
        ),
    )
    if saved is not None and saved.approved_at is not None:
        messages.success(
            request,
            f"The minutes of {day_words(found_meeting.held_on)} have been approved at the "
            f"meeting of {day_words(saved.approved_at.held_on)}. They are now locked.",
        )
        return redirect("strategy:meeting", pk=found_meeting.pk)
    return render(
        request,
        "strategy/board/minutes_approve.html",
        {
            "form": form,
            "meeting": found_meeting,
            "minutes": minutes,
            "choices": choices,
            "locked": locked,
        },
    )


urls: list[URLPattern] = [
    path("board/", board, name="board"),
    path("board/meetings/new/", meeting_create, name="meeting_create"),
    path("board/meetings/<int:pk>/", meeting, name="meeting"),
    path("board/meetings/<int:pk>/edit/", meeting_edit, name="meeting_edit"),
    path("board/meetings/<int:pk>/agenda/new/", agenda_item_create, name="agenda_item_create"),
    path("board/agenda/<int:pk>/edit/", agenda_item_edit, name="agenda_item_edit"),
    path("board/meetings/<int:pk>/actions/new/", board_action_create, name="board_action_create"),
    path("board/actions/", action_tracker, name="action_tracker"),
    path("board/actions/download/", actions_csv, name="actions_csv"),
    path("board/actions/<int:pk>/", board_action_update, name="board_action_update"),
    path("board/meetings/<int:pk>/minutes/", minutes_edit, name="minutes_edit"),
    path("board/meetings/<int:pk>/minutes/approve/", minutes_approve, name="minutes_approve"),
]
