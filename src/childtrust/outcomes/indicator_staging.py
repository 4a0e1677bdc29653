"""Staging an indicator load's checked rows (services.uploads), each batch in its own short
transaction and each row marked with what the load will do with it: add it, change the data
point it matches, or leave that data point as it is. No page reads staged rows."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from childtrust.outcomes.indicator_files import (
    ImportReport,
    PointRow,
)
from childtrust.outcomes.models import (
    Area,
    DataPoint,
    DataPointsVersion,
    Indicator,
    StagedDataPoint,
    StagedOutcome,
)

#: Told how far a load has gone: its stage ("checking" or "writing") and the rows read so far.
Progress = Callable[[str, int], None]

# Rows staged in one transaction: a few milliseconds of writing each.
STAGE_BATCH = 2_000
# Staged rows of a load that stopped without removing them (the process was killed) are removed
# by the next load once they are this old: no load takes anywhere near so long.
STALE_AFTER = datetime.timedelta(hours=6)

# --- Staging the checked rows, each with what it will do --------------------------------------


@dataclass
class Held:
    """The indicators and areas held when a load began (with each indicator's multiplier),
    the version of the data points then, and how many staged rows will add, change or leave
    a data point. Indicators and areas number hundreds or a few thousand, so they are kept in
    memory; data points are looked up a batch of rows at a time."""

    local: bool
    source: str
    version: int
    indicators: dict[str, tuple[int, int]]
    areas: dict[str, int]
    outcomes: Counter[str] = field(default_factory=Counter)

    @classmethod
    def read(cls, *, local: bool, source: str) -> Held:
        version = DataPointsVersion.objects.get_or_create(pk=1)[0].version
        return cls(local, source, version, _indicator_ids(local=local), _area_ids())

    def still_holds(self) -> bool:
        """Whether every indicator and area a staged row was matched to is still the same
        one (and, for the partnership's own data, has the same multiplier): otherwise the
        rows' ids and values are stale, and the load compares again."""
        indicators, areas = _indicator_ids(local=self.local), _area_ids()
        return all(indicators.get(key) == ids for key, ids in self.indicators.items()) and all(
            areas.get(code) == pk for code, pk in self.areas.items()
        )


def _indicator_ids(*, local: bool) -> dict[str, tuple[int, int]]:
    """Each indicator's key as a file names it (a local indicator's name, an external one's
    ID), with its id and multiplier."""
    if local:
        found = Indicator.objects.filter(external_id="").values_list("name", "pk", "multiplier")
    else:
        found = Indicator.objects.exclude(external_id="").values_list(
            "external_id", "pk", "multiplier"
        )
    return {key: (pk, multiplier) for key, pk, multiplier in found}


def _area_ids() -> dict[str, int]:
    return dict(Area.objects.values_list("code", "pk"))


def take_turn(version: int) -> bool:
    """Called first in the write transaction: counts this load as the next to write the data
    points, waiting for any other load's transaction to end (PostgreSQL locks the row; SQLite
    lets one writer in). True if no other load wrote since `version` was read."""
    moved = DataPointsVersion.objects.filter(pk=1).update(version=F("version") + 1)
    if not moved:
        return False
    return DataPointsVersion.objects.get(pk=1).version == version + 1


_STAGED_COLUMNS = (
    "batch",
    "staged_at",
    "line",
    "indicator_key",
    "area_code",
    "period",
    "period_start",
    "sex",
    "age",
    "category_type",
    "category",
    "value",
    "lower_95",
    "upper_95",
    "lower_99_8",
    "upper_99_8",
    "count",
    "denominator",
    "value_note",
    "indicator_ref",
    "area_ref",
    "target",
    "outcome",
)


def stage(
    points: Iterator[PointRow],
    *,
    batch: str,
    held: Held,
    report: ImportReport,
    progress: Progress | None,
) -> int:
    """Reads every row (through the checker) and stages the good ones in batches, each in its own
    short transaction, with what each will do to the data points. Once a row has failed,
    nothing more is staged (nothing will be loaded), but every row is still checked so that
    the report lists every problem. Returns how many rows were staged."""
    staged_at = connection.ops.adapt_datetimefield_value(timezone.now())
    waiting: list[PointRow] = []
    staged = 0
    for point in points:
        if report.ok:
            waiting.append(point)
        if len(waiting) >= STAGE_BATCH or (not waiting and report.rows % STAGE_BATCH == 0):
            staged += _insert_staged(_classified(waiting, batch, staged_at, held))
            waiting = []
            if progress is not None:
                progress("checking", report.rows)
    if report.ok:
        staged += _insert_staged(_classified(waiting, batch, staged_at, held))
    if progress is not None:
        progress("checking", report.rows)
    return staged


# What a data point is found by, and the figures that are compared, in the order `_figures` gives.
KEY_COLUMNS = ("period", "sex", "age", "category_type", "category")
FIGURE_COLUMNS = (
    "period_start",
    "lower_95",
    "upper_95",
    "lower_99_8",
    "upper_99_8",
    "count",
    "denominator",
    "value_note",
)


def _classified(
    points: list[PointRow], batch: str, staged_at: object, held: Held
) -> list[tuple[Any, ...]]:
    """The staged values of a batch of rows, each with its indicator's and area's ids where
    held, the data point it matches and whether it is new, changed or unchanged. The data
    points are read (no transaction) by the batch's indicators, areas and periods."""
    default_multiplier = Indicator._meta.get_field("multiplier").get_default()
    matched = _held_points(points, held)
    values = []
    for point in points:
        indicator_ref, multiplier = held.indicators.get(point.indicator_key, (None, None))
        area_ref = held.areas.get(point.area_code)
        value = _value(point, held.local, multiplier or default_multiplier)
        found = matched.get((indicator_ref, area_ref, *_key(point)))
        if found is None:
            target, outcome = None, StagedOutcome.NEW
        else:
            target, figures = found
            same = figures == (*_figures(point, value), held.source)
            outcome = StagedOutcome.UNCHANGED if same else StagedOutcome.CHANGED
        held.outcomes[outcome] += 1
        refs = (indicator_ref, area_ref, target, outcome)
        values.append(_staged_values(point, batch, staged_at, value, refs))
    return values


def _key(point: PointRow) -> tuple[str, ...]:
    return (point.period, point.sex, point.age, point.category_type, point.category)


def _figures(point: PointRow, value: float | None) -> tuple[Any, ...]:
    return (
        value,
        point.period_start,
        point.lower_95,
        point.upper_95,
        point.lower_99_8,
        point.upper_99_8,
        point.count,
        point.denominator,
        point.value_note,
    )


def _value(point: PointRow, local: bool, multiplier: int) -> float | None:
    """The value to hold: the file's, or for the partnership's own data the count as a share of
    the denominator, times the indicator's multiplier (the same arithmetic as the SQL merge)."""
    if not local:
        return point.value
    if point.count is None or point.denominator is None:
        return None
    return point.count / point.denominator * multiplier


def _held_points(
    points: list[PointRow], held: Held
) -> dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]]:
    """The data points held for a batch's indicators, areas and periods, by their key: their id
    and figures (value first, source last)."""
    indicators = {
        held.indicators[p.indicator_key][0] for p in points if p.indicator_key in held.indicators
    }
    areas = {held.areas[p.area_code] for p in points if p.area_code in held.areas}
    if not indicators or not areas:
        return {}
    found = (
        DataPoint.objects.filter(
            indicator_id__in=indicators, area_id__in=areas, period__in={p.period for p in points}
        )
        .order_by()
        .values_list(
            "pk", "indicator_id", "area_id", *KEY_COLUMNS, "value", *FIGURE_COLUMNS, "source"
        )
    )
    keyed = 3 + len(KEY_COLUMNS)  # the id, then the indicator, area and key columns
    return {tuple(row[1:keyed]): (row[0], tuple(row[keyed:])) for row in found}


def _staged_values(
    point: PointRow, batch: str, staged_at: object, value: float | None, refs: tuple[Any, ...]
) -> tuple[Any, ...]:
    return (
        batch,
        staged_at,
        point.line,
        point.indicator_key,
        point.area_code,
        point.period,
        connection.ops.adapt_datefield_value(point.period_start),
        point.sex,
        point.age,
        point.category_type,
        point.category,
        value,
        point.lower_95,
        point.upper_95,
        point.lower_99_8,
        point.upper_99_8,
        point.count,
        point.denominator,
        point.value_note,
        *refs,
    )


def _insert_staged(values: list[tuple[Any, ...]]) -> int:
    if not values:
        return 0
    table = StagedDataPoint._meta.db_table
    columns = ", ".join(_STAGED_COLUMNS)
    placeholders = ", ".join(["%s"] * len(_STAGED_COLUMNS))
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY sends the batch as one stream: several times faster than an INSERT a row.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            insert = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
            cursor.executemany(insert, values)
    return len(values)


# Staged rows are removed this many lines at a time, each in its own short transaction.
_UNSTAGE_LINES = 20_000


def unstage(batch: str) -> None:
    last = StagedDataPoint.objects.filter(batch=batch).order_by("-line").first()
    if last is None:
        return
    for first_line in range(0, last.line + 1, _UNSTAGE_LINES):
        with transaction.atomic():
            StagedDataPoint.objects.filter(
                batch=batch, line__gte=first_line, line__lt=first_line + _UNSTAGE_LINES
            ).delete()


def stale_batches_remove() -> None:
    stale = StagedDataPoint.objects.filter(staged_at__lt=timezone.now() - STALE_AFTER)
    for batch in set(stale.values_list("batch", flat=True).distinct()):
        unstage(batch)
