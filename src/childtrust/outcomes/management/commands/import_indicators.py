"""`childtrust import_indicators FILE.csv --user USERNAME [--local]`: load indicator data, all or
nothing, on behalf of the person named.

The person is named so that the audit log says who loaded the data, and so that the command
refuses whoever the upload page would refuse: loading indicator data changes what the whole
partnership is judged by, from the command line as much as from the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from childtrust.accounts.selectors import active_user_with_username
from childtrust.core.csv_files import CsvFileError, read_csv_file
from childtrust.outcomes.indicator_files import (
    FINGERTIPS_REQUIRED_COLUMNS,
    LOCAL_REQUIRED_COLUMNS,
)
from childtrust.outcomes.services.uploads import indicator_data_import, local_counts_import


class Command(BaseCommand):
    help = (
        "Load indicator data from a CSV file in the public health profiles' export layout "
        "(Fingertips), or with --local the partnership's own counts and denominators, on behalf "
        "of the person named by --user. If any row is wrong, every bad line is listed and "
        "nothing is loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file to load.")
        parser.add_argument(
            "--user",
            required=True,
            metavar="USERNAME",
            help=(
                "Who is loading the file: a strategic lead or partnership administrator, "
                "recorded in the audit log as having loaded it."
            ),
        )
        parser.add_argument(
            "--local",
            action="store_true",
            help=(
                "The partnership's own data, with columns indicator, area_code, area_name, "
                "area_type, period, count, denominator."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["user"]
        actor = active_user_with_username(username)
        if actor is None:
            raise CommandError(f"No active user is called {username!r}.")
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
        load = local_counts_import if options["local"] else indicator_data_import
        try:
            report = load(actor=actor, rows=csv_file.rows, source_name=path.name)
        except PermissionDenied as refusal:
            # The service's own sentence, said of the person named.
            raise CommandError(f"{username}: {refusal}") from None
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(report.problems)} problem(s) in {path.name}: nothing was loaded. "
                "Correct the lines above and load the whole file again."
            )
        self.stdout.write(report.summary())
