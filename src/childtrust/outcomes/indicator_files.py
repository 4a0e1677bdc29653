"""Reading a file of indicator data, row by row, before anything is written: the columns of the
public health profiles' CSV export (Fingertips) and of the partnership's own counts, the checks
each row must pass, and the report of every problem with its line.

Nothing here writes: `services.uploads` loads a file only when every row has passed."""

from __future__ import annotations

import datetime
import functools
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from django.db import models

from childtrust.core.csv_files import missing_columns
from childtrust.core.csv_stream import CsvReadError
from childtrust.core.import_problems import RowProblems
from childtrust.outcomes import area_deciles
from childtrust.outcomes.models import Area, AreaType, DataPoint, Indicator

# The columns of the Fingertips export this importer reads; any others are ignored.
FINGERTIPS_REQUIRED_COLUMNS = (
    "Indicator ID",
    "Indicator Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Time period",
    "Value",
)
FINGERTIPS_OPTIONAL_COLUMNS = (
    "Parent Code",
    "Parent Name",
    "Sex",
    "Age",
    "Category Type",
    "Category",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
    "Value note",
)
LOCAL_REQUIRED_COLUMNS = (
    "indicator",
    "area_code",
    "area_name",
    "area_type",
    "period",
    "count",
    "denominator",
)

#: The partnership's own format may also say how many years each period covers (1 to 10):
#: left out, the period's own label says it ("2015 - 17" is 3 years). For imd_*, area_deciles.
LOCAL_OPTIONAL_COLUMNS = ("period_years", *area_deciles.COLUMNS)
MAX_PERIOD_YEARS = 10

ZERO_DENOMINATOR = "the denominator is 0: a rate or proportion needs at least one person or pupil"


@dataclass
class ImportReport(RowProblems):
    source_name: str
    rows: int = 0
    indicators_created: int = 0
    indicators_updated: int = 0
    areas_created: int = 0
    areas_updated: int = 0
    data_points_created: int = 0
    data_points_updated: int = 0
    data_points_unchanged: int = 0

    def counts(self) -> dict[str, int]:
        """The rows read and the records made, changed and left as they were, by name: for the
        audit event and the page that reports the upload."""
        return {
            "rows": self.rows,
            "indicators_created": self.indicators_created,
            "indicators_updated": self.indicators_updated,
            "areas_created": self.areas_created,
            "areas_updated": self.areas_updated,
            "data_points_created": self.data_points_created,
            "data_points_updated": self.data_points_updated,
            "data_points_unchanged": self.data_points_unchanged,
        }

    def summary(self) -> str:
        return (
            f"Loaded {self.rows:,} rows from {self.source_name}: data points "
            f"{self.data_points_created:,} new, {self.data_points_updated:,} changed, "
            f"{self.data_points_unchanged:,} unchanged; "
            f"indicators {self.indicators_created:,} new, {self.indicators_updated:,} changed; "
            f"areas {self.areas_created:,} new, {self.areas_updated:,} changed."
        )


class RowError(Exception):
    """One thing wrong with a row, in words the person who made the file can act on."""


# --- Reading the values in a row ------------------------------------------------------------

# Years a published period may begin in: Fingertips' earliest data are from the 1990s, and a
# date outside these years is a mistake in the file (and "0000" cannot be a date at all).
FIRST_PERIOD_YEAR = 1900
LAST_PERIOD_YEAR = 2100

_PERIOD = re.compile(
    r"^(?P<year>\d{4})(?:/(?P<next>\d{2}))?"
    r"(?:\s*-\s*(?P<end>\d{2}|\d{4})(?:/(?P<end_next>\d{2}))?)?"
    r"(?:\s+Q(?P<quarter>[1-4]))?$",
    re.ASCII,
)


@functools.lru_cache(maxsize=4096)
def period_start(label: str) -> datetime.date:
    """When a published period begins: "2022" (a calendar year) begins on 1 January; "2021/22"
    (a financial year, as Fingertips labels them) and "2019/20 - 21/22" (three financial years
    pooled) begin on 1 April; "2017 - 19" begins on 1 January 2017; a quarter such as
    "2022/23 Q2" begins three months in. Raises RowError for anything else, and for a period
    that does not begin between 1900 and 2100. (A file names a few periods many times over, so
    each label is read once.)"""
    text = " ".join(label.split())
    match = _PERIOD.match(text)
    if not match:
        raise RowError(
            f'the time period "{label}" is not one this can read '
            '(expected a year such as "2022", "2021/22" or "2019/20 - 21/22")'
        )
    year = int(match["year"])
    financial = match["next"] is not None
    if financial and int(match["next"]) != (year + 1) % 100:
        raise RowError(f'the time period "{label}" is not a run of two years in a row')
    end, end_next = match["end"], match["end_next"]
    if end is not None:
        if financial != (end_next is not None):
            raise RowError(f'the time period "{label}" mixes calendar and financial years')
        end_year = int(end) if len(end) == 4 else (year // 100) * 100 + int(end)
        if end_year < year:
            raise RowError(f'the time period "{label}" ends before it begins')
        if end_next is not None and int(end_next) != (end_year + 1) % 100:
            raise RowError(f'the time period "{label}" is not a run of two years in a row')
    month = 4 if financial else 1
    if match["quarter"]:
        month += 3 * (int(match["quarter"]) - 1)
        if month > 12:
            month -= 12
            year += 1
    if not FIRST_PERIOD_YEAR <= year <= LAST_PERIOD_YEAR:
        raise RowError(
            f'the time period "{label}" begins in {year}: periods must begin between '
            f"{FIRST_PERIOD_YEAR} and {LAST_PERIOD_YEAR}"
        )
    return datetime.date(year, month, 1)


def period_length(label: str) -> int:
    """How many years a published period covers, from its label: "2015 - 17" and
    "2019/20 - 21/22" cover 3; a single year, financial year or quarter counts as 1. Raises
    RowError for a label period_start refuses."""
    period_start(label)
    match = _PERIOD.match(" ".join(label.split()))
    assert match is not None  # period_start has read it
    end = match["end"]
    if end is None:
        return 1
    year = int(match["year"])
    end_year = int(end) if len(end) == 4 else (year // 100) * 100 + int(end)
    return end_year - year + 1


_LOCAL_AUTHORITY = re.compile(r"\b(uas?|count(y|ies)|districts?|utla|ltla)\b|local authorit")


@functools.lru_cache(maxsize=256)
def area_type_from(label: str) -> AreaType:
    """The kind of area, from the names Fingertips uses ("England", "Region",
    "Counties & UAs (from Apr 2023)", "Districts & UAs ...") or the partnership's own
    ("locality", "ward")."""
    text = label.strip().lower()
    if text == "england":
        return AreaType.ENGLAND
    if text.startswith("region") or "government office region" in text:
        return AreaType.REGION
    if text in {"local authority", "local_authority", "la"} or _LOCAL_AUTHORITY.search(text):
        return AreaType.LOCAL_AUTHORITY
    if text.startswith("localit"):
        return AreaType.LOCALITY
    if text.startswith("ward"):
        return AreaType.WARD
    raise RowError(
        f'the area type "{_shown(label)}" is not one this knows '
        "(England, region, local authority, locality or ward)"
    )


def _max_length(model: type[models.Model], name: str) -> int:
    column = model._meta.get_field(name)
    assert isinstance(column, models.CharField)
    assert column.max_length is not None
    return column.max_length


# The longest text each column may hold: what the database keeps for it. A longer value is
# refused with its line rather than cut short or left to the database to refuse.
MAX_LENGTHS: dict[str, int] = {
    "Indicator ID": _max_length(Indicator, "external_id"),
    "Indicator Name": _max_length(Indicator, "name"),
    "indicator": _max_length(Indicator, "name"),
    "Area Code": _max_length(Area, "code"),
    "area_code": _max_length(Area, "code"),
    "Parent Code": _max_length(Area, "code"),
    "Area Name": _max_length(Area, "name"),
    "area_name": _max_length(Area, "name"),
    "Parent Name": _max_length(Area, "name"),
    "Time period": _max_length(DataPoint, "period"),
    "period": _max_length(DataPoint, "period"),
    "Sex": _max_length(DataPoint, "sex"),
    "Age": _max_length(DataPoint, "age"),
    "Category Type": _max_length(DataPoint, "category_type"),
    "Category": _max_length(DataPoint, "category"),
    "Value note": _max_length(DataPoint, "value_note"),
}
# Any other text (a number, an area type) is never longer than this when it is right.
_OTHER_MAX_LENGTH = 100
# Control characters (line breaks, tabs, NUL, escape) have no place in a name or a figure: they
# break the pages and the downloads that show it, and hide what a name really says.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_WHOLE_NUMBER = re.compile(r"[0-9]+", re.ASCII)


def _shown(text: str) -> str:
    """A value as a problem quotes it: control characters made visible and long values cut."""
    visible = _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)
    return visible if len(visible) <= 60 else visible[:57] + "..."


def _text(row: Mapping[str, object], column: str) -> str:
    value = row.get(column)
    text = "" if value is None else str(value).strip()
    limit = MAX_LENGTHS.get(column, _OTHER_MAX_LENGTH)
    if len(text) > limit:
        raise RowError(f"the {column} is {len(text):,} characters long: at most {limit} fit")
    if _CONTROL.search(text):
        raise RowError(
            f'the {column} "{_shown(text)}" has a control character in it '
            "(such as a line break or tab): remove it"
        )
    return text


def _required(row: Mapping[str, object], column: str) -> str:
    value = _text(row, column)
    if not value:
        raise RowError(f"the {column} is empty")
    return value


def _number(row: Mapping[str, object], column: str) -> float | None:
    text = _text(row, column)
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise RowError(f'the {column} "{_shown(text)}" is not a number') from None
    if not math.isfinite(number):
        raise RowError(f'the {column} "{_shown(text)}" is not a number')
    return number


def _check_interval(
    value: float | None, lower: float | None, upper: float | None, level: str
) -> None:
    if lower is not None and upper is not None and lower > upper:
        raise RowError(f"the lower {level}% limit ({lower:g}) is above the upper ({upper:g})")
    if value is None:
        return
    if lower is not None and value < lower:
        raise RowError(f"the value ({value:g}) is below its lower {level}% limit ({lower:g})")
    if upper is not None and value > upper:
        raise RowError(f"the value ({value:g}) is above its upper {level}% limit ({upper:g})")


def _check_count_and_denominator(count: float | None, denominator: float | None) -> None:
    if count is not None and count < 0:
        raise RowError(f"the count ({count:g}) is below 0")
    if denominator is not None and denominator == 0:
        raise RowError(ZERO_DENOMINATOR)
    if denominator is not None and denominator < 0:
        raise RowError(f"the denominator ({denominator:g}) is below 0")


# --- Parsed rows ------------------------------------------------------------------------------


@dataclass
class AreaRow:
    code: str
    name: str
    area_type: AreaType
    parent_code: str = ""
    parent_name: str = ""
    imd_decile: int | None = None
    imd_source: str = ""
    imd_line: int = 0


@dataclass
class PointRow:
    line: int
    indicator_key: str  # the external ID, or the name of a local indicator
    indicator_name: str
    area_code: str
    period: str
    period_start: datetime.date
    sex: str = ""
    age: str = ""
    category_type: str = ""
    category: str = ""
    value: float | None = None
    lower_95: float | None = None
    upper_95: float | None = None
    lower_99_8: float | None = None
    upper_99_8: float | None = None
    count: float | None = None
    denominator: float | None = None
    value_note: str = ""
    #: How many years the period covers, where the row says (or its label shows more than 1).
    period_years: int | None = None

    def key(self) -> tuple[str, str, str, str, str, str, str]:
        return (
            self.indicator_key,
            self.area_code,
            self.period,
            self.sex,
            self.age,
            self.category_type,
            self.category,
        )


def _parse_fingertips_row(row: Mapping[str, object], line: int) -> tuple[PointRow, AreaRow]:
    indicator_id = _required(row, "Indicator ID")
    if not _WHOLE_NUMBER.fullmatch(indicator_id):
        raise RowError(f'the Indicator ID "{_shown(indicator_id)}" is not a whole number')
    name = _required(row, "Indicator Name")
    area = AreaRow(
        code=_required(row, "Area Code"),
        name=_required(row, "Area Name"),
        area_type=area_type_from(_required(row, "Area Type")),
        parent_code=_text(row, "Parent Code"),
        parent_name=_text(row, "Parent Name"),
    )
    period = " ".join(_required(row, "Time period").split())
    point = PointRow(
        line=line,
        indicator_key=indicator_id,
        indicator_name=name,
        area_code=area.code,
        period=period,
        period_start=period_start(period),
        sex=_text(row, "Sex"),
        age=_text(row, "Age"),
        category_type=_text(row, "Category Type"),
        category=_text(row, "Category"),
        value=_number(row, "Value"),
        lower_95=_number(row, "Lower CI 95.0 limit"),
        upper_95=_number(row, "Upper CI 95.0 limit"),
        lower_99_8=_number(row, "Lower CI 99.8 limit"),
        upper_99_8=_number(row, "Upper CI 99.8 limit"),
        count=_number(row, "Count"),
        denominator=_number(row, "Denominator"),
        value_note=_text(row, "Value note"),
        period_years=period_length(period),
    )
    _check_count_and_denominator(point.count, point.denominator)
    _check_interval(point.value, point.lower_95, point.upper_95, "95")
    _check_interval(point.value, point.lower_99_8, point.upper_99_8, "99.8")
    return point, area


def _parse_local_row(row: Mapping[str, object], line: int) -> tuple[PointRow, AreaRow]:
    name = _required(row, "indicator")
    area = AreaRow(
        code=_required(row, "area_code"),
        name=_required(row, "area_name"),
        area_type=area_type_from(_required(row, "area_type")),
        imd_line=line,
    )
    area_deciles.read_decile(area, _text(row, "imd_decile"), _text(row, "imd_source"))
    period = " ".join(_required(row, "period").split())
    count = _number(row, "count")
    denominator = _number(row, "denominator")
    if count is None:
        raise RowError("the count is empty")
    if denominator is None:
        raise RowError("the denominator is empty")
    _check_count_and_denominator(count, denominator)
    if count > denominator:
        raise RowError(f"the count ({count:g}) is more than the denominator ({denominator:g})")
    point = PointRow(
        line=line,
        indicator_key=name,
        indicator_name=name,
        area_code=area.code,
        period=period,
        period_start=period_start(period),
        count=count,
        denominator=denominator,
        period_years=_local_period_years(row, period),
    )
    return point, area


def _local_period_years(row: Mapping[str, object], period: str) -> int | None:
    """The period length a row of the partnership's own file gives: its period_years (a whole
    number from 1 to 10, no shorter than its label shows), or else its label's when that is
    more than a year; None when neither says."""
    shown = period_length(period)
    text = _text(row, "period_years")
    if not text:
        return shown if shown > 1 else None
    if not _WHOLE_NUMBER.fullmatch(text):
        raise RowError(f'the period_years "{_shown(text)}" is not a whole number of years')
    years = int(text)
    if not 1 <= years <= MAX_PERIOD_YEARS:
        raise RowError(f"the period_years ({years}) must be between 1 and {MAX_PERIOD_YEARS}")
    if years < shown:
        raise RowError(
            f'the period "{period}" covers {shown} years, but the period_years says {years}'
        )
    return years


# --- A whole file -----------------------------------------------------------------------------


class RowChecker:
    """Checks a file's rows one at a time, keeping only what later rows are checked against:
    the areas and indicators named so far (a few thousand at most, whatever the file's length)
    and, for each data point, a 64-bit digest of its key with its line, to find a repeated row
    (16 bytes a row rather than the row). Every problem, with its line, goes to the report.
    `local` says the file holds the partnership's own counts rather than the public health
    profiles' export."""

    def __init__(self, *, local: bool, report: ImportReport) -> None:
        self.local = local
        self.report = report
        self.parse = _parse_local_row if local else _parse_fingertips_row
        self.required = LOCAL_REQUIRED_COLUMNS if local else FINGERTIPS_REQUIRED_COLUMNS
        self.areas: dict[str, AreaRow] = {}
        self.names: dict[str, tuple[str, int]] = {}
        #: Each indicator's period length, with the first line that gave it.
        self.period_years: dict[str, tuple[int, int]] = {}
        self._seen: dict[int, int] = {}

    def points(self, rows: Iterable[Mapping[str, object]]) -> Iterator[PointRow]:
        """The data points of every good row, as the rows are read; bad rows go to the report.
        Stops at a missing column (line 1) or a line the csv module cannot read."""
        report = self.report
        numbered = enumerate(rows, start=2)  # line 1 is the header: data begin on line 2
        for line, raw in _readable(numbered, report):
            report.rows += 1
            if report.rows == 1:
                columns = (str(key) for key in raw if key is not None)
                missing = missing_columns(columns, self.required)
                if missing:
                    report.add_problem(1, "the file has no column called " + ", ".join(missing))
                    return
            row = {str(key).strip(): value for key, value in raw.items() if key is not None}
            if not any(value and str(value).strip() for value in row.values()):
                report.rows -= 1
                continue  # a blank line, as spreadsheets often leave at the end
            try:
                point = self._checked(row, line)
            except (RowError, area_deciles.DecileError) as error:
                report.add_problem(line, str(error))
                continue
            yield point
        if report.rows == 0 and report.ok:
            report.add_problem(1, "the file has no rows of data")

    def _checked(self, row: Mapping[str, object], line: int) -> PointRow:
        point, area = self.parse(row, line)
        digest = hash(point.key())
        earlier = self._seen.get(digest)
        if earlier is not None:
            raise RowError(f"it repeats line {earlier} (same indicator, area and period)")
        known = self.areas.get(area.code)
        if known is not None and (known.name, known.area_type) != (area.name, area.area_type):
            raise RowError(
                f'area {area.code} is called "{area.name}" ({area.area_type.label}) here '
                f'but "{known.name}" ({known.area_type.label}) earlier'
            )
        area_deciles.check_decile(known, area)
        named = self.names.get(point.indicator_key)
        if named is not None and named[0] != point.indicator_name:
            raise RowError(
                f"indicator {point.indicator_key} is called "
                f'"{point.indicator_name}" here but "{named[0]}" on line {named[1]}'
            )
        years = point.period_years
        length = self.period_years.get(point.indicator_key)
        if years is not None and length is not None and length[0] != years:
            raise RowError(
                f"indicator {point.indicator_key}'s periods cover {_years(length[0])} on line "
                f"{length[1]} but {_years(years)} here: one indicator's periods must all be the "
                "same length"
            )
        self._seen[digest] = line
        self.names.setdefault(point.indicator_key, (point.indicator_name, line))
        if years is not None:
            self.period_years.setdefault(point.indicator_key, (years, line))
        area_deciles.keep_decile(self.areas.setdefault(area.code, area), area)
        return point


def _years(years: int) -> str:
    return "1 year" if years == 1 else f"{years} years"


def _readable(
    numbered: Iterator[tuple[int, Mapping[str, object]]], report: ImportReport
) -> Iterator[tuple[int, Mapping[str, object]]]:
    """The rows until one cannot be read: that one is reported, and reading stops."""
    try:
        yield from numbered
    except CsvReadError as error:
        report.add_problem(error.line, error.reason + "; nothing after it was checked")


def check_rows(
    rows: Iterable[Mapping[str, object]], *, local: bool, report: ImportReport
) -> tuple[list[PointRow], dict[str, AreaRow]]:
    """Every row of a file read and checked, in memory: the data points and areas it holds, with
    every problem (and its line) added to the report. For small files and tests; the import
    itself streams rows through a RowChecker."""
    checker = RowChecker(local=local, report=report)
    points = list(checker.points(rows))
    return (points, checker.areas) if report.ok else ([], {})
