"""`childtrust import_spend YEAR FILE.csv --user USERNAME`: load a year's monthly spend, all or
nothing, on behalf of the person named (a finance officer or strategic lead), who the audit log
records as having loaded it.

The file is streamed, not read whole, and no write transaction is held while it is checked
(services.spend): the service keeps working while it loads. Progress goes to standard error;
the summary to standard output."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from childtrust.accounts.command_line import (
    add_user_argument,
    command_user,
    refused_as_command_error,
)
from childtrust.core.management.import_progress import csv_stream_at, progress_printer
from childtrust.core.management.loading import load_reported
from childtrust.resources.budget_rules import spend_columns_problem
from childtrust.resources.selectors.budget import financial_year_with_label
from childtrust.resources.services.spend import monthly_spend_import


class Command(BaseCommand):
    help = (
        "Load monthly spend for a financial year (such as 2026-27) from a finance system's CSV "
        "export with the columns Service (slug or name), Month (YYYY-MM) and Amount (pounds), "
        "and optionally Note. If any row is wrong, every bad line is listed and nothing is "
        "loaded. A month already recorded for a service is replaced by the file's figure; only "
        "figures that differ are changed. The person named by --user loads it, as if from the "
        "upload page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", help='The financial year, such as "2026-27".')
        parser.add_argument("file", type=Path, help="The CSV file to load.")
        add_user_argument(parser, who="a finance officer or strategic lead")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = command_user(options)
        label: str = options["year"]
        year = financial_year_with_label(label)
        if year is None:
            raise CommandError(f'There is no financial year "{label}": add it first.')
        path: Path = options["file"]
        stream, binary = csv_stream_at(path)
        with binary:
            problem = spend_columns_problem(str(path), stream.columns)
            if problem:
                raise CommandError(problem + ".")
            if stream.encoding != "UTF-8":
                self.stderr.write(
                    f"{path} is not UTF-8; it was read as {stream.encoding} "
                    "(as Excel saves it on Windows)."
                )
            with refused_as_command_error(actor):
                report = monthly_spend_import(
                    actor=actor,
                    year=year,
                    rows=stream.rows,
                    source_name=path.name,
                    progress=progress_printer(stream, self.stderr.write),
                )
        load_reported(self, report, file_name=path.name)
