"""CSV files in and out.

Reading a CSV file as a spreadsheet saves it, for every upload page and import command (the
outcomes' indicator data, the budget's monthly spend): one place decides which encodings are
read and when a file is refused before any row is checked. Writing one for a download: one place
adds the mark spreadsheets need to read "£" and accents, and keeps any cell from being run as a
formula (CSV injection)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import overload

from django.http import HttpResponse

# UTF-8 (with or without the mark Excel puts at the start), else Windows-1252, the other
# encoding spreadsheets save CSV files in on Windows.
ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"))
SAVE_AS_UTF8 = 'Save it from the spreadsheet as "CSV UTF-8 (comma delimited)" and try again.'


class CsvFileError(Exception):
    """Why a whole file cannot be loaded, as the end of a sentence about it ("is empty")."""

    def __init__(self, problem: str, advice: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.advice = advice

    def message_for(self, name: str) -> str:
        message = f"The file {name} {self.problem}: nothing was loaded."
        return f"{message} {self.advice}" if self.advice else message


@dataclass(frozen=True)
class CsvFile:
    rows: list[dict[str, str]]
    encoding: str  # "UTF-8" or "Windows-1252", as a person would name it


def missing_columns(columns: Iterable[str], required: Iterable[str]) -> list[str]:
    """The required columns the header lacks, in the order required (names are trimmed)."""
    present = {column.strip() for column in columns if column}
    return [column for column in required if column not in present]


def decode_csv_bytes(data: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was read in. A NUL byte means a binary file (a
    workbook saved as .xlsx, say) that would otherwise decode as Windows-1252 nonsense."""
    if b"\x00" in data:
        raise CsvFileError("is not a CSV file this can read", SAVE_AS_UTF8)
    for codec, name in ENCODINGS:
        try:
            return data.decode(codec), name
        except UnicodeDecodeError:
            continue
    raise CsvFileError("is not text this can read", SAVE_AS_UTF8)


def read_csv_file(data: bytes, *, required: Iterable[str]) -> CsvFile:
    """The rows of a CSV file, each a mapping from column name to text. Refuses, with a reason, a
    file that is not text, is empty, lacks one of the required columns or has no rows."""
    text, encoding = decode_csv_bytes(data)
    if not text.strip():
        raise CsvFileError("is empty")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        missing = missing_columns(reader.fieldnames or [], required)
        if missing:
            raise CsvFileError(
                f"has no column called {', '.join(missing)}",
                "The first line must name the columns.",
            )
        rows = list(reader)
    except csv.Error as error:
        raise CsvFileError(f"is not a CSV file this can read ({error})", SAVE_AS_UTF8) from None
    if not rows:
        raise CsvFileError("has a header but no rows of data")
    return CsvFile(rows=rows, encoding=encoding)


# A spreadsheet runs a cell starting with one of these as a formula, even after spaces, tabs or
# line breaks, which it skips (OWASP's rule for CSV injection). A number such as "-1,200" or
# "+3.5%" starts with a sign too, but is read as a number, so it is left as it is.
_FORMULA_STARTS = ("=", "+", "-", "@")
_SKIPPED_BEFORE_A_FORMULA = " \t\r\n\v\f"
_NUMBER = re.compile(r"[+-]?£?[\d,]*\.?\d+(?:[eE][+-]?\d+)?%?")


def _could_run_as_formula(text: str) -> bool:
    if text[:1] in ("\t", "\r", "\n"):
        return True  # OWASP: a leading tab or line break is quoted whatever follows
    starts_a_formula = text.lstrip(_SKIPPED_BEFORE_A_FORMULA)[:1] in _FORMULA_STARTS
    return starts_a_formula and not _NUMBER.fullmatch(text)


@overload
def spreadsheet_safe(value: str) -> str: ...
@overload
def spreadsheet_safe(value: object) -> object: ...
def spreadsheet_safe(value: object) -> object:
    """A text cell a spreadsheet will not run as a formula: quoted with a leading apostrophe."""
    if isinstance(value, str) and _could_run_as_formula(value):
        return f"'{value}"
    return value


def csv_download(rows: Iterable[Sequence[object]], filename: str) -> HttpResponse:
    """A CSV attachment of the rows, every text cell made spreadsheet-safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # the byte order mark: spreadsheets then read "£" and accents right
    csv.writer(response).writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return response
