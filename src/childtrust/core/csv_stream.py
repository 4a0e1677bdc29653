"""Reading a large CSV file row by row, for the imports that must not hold a whole file in memory
(200,000 rows of indicator data is some 40 MB of text and, as dictionaries, ten times that).

The same rules as `core.csv_files.read_csv_file` decide which files are refused before any row
is read (not text, empty, no header, a required column missing, a header and no rows), but the
file is read twice from disk instead of into memory: once in raw blocks, to decide its encoding
and refuse a binary file, then as text through the csv module, one row at a time."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from childtrust.core.csv_files import ENCODINGS, SAVE_AS_UTF8, CsvFileError, missing_columns

_BLOCK = 1024 * 1024


class CsvReadError(Exception):
    """A row the csv module cannot read (a field longer than its limit, a broken quote): the
    rest of the file cannot be trusted, so reading stops there. `line` is the line it was on."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


@dataclass
class CsvStream:
    """The rows of a CSV file, read on demand. `bytes_read` says how far into the file reading
    has gone (for progress); `size` is the file's length in bytes."""

    binary: IO[bytes]
    encoding: str  # "UTF-8" or "Windows-1252", as a person would name it
    columns: list[str]
    size: int
    _rows: Iterator[dict[str, str]] = field(repr=False, default_factory=lambda: iter(()))

    @property
    def rows(self) -> Iterator[dict[str, str]]:
        return self._rows

    @property
    def bytes_read(self) -> int:
        try:
            return min(self.binary.tell(), self.size)
        except (OSError, ValueError):  # a closed file: it has all been read
            return self.size


def _encoding_of(binary: IO[bytes]) -> tuple[str, str, int]:
    """The codec and the encoding's name for people, and the file's size, from one pass over the
    file in blocks. Refuses a file with a NUL byte (a workbook saved as .xlsx, say), a file that
    is neither UTF-8 nor Windows-1252, and a file with nothing but spaces and line breaks."""
    binary.seek(0)
    utf8 = codecs.getincrementaldecoder("utf-8-sig")()
    cp1252 = codecs.getincrementaldecoder("cp1252")()
    is_utf8, is_cp1252, has_text, size = True, True, False, 0
    while block := binary.read(_BLOCK):
        size += len(block)
        if b"\x00" in block:
            raise CsvFileError("is not a CSV file this can read", SAVE_AS_UTF8)
        has_text = has_text or bool(block.strip())
        is_utf8 = is_utf8 and _decodes(utf8, block)
        is_cp1252 = is_cp1252 and _decodes(cp1252, block)
    is_utf8 = is_utf8 and _decodes(utf8, b"", final=True)
    if not has_text:
        raise CsvFileError("is empty")
    for (codec, name), decodes in zip(ENCODINGS, (is_utf8, is_cp1252), strict=True):
        if decodes:
            return codec, name, size
    raise CsvFileError("is not text this can read", SAVE_AS_UTF8)


def _decodes(decoder: codecs.IncrementalDecoder, block: bytes, *, final: bool = False) -> bool:
    try:
        decoder.decode(block, final=final)
    except UnicodeDecodeError:
        return False
    return True


def open_csv_stream(binary: IO[bytes], *, required: Iterable[str] = ()) -> CsvStream:
    """The file's rows, each a mapping from column name to text, read as they are asked for.
    Raises CsvFileError, with the reason, for a file that cannot be loaded at all. A row that
    cannot be read later raises CsvReadError from the iteration."""
    codec, name, size = _encoding_of(binary)
    binary.seek(0)
    # Windows-1252 is one byte per character, so reading cp1252 text never needs more than a
    # block; newline="" lets the csv module see line breaks inside quoted cells.
    buffered = io.BufferedReader(_Unclosing(binary), buffer_size=_BLOCK)
    text = io.TextIOWrapper(buffered, encoding=codec, newline="")
    reader = csv.DictReader(text)
    try:
        columns = list(reader.fieldnames or [])
        missing = missing_columns(columns, required)
        if missing:
            raise CsvFileError(
                f"has no column called {', '.join(missing)}",
                "The first line must name the columns.",
            )
        first = next(reader, None)
    except csv.Error as error:
        raise CsvFileError(f"is not a CSV file this can read ({error})", SAVE_AS_UTF8) from None
    if first is None:
        raise CsvFileError("has a header but no rows of data")
    stream = CsvStream(binary=binary, encoding=name, columns=columns, size=size)
    stream._rows = _rows_of(reader, first)
    return stream


def _rows_of(reader: csv.DictReader[str], first: dict[str, str]) -> Iterator[dict[str, str]]:
    rows = itertools.chain([first], reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as error:
            reason = f"this line cannot be read as CSV ({error})"
            raise CsvReadError(reader.line_num, reason) from None
        yield row


class _Unclosing(io.RawIOBase):
    """The caller's file, seen through a text wrapper that must not close it when it is dropped
    (an uploaded file is deleted by Django, a stored one by the import)."""

    def __init__(self, binary: IO[bytes]) -> None:
        super().__init__()
        self._binary = binary

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._binary.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        pass
