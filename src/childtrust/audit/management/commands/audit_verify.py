from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from childtrust.audit.integrity import verify_chain
from childtrust.audit.services import audit_verification_store


class Command(BaseCommand):
    help = (
        "Verify the audit log's keyed hash chain against the signed checkpoints written outside "
        "the database; exits non-zero naming the first broken event, or saying the log was cut "
        "short or wiped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoint-file",
            type=Path,
            default=None,
            help=(
                "The checkpoints to compare with (default "
                f"{settings.AUDIT_CHECKPOINT_FILE}); for a restored copy, those of the "
                "server it was taken from."
            ),
        )
        parser.add_argument(
            "--restored-backup",
            action="store_true",
            help=(
                "The database is a backup that may have been taken before the latest "
                "checkpoint: a log that ends before it is accepted, as long as every checkpoint "
                "it reaches matches."
            ),
        )
        parser.add_argument(
            "--record",
            action="store_true",
            help="Keep the result for administrators and auditors to see, as the worker does.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain(
            checkpoint_file=options["checkpoint_file"],
            behind_checkpoint_allowed=options["restored_backup"],
        )
        if options["record"]:
            audit_verification_store(report=report)
        checked = report.events_checked
        if not report.ok:
            intact = {0: "No event before it is intact.", 1: "The event before it is intact."}
            where = (
                f"at event #{report.first_broken_sequence}"
                if report.first_broken_sequence
                else "before any event was read"
            )
            raise CommandError(
                f"Audit chain broken {where}: {report.problem}. "
                + intact.get(checked, f"The {checked} events before it are intact.")
            )
        for note in report.notes:
            self.stderr.write(self.style.WARNING(note))
        checkpoint = report.checkpoint
        anchored = (
            f", matching the checkpoint of {checkpoint.time} (#{checkpoint.sequence})"
            if checkpoint and checkpoint.sequence <= checked
            else ""
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {checked} event{'' if checked == 1 else 's'}{anchored}."
            )
        )
