"""`childtrust import_indicators FILE.csv [--local]`: load indicator data, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from childtrust.core.csv_files import CsvFileError, read_csv_file
from childtrust.outcomes.services import (
    FINGERTIPS_REQUIRED_COLUMNS,
    LOCAL_REQUIRED_COLUMNS,
    indicator_data_import,
    local_counts_import,
)


class Command(BaseCommand):
    help = (
        "Load indicator data from a CSV file in the public health profiles' export layout "
        "(Fingertips), or with --local the partnership's own counts and denominators. If any "
        "row is wrong, every bad line is listed and nothing is loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file to load.")
        parser.add_argument(
            "--local",
            action="store_true",
            help=(
                "The partnership's own data, with columns indicator, area_code, area_name, "
                "area_type, period, count, denominator."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"There is no file at {path}.") from None
        except OSError as error:
            raise CommandError(f"The file {path} could not be read: {error.strerror}.") from None
        required = LOCAL_REQUIRED_COLUMNS if options["local"] else FINGERTIPS_REQUIRED_COLUMNS
        try:
            csv_file = read_csv_file(data, required=required)
        except CsvFileError as error:
            raise CommandError(error.message_for(str(path))) from None
        if csv_file.encoding != "UTF-8":
            self.stderr.write(
                f"{path} is not UTF-8; it was read as {csv_file.encoding} "
                "(as Excel saves it on Windows)."
            )
        service = local_counts_import if options["local"] else indicator_data_import
        report = service(actor=None, rows=csv_file.rows, source_name=path.name)
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(report.problems)} problem(s) in {path.name}: nothing was loaded. "
                "Correct the lines above and load the whole file again."
            )
        self.stdout.write(report.summary())
