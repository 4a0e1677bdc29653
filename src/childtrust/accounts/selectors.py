"""Reads of accounts that other apps need: finding a person who signs in by their username (for
the command line, where someone names the person a command acts for)."""

from __future__ import annotations

from childtrust.accounts.models import User


def active_user_with_username(username: str) -> User | None:
    """The active account with this username, or None (deactivated accounts act for no one)."""
    return User.objects.filter(username=username, is_active=True).first()
