"""What of safeguarding's notifications needs the person, for the home page (core.home): how
many they have not read, with the soonest due; and, for partnership administrators, the schools
that police notifications of domestic abuse cannot reach (no designated safeguarding lead)."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from childtrust.core.dates import date_time_text
from childtrust.core.home import Need, NeedItem
from childtrust.core.permissions import PermissionHolder
from childtrust.safeguarding import access
from childtrust.safeguarding.selectors.concerns import schools_without_lead_count
from childtrust.safeguarding.selectors.notifications import unread_notifications_of

GROUP = "Safeguarding"


def notification_needs(user: PermissionHolder) -> Iterator[Need]:
    user_id = getattr(user, "pk", None)
    if access.can_have_notifications(user) and user_id is not None:
        unread = unread_notifications_of(user_id)
        count = unread.count()
        soonest = unread.filter(due_by__isnull=False).order_by("due_by").first()
        yield NeedItem(
            count,
            "notification to read",
            "notifications to read",
            reverse("safeguarding:notifications"),
            GROUP,
            note=f"The soonest is to be seen by {date_time_text(soonest.due_by)}."
            if soonest is not None and soonest.due_by is not None
            else "",
        )
    if access.can_set_designated_leads(user):
        yield NeedItem(
            schools_without_lead_count(),
            "school without a designated safeguarding lead",
            "schools without a designated safeguarding lead",
            reverse("safeguarding:designated_leads"),
            GROUP,
        )
