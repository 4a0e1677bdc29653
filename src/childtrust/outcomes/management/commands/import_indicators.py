"""`childtrust import_indicators FILE.csv --user USERNAME [--local]`: load indicator data, all or
nothing, on behalf of the person named.

The person is named so that the audit log says who loaded the data, and so that the command
refuses whoever the upload page would refuse: loading indicator data changes what the whole
partnership is judged by, from the command line as much as from the page.

The file is streamed, not read whole, and no write transaction is held while it is checked
(services.uploads): the service keeps working while a large file loads. Progress goes to
standard error every few seconds; the summary to standard output."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from childtrust.accounts.command_line import (
    add_user_argument,
    command_user,
    refused_as_command_error,
)
from childtrust.core.management.import_progress import csv_stream_at, progress_printer
from childtrust.core.management.loading import load_reported
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
        "nothing is loaded. Only data points whose figures differ are changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file to load.")
        add_user_argument(parser, who="a strategic lead or partnership administrator")
        parser.add_argument(
            "--local",
            action="store_true",
            help=(
                "The partnership's own data, with columns indicator, area_code, area_name, "
                "area_type, period, count, denominator, and optionally period_years (the years "
                "each period covers, 1 to 10)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = command_user(options)
        path: Path = options["file"]
        required = LOCAL_REQUIRED_COLUMNS if options["local"] else FINGERTIPS_REQUIRED_COLUMNS
        stream, binary = csv_stream_at(path, required=required)
        with binary:
            if stream.encoding != "UTF-8":
                self.stderr.write(
                    f"{path} is not UTF-8; it was read as {stream.encoding} "
                    "(as Excel saves it on Windows)."
                )
            load = local_counts_import if options["local"] else indicator_data_import
            started = time.monotonic()
            with refused_as_command_error(actor):
                report = load(
                    actor=actor,
                    rows=stream.rows,
                    source_name=path.name,
                    progress=progress_printer(stream, self.stderr.write),
                )
        load_reported(self, report, file_name=path.name)
        self.stderr.write(f"Done in {time.monotonic() - started:.1f} s.")
