"""Reads of accounts that other apps need: finding a person who signs in by their username (for
the command line, where someone names the person a command acts for)."""

from __future__ import annotations

from collections.abc import Iterable

from childtrust.accounts.models import User


def active_user_with_username(username: str) -> User | None:
    """The active account with this username, or None (deactivated accounts act for no one)."""
    return User.objects.filter(username=username, is_active=True).first()


def usernames_taken(usernames: Iterable[str]) -> list[str]:
    """Those of the usernames that an account already has, in order (the demo refuses to load
    over accounts with its usernames)."""
    return sorted(
        User.objects.filter(username__in=list(usernames)).values_list("username", flat=True)
    )
