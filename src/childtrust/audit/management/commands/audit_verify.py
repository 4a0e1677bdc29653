from typing import Any

from django.core.management.base import BaseCommand, CommandError

from childtrust.audit.integrity import verify_chain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exits non-zero naming the first broken event."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        checked = report.events_checked
        if not report.ok:
            intact = {0: "No event before it is intact.", 1: "The event before it is intact."}
            raise CommandError(
                f"Audit chain broken at event #{report.first_broken_sequence}: {report.problem}. "
                + intact.get(checked, f"The {checked} events before it are intact.")
            )
        self.stdout.write(
            self.style.SUCCESS(f"Audit chain intact: {checked} event{'' if checked == 1 else 's'}.")
        )
