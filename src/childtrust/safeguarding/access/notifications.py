"""Who reads and marks a notification: its recipient alone. A notification names no child (its
subject uses the reference), and the page it links to decides what its reader sees."""

from __future__ import annotations

from childtrust.core.permissions import PermissionHolder
from childtrust.safeguarding.models import Notification


def can_read_notification(user: PermissionHolder | None, notification: Notification) -> bool:
    user_id = getattr(user, "pk", None)
    return user_id is not None and notification.recipient_id == user_id


def can_have_notifications(user: PermissionHolder | None) -> bool:
    """Anyone signed in may have notifications (the list shows only their own)."""
    return bool(getattr(user, "is_authenticated", False))
