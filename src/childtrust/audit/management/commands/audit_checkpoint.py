from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from childtrust.audit.services import CheckpointRefusedError, audit_checkpoint_write


class Command(BaseCommand):
    help = (
        "Append a signed checkpoint of the audit chain's head to the checkpoint file outside "
        "the database (the worker writes one every 15 minutes)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoint-file",
            type=Path,
            default=None,
            help=f"The file to append to (default {settings.AUDIT_CHECKPOINT_FILE}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            checkpoint = audit_checkpoint_write(path=options["checkpoint_file"])
        except CheckpointRefusedError as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(
            self.style.SUCCESS(
                f"Checkpoint written: #{checkpoint.sequence}, {checkpoint.count} "
                f"event{'' if checkpoint.count == 1 else 's'}, at {checkpoint.time}."
            )
        )
