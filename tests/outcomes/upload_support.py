"""Files to upload in the outcomes page and form tests."""

from __future__ import annotations

import csv
import io

from tests.outcomes.test_importer import FINGERTIPS_COLUMNS, good_rows


def csv_bytes(columns: list[str], rows: list[dict[str, str]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def profiles_file(rows: list[dict[str, str]] | None = None) -> bytes:
    return csv_bytes(FINGERTIPS_COLUMNS, good_rows() if rows is None else rows)
