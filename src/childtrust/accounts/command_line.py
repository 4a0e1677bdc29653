"""Commands that act for a person name them with --user: the audit log then says who made the
change, and the command refuses whoever the page would refuse (the service checks the person,
as it does for a page)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError, CommandParser

from childtrust.accounts.models import User
from childtrust.accounts.selectors import active_user_with_username


def add_user_argument(parser: CommandParser, *, who: str) -> None:
    parser.add_argument(
        "--user",
        required=True,
        metavar="USERNAME",
        help=f"Who is making the change: {who}, recorded in the audit log as having made it.",
    )


def command_user(options: dict[str, Any]) -> User:
    """The active account named by --user, or a CommandError."""
    username: str = options["user"]
    user = active_user_with_username(username)
    if user is None:
        raise CommandError(f"No active user is called {username!r}.")
    return user


@contextmanager
def refused_as_command_error(user: User) -> Iterator[None]:
    """A service's refusal, said of the person named, as the command's error."""
    try:
        yield
    except PermissionDenied as refusal:
        raise CommandError(f"{user.get_username()}: {refusal}") from None
