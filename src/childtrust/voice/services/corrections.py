"""Correcting a published message: people have read it, so it is never edited in place. Its
author corrects it, saying what changed and why, and the correction keeps what it said before
(docs/decisions/0012-message-corrections.md). A correction keeps to the rules a draft is held
to, checked by the same helpers in messages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record
from childtrust.audit.models import AuditAction
from childtrust.core.permissions import require
from childtrust.voice import access
from childtrust.voice.models import Message, MessageCorrection, MessageStatus, Recipient
from childtrust.voice.services.messages import (
    CheckQuestionInput,
    MessageChanges,
    _check_questions_cleaned,
    _check_questions_of,
    _check_questions_replace,
    _message_check,
    _message_fields_apply,
)

CORRECTION_NOTE_MAX_LENGTH = 2000


def _correction_note_errors(note: str) -> dict[str, list[str]]:
    if not note:
        return {"note": ["Say what changed and why"]}
    if len(note) > CORRECTION_NOTE_MAX_LENGTH:
        return {
            "note": [
                f"What changed and why must be {CORRECTION_NOTE_MAX_LENGTH:,} characters or fewer"
            ]
        }
    return {}


def _correction_checked(
    message: Message,
    correction: MessageCorrection,
    changed: list[str],
    check_questions: Sequence[CheckQuestionInput] | None,
) -> list[CheckQuestionInput] | None:
    """Refuses the correction with every reason at once (no note, nothing corrected, a rule the
    message keeps broken); adds "check_questions" to `changed` when they change, and returns
    them cleaned (None when they stay as they were)."""
    questions: list[CheckQuestionInput] | None = None
    errors = _correction_note_errors(correction.note)
    try:
        if check_questions is not None:
            questions = _check_questions_cleaned(check_questions)
            if questions == _check_questions_of(message):
                questions = None
            else:
                changed.append("check_questions")
        _message_check(
            message,
            agencies=message.agencies.count(),
            localities=message.localities.count(),
            teams=message.teams.count(),
            people=message.people.count(),
        )
    except ValidationError as refused:
        for field, messages in refused.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    else:
        if not changed:
            errors[NON_FIELD_ERRORS] = [
                "Change the title, the message or its check questions: a correction that "
                "changes nothing is not sent"
            ]
    if errors:
        raise ValidationError(errors)
    return questions


@transaction.atomic
def message_correct(
    *,
    actor: User,
    message: Message,
    note: str,
    title: str | None = None,
    body: str | None = None,
    check_questions: Sequence[CheckQuestionInput] | None = None,
) -> MessageCorrection:
    """Corrects a published message, which people have read and so is never edited in place.
    Its author alone corrects it, while in post (a correction speaks in their name to the people
    who read their words; PermissionDenied saying so for anyone else, an administrator
    included). The author gives the corrected title, words or check questions and says what
    changed and why; the message becomes a new version that everyone it went to is asked to
    confirm again (their briefings stand), and the correction keeps what it said before so that
    what was first sent stays readable. One audit event names the correction, what changed,
    the new version and how many confirmations it cleared."""
    require(access.can_send_messages(actor), to="correct messages")
    access.message_author_for_user(actor, message, to="correct")
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status != MessageStatus.PUBLISHED:
        raise ValidationError(
            "Only a published message is corrected: change a draft instead"
            if message.status == MessageStatus.DRAFT
            else "This message has been withdrawn and can no longer be corrected"
        )
    correction = MessageCorrection(
        message=message,
        version=message.version + 1,
        note=note.strip(),
        previous_title=message.title,
        previous_body=message.body,
        previous_check_questions=[
            asdict(q) | {"choices": list(q.choices)} for q in _check_questions_of(message)
        ],
    )
    words: MessageChanges = {}
    if title is not None:
        words["title"] = title
    if body is not None:
        words["body"] = body
    changed = _message_fields_apply(message, words)
    questions = _correction_checked(message, correction, changed, check_questions)
    # A new version: what people confirmed no longer says what the message says.
    message.version = correction.version
    message.version_published_at = timezone.now()
    cleared = Recipient.objects.filter(message=message, understood_at__isnull=False).update(
        understood_at=None
    )
    correction.created_by = correction.modified_by = actor
    correction.full_clean()
    correction.save()
    save_and_record(
        actor=actor,
        instance=message,
        action=AuditAction.UPDATE,
        details={
            "correction": correction.pk,
            "changed": sorted(changed),
            "version": message.version,
            "confirmations_cleared": cleared,
        },
    )
    if questions is not None:
        _check_questions_replace(message, questions)
    return correction
