"""Writes about people who sign in: sign-in events, two-factor devices and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from childtrust.accounts.models import ApiToken, User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record


def sign_in_record(*, user: User) -> None:
    audit_record(actor=user, action=AuditAction.SIGN_IN, target=user)


def sign_in_failure_record(*, attempted_username: str, locked_out: bool) -> None:
    audit_record(
        actor=None,
        action=AuditAction.SIGN_IN_LOCKED_OUT if locked_out else AuditAction.SIGN_IN_FAILED,
        object_type="accounts.user",
        object_repr=attempted_username[:150],
        details={"attempted_username": attempted_username[:150]},
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


def _digest(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Returns the stored token and the raw value, which is shown once and never stored."""
    raw = settings.API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=raw[:10], digest=_digest(raw)
    )
    audit_record(actor=user, action=AuditAction.API_TOKEN_CREATED, target=token)
    return token, raw


def api_token_authenticate(raw_token: str) -> User | None:
    """The active user a token belongs to, or None. Marks the token used (at most each minute,
    so that busy partner systems do not turn every read into a write)."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(raw_token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
