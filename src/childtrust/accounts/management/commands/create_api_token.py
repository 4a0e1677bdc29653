from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from childtrust.accounts.models import ApiTokenScope
from childtrust.accounts.selectors import active_user_with_username
from childtrust.accounts.services import (
    API_TOKEN_DEFAULT_DAYS,
    API_TOKEN_MAX_DAYS,
    api_token_create,
)

SCOPES = {"read": ApiTokenScope.READ, "read-write": ApiTokenScope.READ_WRITE}


class Command(BaseCommand):
    help = (
        "Create an API token for USERNAME and print it (it is shown only this once). It reads "
        "only unless given --scope read-write, and lasts --days days."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for, e.g. 'school MIS'.")
        parser.add_argument(
            "--scope",
            choices=sorted(SCOPES),
            default="read",
            help="read (the default) or read-write: whether the token may change anything.",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=API_TOKEN_DEFAULT_DAYS,
            help=(
                f"How long the token lasts, in days: {API_TOKEN_DEFAULT_DAYS} unless given, "
                f"at most {API_TOKEN_MAX_DAYS}."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = active_user_with_username(options["username"])
        if user is None:
            raise CommandError(f"No active user is called {options['username']!r}.")
        try:
            token, raw = api_token_create(
                user=user,
                name=options["name"],
                scope=SCOPES[options["scope"]],
                days=options["days"],
            )
        except PermissionDenied as refusal:
            raise CommandError(str(refusal)) from None
        except ValidationError as refusal:
            raise CommandError(" ".join(refusal.messages)) from None
        # The token alone on standard output, so that a script can take it; what it may do and
        # when it ends on standard error, for the person running the command.
        self.stdout.write(raw)
        expires = timezone.localtime(token.expires_at)
        self.stderr.write(f"{token.get_scope_display()}, expires {expires:%-d %B %Y at %H:%M}.")
