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

from childtrust.accounts import access
from childtrust.accounts.models import ApiToken, ApiTokenScope, User
from childtrust.accounts.passwords import password_change_errors
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record, audit_sign_in_failure_record
from childtrust.core.permissions import require


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


# A person's own account: password, API tokens, two-factor sign-in ---------------------------


@transaction.atomic
def own_api_token_create(
    *,
    actor: User,
    name: str = "",
    scope: ApiTokenScope = ApiTokenScope.READ,
    days: int = API_TOKEN_DEFAULT_DAYS,
) -> tuple[ApiToken, str]:
    """A token the signed-in person makes for themselves, from their account page: only a role
    that may use the API, under the same rules as the command line's (api_token_create)."""
    require(access.can_create_api_token(actor), to="use the API")
    return api_token_create(user=actor, name=name, scope=scope, days=days)


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Ends a token at once (api_token_authenticate refuses it from now on). The token is kept,
    revoked, so that its audit trail still names it; revoking it again changes nothing."""
    require(access.can_revoke_api_token(actor, token), to="revoke this API token")
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=token,
        object_repr=f"{token.name or 'API token'} ({token.user})",
        details={"revoked_at": token.revoked_at.isoformat(timespec="seconds")},
    )
    return token


@transaction.atomic
def password_change(*, actor: User, user: User, current_password: str, new_password: str) -> User:
    """The holder changes their own password: the current one first, then a new one that
    passes every validator in AUTH_PASSWORD_VALIDATORS and differs from the current one. Every
    problem is reported at once. The caller keeps its own session signed in
    (update_session_auth_hash); every other session ends, since Django ties each to the
    password it was signed in with."""
    require(access.can_change_password(actor, user), to="change this account's password")
    errors = password_change_errors(
        user=user, current_password=current_password, new_password=new_password
    )
    if not current_password:
        errors.setdefault("current_password", []).append("Enter your current password")
    if not new_password:
        errors.setdefault("new_password", []).append("Enter a new password")
    if errors:
        raise ValidationError(errors)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    # What changed, never the password or its hash.
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=user, details={"changed": ["password"]}
    )
    return user


@transaction.atomic
def two_factor_reset(*, actor: User, user: User, password: str) -> User:
    """Takes off the account's authenticator app (a lost or replaced phone), once the holder has
    given their password, in a session that gave a code from it. A role that must use
    two-factor sign-in is then asked to set up a new one before anything else."""
    require(access.can_reset_two_factor(actor, user), to="reset two-factor sign-in")
    if not user.check_password(password):
        raise ValidationError({"password": "Your password is not right"})
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise ValidationError("Two-factor sign-in is not set up on this account.")
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        target=device,
        object_repr=f"Authenticator app ({user})",
        details={"removed": "authenticator app"},
    )
    TOTPDevice.objects.filter(user=user).delete()
    return user
