"""Reads of the partnership board: its meetings (with their minutes' status and open actions),
one meeting with everything the meeting page and the board pack show, the actions across
meetings (open, overdue, done) and how each stands against its due date in words, and the
choices the board's forms offer. Each read takes a fixed number of queries whatever the number
of meetings, agenda items or actions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from childtrust.partnership.models import StaffMember
from childtrust.partnership.selectors.staff import staff_in_post
from childtrust.resources.models import Appraisal
from childtrust.resources.selectors.allocation import allocation_runs
from childtrust.resources.selectors.appraisal import appraisals_list
from childtrust.strategy.models import (
    ActionStatus,
    AgendaItem,
    BoardAction,
    BoardMeeting,
    Decision,
    Minutes,
    MinutesStatus,
    Objective,
    Risk,
)
from childtrust.strategy.wording import day_words, due_words
from childtrust.voice.models import SurveyRound
from childtrust.voice.selectors.surveys import surveys_for_list

# --- Meetings -----------------------------------------------------------------------------------


def meetings() -> QuerySet[BoardMeeting]:
    """Every meeting, newest first, with its minutes (if any) and its count of open actions
    (`open_action_count`): two queries whatever the number of meetings."""
    return (
        BoardMeeting.objects.annotate(
            open_action_count=Count("actions", filter=Q(actions__status=ActionStatus.OPEN))
        )
        .prefetch_related(
            Prefetch("minutes", queryset=Minutes.objects.select_related("approved_at"))
        )
        .order_by("-held_on", "-pk")
    )


def minutes_of(meeting: BoardMeeting) -> Minutes | None:
    """The meeting's minutes, or None before any are drafted."""
    try:
        return meeting.minutes
    except Minutes.DoesNotExist:
        return None


def minutes_status(minutes: Minutes | None) -> str:
    """The minutes' state in words: "Not yet drafted", "Draft" or "Approved at the meeting of
    4 March 2027"."""
    if minutes is None:
        return "Not yet drafted"
    if minutes.status == MinutesStatus.APPROVED and minutes.approved_at is not None:
        return f"Approved at the meeting of {day_words(minutes.approved_at.held_on)}"
    return minutes.get_status_display()


def record_locked_message(minutes: Minutes) -> str:
    """Why approved minutes' meeting refuses changes to its details, agenda and actions."""
    at = minutes.approved_at
    when = f"the meeting of {day_words(at.held_on)}" if at is not None else "a later meeting"
    return f"The minutes of this meeting were approved at {when}, so its record is locked"


@dataclass(frozen=True)
class MeetingRow:
    meeting: BoardMeeting
    minutes_status: str
    open_actions: int


@dataclass(frozen=True)
class MeetingLists:
    upcoming: list[MeetingRow]  # soonest first
    past: list[MeetingRow]  # most recent first


def meetings_by_time(today: datetime.date) -> MeetingLists:
    """The meetings list: those still to come (after today) soonest first, then those held,
    most recent first; two queries."""
    rows = [
        MeetingRow(m, minutes_status(minutes_of(m)), m.open_action_count)  # type: ignore[attr-defined]
        for m in meetings()
    ]
    upcoming = sorted(
        (r for r in rows if r.meeting.held_on > today),
        key=lambda r: (r.meeting.held_on, r.meeting.pk),
    )
    return MeetingLists(upcoming=upcoming, past=[r for r in rows if r.meeting.held_on <= today])


def meeting_latest(today: datetime.date | None = None) -> BoardMeeting | None:
    """The most recent meeting held on or before today, else the newest (the next one)."""
    today = today or timezone.localdate()
    held = BoardMeeting.objects.filter(held_on__lte=today).order_by("-held_on", "-pk").first()
    return held or BoardMeeting.objects.order_by("-held_on", "-pk").first()


def meeting_with_id(pk: int) -> BoardMeeting | None:
    return BoardMeeting.objects.filter(pk=pk).first()


def meeting_with_everything(pk: int) -> BoardMeeting | None:
    """One meeting with who was present (and their agencies), its agenda (each item with what it
    is about), the decisions taken at it, its actions (with owners and agenda items) and its
    minutes (with the meeting that approved them): seven queries."""
    agenda = AgendaItem.objects.select_related(
        "objective",
        "risk",
        "appraisal",
        "allocation_run__year",
        "survey_round__survey",
    ).order_by("position")
    actions = BoardAction.objects.select_related("owner__agency", "agenda_item").order_by(
        "due_on", "pk"
    )
    return (
        BoardMeeting.objects.filter(pk=pk)
        .prefetch_related(
            "present__agency",
            Prefetch("agenda", queryset=agenda),
            Prefetch("decisions", queryset=Decision.objects.order_by("decided_on", "pk")),
            Prefetch("actions", queryset=actions),
            Prefetch(
                "minutes",
                queryset=Minutes.objects.select_related("approved_at", "approved_by"),
            ),
        )
        .first()
    )


def agenda_item_with_id(pk: int) -> AgendaItem | None:
    return AgendaItem.objects.select_related("meeting").filter(pk=pk).first()


def meetings_to_approve_at(meeting: BoardMeeting, today: datetime.date) -> list[BoardMeeting]:
    """The meetings that can approve a meeting's minutes: held after it and on or before
    today, the earliest first (the next meeting is the usual one)."""
    return list(
        BoardMeeting.objects.filter(held_on__gt=meeting.held_on, held_on__lte=today).order_by(
            "held_on", "pk"
        )
    )


# --- Actions ------------------------------------------------------------------------------------


def action_timing(action: BoardAction, today: datetime.date) -> str:
    """How an action stands, in words, so that overdue never rests on colour alone:
    "Overdue by 3 days", "Due today", "Due in 5 days" or "Done on 2 May 2027"."""
    if action.status == ActionStatus.DONE and action.done_on is not None:
        return f"Done on {day_words(action.done_on)}"
    return due_words(action.due_on, today)


def action_is_overdue(action: BoardAction, today: datetime.date) -> bool:
    return action.status == ActionStatus.OPEN and action.due_on < today


class ActionFilter(StrEnum):
    """The action tracker's views; ALL is every action."""

    ALL = "all"
    OPEN = "open"
    OVERDUE = "overdue"
    DONE = "done"


ACTION_FILTER_LABELS = {
    ActionFilter.ALL: "All actions",
    ActionFilter.OPEN: "Open",
    ActionFilter.OVERDUE: "Overdue",
    ActionFilter.DONE: "Done",
}


def _actions() -> QuerySet[BoardAction]:
    return BoardAction.objects.select_related("meeting", "owner__agency", "agenda_item")


def actions_filtered(
    which: ActionFilter, today: datetime.date, *, owner: StaffMember | None = None
) -> QuerySet[BoardAction]:
    """The actions across meetings: open ones by due date (so overdue ones first), done ones
    most recently done first; one query."""
    actions = _actions()
    if owner is not None:
        actions = actions.filter(owner=owner)
    if which == ActionFilter.OPEN:
        return actions.filter(status=ActionStatus.OPEN).order_by("due_on", "pk")
    if which == ActionFilter.OVERDUE:
        return actions.filter(status=ActionStatus.OPEN, due_on__lt=today).order_by("due_on", "pk")
    if which == ActionFilter.DONE:
        return actions.filter(status=ActionStatus.DONE).order_by("-done_on", "-pk")
    # Open before done; within each, by due date.
    return actions.order_by("-status", "due_on", "pk")


def actions_open(today: datetime.date) -> list[BoardAction]:
    """The open actions, overdue first (the most overdue first), then by due date: one query."""
    return list(actions_filtered(ActionFilter.OPEN, today))


def action_with_id(pk: int) -> BoardAction | None:
    return _actions().filter(pk=pk).first()


@dataclass(frozen=True)
class ActionCounts:
    open: int
    overdue: int
    done: int


def action_counts(today: datetime.date) -> ActionCounts:
    counts = BoardAction.objects.aggregate(
        open=Count("pk", filter=Q(status=ActionStatus.OPEN)),
        overdue=Count("pk", filter=Q(status=ActionStatus.OPEN, due_on__lt=today)),
        done=Count("pk", filter=Q(status=ActionStatus.DONE)),
    )
    return ActionCounts(**counts)


def actions_csv_rows(actions: QuerySet[BoardAction], today: datetime.date) -> list[list[str]]:
    """The tracker's actions as CSV rows, a header first; dates as YYYY-MM-DD."""
    rows = [
        [
            "Meeting",
            "Meeting date",
            "Action",
            "Owner",
            "Owner's agency",
            "Due date",
            "Status",
            "Done on",
            "Timing",
            "Latest update",
        ]
    ]
    for action in actions:
        rows.append(
            [
                action.meeting.title,
                action.meeting.held_on.isoformat(),
                action.description,
                str(action.owner),
                action.owner.agency.name,
                action.due_on.isoformat(),
                action.get_status_display(),
                action.done_on.isoformat() if action.done_on else "",
                action_timing(action, today),
                action.update,
            ]
        )
    return rows


# --- What the board's forms offer -----------------------------------------------------------------


def staff_choices() -> QuerySet[StaffMember]:
    """Staff in post, grouped by agency and then by name, as the forms list them."""
    return (
        staff_in_post()
        .select_related("agency")
        .order_by("agency__name", "family_name", "given_name", "pk")
    )


def objective_choices() -> QuerySet[Objective]:
    return Objective.objects.select_related("plan").order_by("plan__start_year", "position", "pk")


def risk_choices() -> QuerySet[Risk]:
    """Every risk by reference, closed ones too: an agenda item may look back at one."""
    return Risk.objects.order_by("reference")


def appraisal_choices() -> QuerySet[Appraisal]:
    return appraisals_list()


def allocation_run_choices() -> QuerySet[Any]:
    return allocation_runs()


def survey_round_choices() -> list[SurveyRound]:
    """Every round of every survey (two queries), by survey title and then newest round."""
    rounds: list[SurveyRound] = []
    for survey in surveys_for_list().prefetch_related("rounds"):
        rounds.extend(sorted(survey.rounds.all(), key=lambda r: -r.number))
    return rounds
