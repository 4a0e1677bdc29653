from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from childtrust.accounts.demo import DEMO_USERNAMES
from childtrust.accounts.models import User


class Command(BaseCommand):
    help = "List the demo partnership's sign-in accounts and their password. Demo mode only."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO:
            raise CommandError(
                "Demo accounts exist only in demo mode (set CHILDTRUST_DEMO=1, as `make demo` "
                "does)."
            )
        users = {
            user.username: user
            for user in User.objects.filter(username__in=DEMO_USERNAMES).select_related(
                "staff_member__agency"
            )
        }
        if not users:
            self.stdout.write("There are no demo accounts: `childtrust load_demo` creates them.")
            return
        rows = [("Username", "Role", "Password", "Signs in as")]
        rows += [
            (
                username,
                users[username].get_role_display(),
                settings.DEMO_PASSWORD,
                _who(users[username]),
            )
            for username in DEMO_USERNAMES
            if username in users
        ]
        widths = [max(len(row[column]) for row in rows) for column in range(4)]
        self.stdout.write("Demo sign-in accounts:\n")
        for index, row in enumerate(rows):
            self.stdout.write(
                "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
            if index == 0:
                self.stdout.write("  ".join("-" * width for width in widths))


def _who(user: User) -> str:
    member = getattr(user, "staff_member", None)
    if member is None:
        return user.get_full_name()
    return (
        f"{member.full_name}, {member.job_title} ({member.agency.short_name or member.agency.name})"
    )
