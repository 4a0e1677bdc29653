"""Who may use what accounts give: the API, with a person's own token, and their own account's
settings (password, API tokens, two-factor sign-in)."""

from __future__ import annotations

from childtrust.accounts.models import ApiToken, User
from childtrust.core.permissions import Capability, PermissionHolder, has_capability


def can_use_api(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.USE_API)


def _is_own_active_account(actor: PermissionHolder | None, user: User) -> bool:
    """Settings of an account are changed by its holder only: an administrator who needs to
    act on someone else's account does so in the administration site, where it is audited as
    theirs."""
    return (
        actor is not None
        and actor.is_authenticated
        and isinstance(actor, User)
        and actor.is_active
        and actor.pk == user.pk
    )


def can_change_password(actor: PermissionHolder | None, user: User) -> bool:
    return _is_own_active_account(actor, user)


def can_create_api_token(actor: PermissionHolder | None) -> bool:
    """A token is a way into the API: only for a role that may use the API."""
    return can_use_api(actor)


def can_revoke_api_token(actor: PermissionHolder | None, token: ApiToken) -> bool:
    """One's own tokens, whatever the role: a person whose role no longer has the API can
    still end a token they made."""
    return _is_own_active_account(actor, token.user)


def can_reset_two_factor(actor: PermissionHolder | None, user: User) -> bool:
    """Only in a session that gave a code from the authenticator being removed: otherwise a
    password alone would be enough to take two-factor sign-in off (django-otp's middleware
    gives the signed-in user `is_verified`)."""
    is_verified = getattr(actor, "is_verified", None)
    return _is_own_active_account(actor, user) and bool(is_verified and is_verified())
