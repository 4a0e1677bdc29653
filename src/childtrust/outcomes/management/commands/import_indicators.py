"""`childtrust import_indicators FILE.csv [--local]`: load indicator data, all or nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from childtrust.outcomes.services import (
    FINGERTIPS_REQUIRED_COLUMNS,
    LOCAL_REQUIRED_COLUMNS,
    indicator_data_import,
    local_counts_import,
    missing_columns,
)


def read_csv_text(path: Path) -> tuple[str, str]:
    """The file's text and the encoding it was read in: UTF-8 (with or without the mark Excel
    puts at the start), else Windows-1252, the other encoding spreadsheets save in."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"There is no file at {path}.") from None
    except OSError as error:
        raise CommandError(f"The file {path} could not be read: {error.strerror}.") from None
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise CommandError(
            f"The file {path} is not text this can read: save it from the spreadsheet as "
            '"CSV UTF-8 (comma delimited)" and try again.'
        ) from None


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
        text, encoding = read_csv_text(path)
        if not text.strip():
            raise CommandError(f"The file {path} is empty: nothing was loaded.")
        if encoding != "UTF-8":
            self.stderr.write(
                f"{path} is not UTF-8; it was read as {encoding} (as Excel saves it on Windows)."
            )
        reader = csv.DictReader(io.StringIO(text, newline=""))
        required = LOCAL_REQUIRED_COLUMNS if options["local"] else FINGERTIPS_REQUIRED_COLUMNS
        missing = missing_columns(reader.fieldnames or [], required)
        if missing:
            raise CommandError(
                f"The file {path.name} has no column called {', '.join(missing)}: nothing was "
                "loaded. The first line must name the columns."
            )
        rows = list(reader)
        if not rows:
            raise CommandError(
                f"The file {path} has a header but no rows of data: nothing was loaded."
            )
        service = local_counts_import if options["local"] else indicator_data_import
        report = service(actor=None, rows=rows, source_name=path.name)
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(report.problems)} problem(s) in {path.name}: nothing was loaded. "
                "Correct the lines above and load the whole file again."
            )
        self.stdout.write(report.summary())
