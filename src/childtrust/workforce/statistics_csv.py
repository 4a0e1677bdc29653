"""Reading the national children's social work workforce statistics' open data file
(`csww_indicators_*.csv`, published by the Department for Education on Explore Education
Statistics) row by row, before anything is written: its columns, the symbols it puts in place of
figures, the checks each row must pass, and the published rates worked out again from their
counts. Nothing here writes: `services.statistics_import` loads a file only when every row has
passed.

What the file holds, as DfE publishes it (its data guidance and the open data standards):

- One row per year and area. `time_identifier` is "Reporting year" and `time_period` the year of
  the 30 September census as four digits (2024 is the year from 1 October 2023 to 30 September
  2024): a "Reporting year" is always four digits in DfE's files, never 202324. Anything else is
  refused, naming what was found.
- `geographic_level` is National (its area: `country_code`, England), Regional (`region_code`,
  `region_name`) or Local authority (`new_la_code`, the 9-character GSS code, with `old_la_code`,
  the 3-digit DfE code, and `la_name`).
- FTEs, rates, caseloads and working days are rounded to one decimal place; headcounts and cases
  to whole numbers. A cell may hold a symbol instead of a figure: c (suppressed), u (low
  reliability), x (not available), z (not applicable), low (rounds to 0 but is not 0). Each is
  kept as that symbol, never as zero. Files published before the symbols were harmonised used ":"
  for not available and "~" for rounds to zero: they are read as x and low. An empty cell is not
  a symbol the files use, and is refused.

Each published rate is worked out again from its counts with `definitions.DEFINITIONS` (the
same definitions the partnership's own measures use). Where the two differ by more than the
file's rounding (PUBLISHED_ROUNDING, 0.1), the line, the column and both values are reported, and
the published figure is kept as published, flagged (`differs`, with the figure worked out in
`recomputed`). A rate whose counts include a symbol, or whose denominator is 0, is not worked
out."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from childtrust.core.csv_stream import CsvReadError
from childtrust.core.import_problems import RowProblems
from childtrust.workforce.definitions import (
    DEFINITIONS,
    PUBLISHED_ROUNDING,
    MeasureDefinition,
    rate,
)
from childtrust.workforce.models import GeographicLevel, StatisticSymbol

#: The columns that say which year and area a row is for.
AREA_COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
)
#: The figures kept: one WorkforceStatistic for each, year and area.
FIGURE_COLUMNS = (
    "inpost_fte",
    "inpost_headcount",
    "starters_fte",
    "leavers_fte",
    "turnover_rate_fte",
    "agency_fte",
    "agency_rate_fte",
    "agency_cover_fte",
    "vacancy_fte",
    "vacancy_rate_fte",
    "vacancy_agency_cover_rate_fte",
    "case_holders_fte",
    "cases",
    "caseload_fte",
    "working_days_lost_fte",
    "absence_rate_fte",
)
REQUIRED_COLUMNS = AREA_COLUMNS + FIGURE_COLUMNS
#: The only time identifier the file uses: the year to the 30 September census.
REPORTING_YEAR = "Reporting year"
#: The published rates the import works out again: those the definitions give a column.
CHECKED_RATES: tuple[MeasureDefinition, ...] = tuple(d for d in DEFINITIONS.values() if d.column)

#: Symbols as the file writes them (lower-cased), and the symbol kept.
SYMBOLS: dict[str, StatisticSymbol] = {
    "c": StatisticSymbol.SUPPRESSED,
    "u": StatisticSymbol.LOW_RELIABILITY,
    "x": StatisticSymbol.UNAVAILABLE,
    "z": StatisticSymbol.NOT_APPLICABLE,
    "low": StatisticSymbol.ROUNDS_TO_ZERO,
    # Before the GSS symbols were harmonised: ":" not available, "~" rounds to zero.
    ":": StatisticSymbol.UNAVAILABLE,
    "~": StatisticSymbol.ROUNDS_TO_ZERO,
}
_LEVELS = {level.value.casefold(): GeographicLevel(level.value) for level in GeographicLevel}
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+")
_GSS_CODE = re.compile(r"[EKNSW][0-9]{8}")
_OLD_LA_CODE = re.compile(r"[0-9]{3}")
_YEAR = re.compile(r"[0-9]{4}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_NAME = 200
#: Progress is told at most once this many rows while the file is checked.
PROGRESS_EVERY_ROWS = 500

#: Told how far a load has gone: its stage ("checking", "writing", "written") and rows read.
Progress = Callable[[str, int], None]


def statistics_columns_problem(file_name: str, columns: Iterable[str]) -> str | None:
    """Why a statistics file cannot be loaded, from its header, naming every column it lacks
    (in the words of every place that loads one: the page, its background task, the command),
    or None. Other columns are allowed and ignored."""
    present = {str(column).strip().casefold() for column in columns if column}
    missing = [column for column in REQUIRED_COLUMNS if column not in present]
    if not missing:
        return None
    return (
        f"The file {file_name} has no column called {', '.join(missing)}: nothing was loaded. "
        "Upload the national statistics' open data file (csww_indicators_*.csv) as published"
    )


# --- One cell, one row ------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A figure, or the symbol published in its place (value None)."""

    value: float | None
    symbol: str = StatisticSymbol.NONE


def cell_parse(text: str) -> Cell:
    """A cell of a figure column: a number not below zero, or one of the file's symbols.
    ValueError says what is wrong."""
    cleaned = text.strip()
    symbol = SYMBOLS.get(cleaned.casefold())
    if symbol is not None:
        return Cell(None, symbol)
    if not cleaned:
        raise ValueError("is empty (the file puts x where a figure is not available)")
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(
            f'is "{_shown(cleaned)}", which is neither a number nor one of the symbols '
            "c, u, x, z and low"
        )
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError(f'is "{_shown(cleaned)}", which is too large a number')
    return Cell(value)


@dataclass(frozen=True)
class RateDifference:
    """A published rate further than the file's rounding from the one its counts give."""

    line: int
    year: int
    area_name: str
    column: str
    published: float
    recomputed: float
    formula: str

    def __str__(self) -> str:
        return (
            f"Line {self.line} ({self.area_name}, {self.year}): {self.column} is "
            f"{figure_text(self.published)} in the file, but {self.formula} gives "
            f"{figure_text(self.recomputed)}; the published figure is kept and flagged"
        )


@dataclass(frozen=True)
class Figure:
    """One figure to keep: a column of a row, with its rate worked out again where it is one."""

    measure: str
    value: float | None
    symbol: str
    recomputed: float | None = None
    differs: bool = False


@dataclass(frozen=True)
class StatisticsRow:
    """A row that passed: its year and area, and its figures by column."""

    line: int
    year: int
    level: str
    area_code: str
    area_name: str
    old_la_code: str
    figures: tuple[Figure, ...]


def figure_text(value: float) -> str:
    """A figure as a report quotes it: one decimal place, or two where that shows a difference
    (15.94 against 15.8), never more."""
    text = f"{value:.2f}"
    return text[:-1] if text.endswith("0") else text


def _shown(text: str) -> str:
    visible = _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)
    return visible if len(visible) <= 40 else visible[:37] + "..."


def formula_words(definition: MeasureDefinition) -> str:
    """How a rate is worked out from the file's columns, as a report says it."""
    bottom = " + ".join(definition.denominator)
    if len(definition.denominator) > 1:
        bottom = f"({bottom})"
    if math.isclose(definition.per, 1):
        return f"{definition.numerator} / {bottom}"
    if math.isclose(definition.per, 100):
        return f"{definition.numerator} / {bottom} x 100"
    days = round(100 / definition.per)
    return f"{definition.numerator} / ({bottom} x {days}) x 100"


def rate_check(
    definition: MeasureDefinition, cells: Mapping[str, Cell]
) -> tuple[float | None, bool]:
    """The rate its counts give, and whether the published one differs from it by more than the
    file's rounding. (None, False) where it cannot be worked out: a symbol in the published rate
    or its counts, or a denominator of 0. Exactly PUBLISHED_ROUNDING apart is within it."""
    published = cells[definition.column]
    counts = [cells[definition.numerator], *(cells[c] for c in definition.denominator)]
    if published.value is None or any(count.value is None for count in counts):
        return None, False
    recomputed = rate(
        cells[definition.numerator].value,
        sum(cells[c].value or 0.0 for c in definition.denominator),
        per=definition.per,
    )
    if recomputed is None:
        return None, False
    # A hair's allowance for binary fractions: 16.0 against 15.9 is 0.1 apart, not 0.10000000001.
    differs = abs(recomputed - published.value) > PUBLISHED_ROUNDING + 1e-9
    return recomputed, differs


# --- The report -------------------------------------------------------------------------------


@dataclass
class StatisticsImportReport(RowProblems):
    """What a load read and did: every problem (nothing is then written), or the figures it
    added, changed and found as the file has them, and the published rates it flagged."""

    source_name: str
    rows: int = 0
    years: set[int] = field(default_factory=set)
    areas: set[str] = field(default_factory=set)
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    differences: list[RateDifference] = field(default_factory=list)

    def counts(self) -> dict[str, Any]:
        """For the audit event and the pages that report the load."""
        return {
            "rows": self.rows,
            "years": sorted(self.years),
            "areas": len(self.areas),
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "flagged": len(self.differences),
        }

    def years_text(self) -> str:
        years = sorted(self.years)
        if not years:
            return "no year"
        return str(years[0]) if len(years) == 1 else f"{years[0]} to {years[-1]}"

    def problems_sentence(self) -> str:
        count = self.problem_count
        return (
            f"The file {self.source_name} has {count:,} problem{'s' if count != 1 else ''}. "
            "Nothing was loaded: correct every line listed and upload the whole file again"
        )

    def differences_sentence(self) -> str:
        count = len(self.differences)
        if not count:
            return "Every published rate agrees with its counts to within the file's rounding."
        return (
            f"{count:,} published rate{'s' if count != 1 else ''} "
            f"differ{'s' if count == 1 else ''} from {'its' if count == 1 else 'their'} counts "
            "by more than the file's rounding "
            f"({figure_text(PUBLISHED_ROUNDING)}): kept as published and flagged on the pages."
        )

    def summary(self) -> str:
        return (
            f"Loaded {self.rows:,} rows of national workforce statistics for {self.years_text()} "
            f"({len(self.areas):,} areas) from {self.source_name}: figures {self.created:,} new, "
            f"{self.changed:,} changed, {self.unchanged:,} unchanged. "
            + self.differences_sentence()
        )


# --- Checking the file ------------------------------------------------------------------------


def _texts(raw: Mapping[Any, Any]) -> dict[str, str]:
    """The row's cells by trimmed, lower-case column name (None: cells past the header)."""
    return {
        str(key).strip().casefold(): "" if value is None else str(value)
        for key, value in raw.items()
        if key is not None
    }


class StatisticsChecker:
    """Reads a file's rows one at a time, reports every problem with its line, and keeps the rows
    that pass (a file is a few thousand rows: 150 authorities, 9 regions and England a year)."""

    def __init__(self, report: StatisticsImportReport) -> None:
        self.report = report
        self.rows: list[StatisticsRow] = []
        self._seen: dict[tuple[int, str], int] = {}

    def read(self, rows: Iterable[Mapping[Any, Any]], progress: Progress | None = None) -> None:
        # The header is line 1, so the first row of figures is line 2, as a spreadsheet numbers it.
        try:
            for number, raw in enumerate(rows, start=2):
                self.report.rows += 1
                self._row(number, _texts(raw))
                if progress is not None and self.report.rows % PROGRESS_EVERY_ROWS == 0:
                    progress("checking", self.report.rows)
        except CsvReadError as error:
            self.report.add_problem(error.line, error.reason + "; nothing after it was checked")
        if self.report.rows == 0 and self.report.ok:
            self.report.add_problem(1, "the file has no rows of data")
        if progress is not None:
            progress("checking", self.report.rows)

    def _row(self, number: int, row: dict[str, str]) -> None:
        reasons: list[str] = []
        year = _year(row, reasons)
        level, code, name, old_code = _area(row, reasons)
        cells: dict[str, Cell] = {}
        for column in FIGURE_COLUMNS:
            try:
                cells[column] = cell_parse(row.get(column, ""))
            except ValueError as error:
                reasons.append(f"{column} {error}")
        if year is not None and code:
            earlier = self._seen.get((year, code))
            if earlier is not None:
                reasons.append(
                    f"{name or code}'s figures for {year} are also on line {earlier}: each area "
                    "and year may appear once"
                )
        if reasons or year is None or level is None:  # a missing year or level has its reason
            self.report.add_problem(number, "; ".join(reasons))
            return
        self._seen[(year, code)] = number
        self.report.years.add(year)
        self.report.areas.add(code)
        self.rows.append(
            StatisticsRow(
                line=number,
                year=year,
                level=level,
                area_code=code,
                area_name=name,
                old_la_code=old_code,
                figures=self._figures(number, year, name, cells),
            )
        )

    def _figures(
        self, number: int, year: int, name: str, cells: dict[str, Cell]
    ) -> tuple[Figure, ...]:
        checked: dict[str, tuple[float | None, bool]] = {}
        for definition in CHECKED_RATES:
            recomputed, differs = rate_check(definition, cells)
            checked[definition.column] = (recomputed, differs)
            if differs and recomputed is not None:
                self.report.differences.append(
                    RateDifference(
                        line=number,
                        year=year,
                        area_name=name,
                        column=definition.column,
                        published=cells[definition.column].value or 0.0,
                        recomputed=recomputed,
                        formula=formula_words(definition),
                    )
                )
        figures = []
        for column in FIGURE_COLUMNS:
            cell = cells[column]
            recomputed, differs = checked.get(column, (None, False))
            figures.append(
                Figure(
                    measure=column,
                    value=cell.value,
                    symbol=cell.symbol,
                    # Kept only where it differs: the figure shown is always the published one.
                    recomputed=recomputed if differs else None,
                    differs=differs,
                )
            )
        return tuple(figures)


def _year(row: dict[str, str], reasons: list[str]) -> int | None:
    identifier = " ".join(row.get("time_identifier", "").split())
    if identifier.casefold() != REPORTING_YEAR.casefold():
        shown = f'"{_shown(identifier)}"' if identifier else "empty"
        reasons.append(
            f"time_identifier is {shown}: the statistics give each census year as "
            f'"{REPORTING_YEAR}"'
        )
    period = row.get("time_period", "").strip()
    if not _YEAR.fullmatch(period):
        shown = f'"{_shown(period)}"' if period else "empty"
        reasons.append(
            f"time_period is {shown}: it must be the census year as four digits, such as 2024 "
            "for the year to 30 September 2024"
        )
        return None
    year = int(period)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        reasons.append(f"time_period {year} is not a census year this can hold")
        return None
    return year


def _name(row: dict[str, str], column: str, reasons: list[str]) -> str:
    name = " ".join(row.get(column, "").split())
    if not name:
        reasons.append(f"{column} is empty")
    elif len(name) > MAX_NAME:
        reasons.append(f"{column} is {len(name):,} characters long: at most {MAX_NAME} fit")
    elif _CONTROL.search(name):
        reasons.append(f'{column} "{_shown(name)}" has a control character in it: remove it')
    else:
        return name
    return ""


def _code(row: dict[str, str], column: str, level: str, reasons: list[str]) -> str:
    code = row.get(column, "").strip().upper()
    if not code:
        reasons.append(f"{column} is empty: a {level} row needs its code")
        return ""
    if not _GSS_CODE.fullmatch(code):
        reasons.append(
            f'{column} "{_shown(code)}" is not a GSS code (a letter and eight digits, such as '
            "E92000001)"
        )
        return ""
    return code


def _area(row: dict[str, str], reasons: list[str]) -> tuple[str | None, str, str, str]:
    """The row's level, area code, area name and old authority code."""
    text = " ".join(row.get("geographic_level", "").split())
    level = _LEVELS.get(text.casefold())
    if level is None:
        shown = f'"{_shown(text)}"' if text else "empty"
        reasons.append(
            f"geographic_level is {shown}: it must be National, Regional or Local authority"
        )
        return None, "", "", ""
    if level == GeographicLevel.NATIONAL:
        code = _code(row, "country_code", "National", reasons)
        name = " ".join(row.get("country_name", "").split()) or (
            "England" if code == "E92000001" else code
        )
        return level, code, name[:MAX_NAME], ""
    if level == GeographicLevel.REGIONAL:
        code = _code(row, "region_code", "Regional", reasons)
        return level, code, _name(row, "region_name", reasons), ""
    code = _code(row, "new_la_code", "Local authority", reasons)
    old_code = row.get("old_la_code", "").strip()
    if not old_code:
        reasons.append("old_la_code is empty: a Local authority row needs its code")
    elif not _OLD_LA_CODE.fullmatch(old_code):
        reasons.append(f'old_la_code "{_shown(old_code)}" is not three digits, such as 331')
        old_code = ""
    return level, code, _name(row, "la_name", reasons), old_code
