"""`childtrust import_records --agency SLUG FILE.csv --user USERNAME`: load an agency's records of
children from a CSV file (children.record_rows says which columns and rows), on behalf of the
person named, whom the audit log records as having loaded it, as `import_spend` does.

Prints the report: the counts, then each rejected line and each data-quality warning. A file
refused whole (its header, its encoding, a line the CSV reader cannot read) fails the command
with a non-zero exit and loads nothing; rejected rows do not (the usable rows are loaded)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from childtrust.accounts.command_line import (
    add_user_argument,
    command_user,
    refused_as_command_error,
)
from childtrust.children.models import ImportStatus
from childtrust.children.models.records import ImportChannel
from childtrust.children.records_report import import_summary, rejection_rows, warning_rows
from childtrust.children.services.records_import import agency_records_import
from childtrust.core.management.import_progress import csv_stream_at
from childtrust.partnership.selectors.registry import agency_with_slug


class Command(BaseCommand):
    help = (
        "Load an agency's records of children from a CSV file with exactly the columns "
        "record_id, given_name, family_name, date_of_birth (YYYY-MM-DD), sex, address, postcode, "
        "nhs_number and upn. Unusable rows are rejected with their line and reason; a bad "
        "optional field is left blank with a warning; the rest is loaded. Loading the same file "
        "again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file to load.")
        parser.add_argument("--agency", required=True, help="The agency's slug.")
        add_user_argument(parser, who="a partnership administrator")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = command_user(options)
        agency = agency_with_slug(options["agency"])
        if agency is None:
            raise CommandError(f'There is no agency with the slug "{options["agency"]}".')
        path: Path = options["file"]
        stream, binary = csv_stream_at(path)
        with binary, refused_as_command_error(actor):
            job = agency_records_import(
                actor=actor,
                agency=agency,
                columns=stream.columns,
                rows=stream.rows,
                source_name=path.name,
                channel=ImportChannel.COMMAND_LINE,
            )
        if job.status == ImportStatus.FAILED:
            raise CommandError(import_summary(job))
        self.stdout.write(import_summary(job))
        for line, record_id, reason in rejection_rows(job):
            self.stdout.write(f"Rejected: line {line} (record_id {record_id!r}): {reason}")
        for line, record_id, name, reason in warning_rows(job):
            self.stdout.write(f"Warning: line {line} (record_id {record_id!r}), {name}: {reason}")
