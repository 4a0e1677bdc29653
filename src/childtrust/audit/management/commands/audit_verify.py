from typing import Any

from django.core.management.base import BaseCommand, CommandError

from childtrust.audit.integrity import verify_chain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exits non-zero naming the first broken event."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at event #{report.first_broken_sequence}: {report.problem}. "
                f"{report.events_checked} events before it are intact."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Audit chain intact: {report.events_checked} events.")
        )
