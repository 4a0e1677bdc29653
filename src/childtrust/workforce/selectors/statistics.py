"""Reads of the national workforce statistics held: the years and areas loaded, the comparator
authorities chosen, the partnership's own authority and region, and the figures for a set of
areas in one query. The pages' tables, sentences and charts are built from these in
`statistics_pages`.

The partnership's authority is the one the outcomes pages use (outcomes'
`partnership_area()`: the local authority its localities sit in), and its region that area's
parent region there: the statistics' file names each authority's region, but the figures held
keep only the authority's own code and name."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Max

from childtrust.outcomes.indicator_page import partnership_area
from childtrust.outcomes.models import AreaType
from childtrust.workforce.models import GeographicLevel, WorkforceComparator, WorkforceStatistic

ENGLAND_CODE = "E92000001"


@dataclass(frozen=True)
class AreaRef:
    code: str
    name: str


@dataclass(frozen=True)
class PartnershipAuthority:
    """The partnership's local authority, and its region where the outcomes areas say it."""

    code: str
    name: str
    region: AreaRef | None


def statistics_years() -> list[int]:
    """The census years the statistics held cover, oldest first."""
    return list(
        WorkforceStatistic.objects.order_by("year").values_list("year", flat=True).distinct()
    )


def statistics_latest_year() -> int | None:
    latest: int | None = WorkforceStatistic.objects.aggregate(latest=Max("year"))["latest"]
    return latest


def _latest_names(level: GeographicLevel) -> list[AreaRef]:
    """Each area of a level held, by its name in the latest year that has it, by name."""
    names: dict[str, str] = {}
    rows = (
        WorkforceStatistic.objects.filter(geographic_level=level)
        .order_by("area_code", "-year")
        .values_list("area_code", "area_name")
        .distinct()
    )
    for code, name in rows:
        names.setdefault(code, name)
    return sorted((AreaRef(code, name) for code, name in names.items()), key=_by_name)


def _by_name(area: AreaRef) -> str:
    return area.name.casefold()


def authorities_held() -> list[AreaRef]:
    """Every local authority the statistics held have figures for, by name."""
    return _latest_names(GeographicLevel.LOCAL_AUTHORITY)


def england_held() -> AreaRef | None:
    """England's area in the statistics held (the national rows)."""
    national = _latest_names(GeographicLevel.NATIONAL)
    return next((a for a in national if a.code == ENGLAND_CODE), national[0] if national else None)


def area_names(codes: Iterable[str]) -> dict[str, str]:
    """The latest name held for each code (codes with no figures are left out)."""
    names: dict[str, str] = {}
    rows = (
        WorkforceStatistic.objects.filter(area_code__in=list(codes))
        .order_by("area_code", "-year")
        .values_list("area_code", "area_name")
        .distinct()
    )
    for code, name in rows:
        names.setdefault(code, name)
    return names


def comparators_chosen() -> list[WorkforceComparator]:
    return list(WorkforceComparator.objects.order_by("area_name"))


def partnership_authority() -> PartnershipAuthority | None:
    """The partnership's local authority (outcomes' partnership area), or None when none is
    set; its region where that area's parent is a region."""
    area = partnership_area()
    if area is None:
        return None
    parent = area.parent
    region = (
        AreaRef(parent.code, parent.name)
        if parent is not None and parent.area_type == AreaType.REGION
        else None
    )
    return PartnershipAuthority(code=area.code, name=area.name, region=region)


def statistics_for(
    codes: Iterable[str], columns: Iterable[str]
) -> dict[tuple[str, str, int], WorkforceStatistic]:
    """The figures held for the areas and columns, by (area code, column, year): one query."""
    return {
        (statistic.area_code, statistic.measure, statistic.year): statistic
        for statistic in WorkforceStatistic.objects.filter(
            area_code__in=list(codes), measure__in=list(columns)
        )
    }
