"""`childtrust import_spend YEAR FILE.csv --user USERNAME`: load a year's monthly spend, all or
nothing, on behalf of the person named (a finance officer or strategic lead), who the audit log
records as having loaded it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from childtrust.accounts.command_line import (
    add_user_argument,
    command_user,
    refused_as_command_error,
)
from childtrust.core.management.loading import csv_file_at, load_reported
from childtrust.resources.budget_rules import spend_missing_columns
from childtrust.resources.selectors.budget import financial_year_with_label
from childtrust.resources.services.spend import monthly_spend_import


class Command(BaseCommand):
    help = (
        "Load monthly spend for a financial year (such as 2026-27) from a finance system's CSV "
        "export with the columns Service (slug or name), Month (YYYY-MM) and Amount (pounds), "
        "and optionally Note. If any row is wrong, every bad line is listed and nothing is "
        "loaded. A month already recorded for a service is replaced by the file's figure. "
        "The person named by --user loads it, as if from the upload page."
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
        csv_file = csv_file_at(path)
        missing = spend_missing_columns(csv_file.rows[0].keys())
        if missing:
            raise CommandError(
                f"The file {path} has no column called {', '.join(missing)}: nothing was loaded. "
                "The first line must name the columns Service, Month and Amount."
            )
        with refused_as_command_error(actor):
            report = monthly_spend_import(
                actor=actor, year=year, rows=csv_file.rows, source_name=path.name
            )
        load_reported(self, report, file_name=path.name)
