"""What the commands that load a CSV file share: reading the file with a plain reason when it
cannot be read, and reporting a load that is all or nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from django.core.management.base import BaseCommand, CommandError

from childtrust.core.csv_files import CsvFile, CsvFileError, read_csv_file


class LoadReport(Protocol):
    @property
    def ok(self) -> bool: ...

    @property
    def problems(self) -> Sequence[object]: ...

    @property
    def problem_count(self) -> int: ...

    def summary(self) -> str: ...


def csv_file_at(path: Path, *, required: Iterable[str] = ()) -> CsvFile:
    """The CSV file at `path`, or a CommandError saying why it cannot be loaded."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"There is no file at {path}.") from None
    except OSError as error:
        raise CommandError(f"The file {path} could not be read: {error.strerror}.") from None
    try:
        return read_csv_file(data, required=required)
    except CsvFileError as error:
        raise CommandError(error.message_for(str(path))) from None


def load_reported(command: BaseCommand, report: LoadReport, *, file_name: str) -> None:
    """Says what was loaded, or lists every bad line and fails: nothing was loaded."""
    if not report.ok:
        for problem in report.problems:
            command.stderr.write(str(problem))
        raise CommandError(
            f"{report.problem_count:,} problem(s) in {file_name}: nothing was loaded. "
            "Correct the lines above and load the whole file again."
        )
    command.stdout.write(report.summary())
