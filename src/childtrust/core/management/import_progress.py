"""What the import commands share beyond `loading`: opening a CSV file to stream it, and
saying how far a long import has gone (every few seconds, or each tenth of the file), so that
someone loading 200,000 rows sees it move instead of waiting in silence."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from django.core.management.base import CommandError

from childtrust.core.csv_files import CsvFileError
from childtrust.core.csv_stream import CsvStream, open_csv_stream

# Progress is printed at most this often, and at least at each tenth of the file.
PRINT_EVERY_SECONDS = 2.0


def csv_stream_at(path: Path, *, required: Iterable[str] = ()) -> tuple[CsvStream, IO[bytes]]:
    """The CSV file at `path`, opened to be streamed (the caller closes the file), or a
    CommandError saying why it cannot be loaded."""
    try:
        binary = path.open("rb")
    except FileNotFoundError:
        raise CommandError(f"There is no file at {path}.") from None
    except OSError as error:
        raise CommandError(f"The file {path} could not be read: {error.strerror}.") from None
    try:
        return open_csv_stream(binary, required=required), binary
    except CsvFileError as error:
        binary.close()
        raise CommandError(error.message_for(str(path))) from None


def progress_printer(
    stream: CsvStream, write: Callable[[str], None], *, clock: Callable[[], float] = time.monotonic
) -> Callable[[str, int], None]:
    """A progress callback for an import that prints "Checked 20,000 rows (10% of the file)"
    every few seconds and at each tenth of the file, and says when writing begins."""
    return _Printer(stream, write, clock).report


class _Printer:
    def __init__(
        self, stream: CsvStream, write: Callable[[str], None], clock: Callable[[], float]
    ) -> None:
        self.stream, self.write, self.clock = stream, write, clock
        self.started = self.last_at = clock()
        self.last_tenth = 0
        self.stage = "checking"

    def report(self, stage: str, rows: int) -> None:
        now = self.clock()
        elapsed = now - self.started
        if stage != self.stage:
            self.stage = stage
            self.write(f"Checked all {rows:,} rows in {elapsed:.1f} s; writing them.")
            return
        size = self.stream.size
        share = self.stream.bytes_read / size if size else 1.0
        tenth = int(share * 10)
        if now - self.last_at >= PRINT_EVERY_SECONDS or tenth > self.last_tenth:
            self.last_at, self.last_tenth = now, tenth
            self.write(f"Checked {rows:,} rows ({share:.0%} of the file) in {elapsed:.1f} s.")
