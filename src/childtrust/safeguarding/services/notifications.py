"""What the service tells a person (an alert, a deadline, a police notification for a school):
made once per recipient and key, so that a task run twice tells no one twice, and emailed by the
worker once the transaction that made it commits, where email is configured
(settings.SAFEGUARDING_EMAIL_NOTIFICATIONS)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.dates import date_time_text
from childtrust.core.links import absolute_link
from childtrust.core.permissions import require
from childtrust.safeguarding import access
from childtrust.safeguarding.models import Notification, NotificationKind

if TYPE_CHECKING:
    from childtrust.accounts.models import User

MARK_READ = "mark this notification as read"


@transaction.atomic
def notify(
    *,
    recipient: User,
    kind: NotificationKind,
    subject: str,
    url: str,
    key: str,
    due_by: datetime | None = None,
) -> Notification | None:
    """Makes the recipient's notification with this key, once: None when they already have it
    (or have no sign-in that is active). System work, done for no one: the subject must name
    no child (use the reference), since it is emailed and shown outside the child's page. The
    email is sent on commit, by the worker (notification_email), never by the request."""
    if not recipient.is_active:
        return None
    if Notification.objects.filter(recipient=recipient, key=key).exists():
        return None
    notification = Notification(
        recipient=recipient, kind=kind, subject=subject[:200], url=url, key=key, due_by=due_by
    )
    try:
        with transaction.atomic():  # a second made at the same moment meets the constraint
            notification.save()
    except IntegrityError:
        return None
    if settings.SAFEGUARDING_EMAIL_NOTIFICATIONS and recipient.email:
        from childtrust.safeguarding.tasks import notification_email

        pk = notification.pk
        transaction.on_commit(lambda: notification_email.enqueue(pk))
    return notification


@dataclass(frozen=True)
class NotificationDraft:
    """One notification to make, for `notify_many`: the same fields as `notify` takes."""

    recipient: User
    kind: NotificationKind
    subject: str
    url: str
    key: str
    due_by: datetime | None = None


@transaction.atomic
def notify_many(drafts: Sequence[NotificationDraft]) -> int:
    """Makes many notifications at once (the nightly run's alerts): as `notify` does each, once
    per recipient and key and only to those who sign in, in one insert rather than a few
    statements each. Returns how many it made."""
    wanted = [draft for draft in drafts if draft.recipient.is_active]
    if not wanted:
        return 0
    keys = {draft.key for draft in wanted}
    before = set(  # by recipient too, so that the (recipient, key) constraint's index is used
        Notification.objects.filter(
            recipient_id__in={draft.recipient.pk for draft in wanted}, key__in=keys
        ).values_list("recipient_id", "key")
    )
    made = Notification.objects.bulk_create(
        [
            Notification(
                recipient=draft.recipient,
                kind=draft.kind,
                subject=draft.subject[:200],
                url=draft.url,
                key=draft.key,
                due_by=draft.due_by,
            )
            for draft in wanted
            if (draft.recipient.pk, draft.key) not in before
        ],
        ignore_conflicts=True,  # one made by another connection meanwhile is theirs
    )
    if settings.SAFEGUARDING_EMAIL_NOTIFICATIONS:
        _emails_enqueue_on_commit(
            {(draft.recipient.pk, draft.key) for draft in wanted if draft.recipient.email} - before
        )
    return len(made)


def _emails_enqueue_on_commit(wanted: set[tuple[int, str]]) -> None:
    if not wanted:
        return
    from childtrust.safeguarding.tasks import notification_email

    pks = [
        pk
        for pk, recipient_id, key in Notification.objects.filter(
            # By recipient too, so that the unique index (recipient, key) answers it.
            recipient_id__in={recipient for recipient, _ in wanted},
            key__in={key for _, key in wanted},
            emailed_at__isnull=True,
        ).values_list("pk", "recipient_id", "key")
        if (recipient_id, key) in wanted
    ]
    transaction.on_commit(lambda: [notification_email.enqueue(pk) for pk in pks])


def notification_email_send(*, notification_id: int) -> bool:
    """Emails one notification to its recipient, once (emailed_at): the worker's work. Returns
    whether it sent it. The email names no child, as the notification does."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.email:
            return False
        lines = [notification.subject, ""]
        if notification.due_by is not None:
            lines.append(f"To be seen by {date_time_text(notification.due_by)}.")
        lines.append(f"Sign in to childtrust to read it: {absolute_link(notification.url or '/')}")
        lines.append("")
        lines.append("This email names no child: the service shows the detail to those who may.")
        send_mail(
            subject=f"childtrust: {notification.subject}",
            message="\n".join(lines),
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


@transaction.atomic
def notification_mark_read(*, actor: User, notification: Notification) -> Notification:
    """The recipient marks it read (once; marking it again changes nothing), recorded in the
    audit log."""
    require(access.can_read_notification(actor, notification), to=MARK_READ)
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    if notification.read_at is not None:
        raise ValidationError({"notification": "This notification is already marked as read"})
    notification.read_at = timezone.now()
    notification.save(update_fields=["read_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=notification,
        details={"changed": ["read_at"], "kind": notification.kind},
    )
    return notification
