"""What of the Teams Around Children needs the person, for the home page (core.home): their own
actions due this week and overdue, and, for a lead professional, the reviews due within the
week or past, each linked to their teams."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone

from childtrust.core.home import Need, NeedItem
from childtrust.core.permissions import PermissionHolder
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.safeguarding import access
from childtrust.safeguarding.selectors.team_around_child import action_counts, reviews_due_count

GROUP = "Teams around children"


def team_needs(user: PermissionHolder) -> Iterator[Need]:
    if not access.can_view_own_teams(user):
        return
    staff = staff_record_of(user)
    if staff is None:
        return
    today = timezone.localdate()
    url = reverse("safeguarding:teams")
    due_week, overdue = action_counts(staff, today)
    yield NeedItem(overdue, "action overdue", "actions overdue", url, GROUP)
    yield NeedItem(due_week, "action due this week", "actions due this week", url, GROUP)
    yield NeedItem(reviews_due_count(staff, today), "review due", "reviews due", url, GROUP)
