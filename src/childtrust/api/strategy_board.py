"""The partnership board in the API, read only: its meetings (paged), one meeting with who was
present, its agenda (each item's subject as a kind and an ID), the decisions taken at it, its
actions and its minutes, and the actions across meetings (paged; open or done, overdue). Every
signed-in role reads them, as on the pages (strategy/access.py); minutes are changed only
through the pages' services, so approved minutes cannot be changed here either."""

import datetime
from typing import Any, Literal

from django.db.models import QuerySet
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, StaffPersonOut, staff_person
from childtrust.api.schemas import Message as Problem
from childtrust.core.permissions import require
from childtrust.strategy import access
from childtrust.strategy.models import AgendaSubject, BoardAction, BoardMeeting
from childtrust.strategy.models.board import AGENDA_SUBJECT_FIELDS
from childtrust.strategy.selectors import board as selectors

router = Router(tags=["Partnership board: meetings and actions"])

#: What a refused person tried, in the refusal's sentence ("Your role does not allow you to ...").
SEE_BOARD = "see the partnership board's record"


class MeetingSummaryOut(Schema):
    id: int
    title: str
    held_on: datetime.date
    location: str
    chair: str
    minutes_status: str = Field(description="not_drafted, draft or approved.")
    open_actions: int


class BoardAgendaItemOut(Schema):
    id: int
    position: int
    title: str
    subject: str | None = Field(
        description="What it is about: objective, risk, appraisal, allocation_run, "
        "survey_round, or null for nothing in particular."
    )
    subject_id: int | None = Field(description="The ID of what it is about.")
    notes: str


class BoardActionOut(Schema):
    id: int
    meeting_id: int
    description: str
    owner: StaffPersonOut
    due_on: datetime.date
    status: str = Field(description="open or done.")
    done_on: datetime.date | None
    overdue: bool = Field(description="Open and past its due date today.")
    timing: str = Field(description='In words: "Overdue by 3 days", "Done on 2 May 2027".')
    agenda_item_id: int | None
    update: str = Field(description="The latest word on its progress.")


class BoardMinutesOut(Schema):
    status: str = Field(description="draft or approved (approved minutes are locked).")
    text: str
    approved_at_meeting_id: int | None
    approved_at_date: datetime.date | None


class MeetingDetailOut(MeetingSummaryOut):
    present: list[StaffPersonOut]
    others_present: list[str] = Field(description="Those not on the staff list, one an item.")
    agenda: list[BoardAgendaItemOut]
    decision_ids: list[int] = Field(description="The decision log's entries taken at it.")
    actions: list[BoardActionOut]
    minutes: BoardMinutesOut | None = Field(description="Null before any are drafted.")


def _action(action: BoardAction, today: datetime.date) -> dict[str, Any]:
    return {
        "id": action.pk,
        "meeting_id": action.meeting_id,
        "description": action.description,
        "owner": staff_person(action.owner),
        "due_on": action.due_on,
        "status": action.status,
        "done_on": action.done_on,
        "overdue": selectors.action_is_overdue(action, today),
        "timing": selectors.action_timing(action, today),
        "agenda_item_id": action.agenda_item_id,
        "update": action.update,
    }


def _minutes_status(meeting: BoardMeeting) -> str:
    minutes = selectors.minutes_of(meeting)
    return minutes.status if minutes is not None else "not_drafted"


def _summary(meeting: BoardMeeting, open_actions: int) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "held_on": meeting.held_on,
        "location": meeting.location,
        "chair": meeting.chair,
        "minutes_status": _minutes_status(meeting),
        "open_actions": open_actions,
    }


@router.get(
    "/plan/board/meetings",
    response={200: list[MeetingSummaryOut], **REFUSALS},
    summary="List the partnership board's meetings, newest first",
)
@paginated
def board_meeting_list(request: AuthenticatedRequest) -> list[dict[str, Any]]:
    require(access.can_view_strategy(request.user), to=SEE_BOARD)
    return [
        _summary(meeting, meeting.open_action_count)  # type: ignore[attr-defined]
        for meeting in selectors.meetings()
    ]


@router.get(
    "/plan/board/meetings/{meeting_id}",
    response={200: MeetingDetailOut, 404: Problem, **REFUSALS},
    summary="One meeting of the partnership board with its agenda, decisions, actions and minutes",
)
def board_meeting_detail(request: AuthenticatedRequest, meeting_id: int) -> dict[str, Any]:
    require(access.can_view_strategy(request.user), to=SEE_BOARD)
    meeting = selectors.meeting_with_everything(meeting_id)
    if meeting is None:
        raise HttpError(404, f"No board meeting has the ID {meeting_id}.")
    today = timezone.localdate()
    actions = [_action(action, today) for action in meeting.actions.all()]
    minutes = selectors.minutes_of(meeting)
    agenda = []
    for item in meeting.agenda.all():
        field = AGENDA_SUBJECT_FIELDS.get(AgendaSubject(item.subject))
        agenda.append(
            {
                "id": item.pk,
                "position": item.position,
                "title": item.title,
                "subject": item.subject or None,
                "subject_id": getattr(item, f"{field}_id") if field else None,
                "notes": item.notes,
            }
        )
    return {
        **_summary(meeting, sum(1 for a in actions if a["status"] == "open")),
        "present": [staff_person(person) for person in meeting.present.all()],
        "others_present": [line for line in meeting.others_present.splitlines() if line],
        "agenda": agenda,
        "decision_ids": [decision.pk for decision in meeting.decisions.all()],
        "actions": actions,
        "minutes": (
            {
                "status": minutes.status,
                "text": minutes.text,
                "approved_at_meeting_id": minutes.approved_at_id,
                "approved_at_date": minutes.approved_at.held_on if minutes.approved_at else None,
            }
            if minutes is not None
            else None
        ),
    }


class BoardActionFilters(Schema):
    status: Literal["open", "done"] | None = Field(
        None, description="open or done; both if not given."
    )
    overdue: bool | None = Field(
        None, description="true: only open actions past their due date; false: all but those."
    )


@router.get(
    "/plan/board/actions",
    response={200: list[BoardActionOut], **REFUSALS},
    summary="List the partnership board's actions across meetings, open ones by due date",
)
@paginated
def board_action_list(
    request: AuthenticatedRequest,
    filters: Query[BoardActionFilters],
) -> list[dict[str, Any]]:
    require(access.can_view_strategy(request.user), to=SEE_BOARD)
    today = timezone.localdate()
    which = {
        "open": selectors.ActionFilter.OPEN,
        "done": selectors.ActionFilter.DONE,
        None: selectors.ActionFilter.ALL,
    }[filters.status]
    actions: QuerySet[BoardAction] = selectors.actions_filtered(which, today)
    if filters.overdue is True:
        actions = actions.filter(status="open", due_on__lt=today)
    elif filters.overdue is False:
        actions = actions.exclude(status="open", due_on__lt=today)
    return [_action(action, today) for action in actions]
