"""The one CSV reader every upload page and import command uses (outcomes' indicator data, the
budget's monthly spend): which encodings it reads, and which whole files it refuses, and why; and
the one CSV writer every download uses."""

from __future__ import annotations

import csv
import io

import pytest

from childtrust.core.csv_files import (
    CsvFileError,
    csv_download,
    decode_csv_bytes,
    missing_columns,
    read_csv_file,
    spreadsheet_safe,
)


def test_a_utf8_file_gives_its_rows_by_column_name() -> None:
    csv_file = read_csv_file(b"Service,Amount\nfamily-hubs,12\nyouth-clubs,3\n", required=())
    assert csv_file.rows == [
        {"Service": "family-hubs", "Amount": "12"},
        {"Service": "youth-clubs", "Amount": "3"},
    ]
    assert csv_file.encoding == "UTF-8"


def test_the_byte_order_mark_excel_writes_is_not_part_of_the_first_column() -> None:
    csv_file = read_csv_file("Service,Amount\nfamily-hubs,12\n".encode("utf-8-sig"), required=())
    assert list(csv_file.rows[0]) == ["Service", "Amount"]
    assert csv_file.encoding == "UTF-8"


def test_a_windows_1252_file_is_read_and_its_encoding_named() -> None:
    data = "Service,Note\nfamily-hubs,Hendon \u2013 north\n".encode("cp1252")
    csv_file = read_csv_file(data, required=("Service",))
    assert csv_file.rows[0]["Note"] == "Hendon \u2013 north"
    assert csv_file.encoding == "Windows-1252"


def test_a_binary_file_is_refused_before_it_is_decoded() -> None:
    with pytest.raises(CsvFileError) as refused:
        decode_csv_bytes(b"PK\x03\x04\x00\x00workbook")
    assert refused.value.problem == "is not a CSV file this can read"
    assert "CSV UTF-8" in refused.value.advice


def test_text_that_is_neither_utf8_nor_windows_1252_is_refused() -> None:
    # 0x81 is a byte Windows-1252 leaves undefined, and alone it is not UTF-8.
    with pytest.raises(CsvFileError) as refused:
        read_csv_file(b"Service\n\x81\n", required=())
    assert refused.value.problem == "is not text this can read"


@pytest.mark.parametrize("data", [b"", b"  \n\n"])
def test_an_empty_file_is_refused(data: bytes) -> None:
    with pytest.raises(CsvFileError) as refused:
        read_csv_file(data, required=())
    assert refused.value.message_for("spend.csv") == (
        "The file spend.csv is empty: nothing was loaded."
    )


def test_a_missing_column_is_named_and_the_header_explained() -> None:
    with pytest.raises(CsvFileError) as refused:
        read_csv_file(b"Service,Month\nfamily-hubs,2026-10\n", required=("Service", "Amount"))
    assert refused.value.message_for("spend.csv") == (
        "The file spend.csv has no column called Amount: nothing was loaded. "
        "The first line must name the columns."
    )


def test_a_header_without_rows_is_refused() -> None:
    with pytest.raises(CsvFileError) as refused:
        read_csv_file(b"Service,Amount\n", required=("Service",))
    assert refused.value.problem == "has a header but no rows of data"


def test_a_file_the_csv_module_cannot_parse_is_refused_with_the_reason() -> None:
    # A NUL-free file can still break the csv module: a field longer than its limit.
    limit = csv.field_size_limit()
    data = b"Service\n" + b"x" * (limit + 1) + b"\n"
    with pytest.raises(CsvFileError) as refused:
        read_csv_file(data, required=())
    assert refused.value.problem.startswith("is not a CSV file this can read (")


def test_missing_columns_trims_names_and_keeps_the_required_order() -> None:
    assert missing_columns([" Service ", "Month", ""], ["Amount", "Service", "Agency"]) == [
        "Amount",
        "Agency",
    ]


# --- Writing a download


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ("\nLine", "'\nLine"),
        (" =1+1", "' =1+1"),
        ("  \t@SUM(A1)", "'  \t@SUM(A1)"),
        ("\u000b+cmd", "'\u000b+cmd"),
        (
            ' =HYPERLINK("http://example.com","Click")',
            '\' =HYPERLINK("http://example.com","Click")',
        ),
        (" -2+3", "' -2+3"),
        (" Family Hubs", " Family Hubs"),
        ("-1,200", "-1,200"),
        ("-£1,200.50", "-£1,200.50"),
        ("+3.5%", "+3.5%"),
        ("Family Hubs", "Family Hubs"),
        (-12, -12),
    ],
)
def test_spreadsheet_safe_quotes_formulas_but_not_signed_numbers(
    cell: object, written: object
) -> None:
    assert spreadsheet_safe(cell) == written


def test_csv_download_is_an_attachment_with_a_byte_order_mark_and_safe_cells() -> None:
    response = csv_download([["Service", "Change"], ["=1+1", "-£5"]], "budget-2026-27.csv")
    assert response["Content-Disposition"] == 'attachment; filename="budget-2026-27.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.removeprefix("\ufeff")))) == [
        ["Service", "Change"],
        ["'=1+1", "-£5"],
    ]
