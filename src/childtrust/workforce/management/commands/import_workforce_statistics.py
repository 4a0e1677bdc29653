"""`childtrust import_workforce_statistics FILE.csv --user USERNAME`: load the national children's
social work workforce statistics' open data file (`csww_indicators_*.csv`), all or nothing, on
behalf of the person named (a workforce manager who works across every partner), whom the audit
log records as having loaded it.

Progress goes to standard error; the summary and the published rates flagged (kept as
published: their counts give another figure) to standard output."""

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
from childtrust.workforce.services.statistics_import import workforce_statistics_load
from childtrust.workforce.statistics_csv import statistics_columns_problem


class Command(BaseCommand):
    help = (
        "Load the national children's social work workforce statistics from the Department for "
        "Education's open data file (csww_indicators_*.csv): one row per census year and area "
        "(National, Regional or Local authority). If any row is wrong, every bad line is "
        "listed and nothing is loaded. Published rates that differ from their counts by more "
        "than 0.1 are listed, and kept as published, flagged. Loading the same file again "
        "changes nothing. The person named by --user loads it, as if from the upload page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file to load.")
        add_user_argument(parser, who="a workforce manager who works across every partner")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = command_user(options)
        path: Path = options["file"]
        stream, binary = csv_stream_at(path)
        with binary:
            problem = statistics_columns_problem(str(path), stream.columns)
            if problem:
                raise CommandError(problem + ".")
            if stream.encoding != "UTF-8":
                self.stderr.write(
                    f"{path} is not UTF-8; it was read as {stream.encoding} "
                    "(as Excel saves it on Windows)."
                )
            with refused_as_command_error(actor):
                report = workforce_statistics_load(
                    actor=actor,
                    rows=stream.rows,
                    source_name=path.name,
                    progress=progress_printer(stream, self.stderr.write),
                )
        load_reported(self, report, file_name=path.name)
        for difference in report.differences:
            self.stdout.write(str(difference))
