"""Messages cascaded down the line-management tree: how far each has reached, for those who send
them, and each person's own messages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS
from childtrust.api.schemas import Message as Problem
from childtrust.core.permissions import require
from childtrust.partnership.models import StaffMember
from childtrust.voice import access
from childtrust.voice.models import Message, MessageKind, MessageStatus
from childtrust.voice.selectors import cascade as cascade_selectors
from childtrust.voice.selectors import reach as reach_selectors

router = Router(tags=["Messages"])


class MessageListItem(Schema):
    id: int
    title: str
    kind: MessageKind
    status: MessageStatus
    version: int = Field(description="Raised each time the published message is corrected.")
    sender: str
    published_at: datetime | None
    version_published_at: datetime | None
    brief_by: date
    recipients: int = Field(description="People it was sent to.")
    reached: int = Field(description="Briefed by their manager, or confirmed it themselves.")
    understood: int = Field(description="Confirmed the current version and answered right.")
    managers_late: int = Field(description="Managers past the date who have not briefed.")
    questions_waiting: int = Field(description="Questions from staff not yet answered.")

    @staticmethod
    def resolve_sender(obj: Message) -> str:
        return obj.sender.full_name

    @staticmethod
    def resolve_recipients(obj: Any) -> int:
        return int(obj.recipient_count)

    @staticmethod
    def resolve_reached(obj: Any) -> int:
        return int(obj.reached_count)

    @staticmethod
    def resolve_understood(obj: Any) -> int:
        return int(obj.understood_count)

    @staticmethod
    def resolve_managers_late(obj: Any) -> int:
        return int(obj.stalled_count)

    @staticmethod
    def resolve_questions_waiting(obj: Any) -> int:
        return int(obj.unanswered_count)


class ReachGroup(Schema):
    label: str
    people: int
    reached: int
    understood: int
    reached_share: float = Field(description="From 0 to 1.")
    understood_share: float = Field(description="From 0 to 1.")


class LevelReach(ReachGroup):
    level: int = Field(description="Management level: 1 is the heads of agencies.")
    median_hours_to_reach: float | None = Field(
        description="From publication to reached, over those reached so far."
    )


class ReachDay(Schema):
    day: int = Field(description="Days since publication: 0 is the day it was published.")
    date: date
    reached_that_day: int
    reached_so_far: int
    share: float = Field(description="Reached so far, of everyone it was sent to, from 0 to 1.")


class Person(Schema):
    id: int
    name: str
    job_title: str


class Stall(Schema):
    manager: Person
    agency: str
    team: str | None
    due_on: date
    working_days_late: int
    reminded_at: datetime | None
    escalated_to: str | None
    unreached: list[Person] = Field(description="Their direct reports not yet reached.")


class StaffQuestion(Schema):
    id: int
    text: str
    asked_by: str
    asked_at: datetime
    answer: str
    answered_at: datetime | None


class MessageReach(Schema):
    id: int
    title: str
    version: int
    published_at: datetime | None
    brief_by: date
    audience: str
    overall: ReachGroup
    by_level: list[LevelReach]
    by_agency: list[ReachGroup]
    by_team: list[ReachGroup]
    by_locality: list[ReachGroup]
    over_time: list[ReachDay]
    stalls: list[Stall]
    questions: list[StaffQuestion]


class MyMessageItem(Schema):
    id: int
    title: str
    kind: MessageKind
    sender: str
    version: int
    published_at: datetime | None
    version_published_at: datetime | None
    status: str = Field(
        description="'understood', 'corrected: confirm again' or 'to read and confirm'."
    )
    understood_at: datetime | None


class CheckQuestionOut(Schema):
    prompt: str
    choices: list[str]


class AnsweredQuestion(Schema):
    text: str
    answer: str
    answered_at: datetime | None


class MessageCorrectionOut(Schema):
    version: int = Field(description="The version of the message the correction made.")
    corrected_on: date
    note: str = Field(description="What changed and why, in the sender's words.")


class FirstSent(Schema):
    title: str
    body: str


class MyMessageDetail(MyMessageItem):
    body: str
    check_questions: list[CheckQuestionOut]
    answered_questions: list[AnsweredQuestion]
    corrections: list[MessageCorrectionOut] = Field(description="Oldest first.")
    first_sent: FirstSent | None = Field(
        description="The message as first sent, once it has been corrected; null until then."
    )


def _group(row: reach_selectors.ReachRow) -> dict[str, Any]:
    return {
        "label": row.label,
        "people": row.total,
        "reached": row.reached,
        "understood": row.understood,
        "reached_share": row.reached_share,
        "understood_share": row.understood_share,
    }


def _person(person: StaffMember) -> dict[str, Any]:
    return {"id": person.pk, "name": person.full_name, "job_title": person.job_title}


def _reach(reach: reach_selectors.MessageReach) -> dict[str, Any]:
    message = reach.message
    return {
        "id": message.pk,
        "title": message.title,
        "version": message.version,
        "published_at": message.published_at,
        "brief_by": message.brief_by,
        "audience": cascade_selectors.message_audience_description(message),
        "overall": _group(reach.overall),
        "by_level": [
            _group(row) | {"level": row.key, "median_hours_to_reach": row.median_hours}
            for row in reach.by_level
        ],
        "by_agency": [_group(row) for row in reach.by_agency],
        "by_team": [_group(row) for row in reach.by_team],
        "by_locality": [_group(row) for row in reach.by_locality],
        "over_time": [
            {
                "day": day.day_number,
                "date": day.day,
                "reached_that_day": day.reached_that_day,
                "reached_so_far": day.reached_so_far,
                "share": day.share,
            }
            for day in reach.over_time
        ],
        "stalls": [
            {
                "manager": _person(stall.manager),
                "agency": stall.manager.agency.name,
                "team": stall.manager.team.name if stall.manager.team else None,
                "due_on": stall.task.due_on,
                "working_days_late": stall.working_days_late,
                "reminded_at": stall.task.reminded_at,
                "escalated_to": stall.task.escalated_to.full_name
                if stall.task.escalated_to
                else None,
                "unreached": [_person(person) for person in stall.unreached],
            }
            for stall in reach.stalls
        ],
        "questions": [
            {
                "id": question.pk,
                "text": question.text,
                "asked_by": question.asked_by.full_name,
                "asked_at": question.created_at,
                "answer": question.answer,
                "answered_at": question.answered_at,
            }
            for question in reach.questions
        ],
    }


def _my_item(item: cascade_selectors.MyMessage) -> dict[str, Any]:
    message = item.message
    return {
        "id": message.pk,
        "title": message.title,
        "kind": message.kind,
        "sender": message.sender.full_name,
        "version": message.version,
        "published_at": message.published_at,
        "version_published_at": message.version_published_at,
        "status": item.status[0].lower(),
        "understood_at": item.recipient.understood_at,
    }


@router.get(
    "/messages",
    response={200: list[MessageListItem], **REFUSALS},
    summary="List the messages, with how far each has reached",
)
@paginated
def message_list(request: AuthenticatedRequest) -> QuerySet[Message]:
    """Drafts first, then the newest published. For those who send messages (strategic leads
    and partnership administrators); 403 for other roles."""
    require(access.can_view_message_reach(request.user), to="see messages' reach")
    return reach_selectors.messages_with_reach()


@router.get(
    "/messages/{message_id}/reach",
    response={200: MessageReach, 404: Problem, **REFUSALS},
    summary="How far one message has reached, and where it has stalled",
)
def message_reach(request: AuthenticatedRequest, message_id: int) -> dict[str, Any]:
    """Reached and understood by management level (with the median time to reach each level),
    agency, team and locality; reach day by day; the managers past the date who have not
    briefed and whom that leaves unreached; staff questions. It names people, so each call is
    audited. For those who send messages (strategic leads and partnership administrators);
    403 for other roles."""
    # Refused before the look-up, so that other roles cannot learn which messages exist.
    require(access.can_view_message_reach(request.user), to="see messages' reach")
    message = cascade_selectors.published_message(message_id)
    if message is None:
        raise HttpError(404, f"No published message has the id {message_id}.")
    return _reach(access.message_reach_for_user(request.user, message))


@router.get(
    "/me/messages",
    response={200: list[MyMessageItem], **REFUSALS},
    summary="The messages sent to me",
)
@paginated
def my_message_list(request: AuthenticatedRequest) -> list[dict[str, Any]]:
    """Newest first, each with whether I have confirmed the current version. 403 when the
    token's account is not linked to a staff record."""
    staff = access.message_reader_for_user(request.user)
    return [_my_item(item) for item in cascade_selectors.my_messages(staff)]


@router.get(
    "/me/messages/{message_id}",
    response={200: MyMessageDetail, 404: Problem, **REFUSALS},
    summary="One message sent to me, with its check questions and answered questions",
)
def my_message_detail(request: AuthenticatedRequest, message_id: int) -> dict[str, Any]:
    """The message as I read it: its words, its check questions (without the right answers),
    the questions the sender has answered for everyone, and its corrections with what was first
    sent. 404 for a message not sent to me."""
    detail = access.received_message_for_user(request.user, message_id)
    if detail is None:
        raise HttpError(404, f"No message with the id {message_id} was sent to you.")
    return _my_item(detail.summary) | {
        "body": detail.message.body,
        "check_questions": [
            {"prompt": q.prompt, "choices": list(q.choices)} for q in detail.check_questions
        ],
        "answered_questions": [
            {"text": q.text, "answer": q.answer, "answered_at": q.answered_at}
            for q in detail.answered_questions
        ],
        "corrections": [
            {
                "version": c.version,
                "corrected_on": timezone.localdate(c.created_at),
                "note": c.note,
            }
            for c in detail.corrections
        ],
        "first_sent": {
            "title": detail.corrections[0].previous_title,
            "body": detail.corrections[0].previous_body,
        }
        if detail.corrections
        else None,
    }
