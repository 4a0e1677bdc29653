"""What of the audit log needs the signed-in person, for the home page (core.home): for those
who see its checks (auditors and administrators), when the chain was last verified and whether
it held; a failed check, or none in the last two days, is something to act on."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from childtrust.audit import access
from childtrust.audit.selectors import audit_verification_latest
from childtrust.core.home import Figure, Need, NeedItem, day_words
from childtrust.core.permissions import PermissionHolder

AUDIT = "Accounts and security"
#: The check runs each night: one older than this means the worker has stopped checking.
CHECK_OVERDUE_AFTER = timedelta(days=2)


def audit_needs(user: PermissionHolder) -> Iterator[Need]:
    if not access.can_view_audit_checks(user):
        return
    checks = reverse("audit:verification_list")
    latest = audit_verification_latest()
    if latest is None:
        yield Figure("The audit chain's last check", "Never checked", "", checks)
        yield NeedItem(1, "", "", checks, AUDIT, text="The audit chain has never been checked")
        return
    when = timezone.localtime(latest.checked_at)
    yield Figure(
        "The audit chain's last check",
        "Held" if latest.ok else "Failed",
        f"{day_words(when.date())} at {when:%H:%M}, {latest.events_checked:,} events checked",
        checks,
    )
    yield NeedItem(
        int(not latest.ok),
        "failed check of the audit chain",
        "failed checks of the audit chain",
        checks,
        AUDIT,
        note=latest.problem,
    )
    yield NeedItem(
        int(latest.ok and timezone.now() - latest.checked_at > CHECK_OVERDUE_AFTER),
        "audit chain check overdue",
        "audit chain checks overdue",
        checks,
        AUDIT,
        note=f"The last was on {day_words(when.date())}; it runs each night.",
    )
