"""A person's notifications, for their list and their home page: unread first, the soonest due
first among them."""

from __future__ import annotations

from django.db.models import F, QuerySet

from childtrust.safeguarding.models import Notification


def notifications_of(user_id: int) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user_id).order_by(
        F("read_at").asc(nulls_first=True),
        F("due_by").asc(nulls_last=True),
        "-created_at",
        "-pk",
    )


def unread_notifications_of(user_id: int) -> QuerySet[Notification]:
    return notifications_of(user_id).filter(read_at__isnull=True)


def notification_of(user_id: int, pk: int) -> Notification | None:
    return Notification.objects.filter(recipient_id=user_id, pk=pk).first()
