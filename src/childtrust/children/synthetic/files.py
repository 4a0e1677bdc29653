"""Synthetic extracts written as the import's CSV files, one file an agency."""

from __future__ import annotations

import csv
from pathlib import Path

from childtrust.children.synthetic.extracts import COLUMNS, Extracts
from childtrust.core.csv_files import spreadsheet_safe


def write_agency_csvs(extracts: Extracts, directory: Path) -> dict[str, Path]:
    """One UTF-8 file per agency (`<slug>.csv`, the import's columns); returns each agency's
    file. A file's rows keep the extracts' order."""
    directory.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    writers: dict[str, csv.DictWriter[str]] = {}
    handles = []
    try:
        for row in extracts.rows():
            slug = row.pop("agency")
            if slug not in writers:
                paths[slug] = directory / f"{slug}.csv"
                handle = paths[slug].open("w", encoding="utf-8", newline="")
                handles.append(handle)
                writers[slug] = csv.DictWriter(handle, fieldnames=COLUMNS)
                writers[slug].writeheader()
            writers[slug].writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    finally:
        for handle in handles:
            handle.close()
    return paths
