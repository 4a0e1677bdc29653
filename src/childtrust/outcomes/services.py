"""Loading indicator data: the public health profiles' CSV export (Fingertips) and the
partnership's own counts and denominators.

Every row is checked before anything is written. If any row is wrong, the report lists every
problem with its line and nothing is loaded: a half-loaded file would show England and the city
for different periods without anyone noticing."""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from childtrust.accounts.models import User
from childtrust.audit.changes import audit_value
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.csv_files import missing_columns
from childtrust.outcomes.models import (
    Area,
    AreaType,
    DataPoint,
    DataSource,
    Indicator,
    ValueType,
)

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

ZERO_DENOMINATOR = "the denominator is 0: a rate or proportion needs at least one person or pupil"

# A parent named in the file but not itself a row is given the type one level up.
_PARENT_TYPE = {
    AreaType.REGION: AreaType.ENGLAND,
    AreaType.LOCAL_AUTHORITY: AreaType.REGION,
    AreaType.LOCALITY: AreaType.LOCAL_AUTHORITY,
    AreaType.WARD: AreaType.LOCAL_AUTHORITY,
}
ENGLAND_CODE = "E92000001"


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.reason}"


@dataclass
class ImportReport:
    source_name: str
    rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    indicators_created: int = 0
    indicators_updated: int = 0
    areas_created: int = 0
    areas_updated: int = 0
    data_points_created: int = 0
    data_points_updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return (
            f"Loaded {self.rows} rows from {self.source_name}: "
            f"{self.data_points_created} new data points and {self.data_points_updated} updated; "
            f"{self.indicators_created} new indicators and {self.indicators_updated} updated; "
            f"{self.areas_created} new areas and {self.areas_updated} updated."
        )


class RowError(Exception):
    """One thing wrong with a row, in words the person who made the file can act on."""


# --- Reading the values in a row ------------------------------------------------------------

_PERIOD = re.compile(
    r"^(?P<year>\d{4})(?:/(?P<next>\d{2}))?"
    r"(?:\s*-\s*(?P<end>\d{2}|\d{4})(?:/(?P<end_next>\d{2}))?)?"
    r"(?:\s+Q(?P<quarter>[1-4]))?$"
)


def period_start(label: str) -> datetime.date:
    """When a published period begins: "2022" (a calendar year) begins on 1 January; "2021/22"
    (a financial year, as Fingertips labels them) and "2019/20 - 21/22" (three financial years
    pooled) begin on 1 April; "2017 - 19" begins on 1 January 2017; a quarter such as
    "2022/23 Q2" begins three months in. Raises RowError for anything else."""
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
    return datetime.date(year, month, 1)


_LOCAL_AUTHORITY = re.compile(r"\b(uas?|count(y|ies)|districts?|utla|ltla)\b|local authorit")


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
        f'the area type "{label}" is not one this knows '
        "(England, region, local authority, locality or ward)"
    )


def _text(row: Mapping[str, Any], column: str) -> str:
    value = row.get(column)
    return "" if value is None else str(value).strip()


def _required(row: Mapping[str, Any], column: str) -> str:
    value = _text(row, column)
    if not value:
        raise RowError(f"the {column} is empty")
    return value


def _number(row: Mapping[str, Any], column: str) -> float | None:
    text = _text(row, column)
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise RowError(f'the {column} "{text}" is not a number') from None
    if not math.isfinite(number):
        raise RowError(f'the {column} "{text}" is not a number')
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
class _AreaRow:
    code: str
    name: str
    area_type: AreaType
    parent_code: str = ""
    parent_name: str = ""


@dataclass
class _PointRow:
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


def _parse_fingertips_row(row: Mapping[str, Any], line: int) -> tuple[_PointRow, _AreaRow]:
    indicator_id = _required(row, "Indicator ID")
    if not indicator_id.isdigit():
        raise RowError(f'the Indicator ID "{indicator_id}" is not a whole number')
    name = _required(row, "Indicator Name")
    area = _AreaRow(
        code=_required(row, "Area Code"),
        name=_required(row, "Area Name"),
        area_type=area_type_from(_required(row, "Area Type")),
        parent_code=_text(row, "Parent Code"),
        parent_name=_text(row, "Parent Name"),
    )
    period = " ".join(_required(row, "Time period").split())
    point = _PointRow(
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
    )
    _check_count_and_denominator(point.count, point.denominator)
    _check_interval(point.value, point.lower_95, point.upper_95, "95")
    _check_interval(point.value, point.lower_99_8, point.upper_99_8, "99.8")
    return point, area


def _parse_local_row(row: Mapping[str, Any], line: int) -> tuple[_PointRow, _AreaRow]:
    name = _required(row, "indicator")
    area = _AreaRow(
        code=_required(row, "area_code"),
        name=_required(row, "area_name"),
        area_type=area_type_from(_required(row, "area_type")),
    )
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
    point = _PointRow(
        line=line,
        indicator_key=name,
        indicator_name=name,
        area_code=area.code,
        period=period,
        period_start=period_start(period),
        count=count,
        denominator=denominator,
    )
    return point, area


# --- The import -------------------------------------------------------------------------------


def _validate(
    rows: Iterable[Mapping[str, Any]],
    parse: Any,
    required: tuple[str, ...],
    report: ImportReport,
) -> tuple[list[_PointRow], dict[str, _AreaRow]]:
    points: list[_PointRow] = []
    areas: dict[str, _AreaRow] = {}
    seen: dict[tuple[str, ...], int] = {}
    names: dict[str, tuple[str, int]] = {}
    checked_columns = False
    # Line 1 is the header, so the first row of data is line 2.
    for line, row in enumerate(rows, start=2):
        report.rows += 1
        if not checked_columns:
            checked_columns = True
            missing = missing_columns(row.keys(), required)
            if missing:
                report.problems.append(
                    RowProblem(1, "the file has no column called " + ", ".join(missing))
                )
                return [], {}
        row = {str(key).strip(): value for key, value in row.items() if key is not None}
        if not any(_text(row, column) for column in row):
            report.rows -= 1
            continue  # a blank line, as spreadsheets often leave at the end
        try:
            point, area = parse(row, line)
            earlier = seen.get(point.key())
            if earlier is not None:
                raise RowError(f"it repeats line {earlier} (same indicator, area and period)")
            known = areas.get(area.code)
            if known is not None and (known.name, known.area_type) != (
                area.name,
                area.area_type,
            ):
                raise RowError(
                    f'area {area.code} is called "{area.name}" ({area.area_type.label}) here '
                    f'but "{known.name}" ({known.area_type.label}) earlier'
                )
            named = names.get(point.indicator_key)
            if named is not None and named[0] != point.indicator_name:
                raise RowError(
                    f"indicator {point.indicator_key} is called "
                    f'"{point.indicator_name}" here but "{named[0]}" on line {named[1]}'
                )
        except RowError as error:
            report.problems.append(RowProblem(line, str(error)))
            continue
        seen[point.key()] = line
        names.setdefault(point.indicator_key, (point.indicator_name, line))
        areas.setdefault(area.code, area)
        points.append(point)
    if report.rows == 0 and not report.problems:
        report.problems.append(RowProblem(1, "the file has no rows of data"))
    return points, areas


def _save_areas(
    *, actor: User | None, areas: dict[str, _AreaRow], report: ImportReport
) -> dict[str, Area]:
    codes = set(areas) | {a.parent_code for a in areas.values() if a.parent_code}
    existing = {area.code: area for area in Area.objects.filter(code__in=codes)}
    # Parents named only as parents are made first, so that every row's area can point to one.
    for row in areas.values():
        if row.parent_code and row.parent_code not in areas and row.parent_code not in existing:
            parent_type = (
                AreaType.ENGLAND
                if row.parent_code == ENGLAND_CODE
                else _PARENT_TYPE.get(row.area_type, AreaType.REGION)
            )
            parent = Area(
                code=row.parent_code,
                name=row.parent_name or row.parent_code,
                area_type=parent_type,
                created_by=actor,
                modified_by=actor,
            )
            parent.full_clean()
            parent.save()
            existing[parent.code] = parent
            report.areas_created += 1
    for row in areas.values():
        area = existing.get(row.code)
        if area is None:
            area = Area(code=row.code, created_by=actor)
            report.areas_created += 1
        elif (area.name, area.area_type) != (row.name, row.area_type):
            report.areas_updated += 1
        area.name, area.area_type, area.modified_by = row.name, row.area_type, actor
        area.full_clean(exclude=["parent"])
        area.save()
        existing[row.code] = area
    for row in areas.values():
        if row.parent_code and row.parent_code != row.code:
            area = existing[row.code]
            parent = existing[row.parent_code]
            if area.parent_id != parent.pk:
                area.parent = parent
                area.save(update_fields=["parent", "modified_at"])
    return existing


def _save_indicators(
    *,
    actor: User | None,
    points: list[_PointRow],
    local: bool,
    source_name: str,
    report: ImportReport,
) -> dict[str, Indicator]:
    wanted: dict[str, str] = {}
    for point in points:
        wanted.setdefault(point.indicator_key, point.indicator_name)
    if local:
        found = Indicator.objects.filter(external_id="", name__in=wanted)
        existing = {indicator.name: indicator for indicator in found}
    else:
        found = Indicator.objects.filter(external_id__in=wanted)
        existing = {indicator.external_id: indicator for indicator in found}
    for key, name in wanted.items():
        indicator = existing.get(key)
        if indicator is None:
            indicator = Indicator(
                external_id="" if local else key,
                name=name,
                created_by=actor,
                modified_by=actor,
            )
            if local:
                # The partnership's own data is counts out of denominators: a proportion,
                # shown as a percentage until someone says otherwise.
                indicator.value_type = ValueType.PROPORTION
                indicator.source = f"The partnership's own data ({source_name})"
            else:
                indicator.source = "Public health profiles (Fingertips)"
            indicator.full_clean()
            indicator.save()
            report.indicators_created += 1
        elif indicator.name != name:
            indicator.name, indicator.modified_by = name, actor
            indicator.full_clean()
            indicator.save()
            report.indicators_updated += 1
        existing[key] = indicator
    return existing


_POINT_FIELDS = (
    "period_start",
    "value",
    "lower_95",
    "upper_95",
    "lower_99_8",
    "upper_99_8",
    "count",
    "denominator",
    "value_note",
    "source",
    "modified_at",
)


def _save_points(
    *,
    points: list[_PointRow],
    indicators: dict[str, Indicator],
    areas: dict[str, Area],
    source: DataSource,
    report: ImportReport,
) -> None:
    indicator_ids = {indicator.pk for indicator in indicators.values()}
    area_ids = {area.pk for area in areas.values()}
    existing = set(
        DataPoint.objects.filter(indicator_id__in=indicator_ids, area_id__in=area_ids).values_list(
            "indicator_id", "area_id", "period", "sex", "age", "category_type", "category"
        )
    )
    objects = []
    for point in points:
        indicator = indicators[point.indicator_key]
        value = point.value
        if source == DataSource.LOCAL and point.count is not None and point.denominator:
            value = point.count / point.denominator * indicator.multiplier
        data_point = DataPoint(
            indicator=indicator,
            area=areas[point.area_code],
            period=point.period,
            period_start=point.period_start,
            sex=point.sex,
            age=point.age,
            category_type=point.category_type,
            category=point.category,
            value=value,
            lower_95=point.lower_95,
            upper_95=point.upper_95,
            lower_99_8=point.lower_99_8,
            upper_99_8=point.upper_99_8,
            count=point.count,
            denominator=point.denominator,
            value_note=point.value_note,
            source=source,
        )
        # Each row's own checks are done; uniqueness and the limits are held by the database.
        data_point.full_clean(validate_unique=False, validate_constraints=False)
        key = (
            indicator.pk,
            data_point.area_id,
            point.period,
            point.sex,
            point.age,
            point.category_type,
            point.category,
        )
        if key in existing:
            report.data_points_updated += 1
        else:
            report.data_points_created += 1
        objects.append(data_point)
    DataPoint.objects.bulk_create(
        objects,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["indicator", "area", "period", "sex", "age", "category_type", "category"],
        update_fields=list(_POINT_FIELDS),
    )


def _import(
    *,
    actor: User | None,
    rows: Iterable[Mapping[str, Any]],
    source_name: str,
    local: bool,
) -> ImportReport:
    report = ImportReport(source_name=source_name)
    if local:
        points, area_rows = _validate(rows, _parse_local_row, LOCAL_REQUIRED_COLUMNS, report)
    else:
        points, area_rows = _validate(
            rows, _parse_fingertips_row, FINGERTIPS_REQUIRED_COLUMNS, report
        )
    if report.problems:
        return report
    with transaction.atomic():
        areas = _save_areas(actor=actor, areas=area_rows, report=report)
        indicators = _save_indicators(
            actor=actor, points=points, local=local, source_name=source_name, report=report
        )
        _save_points(
            points=points,
            indicators=indicators,
            areas=areas,
            source=DataSource.LOCAL if local else DataSource.IMPORTED,
            report=report,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=DataPoint._meta.label_lower,
            object_repr=f"Indicator data from {source_name}"[:200],
            details={
                "file": source_name,
                "source": DataSource.LOCAL if local else DataSource.IMPORTED,
                "rows": report.rows,
                "indicators_created": report.indicators_created,
                "indicators_updated": report.indicators_updated,
                "areas_created": report.areas_created,
                "areas_updated": report.areas_updated,
                "data_points_created": report.data_points_created,
                "data_points_updated": report.data_points_updated,
            },
        )
    return report


@transaction.atomic
def indicator_data_import(
    *, actor: User | None, rows: Iterable[Mapping[str, Any]], source_name: str
) -> ImportReport:
    """Load rows in the layout of the public health profiles' CSV export (extra columns are
    ignored). Every row is checked first; if any is wrong, nothing is written and the report
    lists every problem with its line. Re-loading a file updates the data points it held."""
    return _import(actor=actor, rows=rows, source_name=source_name, local=False)


@transaction.atomic
def local_counts_import(
    *, actor: User | None, rows: Iterable[Mapping[str, Any]], source_name: str
) -> ImportReport:
    """Load the partnership's own data: a count and a denominator for each indicator, area and
    period (columns indicator, area_code, area_name, area_type, period, count, denominator).
    The value is the count as a share of the denominator, times the indicator's multiplier.
    A denominator of 0 is refused. All or nothing, as for the public health profiles."""
    return _import(actor=actor, rows=rows, source_name=source_name, local=True)


# --- Profile and locality downloads


@transaction.atomic
def outcomes_export_record(*, actor: User, area: Area, view: str, rows: int) -> None:
    """Downloading a profile or a locality's figures is an export: who took a copy, of which
    area's figures and how many lines, is kept."""
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        target=area,
        details={"format": "csv", "view": view, "rows": rows},
    )


# --- Indicator page


def indicator_export_record(*, actor: User, indicator: Indicator, rows: int) -> None:
    """Downloading an indicator page's data is an export: who took a copy, and of what, is kept."""
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        target=indicator,
        details={"format": "csv", "view": "indicator", "rows": rows},
    )


# --- Keeping indicators

#: What someone who keeps an indicator may change; the Fingertips ID is the key an import finds
#: it by, so it is not among them.
INDICATOR_FIELDS: tuple[str, ...] = (
    "name",
    "definition",
    "source",
    "priority",
    "framework_indicator",
    "polarity",
    "value_type",
    "multiplier",
    "comparison_method",
    "age",
    "sex",
)
_INDICATOR_TEXT_FIELDS = ("name", "source", "comparison_method", "age", "sex")
#: A proportion is shown as a fraction (1), a percentage (100) or per 1,000 (as the public health
#: profiles show a few, such as stillbirths); any other multiplier for a proportion is almost
#: always a rate's multiplier chosen by mistake.
PROPORTION_MULTIPLIERS: tuple[int, ...] = (1, 100, 1000)
#: The largest multiplier accepted: rates are published per 100,000 at most, and a per-million
#: rate is the most anyone would need.
MAX_MULTIPLIER = 1_000_000


def _indicator_errors(indicator: Indicator) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not indicator.name:
        errors["name"] = "Enter the indicator's name"
    elif (
        not indicator.external_id
        and Indicator.objects.filter(external_id="", name__iexact=indicator.name)
        .exclude(pk=indicator.pk)
        .exists()
    ):
        errors["name"] = f"There is already an indicator called {indicator.name}"
    multiplier = indicator.multiplier
    if multiplier is None or not 1 <= multiplier <= MAX_MULTIPLIER:
        errors["multiplier"] = (
            f"Enter a multiplier between 1 and {MAX_MULTIPLIER:,}, such as 100 for a percentage "
            "or 100000 for a rate per 100,000"
        )
    elif indicator.value_type == ValueType.PROPORTION and multiplier not in PROPORTION_MULTIPLIERS:
        errors["multiplier"] = (
            "A proportion's multiplier must be 1 (a fraction), 100 (a percentage) or 1000 "
            "(per 1,000); for a rate per 100,000 choose the value type crude rate"
        )
    framework_indicator = indicator.framework_indicator
    if framework_indicator is not None and framework_indicator.priority_id != indicator.priority_id:
        errors["framework_indicator"] = (
            f'"{framework_indicator}" measures the priority "{framework_indicator.priority}": '
            "choose that priority, or a framework indicator of the priority chosen"
        )
    return errors


@transaction.atomic
def indicator_update(*, actor: User, indicator: Indicator, **fields: Any) -> Indicator:
    """Changes what the partnership knows about an indicator: its words, where it sits in the
    outcomes framework, and how it is compared (polarity, value type, multiplier).

    Comparisons, trends and quintiles are worked out when they are read, from the stored values
    and the indicator as it now is, so nothing stored needs recomputing: the next page shows
    the new judgement. A framework indicator must belong to the priority chosen, so that the
    framework and the data say the same thing. Refused changes leave the indicator as it was."""
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"Indicator has no changeable fields {sorted(unknown)}")
    for name in _INDICATOR_TEXT_FIELDS:
        if isinstance(fields.get(name), str):
            fields[name] = " ".join(fields[name].split())
    before = {name: getattr(indicator, name) for name in fields}
    changed = sorted(name for name, value in fields.items() if before[name] != value)
    if not changed:
        return indicator
    for name in changed:
        setattr(indicator, name, fields[name])
    errors = _indicator_errors(indicator)
    if errors:
        # The caller's object goes back to how it was, so a refused change cannot be shown or
        # saved by mistake.
        for name in changed:
            setattr(indicator, name, before[name])
        raise ValidationError(errors)
    indicator.modified_by = actor
    try:
        indicator.full_clean()
    except ValidationError:
        for name in changed:
            setattr(indicator, name, before[name])
        raise
    indicator.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=indicator,
        details={
            "changed": changed,
            "from": {name: audit_value(before[name]) for name in changed},
            "to": {name: audit_value(fields[name]) for name in changed},
        },
    )
    return indicator
