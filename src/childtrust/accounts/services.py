"""Writes about people who sign in: sign-in events, two-factor devices and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from childtrust.accounts.models import ApiToken, ApiTokenScope, User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record, audit_sign_in_failure_record


def sign_in_record(*, user: User) -> None:
    audit_record(actor=user, action=AuditAction.SIGN_IN, target=user)


def sign_in_failure_record(*, attempted_username: str, locked_out: bool) -> None:
    """Every failure is counted; a bounded number per lock-out window become events, so that a
    flood of them neither grows the audit chain without end nor queues every request on it."""
    audit_sign_in_failure_record(
        attempted_username=attempted_username,
        # A real account's failures are always recorded (their first from each address), so
        # that a flood of made-up usernames cannot hide an attack on one.
        known_account=User.objects.filter(username=attempted_username).exists(),
        locked_out=locked_out,
        window=settings.AXES_COOLOFF_TIME,
    )


def sign_out_record(*, user: User, timed_out: bool = False) -> None:
    audit_record(
        actor=user,
        action=AuditAction.SIGN_OUT,
        target=user,
        details={"timed_out": True} if timed_out else None,
    )


def two_factor_failure_record(*, user: User) -> None:
    audit_record(actor=user, action=AuditAction.TWO_FACTOR_FAILED, target=user)


def two_factor_requires_device(user: User) -> bool:
    return user.role in settings.TWO_FACTOR_REQUIRED_ROLES


def two_factor_verified(user: object) -> bool:
    """Whether this session's user gave a code (django-otp's middleware adds is_verified)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator for the user to scan; it replaces any earlier unconfirmed
    one."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice) -> TOTPDevice:
    """Called once the user has shown a valid code from the new device."""
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=user, action=AuditAction.TWO_FACTOR_SET_UP, target=user)
    return device


API_TOKEN_DEFAULT_DAYS = 90
API_TOKEN_MAX_DAYS = 365
# A busy partner system would otherwise turn every read into a write: the last-used time is
# kept to the minute.
API_TOKEN_LAST_USED_EVERY = timedelta(minutes=1)
TWO_FACTOR_FIRST_MESSAGE = (
    "The account {username} must use two-factor sign-in: set up its authenticator app (Your "
    "account, then Two-factor sign-in) before making an API token for it."
)


def _digest(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


def _api_token_checks(*, user: User, days: int) -> None:
    """A token is only as strong as the account behind it: for a role that must sign in with a
    second factor, the token would otherwise be a way round it."""
    if two_factor_requires_device(user) and not user_has_device(user, confirmed=True):
        raise PermissionDenied(TWO_FACTOR_FIRST_MESSAGE.format(username=user.get_username()))
    if not 1 <= days <= API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {"days": f"A token lasts from 1 to {API_TOKEN_MAX_DAYS} days. You asked for {days}."}
        )


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str = "",
    scope: ApiTokenScope = ApiTokenScope.READ,
    days: int = API_TOKEN_DEFAULT_DAYS,
) -> tuple[ApiToken, str]:
    """A token for the user, reading only unless asked to write, lasting `days` (at most a
    year). Returns the stored token and the raw value, which is shown once and never stored;
    the audit event names the scope and the expiry, never the token."""
    _api_token_checks(user=user, days=days)
    raw = settings.API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=raw[:10],
        digest=_digest(raw),
        scope=scope,
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit_record(
        actor=user,
        action=AuditAction.API_TOKEN_CREATED,
        target=token,
        object_repr=f"{token.name or 'API token'} ({user})",
        details={
            "name": token.name,
            "scope": token.scope,
            "expires_at": token.expires_at.isoformat(timespec="seconds"),
        },
    )
    return token, raw


def api_token_authenticate(raw_token: str) -> ApiToken | None:
    """The live token (not revoked, not expired, of an active user) with this value, or None:
    an expired token is refused as an unknown one is. So is the token of an account whose role
    must use two-factor sign-in but that has no confirmed authenticator (removed, or the role
    changed since the token was made): the rule checked when it was made holds for as long as
    it is used. Marks the token used, at most once a minute (API_TOKEN_LAST_USED_EVERY)."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            digest=_digest(raw_token),
            revoked_at__isnull=True,
            expires_at__gt=now,
            user__is_active=True,
        )
        .first()
    )
    if token is None:
        return None
    # One query more, and only for a role that must use two-factor sign-in.
    if two_factor_requires_device(token.user) and not user_has_device(token.user, confirmed=True):
        return None
    if token.last_used_at is None or now - token.last_used_at >= API_TOKEN_LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
