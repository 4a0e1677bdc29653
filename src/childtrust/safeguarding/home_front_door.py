"""What of the front door needs a person, for the home page (core.home): referrals to screen
and decisions due today (the front door), clocks near breach or breached (the front door and
team managers, for the clocks they may see), and requests for information to answer (the
reader's agency)."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone

from childtrust.core.home import Need, NeedItem
from childtrust.core.permissions import PermissionHolder
from childtrust.safeguarding import access
from childtrust.safeguarding.models import ReferralStage
from childtrust.safeguarding.selectors.clocks import clocks_needing_attention
from childtrust.safeguarding.selectors.front_door import decisions_due_by

GROUP = "Front door and clocks"


def front_door_needs(user: PermissionHolder) -> Iterator[Need]:
    today = timezone.localdate()
    if access.can_run_front_door(user):
        referrals = access.referrals_visible_to(user)
        queue = reverse("safeguarding:front_door")
        yield NeedItem(
            referrals.filter(stage=ReferralStage.RECEIVED).count(),
            "referral to screen",
            "referrals to screen",
            f"{queue}?stage=received",
            GROUP,
        )
        yield NeedItem(
            decisions_due_by(referrals, today),
            "decision due today",
            "decisions due today",
            f"{queue}?due=today",
            GROUP,
        )
    if access.can_view_clocks(user):
        yield NeedItem(
            clocks_needing_attention(access.clocks_visible_to(user), today),
            "clock near breach or breached",
            "clocks near breach or breached",
            reverse("safeguarding:clocks"),
            GROUP,
        )
    if access.can_refer(user):
        yield NeedItem(
            access.information_requests_for(user).count(),
            "request for information to answer",
            "requests for information to answer",
            reverse("safeguarding:information_requests"),
            GROUP,
        )
