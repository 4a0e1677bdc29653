"""Reads of accounts that other apps need: finding a person who signs in by their username (for
the command line, where someone names the person a command acts for)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from childtrust.accounts.models import ApiToken, User
from childtrust.accounts.roles import ROLE_CAPABILITIES
from childtrust.core.permissions import Capability


def active_user_with_username(username: str) -> User | None:
    """The active account with this username, or None (deactivated accounts act for no one)."""
    return User.objects.filter(username=username, is_active=True).first()


def usernames_taken(usernames: Iterable[str]) -> list[str]:
    """Those of the usernames that an account already has, in order (the demo refuses to load
    over accounts with its usernames)."""
    return sorted(
        User.objects.filter(username__in=list(usernames)).values_list("username", flat=True)
    )


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's tokens that are not revoked, newest first, expired ones included (marked as
    such on the account page)."""
    return user.api_tokens.filter(revoked_at__isnull=True).order_by("-created_at", "-pk")


def api_token_of(user: User, token_id: int) -> ApiToken | None:
    """One of the user's own tokens, or None: someone else's token is as unknown as a token
    that does not exist."""
    return ApiToken.objects.filter(user=user, pk=token_id).select_related("user").first()


def active_users_with_capability(capability: Capability) -> QuerySet[User]:
    """The active accounts whose role holds the capability (those safeguarding tells of every
    alert: the front door), in username order."""
    roles = [role for role, held in ROLE_CAPABILITIES.items() if capability in held]
    return User.objects.filter(role__in=roles, is_active=True).order_by("username")
