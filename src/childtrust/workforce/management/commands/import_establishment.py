"""`childtrust import_establishment FILE.csv --user USERNAME`: load the posts and their holders
from an agency's HR export, all or nothing, on behalf of the person named (a workforce manager;
one limited to an agency loads only that agency's rows), whom the audit log records as having
loaded it. `--as-user` is the same option by another name.

The file's columns are those of workforce/establishment_columns.py (the help lists them). The
file is streamed, and no write transaction is held while it is checked
(services/establishment_import.py). Progress goes to standard error every few seconds; the
summary to standard output; every bad line, and an exit status of 1, when nothing was loaded."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from childtrust.accounts.command_line import command_user, refused_as_command_error
from childtrust.core.management.import_progress import csv_stream_at, progress_printer
from childtrust.core.management.loading import load_reported
from childtrust.workforce.establishment_columns import COLUMNS, columns_problem
from childtrust.workforce.services.establishment_import import establishment_load


def _columns_help() -> str:
    return "; ".join(
        f"{column.name}{'' if column.required else ' (optional)'}: {column.meaning}"
        for column in COLUMNS
    )


class Command(BaseCommand):
    help = (
        "Load the establishment (posts, the staff and agency workers in them, and caseloads) "
        "from an agency's HR export: one row for each post holder and one for each post with no "
        "holder. If any row is wrong, every bad line is listed with its column and nothing is "
        "loaded. Posts are matched by agency and post_id, staff in posts by post, person and "
        "start date, agency workers by post, name and start date: loading the same file again "
        "changes nothing, and job descriptions are never changed. The person named by --user "
        f"loads it, as if from the upload page. Columns: {_columns_help()}"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file to load.")
        parser.add_argument(
            "--user",
            "--as-user",
            dest="user",
            required=True,
            metavar="USERNAME",
            help="Who is loading it: a workforce manager, recorded in the audit log as having "
            "loaded it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = command_user(options)
        path: Path = options["file"]
        stream, binary = csv_stream_at(path)
        with binary:
            problem = columns_problem(str(path), stream.columns)
            if problem:
                raise CommandError(problem + ".")
            if stream.encoding != "UTF-8":
                self.stderr.write(
                    f"{path} is not UTF-8; it was read as {stream.encoding} "
                    "(as Excel saves it on Windows)."
                )
            started = time.monotonic()
            printer = progress_printer(stream, self.stderr.write)

            def progress(stage: str, rows: int) -> None:
                if stage != "written":  # a background job's mark of its commit: no line here
                    printer(stage, rows)

            with refused_as_command_error(actor):
                report = establishment_load(
                    actor=actor, rows=stream.rows, source_name=path.name, progress=progress
                )
        load_reported(self, report, file_name=path.name)
        self.stderr.write(f"Done in {time.monotonic() - started:.1f} s.")
