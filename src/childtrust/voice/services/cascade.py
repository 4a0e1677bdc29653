"""The cascade itself: managers record briefing their direct reports, recipients confirm they
understood and ask questions, and the worker reminds and escalates managers who have not
briefed in time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.calendar import add_working_days
from childtrust.core.permissions import require
from childtrust.partnership.selectors.staff import staff_placements
from childtrust.voice import access
from childtrust.voice.models import (
    Acknowledgement,
    BriefingMethod,
    CascadeTask,
    Message,
    MessageQuestion,
    MessageStatus,
    Recipient,
)
from childtrust.voice.selectors.cascade import nearest_active_manager

STAFF_QUESTION_MAX_LENGTH = 2000


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
    now unless given; it cannot be in the future or before the message was published. Only the
    manager whose task it is records it (PermissionDenied saying why for anyone else)."""
    require(access.can_use_staff_voice(actor), to="record a briefing")
    task = CascadeTask.objects.select_for_update().select_related("message").get(pk=task.pk)
    access.briefing_manager_for_user(actor, task)
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


@transaction.atomic
def message_confirm(
    *, actor: User, message: Message, answers: Sequence[int | None]
) -> Acknowledgement:
    """A member of staff confirms they have read and understood the current version. Every
    check question must be answered right for it to count as understood; a wrong answer is
    recorded (answered_correctly false) and they may read again and try again. Which answer
    was wrong is not said, so that the message, not guessing, gets them there. Only someone it
    was sent to confirms it (PermissionDenied saying why for anyone else)."""
    require(access.can_use_staff_voice(actor), to="confirm a message")
    message = Message.objects.select_for_update().get(pk=message.pk)
    staff = access.message_recipient_for_user(actor, message, to="confirm")
    recipient = Recipient.objects.get(message=message, staff=staff)
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
    if errors:
        raise ValidationError(errors)
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
def message_question_ask(*, actor: User, message: Message, text: str) -> MessageQuestion:
    """A recipient asks about a message; the sender answers it for everyone it went to. Only
    someone it was sent to asks (PermissionDenied saying why for anyone else)."""
    require(access.can_use_staff_voice(actor), to="ask about a message")
    staff = access.message_recipient_for_user(actor, message, to="ask about")
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter your question"})
    if len(text) > STAFF_QUESTION_MAX_LENGTH:
        raise ValidationError(
            {"text": f"Your question must be {STAFF_QUESTION_MAX_LENGTH:,} characters or fewer"}
        )
    question = MessageQuestion(message=message, asked_by=staff, text=text)
    save_and_record(
        actor=actor, instance=question, action=AuditAction.CREATE, details={"message": message.pk}
    )
    return question


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
        people = {person.staff_id: person for person in staff_placements()}
        for task in late:
            above = nearest_active_manager(task.manager_id, people)
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
