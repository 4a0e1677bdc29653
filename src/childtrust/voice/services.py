"""Staff voice: services. Sections: cascade, surveys, feedback and the leaders' page."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.calendar import add_working_days
from childtrust.partnership.models import Agency, Locality, StaffMember, Team
from childtrust.partnership.selectors.staff import staff_levels
from childtrust.voice.models import (
    Acknowledgement,
    BriefingMethod,
    CascadeTask,
    CheckQuestion,
    Feedback,
    FeedbackReach,
    FeedbackStatus,
    Message,
    MessageKind,
    MessageQuestion,
    MessageStatus,
    QuestionKind,
    Recipient,
    Survey,
    SurveyAnswer,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
    SurveyRound,
    SurveyTheme,
)
from childtrust.voice.selectors import (
    feedback_agency_head,
    feedback_partnership_agency,
    feedback_staff_member,
    feedback_working_days_to_respond,
    message_audience,
    survey_active_staff_count,
)
from childtrust.voice.survey_templates import SURVEY_TEMPLATES

# --- Cascade -----------------------------------------------------------------------------------
# A message goes down the line-management tree. Publishing fixes who it is for (a Recipient row
# each, with the manager who must brief them) and gives every manager with a recipient among
# their direct reports a task: brief them by the message's date. A recipient is reached once
# briefed or once they confirm they understood; confirming means answering every check question
# right. Each rule is refused with a ValidationError whose messages a form shows as they are.

CHECK_QUESTIONS_MAX = 2
CHECK_CHOICES_MIN, CHECK_CHOICES_MAX = 2, 4
CHECK_PROMPT_MAX_LENGTH = 300
STAFF_QUESTION_MAX_LENGTH = 2000
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
        "levels",
        "check_questions",
    }
)
# What a published message may still change: its words. Each change is a new version, and
# everyone must confirm again. The audience and the date were fixed when it was published.
MESSAGE_VERSIONED_FIELDS = frozenset({"title", "body", "check_questions"})
_MESSAGE_M2M_FIELDS = ("agencies", "localities", "teams")


@dataclass(frozen=True)
class CheckQuestionInput:
    """A check question as a sender writes it: `correct_choice` counts from 0."""

    prompt: str
    choices: tuple[str, ...]
    correct_choice: int


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


def _message_errors(
    message: Message, *, agencies: int, localities: int, teams: int, today: date
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not message.title:
        errors["title"] = "Enter a title for the message"
    if not message.body:
        errors["body"] = "Enter the message"
    if message.kind not in MessageKind.values:
        errors["kind"] = "Choose what kind of message it is"
    if message.brief_by is None:
        errors["brief_by"] = "Enter the date by which managers must brief their teams"
    elif message.status == MessageStatus.DRAFT and message.brief_by < today:
        errors["brief_by"] = "The date to brief by must be today or in the future"
    if not message.whole_partnership and not (agencies or localities or teams):
        errors["whole_partnership"] = (
            "Choose the agencies, localities or teams the message is for, or send it to the "
            "whole partnership"
        )
    levels = message.levels
    if not isinstance(levels, list) or not all(
        isinstance(level, int) and not isinstance(level, bool) and level >= 1 for level in levels
    ):
        errors["levels"] = "Choose management levels from the list"
    return errors


def _message_refuse(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def message_create(
    *,
    actor: User,
    sender: StaffMember,
    title: str,
    body: str,
    brief_by: date | None,
    kind: str = MessageKind.OTHER,
    whole_partnership: bool = True,
    agencies: Iterable[Agency] = (),
    localities: Iterable[Locality] = (),
    teams: Iterable[Team] = (),
    levels: Iterable[int] = (),
    check_questions: Sequence[CheckQuestionInput] = (),
) -> Message:
    """A draft message: nothing goes to anyone until it is published. Sent to the whole
    partnership, or to everyone in the chosen agencies, localities (by their team's locality)
    and teams; when levels are chosen, only to people at those management levels."""
    chosen: dict[str, list[Any]] = {
        "agencies": [] if whole_partnership else list(agencies),
        "localities": [] if whole_partnership else list(localities),
        "teams": [] if whole_partnership else list(teams),
    }
    message = Message(
        sender=sender,
        title=title.strip(),
        body=body.strip(),
        kind=kind,
        brief_by=brief_by,  # type: ignore[misc]  # None is refused below, before saving
        whole_partnership=whole_partnership,
        levels=sorted(set(levels)),
        created_by=actor,
        modified_by=actor,
    )
    errors = _message_errors(
        message,
        agencies=len(chosen["agencies"]),
        localities=len(chosen["localities"]),
        teams=len(chosen["teams"]),
        today=timezone.localdate(),
    )
    if not sender.is_active:
        errors["sender"] = "The sender's staff record is marked as no longer in post"
    _message_refuse(errors)
    questions = _check_questions_cleaned(check_questions)
    message.full_clean()
    message.save()
    for name, values in chosen.items():
        getattr(message, name).set(values)
    _check_questions_replace(message, questions)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=message,
        details={"status": MessageStatus.DRAFT, "check_questions": len(questions)},
    )
    return message


def _m2m_ids(message: Message, name: str) -> set[int]:
    return set(getattr(message, name).values_list("pk", flat=True))


def _message_locked_for_update(message: Message, changes: dict[str, Any]) -> Message:
    unknown = set(changes) - MESSAGE_DRAFT_FIELDS
    if unknown:
        raise TypeError(f"Message has no changeable fields {sorted(unknown)}")
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status == MessageStatus.WITHDRAWN:
        raise ValidationError("This message has been withdrawn and can no longer be changed")
    if message.status == MessageStatus.PUBLISHED and set(changes) - MESSAGE_VERSIONED_FIELDS:
        raise ValidationError(
            "Only the title, the message and its check questions can be changed once it is "
            "published: the audience and the date to brief by stay as they were"
        )
    return message


def _message_fields_apply(message: Message, changes: dict[str, Any]) -> list[str]:
    cleaners: dict[str, Callable[[Any], Any]] = {
        "title": lambda value: str(value).strip(),
        "body": lambda value: str(value).strip(),
        "levels": lambda value: sorted(set(value)),
    }
    changed = []
    for name in ("title", "body", "kind", "brief_by", "whole_partnership", "levels"):
        if name not in changes:
            continue
        value = cleaners.get(name, lambda v: v)(changes[name])
        if getattr(message, name) != value:
            setattr(message, name, value)
            changed.append(name)
    return changed


def _message_audience_ids(message: Message, changes: dict[str, Any]) -> dict[str, set[int]]:
    """The chosen agencies, localities and teams after the change (none for the whole
    partnership)."""
    chosen: dict[str, set[int]] = {}
    for name in _MESSAGE_M2M_FIELDS:
        if message.whole_partnership:
            chosen[name] = set()
        elif name in changes:
            chosen[name] = {item.pk for item in changes[name]}
        else:
            chosen[name] = _m2m_ids(message, name)
    return chosen


@transaction.atomic
def message_update(*, actor: User, message: Message, **changes: Any) -> Message:
    """Changes a draft in any way. A published message may change only its title, its words
    and its check questions, and each change is a new version: everyone who had confirmed it
    must confirm again (their briefings stand). A call that changes nothing records nothing."""
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
    _message_refuse(
        _message_errors(
            message,
            agencies=len(chosen["agencies"]),
            localities=len(chosen["localities"]),
            teams=len(chosen["teams"]),
            today=timezone.localdate(),
        )
    )
    details: dict[str, Any] = {"changed": changed}
    if message.status == MessageStatus.PUBLISHED:
        # A new version: what people confirmed no longer says what the message says.
        message.version += 1
        message.version_published_at = timezone.now()
        details["version"] = message.version
        details["confirmations_cleared"] = Recipient.objects.filter(
            message=message, understood_at__isnull=False
        ).update(understood_at=None)
    message.modified_by = actor
    message.full_clean()
    message.save()
    for name in chosen_changed:
        getattr(message, name).set(chosen[name])
    if questions is not None:
        _check_questions_replace(message, questions)
    audit_record(actor=actor, action=AuditAction.UPDATE, target=message, details=details)
    return message


@transaction.atomic
def message_publish(*, actor: User, message: Message) -> Message:
    """Sends the message: fixes its recipients (active staff in the audience, each with their
    level, agency, team and locality now, and the nearest active manager above them, who will
    brief them) and gives each of those managers a cascade task due on the message's date.
    People with no manager above them (heads of agencies) are briefed by the sender directly,
    so they count as briefed when it is published."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status != MessageStatus.DRAFT:
        raise ValidationError("This message has already been published")
    _message_refuse(
        _message_errors(
            message,
            agencies=message.agencies.count(),
            localities=message.localities.count(),
            teams=message.teams.count(),
            today=timezone.localdate(),
        )
    )
    audience = message_audience(message)
    if not audience:
        raise ValidationError(
            "No one is in the audience you chose: no one active works in the agencies, "
            "localities or teams chosen at the levels chosen. Change the audience and try again."
        )
    now = timezone.now()
    Recipient.objects.bulk_create(
        (
            Recipient(
                message=message,
                staff_id=member.staff_id,
                manager_id=member.manager_id,
                level=member.level,
                agency_id=member.agency_id,
                team_id=member.team_id,
                locality_id=member.locality_id,
                briefed_at=now if member.manager_id is None else None,
            )
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
    message.modified_by = actor
    message.full_clean()
    message.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=message,
        details={
            "status": MessageStatus.PUBLISHED,
            "recipients": len(audience),
            "cascade_tasks": len(managers),
            "brief_by": message.brief_by.isoformat() if message.brief_by else None,
        },
    )
    return message


@transaction.atomic
def cascade_briefing_record(
    *,
    actor: User,
    task: CascadeTask,
    method: str,
    briefed_at: datetime | None = None,
) -> CascadeTask:
    """A manager records that they briefed their direct reports (in a team meeting or one to
    one): each of them who has not yet been briefed counts as briefed then. `briefed_at` is
    now unless given; it cannot be in the future or before the message was published."""
    task = CascadeTask.objects.select_for_update().select_related("message").get(pk=task.pk)
    message = task.message
    if message.status != MessageStatus.PUBLISHED:
        raise ValidationError("This message is not being cascaded, so there is nothing to record")
    if task.briefed_at is not None:
        raise ValidationError("You have already recorded briefing your team on this message")
    if method not in BriefingMethod.values:
        raise ValidationError({"method": "Choose how you briefed your team"})
    now = timezone.now()
    when = briefed_at or now
    if when > now:
        raise ValidationError({"briefed_at": "The briefing cannot be in the future"})
    if message.published_at is not None and when < message.published_at:
        raise ValidationError(
            {"briefed_at": "The briefing cannot be before the message was published"}
        )
    task.briefed_at, task.method, task.modified_by = when, method, actor
    task.full_clean()
    task.save()
    briefed = Recipient.objects.filter(
        message=message, manager_id=task.manager_id, briefed_at__isnull=True
    ).update(briefed_at=when)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=task,
        details={"briefed": True, "method": method, "people_briefed": briefed},
    )
    return task


def message_recipient(*, message: Message, staff: StaffMember) -> Recipient:
    recipient = Recipient.objects.filter(message=message, staff=staff).first()
    if recipient is None or message.status != MessageStatus.PUBLISHED:
        raise ValidationError("This message was not sent to you")
    return recipient


@transaction.atomic
def message_confirm(
    *, actor: User, message: Message, staff: StaffMember, answers: Sequence[int | None]
) -> Acknowledgement:
    """A member of staff confirms they have read and understood the current version. Every
    check question must be answered right for it to count as understood; a wrong answer is
    recorded (answered_correctly false) and they may read again and try again. Which answer
    was wrong is not said, so that the message, not guessing, gets them there."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    recipient = message_recipient(message=message, staff=staff)
    if recipient.understood_at is not None:
        raise ValidationError("You have already confirmed that you understood this version")
    questions = list(message.check_questions.all())
    given = list(answers)[: len(questions)]
    given += [None] * (len(questions) - len(given))
    errors = {
        f"answer_{number}": f"Choose an answer to question {number}"
        for number, (question, answer) in enumerate(zip(questions, given, strict=True), start=1)
        if answer is None or not 0 <= answer < len(question.choices)
    }
    _message_refuse(errors)
    correct = all(
        answer == question.correct_choice for question, answer in zip(questions, given, strict=True)
    )
    now = timezone.now()
    acknowledgement = Acknowledgement.objects.filter(
        message=message, staff=staff, version=message.version
    ).first()
    action = AuditAction.UPDATE if acknowledgement is not None else AuditAction.CREATE
    if acknowledgement is None:
        acknowledgement = Acknowledgement(message=message, staff=staff, version=message.version)
    acknowledgement.answers = given
    acknowledgement.answered_correctly = correct
    acknowledgement.confirmed_at = now
    acknowledgement.full_clean()
    acknowledgement.save()
    if correct:
        recipient.understood_at = now
        recipient.save(update_fields=["understood_at"])
    audit_record(
        actor=actor,
        action=action,
        target=acknowledgement,
        details={"version": message.version, "answered_correctly": correct},
    )
    return acknowledgement


@transaction.atomic
def message_question_ask(
    *, actor: User, message: Message, staff: StaffMember, text: str
) -> MessageQuestion:
    """A recipient asks about a message; the sender answers it for everyone it went to."""
    message_recipient(message=message, staff=staff)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter your question"})
    if len(text) > STAFF_QUESTION_MAX_LENGTH:
        raise ValidationError(
            {"text": f"Your question must be {STAFF_QUESTION_MAX_LENGTH:,} characters or fewer"}
        )
    question = MessageQuestion(
        message=message, asked_by=staff, text=text, created_by=actor, modified_by=actor
    )
    question.full_clean()
    question.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, target=question, details={"message": message.pk}
    )
    return question


@transaction.atomic
def message_question_answer(
    *, actor: User, question: MessageQuestion, answer: str, answered_by: StaffMember | None
) -> MessageQuestion:
    """The sender (or anyone who may send messages) answers a question; every recipient sees
    the answer on the message. Answering again replaces the answer."""
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": "Enter the answer"})
    if len(answer) > ANSWER_MAX_LENGTH:
        raise ValidationError(
            {"answer": f"The answer must be {ANSWER_MAX_LENGTH:,} characters or fewer"}
        )
    question = MessageQuestion.objects.select_for_update().get(pk=question.pk)
    replaced = bool(question.answer)
    question.answer, question.answered_by = answer, answered_by
    question.answered_at, question.modified_by = timezone.now(), actor
    question.full_clean()
    question.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=question,
        details={"message": question.message_id, "answered": True, "replaced": replaced},
    )
    return question


def _nearest_active_manager(
    person_id: int, people: Mapping[int, tuple[int | None, bool]]
) -> int | None:
    """The first active person above `person_id` in the line-management chain, if any."""
    current, seen = people.get(person_id, (None, False))[0], set()
    while current is not None and current not in seen:
        manager_id, active = people.get(current, (None, False))
        if active:
            return current
        seen.add(current)
        current = manager_id
    return None


def cascade_tasks_remind_and_escalate(*, today: date) -> int:
    """The cascade's clock, run by the background worker: a manager who has not briefed is
    reminded CASCADE_REMINDER_WORKING_DAYS working days before the date (once), and the task is
    escalated CASCADE_ESCALATION_WORKING_DAYS working days after it (once) to the nearest active
    manager above them, or to the sender when there is none. A reminder is recorded (an audit
    event) and shown on the manager's and the escalation recipient's pages; no email is sent.
    Returns how many reminders and escalations were made."""
    remind_before = settings.CASCADE_REMINDER_WORKING_DAYS
    escalate_after = settings.CASCADE_ESCALATION_WORKING_DAYS
    open_tasks = CascadeTask.objects.filter(
        message__status=MessageStatus.PUBLISHED, briefed_at__isnull=True
    ).select_related("message", "manager")
    # A reminder falls at most this many calendar days before the date (weekends, Christmas).
    reach_ahead = timedelta(days=2 * remind_before + 10)

    @cache
    def reminder_due(due_on: date) -> bool:
        return add_working_days(due_on, -remind_before) <= today

    @cache
    def escalation_due(due_on: date) -> bool:
        return add_working_days(due_on, escalate_after) <= today

    done = 0
    for task in open_tasks.filter(reminded_at__isnull=True, due_on__lte=today + reach_ahead):
        if reminder_due(task.due_on):
            _cascade_task_remind(task)
            done += 1
    late = [
        task
        for task in open_tasks.filter(escalated_at__isnull=True, due_on__lt=today)
        if escalation_due(task.due_on)
    ]
    if late:
        people = {
            pk: (manager_id, active)
            for pk, manager_id, active in StaffMember.objects.values_list(
                "pk", "manager_id", "is_active"
            )
        }
        for task in late:
            above = _nearest_active_manager(task.manager_id, people)
            _cascade_task_escalate(task, to_id=above or task.message.sender_id)
            done += 1
    return done


@transaction.atomic
def _cascade_task_remind(task: CascadeTask) -> None:
    task.reminded_at = timezone.now()
    task.save(update_fields=["reminded_at", "modified_at"])
    audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        target=task,
        details={"reminded": True, "due_on": task.due_on.isoformat()},
    )


@transaction.atomic
def _cascade_task_escalate(task: CascadeTask, *, to_id: int) -> None:
    task.escalated_to_id, task.escalated_at = to_id, timezone.now()
    task.save(update_fields=["escalated_to", "escalated_at", "modified_at"])
    audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        target=task,
        details={"escalated_to": to_id, "due_on": task.due_on.isoformat()},
    )


# --- Pulse surveys -----------------------------------------------------------------------------
# Answers cannot be traced to a person. A SurveyParticipation records only that someone answered
# a round (so that they answer once); their SurveyResponse keeps only the groups results are
# reported by (agency, level, the locality of their team), never the person or a time. Responses
# and answers are stored under random ids, so that the order of rows cannot be matched with the
# order of the participation events in the audit log.

SURVEY_ROUND_MAX_DAYS = 90
SURVEY_REPEAT_MAX_DAYS = 365
SURVEY_FREE_TEXT_MAX_LENGTH = 2000
LIKERT_SCORES = range(1, 6)

SurveyAnswerInput = Mapping[int, int | str | None]


def _random_id() -> int:
    """A primary key that says nothing of when the row was written (see the section note)."""
    return secrets.randbelow(2**62) + 1


def _survey_schedule_check(*, repeat_every_days: int | None, round_length_days: int) -> None:
    errors: dict[str, str] = {}
    if not 1 <= round_length_days <= SURVEY_ROUND_MAX_DAYS:
        errors["round_length_days"] = (
            f"A round must last between 1 and {SURVEY_ROUND_MAX_DAYS} days"
        )
    if repeat_every_days is not None:
        if not 1 <= repeat_every_days <= SURVEY_REPEAT_MAX_DAYS:
            errors["repeat_every_days"] = (
                f"Repeat the survey every 1 to {SURVEY_REPEAT_MAX_DAYS} days, or leave it empty"
            )
        elif repeat_every_days < round_length_days:
            errors["repeat_every_days"] = (
                "Repeat the survey no more often than a round lasts, so that one round closes "
                "before the next opens"
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def survey_create_from_template(
    *,
    actor: User,
    template: str,
    title: str,
    repeat_every_days: int | None,
    round_length_days: int,
) -> Survey:
    """A survey with a template's questions. A repeating survey opens its next round
    `repeat_every_days` after the last one opened (see `survey_rounds_open_due`)."""
    source = SURVEY_TEMPLATES.get(template)
    if source is None:
        raise ValidationError({"template": "Choose a template from the list"})
    if not title.strip():
        raise ValidationError({"title": "Enter a title for the survey"})
    _survey_schedule_check(repeat_every_days=repeat_every_days, round_length_days=round_length_days)
    survey = Survey(
        title=title.strip(),
        introduction=source.introduction,
        template=source.key,
        repeat_every_days=repeat_every_days,
        round_length_days=round_length_days,
        created_by=actor,
        modified_by=actor,
    )
    survey.full_clean()
    survey.save()
    questions = [
        SurveyQuestion(
            survey=survey,
            text=question.text,
            kind=question.kind,
            theme=question.theme or "",
            position=position,
        )
        for position, question in enumerate(source.questions, start=1)
    ]
    for question in questions:
        question.full_clean()
    SurveyQuestion.objects.bulk_create(questions)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=survey,
        details={
            "template": source.key,
            "questions": len(questions),
            "repeat_every_days": repeat_every_days,
            "round_length_days": round_length_days,
        },
    )
    return survey


def _survey_locked_for_editing(survey: Survey) -> Survey:
    """The survey, locked; its questions may change only until the first round opens, so that
    every round asks the same questions and rounds can be compared."""
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if locked.rounds.exists():
        raise ValidationError(
            "The questions cannot be changed once the first round has opened, so that every "
            "round asks the same questions"
        )
    return locked


def _survey_question_check(*, text: str, kind: str, theme: str) -> tuple[str, str]:
    text = text.strip()
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = "Enter the question"
    if kind == QuestionKind.LIKERT and theme not in SurveyTheme.values:
        errors["theme"] = "Choose the theme the statement measures"
    if errors:
        raise ValidationError(errors)
    return text, theme if kind == QuestionKind.LIKERT else ""


@transaction.atomic
def survey_question_add(
    *, actor: User, survey: Survey, text: str, kind: str, theme: str = ""
) -> SurveyQuestion:
    survey = _survey_locked_for_editing(survey)
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": "Choose the kind of question"})
    text, theme = _survey_question_check(text=text, kind=kind, theme=theme)
    last = survey.questions.aggregate(last=Max("position"))["last"] or 0
    question = SurveyQuestion(survey=survey, text=text, kind=kind, theme=theme, position=last + 1)
    question.full_clean()
    question.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=question,
        details={"survey": survey.pk, "kind": kind, "theme": theme},
    )
    return question


@transaction.atomic
def survey_question_update(
    *, actor: User, question: SurveyQuestion, text: str, theme: str = ""
) -> SurveyQuestion:
    _survey_locked_for_editing(question.survey)
    text, theme = _survey_question_check(text=text, kind=question.kind, theme=theme)
    before = {"text": question.text, "theme": question.theme}
    question.text, question.theme = text, theme
    question.full_clean()
    question.save(update_fields=["text", "theme"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=question,
        details={
            "survey": question.survey_id,
            "before": before,
            "after": {"text": text, "theme": theme},
        },
    )
    return question


@transaction.atomic
def survey_question_remove(*, actor: User, question: SurveyQuestion) -> None:
    survey = _survey_locked_for_editing(question.survey)
    statements = survey.questions.filter(kind=QuestionKind.LIKERT)
    if question.kind == QuestionKind.LIKERT and not statements.exclude(pk=question.pk).exists():
        raise ValidationError("A survey needs at least one statement to agree or disagree with")
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        target=question,
        details={"survey": survey.pk, "text": question.text},
    )
    question.delete()


@transaction.atomic
def survey_round_open(
    *, actor: User | None, survey: Survey, today: date | None = None
) -> SurveyRound:
    """Opens the survey's next round today for every active member of staff, who are counted
    as invited (the denominator of the response rate). A round stays open for the survey's
    round length, both ends included; one round at a time. `actor` is None when the schedule
    opens it."""
    today = today or timezone.localdate()
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    latest = survey.rounds.order_by("-number").first()
    if latest is not None and latest.closes_on >= today:
        raise ValidationError(
            f"Round {latest.number} is open until {date_format(latest.closes_on, 'j F Y')}. "
            "Open the next round after it closes."
        )
    if not survey.questions.filter(kind=QuestionKind.LIKERT).exists():
        raise ValidationError("Add a statement to agree or disagree with before opening a round")
    survey_round = SurveyRound(
        survey=survey,
        number=latest.number + 1 if latest is not None else 1,
        opens_on=today,
        closes_on=today + timedelta(days=max(survey.round_length_days, 1) - 1),
        invited=survey_active_staff_count(),
    )
    survey_round.full_clean()
    survey_round.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=survey_round,
        details={
            "survey": survey.pk,
            "number": survey_round.number,
            "opens_on": survey_round.opens_on.isoformat(),
            "closes_on": survey_round.closes_on.isoformat(),
            "invited": survey_round.invited,
            "scheduled": actor is None,
        },
    )
    return survey_round


def survey_rounds_open_due(*, today: date) -> list[SurveyRound]:
    """Opens the next round of every repeating survey whose latest round opened
    `repeat_every_days` or more days before `today` and has closed. A survey that has never
    had a round waits for a strategic lead to open the first; a missed run opens one round, not
    one per missed period. Each round opens in its own transaction."""
    due = Survey.objects.filter(repeat_every_days__gt=0).annotate(
        latest_opens=Max("rounds__opens_on"), latest_closes=Max("rounds__closes_on")
    )
    opened: list[SurveyRound] = []
    for survey in due:
        latest_opens: date | None = survey.latest_opens
        latest_closes: date | None = survey.latest_closes
        if latest_opens is None or latest_closes is None or latest_closes >= today:
            continue
        if latest_opens + timedelta(days=survey.repeat_every_days or 0) > today:
            continue
        try:
            opened.append(survey_round_open(actor=None, survey=survey, today=today))
        except ValidationError:
            continue  # e.g. opened by someone else since we looked
    return opened


def survey_answering_staff(user: User) -> StaffMember:
    """The staff record a user answers as; refuses a user with none or an inactive one."""
    staff: StaffMember | None = getattr(user, "staff_member", None)
    if staff is None:
        raise ValidationError(
            "Your account is not linked to a staff record, so you cannot answer staff surveys"
        )
    if not staff.is_active:
        raise ValidationError(
            "Your staff record is marked as no longer working in the partnership, so you cannot "
            "answer staff surveys"
        )
    return staff


def _survey_answers_checked(
    questions: list[SurveyQuestion], answers: SurveyAnswerInput
) -> dict[int, int | str]:
    """Each question's answer, checked: a score from 1 to 5 for every statement; free text is
    optional and only kept when given. Raises one message per question that is wrong."""
    asked = {question.pk for question in questions}
    if set(answers) - asked:
        raise ValidationError("The answers do not match this survey's questions")
    errors: dict[str, str] = {}
    checked: dict[int, int | str] = {}
    for question in questions:
        value = answers.get(question.pk)
        field = f"question_{question.pk}"
        if question.kind == QuestionKind.LIKERT:
            if value is None or value == "":
                errors[field] = f'Choose how far you agree with "{question.text}"'
                continue
            try:
                score = int(value)
            except (TypeError, ValueError):
                score = 0
            if score not in LIKERT_SCORES:
                errors[field] = (
                    f"Choose one of the five answers, from strongly disagree to strongly agree, "
                    f'for "{question.text}"'
                )
                continue
            checked[question.pk] = score
        else:
            text = str(value or "").strip()
            if len(text) > SURVEY_FREE_TEXT_MAX_LENGTH:
                errors[field] = (
                    f'Your answer to "{question.text}" must be '
                    f"{SURVEY_FREE_TEXT_MAX_LENGTH:,} characters or fewer"
                )
            elif text:
                checked[question.pk] = text
    if errors:
        raise ValidationError(errors)
    return checked


def _already_answered() -> ValidationError:
    return ValidationError("You have already answered this round. Each person answers once.")


@transaction.atomic
def survey_answer(
    *,
    actor: User,
    survey_round: SurveyRound,
    answers: SurveyAnswerInput,
    today: date | None = None,
) -> SurveyParticipation:
    """Records one person's answers to an open round, once. The answers are kept with the
    groups they are reported by and nothing else; the audit event names the round and the
    participation, never the answers or the response."""
    staff = survey_answering_staff(actor)
    today = today or timezone.localdate()
    if today < survey_round.opens_on:
        raise ValidationError("This round of the survey has not opened yet")
    if today > survey_round.closes_on:
        raise ValidationError(
            f"This round of the survey closed on {date_format(survey_round.closes_on, 'j F Y')}"
        )
    if SurveyParticipation.objects.filter(round=survey_round, staff=staff).exists():
        raise _already_answered()
    checked = _survey_answers_checked(list(survey_round.survey.questions.all()), answers)
    try:
        with transaction.atomic():
            participation = SurveyParticipation.objects.create(round=survey_round, staff=staff)
    except IntegrityError:
        raise _already_answered() from None  # the same person answering twice at once
    response = SurveyResponse(
        id=_random_id(),
        round=survey_round,
        agency_id=staff.agency_id,
        level=staff_levels(agency=staff.agency).get(staff.pk),
        locality_id=staff.team.locality_id if staff.team is not None else None,
    )
    # The groups come from the staff record and may be unknown (no team, so no locality): the
    # model keeps them null, which full_clean would otherwise call blank.
    response.full_clean(exclude=["agency", "level", "locality"])
    response.save(force_insert=True)
    rows = [
        SurveyAnswer(
            id=_random_id(),
            response=response,
            question_id=question_pk,
            score=value if isinstance(value, int) else None,
            text=value if isinstance(value, str) else "",
        )
        for question_pk, value in checked.items()
    ]
    for row in rows:
        row.full_clean()
    SurveyAnswer.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=participation,
        details={"survey": survey_round.survey_id, "round": survey_round.number},
    )
    return participation


# --- Feedback and the leaders' page ------------------------------------------------------------
# Any member of staff raises a suggestion or concern about the change, with their name or
# anonymously; it is routed to an owner who must respond within the partnership's target
# (settings.FEEDBACK_RESPONSE_WORKING_DAYS, 10 working days unless set otherwise).


def _feedback_owner(agency: Agency | None) -> StaffMember:
    """The owner of feedback about `agency` (None: the partnership as a whole), or a refusal
    that tells a partnership administrator what to record."""
    about = agency if agency is not None else feedback_partnership_agency()
    if about is None:
        raise ValidationError(
            {
                "agency": "There is no one to answer feedback about the partnership as a whole: "
                "no agency is recorded as the local authority's children's services. Ask a "
                "partnership administrator to record it and who heads it, or choose an agency."
            }
        )
    owner = feedback_agency_head(about)
    if owner is None:
        raise ValidationError(
            {
                "agency": f"There is no one to answer feedback about {about}: no active head of "
                "the agency (a member of staff with no manager) is recorded. Ask a partnership "
                "administrator to record who heads it."
            }
        )
    return owner


@transaction.atomic
def feedback_raise(
    *,
    actor: User,
    kind: str,
    subject: str,
    text: str,
    agency: Agency | None,
    anonymous: bool,
) -> Feedback:
    """Raises a suggestion or concern from the actor's staff record and routes it to its owner,
    who must respond by the target date. Anonymous feedback keeps no link to the person: no
    `raised_by`, no `created_by`, and an audit event without actor, address or browser."""
    raiser = feedback_staff_member(actor)
    if raiser is None:
        raise ValidationError(
            "Your account is not linked to an active staff record, so you cannot raise feedback."
        )
    owner = _feedback_owner(agency)
    raised_on = timezone.localdate()
    feedback = Feedback(
        kind=kind,
        subject=subject.strip(),
        text=text.strip(),
        agency=agency,
        owner=owner,
        raised_on=raised_on,
        respond_by=add_working_days(raised_on, settings.FEEDBACK_RESPONSE_WORKING_DAYS),
        raised_by=None if anonymous else raiser,
        created_by=None if anonymous else actor,
        modified_by=None if anonymous else actor,
    )
    feedback.full_clean()
    feedback.save()
    audit_record(
        actor=None if anonymous else actor,
        anonymous=anonymous,
        action=AuditAction.CREATE,
        target=feedback,
        details={
            "kind": kind,
            "anonymous": anonymous,
            "owner": owner.pk,
            "respond_by": feedback.respond_by.isoformat(),
        },
    )
    return feedback


@transaction.atomic
def feedback_respond(*, actor: User, feedback: Feedback, response: str, publish: bool) -> Feedback:
    """The owner's response to open feedback, published on 'You said, we did' if they choose.
    Only the owner may respond (PermissionDenied for anyone else), and only once. Published
    responses never show who raised the feedback, whether they gave their name or not: the
    page is about what was said and done, and a name could deter others from speaking up."""
    responder = feedback_staff_member(actor)
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if responder is None or feedback.owner_id != responder.pk:
        raise PermissionDenied("Only the owner of this feedback may respond to it.")
    if feedback.status != FeedbackStatus.OPEN:
        raise ValidationError("This feedback has already been answered.")
    if not response.strip():
        raise ValidationError({"response": "Enter your response"})
    feedback.status = FeedbackStatus.RESPONDED
    feedback.response = response.strip()
    feedback.responded_at = timezone.now()
    feedback.published = publish
    if feedback.raised_by_id is not None:
        # Anonymous feedback keeps both "by" fields empty, so its row names no one at all.
        feedback.modified_by = actor
    feedback.full_clean()
    feedback.save()
    working_days = feedback_working_days_to_respond(feedback)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=feedback,
        details={
            "status": feedback.status,
            "published": publish,
            "working_days_to_respond": working_days,
            "within_target": timezone.localdate(feedback.responded_at) <= feedback.respond_by,
        },
    )
    return feedback


@transaction.atomic
def feedback_reach_record(*, actor: User, feedback: Feedback) -> bool:
    """Records that the actor's staff record has read a published response, once per person:
    how far 'You said, we did' reaches. Returns whether this was their first read. People
    without a staff record are not counted (reach is measured among staff)."""
    staff = feedback_staff_member(actor)
    if staff is None or not feedback.published:
        return False
    reach, created = FeedbackReach.objects.get_or_create(
        feedback=feedback, staff=staff, defaults={"read_at": timezone.now()}
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=reach,
            details={"feedback": feedback.pk},
        )
    return created
