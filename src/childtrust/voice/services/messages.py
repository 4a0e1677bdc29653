"""Writing, changing and publishing the messages cascaded down the line-management tree, and
answering the questions staff ask about them. Correcting a published message is in
corrections."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record
from childtrust.audit.models import AuditAction
from childtrust.core.permissions import require
from childtrust.partnership.models import Agency, Locality, StaffMember, Team
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.voice import access
from childtrust.voice.models import (
    CascadeTask,
    CheckQuestion,
    Message,
    MessageKind,
    MessageQuestion,
    MessageStatus,
    Recipient,
)
from childtrust.voice.selectors.cascade import message_audience

# A message goes down the line-management tree. Publishing fixes who it is for (a Recipient row
# each, with the manager who must brief them) and gives every manager with a recipient among
# their direct reports a task: brief them by the message's date. A recipient is reached once
# briefed or once they confirm they understood; confirming means answering every check question
# right. Each rule is refused with a ValidationError whose messages a form shows as they are.
#
# Only a message's author changes its draft, publishes it or corrects it (access.
# message_author_for_user). People have read a published message, so it is never edited in
# place: its author corrects it, saying what changed and why, and the correction keeps what it
# said before (docs/decisions/0012-message-corrections.md).

CHECK_QUESTIONS_MAX = 2
CHECK_CHOICES_MIN, CHECK_CHOICES_MAX = 2, 4
CHECK_PROMPT_MAX_LENGTH = 300
ANSWER_MAX_LENGTH = 5000
MESSAGE_DRAFT_FIELDS = frozenset(
    {
        "title",
        "body",
        "kind",
        "brief_by",
        "whole_partnership",
        "agencies",
        "localities",
        "teams",
        "people",
        "levels",
        "check_questions",
    }
)
_MESSAGE_OWN_FIELDS = ("title", "body", "kind", "brief_by", "whole_partnership", "levels")


@dataclass(frozen=True)
class CheckQuestionInput:
    """A check question as a sender writes it: `correct_choice` counts from 0."""

    prompt: str
    choices: tuple[str, ...]
    correct_choice: int


class MessageChanges(TypedDict, total=False):
    """What message_update may change in a draft, each as message_create takes it."""

    title: str
    body: str
    kind: str
    brief_by: date | None
    whole_partnership: bool
    agencies: Iterable[Agency]
    localities: Iterable[Locality]
    teams: Iterable[Team]
    people: Iterable[StaffMember]
    levels: Iterable[int]
    check_questions: Sequence[CheckQuestionInput]


def _check_questions_of(message: Message) -> list[CheckQuestionInput]:
    return [
        CheckQuestionInput(q.prompt, tuple(q.choices), q.correct_choice)
        for q in message.check_questions.all()
    ]


def _check_questions_cleaned(
    questions: Sequence[CheckQuestionInput],
) -> list[CheckQuestionInput]:
    if len(questions) > CHECK_QUESTIONS_MAX:
        raise ValidationError(
            {"check_questions": f"A message carries at most {CHECK_QUESTIONS_MAX} check questions"}
        )
    cleaned, errors = [], []
    for number, question in enumerate(questions, start=1):
        prompt = question.prompt.strip()
        choices = tuple(choice.strip() for choice in question.choices)
        if not prompt:
            errors.append(f"Enter check question {number}")
        elif len(prompt) > CHECK_PROMPT_MAX_LENGTH:
            errors.append(
                f"Check question {number} must be {CHECK_PROMPT_MAX_LENGTH} characters or fewer"
            )
        if not CHECK_CHOICES_MIN <= len(choices) <= CHECK_CHOICES_MAX or not all(choices):
            errors.append(
                f"Give check question {number} between {CHECK_CHOICES_MIN} and "
                f"{CHECK_CHOICES_MAX} answers to choose from"
            )
        elif not 0 <= question.correct_choice < len(choices):
            errors.append(f"Choose which answer to check question {number} is right")
        cleaned.append(CheckQuestionInput(prompt, choices, question.correct_choice))
    if errors:
        raise ValidationError({"check_questions": errors})
    return cleaned


def _check_questions_replace(message: Message, questions: Sequence[CheckQuestionInput]) -> None:
    message.check_questions.all().delete()
    rows = [
        CheckQuestion(
            message=message,
            prompt=question.prompt,
            choices=list(question.choices),
            correct_choice=question.correct_choice,
            position=position,
            created_by=message.modified_by,
            modified_by=message.modified_by,
        )
        for position, question in enumerate(questions, start=1)
    ]
    for row in rows:
        row.full_clean()
    CheckQuestion.objects.bulk_create(rows)


def _message_check(
    message: Message, *, agencies: int, localities: int, teams: int, people: int = 0
) -> None:
    """Refuses the message as it would be saved, with every message at once: `agencies`,
    `localities` and `teams` count the groups chosen for it, `people` the people named."""
    errors: dict[str, str] = {}
    if not message.title:
        errors["title"] = "Enter a title for the message"
    if not message.body:
        errors["body"] = "Enter the message"
    if message.kind not in MessageKind.values:
        errors["kind"] = "Choose what kind of message it is"
    if message.brief_by is None:
        errors["brief_by"] = "Enter the date by which managers must brief their teams"
    elif message.status == MessageStatus.DRAFT and message.brief_by < timezone.localdate():
        errors["brief_by"] = "The date to brief by must be today or in the future"
    if not message.whole_partnership and not (agencies or localities or teams or people):
        errors["whole_partnership"] = (
            "Choose the agencies, localities, teams or people the message is for, or send it "
            "to the whole partnership"
        )
    levels = message.levels
    if not isinstance(levels, list) or not all(
        isinstance(level, int) and not isinstance(level, bool) and level >= 1 for level in levels
    ):
        errors["levels"] = "Choose management levels from the list"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def message_create(
    *,
    actor: User,
    title: str,
    body: str,
    brief_by: date | None,
    kind: str = MessageKind.OTHER,
    whole_partnership: bool = True,
    agencies: Iterable[Agency] = (),
    localities: Iterable[Locality] = (),
    teams: Iterable[Team] = (),
    people: Iterable[StaffMember] = (),
    levels: Iterable[int] = (),
    check_questions: Sequence[CheckQuestionInput] = (),
) -> Message:
    """A draft message from the actor's staff record: nothing goes to anyone until it is
    published. Sent to the whole partnership, or to everyone in the chosen agencies, localities
    (by their team's locality) and teams (when levels are chosen, only to people at those
    management levels), and to named people (those a restructure affects) with the nearest
    manager of each in post (selectors.cascade.message_audience). Messages come from a member
    of staff in post (PermissionDenied saying why for anyone else)."""
    require(access.can_send_messages(actor), to=access.SEND_MESSAGES)
    sender = access.message_sender_for_user(actor)
    chosen: dict[str, list[Any]] = {
        "agencies": [] if whole_partnership else list(agencies),
        "localities": [] if whole_partnership else list(localities),
        "teams": [] if whole_partnership else list(teams),
        "people": [] if whole_partnership else list(dict.fromkeys(people)),
    }
    message = Message(
        sender=sender,
        title=title.strip(),
        body=body.strip(),
        kind=kind,
        brief_by=brief_by,  # type: ignore[misc]  # None is refused below, before saving
        whole_partnership=whole_partnership,
        levels=sorted(set(levels)),
    )
    _message_check(
        message,
        agencies=len(chosen["agencies"]),
        localities=len(chosen["localities"]),
        teams=len(chosen["teams"]),
        people=len(chosen["people"]),
    )
    questions = _check_questions_cleaned(check_questions)
    save_and_record(
        actor=actor,
        instance=message,
        action=AuditAction.CREATE,
        details={"status": MessageStatus.DRAFT, "check_questions": len(questions)},
    )
    for name, values in chosen.items():
        getattr(message, name).set(values)
    _check_questions_replace(message, questions)
    return message


def _m2m_ids(message: Message, name: str) -> set[int]:
    return set(getattr(message, name).values_list("pk", flat=True))


def _message_locked_for_update(message: Message, changes: Mapping[str, object]) -> Message:
    unknown = set(changes) - MESSAGE_DRAFT_FIELDS
    if unknown:
        raise TypeError(f"Message has no changeable fields {sorted(unknown)}")
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status == MessageStatus.WITHDRAWN:
        raise ValidationError("This message has been withdrawn and can no longer be changed")
    if message.status == MessageStatus.PUBLISHED:
        raise ValidationError(
            "This message has been published, so it cannot be changed: people have read it. "
            "Correct it instead, saying what changed and why"
        )
    return message


def _message_fields_apply(message: Message, changes: MessageChanges) -> list[str]:
    """Sets the message's own fields that the change gives and alters, cleaned as
    message_create cleans them; returns their names."""
    given: dict[str, object] = {
        name: value for name, value in changes.items() if name in _MESSAGE_OWN_FIELDS
    }
    if "title" in changes:
        given["title"] = changes["title"].strip()
    if "body" in changes:
        given["body"] = changes["body"].strip()
    if "levels" in changes:
        given["levels"] = sorted(set(changes["levels"]))
    changed = [name for name, value in given.items() if getattr(message, name) != value]
    for name in changed:
        setattr(message, name, given[name])
    return changed


def _message_audience_ids(message: Message, changes: MessageChanges) -> dict[str, set[int]]:
    """The chosen agencies, localities, teams and people after the change (none for the whole
    partnership)."""
    given: dict[
        str,
        Iterable[Agency] | Iterable[Locality] | Iterable[Team] | Iterable[StaffMember] | None,
    ] = {
        "agencies": changes.get("agencies"),
        "localities": changes.get("localities"),
        "teams": changes.get("teams"),
        "people": changes.get("people"),
    }
    return {
        name: set()
        if message.whole_partnership
        else _m2m_ids(message, name)
        if groups is None
        else {group.pk for group in groups}
        for name, groups in given.items()
    }


@transaction.atomic
def message_update(*, actor: User, message: Message, **changes: Unpack[MessageChanges]) -> Message:
    """Changes a draft in any way: only its author, while in post (PermissionDenied saying so
    for anyone else, another sender or an administrator included). A published message is not
    changed but corrected (message_correct). A call that changes nothing records nothing.
    (audit.changes.update_and_record does not fit: the one event also names the audience and
    check questions changed.)"""
    require(access.can_send_messages(actor), to="change messages")
    access.message_author_for_user(actor, message, to="change")
    message = _message_locked_for_update(message, changes)
    changed = _message_fields_apply(message, changes)
    chosen = _message_audience_ids(message, changes)
    chosen_changed = [name for name, ids in chosen.items() if ids != _m2m_ids(message, name)]
    questions: list[CheckQuestionInput] | None = None
    if "check_questions" in changes:
        questions = _check_questions_cleaned(changes["check_questions"])
        if questions == _check_questions_of(message):
            questions = None
        else:
            changed.append("check_questions")
    changed = sorted([*changed, *chosen_changed])
    if not changed:
        return message
    _message_check(
        message,
        agencies=len(chosen["agencies"]),
        localities=len(chosen["localities"]),
        teams=len(chosen["teams"]),
        people=len(chosen["people"]),
    )
    save_and_record(
        actor=actor, instance=message, action=AuditAction.UPDATE, details={"changed": changed}
    )
    for name in chosen_changed:
        getattr(message, name).set(chosen[name])
    if questions is not None:
        _check_questions_replace(message, questions)
    return message


@transaction.atomic
def message_publish(*, actor: User, message: Message) -> Message:
    """Sends the message: fixes its recipients (active staff in the audience, each with their
    level, agency, team and locality now, and the nearest active manager above them, who will
    brief them) and gives each of those managers a cascade task due on the message's date.
    People with no manager above them (heads of agencies) are briefed by the sender directly,
    so they count as briefed when it is published. Only its author publishes it."""
    require(access.can_send_messages(actor), to="publish messages")
    access.message_author_for_user(actor, message, to="publish")
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status != MessageStatus.DRAFT:
        raise ValidationError("This message has already been published")
    _message_check(
        message,
        agencies=message.agencies.count(),
        localities=message.localities.count(),
        teams=message.teams.count(),
        people=message.people.count(),
    )
    audience = message_audience(message)
    if not audience:
        raise ValidationError(
            "No one is in the audience you chose: no one active works in the agencies, "
            "localities or teams chosen at the levels chosen, and none of the people named is "
            "still in post. Change the audience and try again."
        )
    now = timezone.now()
    Recipient.objects.bulk_create(
        (
            member.recipient_of(message, briefed_at=now if member.manager_id is None else None)
            for member in audience
        ),
        batch_size=2000,
    )
    managers = sorted({m.manager_id for m in audience if m.manager_id is not None})
    CascadeTask.objects.bulk_create(
        (
            CascadeTask(
                message=message,
                manager_id=manager_id,
                due_on=message.brief_by,
                created_by=actor,
                modified_by=actor,
            )
            for manager_id in managers
        ),
        batch_size=2000,
    )
    message.status = MessageStatus.PUBLISHED
    message.published_at = message.version_published_at = now
    save_and_record(
        actor=actor,
        instance=message,
        action=AuditAction.UPDATE,
        details={
            "status": MessageStatus.PUBLISHED,
            "recipients": len(audience),
            "cascade_tasks": len(managers),
            "brief_by": message.brief_by.isoformat() if message.brief_by else None,
        },
    )
    return message


@transaction.atomic
def message_question_answer(
    *, actor: User, question: MessageQuestion, answer: str
) -> MessageQuestion:
    """The sender (or anyone who may send messages) answers a question; every recipient sees
    the answer on the message, with the name of the member of staff who answered (none for an
    administrator not linked to a staff record). Answering again replaces the answer."""
    require(access.can_answer_message_questions(actor), to="answer staff questions")
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": "Enter the answer"})
    if len(answer) > ANSWER_MAX_LENGTH:
        raise ValidationError(
            {"answer": f"The answer must be {ANSWER_MAX_LENGTH:,} characters or fewer"}
        )
    question = MessageQuestion.objects.select_for_update().get(pk=question.pk)
    replaced = bool(question.answer)
    question.answer, question.answered_by = answer, staff_record_of(actor)
    question.answered_at = timezone.now()
    save_and_record(
        actor=actor,
        instance=question,
        action=AuditAction.UPDATE,
        details={"message": question.message_id, "answered": True, "replaced": replaced},
    )
    return question
