"""Loading indicator data: the public health profiles' CSV export (Fingertips) and the
partnership's own counts and denominators, by those who manage outcomes (from the upload page
or the `import_indicators` command, which names the person loading).

Every row is checked before anything is written (`outcomes.indicator_files`). If any row is
wrong, the report lists every problem with its line and nothing is loaded: a half-loaded file
would show England and the city for different periods without anyone noticing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.outcomes import access
from childtrust.outcomes.indicator_files import AreaRow, ImportReport, PointRow, check_rows
from childtrust.outcomes.models import Area, AreaType, DataPoint, DataSource, Indicator, ValueType

# A parent named in the file but not itself a row is given the type one level up.
_PARENT_TYPE = {
    AreaType.REGION: AreaType.ENGLAND,
    AreaType.LOCAL_AUTHORITY: AreaType.REGION,
    AreaType.LOCALITY: AreaType.LOCAL_AUTHORITY,
    AreaType.WARD: AreaType.LOCAL_AUTHORITY,
}
ENGLAND_CODE = "E92000001"


@transaction.atomic
def indicator_data_import(
    *, actor: User, rows: Iterable[Mapping[str, object]], source_name: str
) -> ImportReport:
    """Load rows in the layout of the public health profiles' CSV export (extra columns are
    ignored). Every row is checked first; if any is wrong, nothing is written and the report
    lists every problem with its line. Re-loading a file updates the data points it held."""
    require(access.can_upload_indicator_data(actor), to="load indicator data")
    return _import(actor=actor, rows=rows, source_name=source_name, local=False)


@transaction.atomic
def local_counts_import(
    *, actor: User, rows: Iterable[Mapping[str, object]], source_name: str
) -> ImportReport:
    """Load the partnership's own data: a count and a denominator for each indicator, area and
    period (columns indicator, area_code, area_name, area_type, period, count, denominator).
    The value is the count as a share of the denominator, times the indicator's multiplier.
    A denominator of 0 is refused. All or nothing, as for the public health profiles."""
    require(access.can_upload_indicator_data(actor), to="load indicator data")
    return _import(actor=actor, rows=rows, source_name=source_name, local=True)


def _import(
    *, actor: User, rows: Iterable[Mapping[str, object]], source_name: str, local: bool
) -> ImportReport:
    report = ImportReport(source_name=source_name)
    points, area_rows = check_rows(rows, local=local, report=report)
    if report.problems:
        return report
    source = DataSource.LOCAL if local else DataSource.IMPORTED
    areas = _save_areas(actor=actor, areas=area_rows, report=report)
    indicators = _save_indicators(
        actor=actor, points=points, local=local, source_name=source_name, report=report
    )
    _save_points(points=points, indicators=indicators, areas=areas, source=source, report=report)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type=DataPoint._meta.label_lower,
        object_repr=f"Indicator data from {source_name}"[:200],
        details={"file": source_name, "source": source, **report.counts()},
    )
    return report


def _save_areas(*, actor: User, areas: dict[str, AreaRow], report: ImportReport) -> dict[str, Area]:
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
    actor: User,
    points: list[PointRow],
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
    points: list[PointRow],
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
