"""`childtrust import_spend YEAR FILE.csv`: load a year's monthly spend, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from childtrust.core.csv_files import CsvFileError, read_csv_file
from childtrust.resources.budget_rules import spend_missing_columns
from childtrust.resources.selectors.budget import financial_year_with_label
from childtrust.resources.services.spend import monthly_spend_import_on_command_line


class Command(BaseCommand):
    help = (
        "Load monthly spend for a financial year (such as 2026-27) from a finance system's CSV "
        "export with the columns Service (slug or name), Month (YYYY-MM) and Amount (pounds), "
        "and optionally Note. If any row is wrong, every bad line is listed and nothing is "
        "loaded. A month already recorded for a service is replaced by the file's figure."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", help='The financial year, such as "2026-27".')
        parser.add_argument("file", type=Path, help="The CSV file to load.")

    def handle(self, *args: Any, **options: Any) -> None:
        label: str = options["year"]
        year = financial_year_with_label(label)
        if year is None:
            raise CommandError(f'There is no financial year "{label}": add it first.')
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"There is no file at {path}.") from None
        except OSError as error:
            raise CommandError(f"The file {path} could not be read: {error.strerror}.") from None
        try:
            csv_file = read_csv_file(data, required=())
        except CsvFileError as error:
            raise CommandError(error.message_for(str(path))) from None
        missing = spend_missing_columns(csv_file.rows[0].keys())
        if missing:
            raise CommandError(
                f"The file {path} has no column called {', '.join(missing)}: nothing was loaded. "
                "The first line must name the columns Service, Month and Amount."
            )
        report = monthly_spend_import_on_command_line(
            year=year, rows=csv_file.rows, source_name=path.name
        )
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(report.problems)} problem(s) in {path.name}: nothing was loaded. "
                "Correct the lines above and load the whole file again."
            )
        self.stdout.write(report.summary())
