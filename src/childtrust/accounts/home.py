"""What of the accounts needs the signed-in person, for the home page (core.home): for those who
see the audit log's checks (administrators and auditors, who must act on the service's
security), the accounts locked out now and the active accounts without two-factor sign-in,
each linked to the account checks page (accounts.checks) that lists them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from childtrust.accounts.models import User
from childtrust.audit import access as audit_access
from childtrust.core.home import Need, NeedItem
from childtrust.core.permissions import PermissionHolder

ACCOUNTS = "Accounts and security"
LOCKED = "locked"
WITHOUT_TWO_FACTOR = "without-two-factor"


def can_view_account_checks(user: PermissionHolder | None) -> bool:
    """The accounts locked out and those without two-factor sign-in: whoever sees the audit
    log's checks (audit.access), the same people who must act on the service's security."""
    return audit_access.can_view_audit_checks(user)


@dataclass(frozen=True)
class LockedAccount:
    username: str
    since: datetime
    failures: int


def accounts_locked_out() -> list[LockedAccount]:
    """The usernames locked out now: as many wrong passwords in a row as the limit allows,
    within the lock-out time (django-axes' record, one row a username and address)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).order_by("-attempt_time")
    locked: dict[str, LockedAccount] = {}
    for attempt in attempts:
        name = attempt.username or ""
        if name not in locked:
            locked[name] = LockedAccount(name, attempt.attempt_time, attempt.failures_since_start)
    return list(locked.values())


def accounts_without_two_factor() -> QuerySet[User]:
    """Active accounts with no confirmed authenticator app, by name."""
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return (
        User.objects.filter(is_active=True)
        .exclude(Exists(confirmed))
        .order_by("last_name", "first_name", "username")
    )


def accounts_needs(user: PermissionHolder) -> Iterator[Need]:
    if not can_view_account_checks(user):
        return
    checks = reverse("accounts:account_checks")
    yield NeedItem(
        len(accounts_locked_out()),
        "account locked out",
        "accounts locked out",
        f"{checks}?show={LOCKED}",
        ACCOUNTS,
    )
    yield NeedItem(
        accounts_without_two_factor().count(),
        "account without two-factor sign-in",
        "accounts without two-factor sign-in",
        f"{checks}?show={WITHOUT_TWO_FACTOR}",
        ACCOUNTS,
    )
