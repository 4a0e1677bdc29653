"""What of the alerts needs the signed-in person, for their home page: the alerts they may
respond to that wait to be acknowledged, and those escalated to them."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from childtrust.core.home import Need, NeedItem
from childtrust.core.permissions import PermissionHolder
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.safeguarding import access
from childtrust.safeguarding.models import AlertStatus

GROUP = "Safeguarding"


def alert_needs(user: PermissionHolder) -> Iterable[Need]:
    if not access.can_view_alerts(user):
        return []
    waiting = access.alerts_to_respond_to(user).filter(status=AlertStatus.OPEN)
    to_acknowledge = waiting.count()
    url = reverse("safeguarding:alerts") + f"?status={AlertStatus.OPEN.value}"
    needs: list[Need] = [
        NeedItem(to_acknowledge, "alert to acknowledge", "alerts to acknowledge", url, GROUP)
    ]
    staff = staff_record_of(user)
    if staff is not None:
        escalated = waiting.filter(escalated_to=staff).count()
        needs.append(
            NeedItem(
                escalated,
                "alert escalated to you",
                "alerts escalated to you",
                url,
                GROUP,
                note="Not acknowledged in time by those it was raised to.",
            )
        )
    return needs
