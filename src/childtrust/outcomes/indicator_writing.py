"""Writing an indicator load (services.uploads), inside its one transaction: the areas and
indicators (a few hundred at most), then the data points in bulk from the staged rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.outcomes import area_deciles
from childtrust.outcomes.indicator_files import (
    AreaRow,
    ImportReport,
)
from childtrust.outcomes.indicator_staging import FIGURE_COLUMNS, KEY_COLUMNS, Held
from childtrust.outcomes.models import (
    Area,
    AreaType,
    DataPoint,
    DataSource,
    Indicator,
    StagedDataPoint,
    StagedOutcome,
    ValueType,
)

# A parent named in the file but not itself a row is given the type one level up.
_PARENT_TYPE = {
    AreaType.REGION: AreaType.ENGLAND,
    AreaType.LOCAL_AUTHORITY: AreaType.REGION,
    AreaType.LOCALITY: AreaType.LOCAL_AUTHORITY,
    AreaType.WARD: AreaType.LOCAL_AUTHORITY,
}
ENGLAND_CODE = "E92000001"


# --- Writing: areas and indicators (a few hundred at most), then the data points in bulk -----


def save_areas(*, actor: User, areas: dict[str, AreaRow], report: ImportReport) -> None:
    """Makes the areas that are new and renames those whose name or type changed, or gives a
    ward the deprivation decile its rows give (area_deciles.held); the others are left as they
    are, their modified time too."""
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
        decile = area_deciles.held(row, area)
        if area is None:
            area = Area(code=row.code, created_by=actor)
            report.areas_created += 1
        elif (area.name, area.area_type, area.imd_decile, area.imd_decile_source) != (
            row.name,
            row.area_type,
            *decile,
        ):
            report.areas_updated += 1
        else:
            continue
        area.name, area.area_type, area.modified_by = row.name, row.area_type, actor
        area.imd_decile, area.imd_decile_source = decile
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


def save_indicators(
    *,
    actor: User,
    names: dict[str, tuple[str, int]],
    local: bool,
    source_name: str,
    report: ImportReport,
    period_years: Mapping[str, int] | None = None,
) -> None:
    """Makes the indicators that are new and renames those whose name changed; sets each
    indicator's period length where the file gives one (`period_years`, by the file's key for
    the indicator), so that its recent trend knows whether its periods overlap."""
    lengths = period_years or {}
    wanted = {key: name for key, (name, _line) in names.items()}
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
            indicator.period_years = lengths.get(key, indicator.period_years)
            indicator.full_clean()
            indicator.save()
            report.indicators_created += 1
        elif (indicator.name, indicator.period_years) != (
            name,
            lengths.get(key, indicator.period_years),
        ):
            indicator.name, indicator.modified_by = name, actor
            indicator.period_years = lengths.get(key, indicator.period_years)
            indicator.full_clean()
            indicator.save()
            report.indicators_updated += 1


# The tables the merge statements read and write: staged rows, indicators, areas, data points.
_TABLES = (
    StagedDataPoint._meta.db_table,
    Indicator._meta.db_table,
    Area._meta.db_table,
    DataPoint._meta.db_table,
)


def _indicator_match(*, local: bool) -> str:
    """How a staged row (s) finds its indicator (i): the partnership's own by name, with no
    external id; a published one by its external id."""
    if local:
        return "i.external_id = '' AND i.name = s.indicator_key"
    return "i.external_id <> '' AND i.external_id = s.indicator_key"


def _merge_sql(*, local: bool) -> tuple[str, str]:
    """The two statements that merge a load's staged rows (one batch) into the data points:
    change those held whose figures differ, then add those not held.

    The staged rows are joined to their indicator, area and data point in that order (CROSS
    JOIN tells SQLite the order; PostgreSQL plans its own), so that each row finds its data
    point through the unique index, and the rows to write are worked out first (MATERIALIZED)
    so that the data points are then found by id: a few hundred milliseconds for 200,000 rows,
    where SQLite's own plan scanned an area's data points for every row. Every name here is a
    table or column of the models, never the file's text, which reaches the database only as
    parameters (the batch, the source, the time)."""
    staged, indicators, areas, points = _TABLES
    # The partnership's own value: the count as a share of the denominator, times the multiplier.
    value = "s.count / s.denominator * i.multiplier" if local else "s.value"
    figures = {"value": value, **{column: f"s.{column}" for column in FIGURE_COLUMNS}}
    selected = ", ".join(f"{expression} AS {column}" for column, expression in figures.items())
    joined = f"FROM {staged} s CROSS JOIN {indicators} i CROSS JOIN {areas} a"
    where = f"WHERE s.batch = %s AND {_indicator_match(local=local)} AND a.code = s.area_code"
    held = "d.indicator_id = i.id AND d.area_id = a.id AND " + " AND ".join(
        f"d.{column} = s.{column}" for column in KEY_COLUMNS
    )
    differs = " OR ".join(
        f"d.{column} IS DISTINCT FROM {expression}" for column, expression in figures.items()
    )
    assignments = ", ".join(f"{column} = src.{column}" for column in figures)
    to_change = (
        f"SELECT d.id AS target, {selected} {joined} CROSS JOIN {points} d {where} "
        f"AND {held} AND ({differs} OR d.source <> %s)"
    )
    change = (
        f"WITH src AS MATERIALIZED ({to_change}) "  # noqa: S608
        f"UPDATE {points} SET {assignments}, source = %s, modified_at = %s "
        f"FROM src WHERE {points}.id = src.target"
    )
    columns = ("indicator_id", "area_id", *KEY_COLUMNS, *figures)
    keys = ", ".join(f"s.{column}" for column in KEY_COLUMNS)
    to_add = (
        f"SELECT i.id AS indicator_id, a.id AS area_id, {keys}, {selected} {joined} {where} "  # noqa: S608
        f"AND NOT EXISTS (SELECT 1 FROM {points} d WHERE {held})"
    )
    add = (
        f"WITH src AS MATERIALIZED ({to_add}) "  # noqa: S608
        f"INSERT INTO {points} ({', '.join(columns)}, source, created_at, modified_at) "
        f"SELECT {', '.join(columns)}, %s, %s, %s FROM src"
    )
    return change, add


def merge_points(
    *,
    batch: str,
    local: bool,
    source: DataSource,
    report: ImportReport,
    staged: int,
    held: Held | None,
) -> None:
    """Writes the staged rows into the data points. Each row was compared with the data points
    as it was staged, so, if no other load has written since (`held` is given) and what the
    rows were matched to still holds, only the changed rows are updated and the new ones added,
    by their ids; otherwise the rows are compared again, here."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    if held is not None and held.still_holds():
        try:
            with transaction.atomic():
                _apply_outcomes(batch=batch, local=local, source=source, held=held, now=now)
        except _StaleOutcomesError:
            pass
        else:
            report.data_points_created = held.outcomes[StagedOutcome.NEW]
            report.data_points_updated = held.outcomes[StagedOutcome.CHANGED]
            report.data_points_unchanged = held.outcomes[StagedOutcome.UNCHANGED]
            return
    _compare_and_merge(batch=batch, local=local, source=source, report=report, staged=staged)


class _StaleOutcomesError(Exception):
    """A data point a staged row was to change is no longer held."""


def _apply_outcomes(*, batch: str, local: bool, source: str, held: Held, now: Any) -> None:
    """Two statements, each reading only its own staged rows (by the batch and outcome index):
    the changed ones update their data point by id, the new ones are added with the ids worked
    out as they were staged, looking up only an indicator or area this load has just made.
    An unchanged file writes nothing here."""
    staged, indicators, areas, points = _TABLES
    figures = ("value", *FIGURE_COLUMNS)
    assignments = ", ".join(f"{column} = s.{column}" for column in figures)
    change = (
        f"UPDATE {points} SET {assignments}, source = %s, modified_at = %s "  # noqa: S608
        f"FROM {staged} s WHERE s.batch = %s AND s.outcome = %s AND {points}.id = s.target"
    )
    indicator = (
        f"COALESCE(s.indicator_ref, (SELECT i.id FROM {indicators} i "  # noqa: S608
        f"WHERE {_indicator_match(local=local)}))"
    )
    area = f"COALESCE(s.area_ref, (SELECT a.id FROM {areas} a WHERE a.code = s.area_code))"  # noqa: S608
    columns = (*KEY_COLUMNS, *figures)
    add = (
        f"INSERT INTO {points} (indicator_id, area_id, {', '.join(columns)}, source, "  # noqa: S608
        f"created_at, modified_at) SELECT {indicator}, {area}, "
        f"{', '.join(f's.{column}' for column in columns)}, %s, %s, %s "
        f"FROM {staged} s WHERE s.batch = %s AND s.outcome = %s"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Compiling a 200,000-row insert took 0.16 s of the transaction and saved nothing.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(change, [source, now, batch, StagedOutcome.CHANGED])
        if _changed_rows(cursor) != held.outcomes[StagedOutcome.CHANGED]:
            raise _StaleOutcomesError
        cursor.execute(add, [source, now, now, batch, StagedOutcome.NEW])


def _compare_and_merge(
    *, batch: str, local: bool, source: DataSource, report: ImportReport, staged: int
) -> None:
    """Changes the data points whose figures differ from the staged rows (and their modified
    time), adds those not held, and counts the rest as unchanged: two statements that compare
    every staged row with the data points, used when what the rows were compared with as they
    were staged may have changed since."""
    change, add = _merge_sql(local=local)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(change, [batch, source, source, now])
        report.data_points_updated = _changed_rows(cursor)
        cursor.execute(add, [batch, source, now, now])
        report.data_points_created = _changed_rows(cursor)
    report.data_points_unchanged = staged - report.data_points_created - report.data_points_updated


def _changed_rows(cursor: Any) -> int:
    """The rows the last statement changed. Python's sqlite3 gives no row count for a statement
    that begins with WITH, so SQLite is asked."""
    if connection.vendor == "sqlite":
        cursor.execute("SELECT changes()")
        return int(cursor.fetchone()[0])
    return int(cursor.rowcount)
