"""Rows of a national statistics open data file (csww_indicators_*.csv) for the statistics'
tests, with figures that agree with their rates (worked by hand below), and the partnership's
area in the outcome indicators (Southampton, in the South East).

An authority's default row, worked by hand:
  turnover     leavers 16.0 / in post 100.0 x 100              = 16.0
  vacancy      vacant 19.0 / (19.0 + 100.0) x 100 = 15.966      -> 16.0
  agency       agency 18.0 / (18.0 + 100.0) x 100 = 15.254      -> 15.3
  cover        covering 9.0 / vacant 19.0 x 100 = 47.368        -> 47.4
  caseload     cases 1280 / case holders 80.0                  = 16.0
  absence      days lost 759.0 / (100.0 x 253) x 100           = 3.0
"""

from __future__ import annotations

import csv
import io
from typing import Any

from childtrust.accounts.models import User
from childtrust.outcomes.models import Area, AreaType
from childtrust.workforce.services.statistics_import import workforce_statistics_load
from childtrust.workforce.statistics_csv import REQUIRED_COLUMNS, StatisticsImportReport

HEADER = ("time_period", "time_identifier", "geographic_level", "country_code", "country_name")
HEADER = HEADER + tuple(c for c in REQUIRED_COLUMNS if c not in HEADER) + ("la_code_extra",)

FIGURES = {
    "inpost_fte": "100.0",
    "inpost_headcount": "105",
    "starters_fte": "20.0",
    "leavers_fte": "16.0",
    "turnover_rate_fte": "16.0",
    "agency_fte": "18.0",
    "agency_rate_fte": "15.3",
    "agency_cover_fte": "9.0",
    "vacancy_fte": "19.0",
    "vacancy_rate_fte": "16.0",
    "vacancy_agency_cover_rate_fte": "47.4",
    "case_holders_fte": "80.0",
    "cases": "1280",
    "caseload_fte": "16.0",
    "working_days_lost_fte": "759.0",
    "absence_rate_fte": "3.0",
}


def national(year: int = 2024, **figures: str) -> dict[str, str]:
    return {
        "time_period": str(year),
        "time_identifier": "Reporting year",
        "geographic_level": "National",
        "country_code": "E92000001",
        "country_name": "England",
        **FIGURES,
        **figures,
    }


def regional(
    year: int = 2024, code: str = "E12000008", name: str = "South East", **figures: str
) -> dict[str, str]:
    return {
        **national(year, **figures),
        "geographic_level": "Regional",
        "region_code": code,
        "region_name": name,
    }


def authority(
    year: int = 2024,
    code: str = "E06000045",
    name: str = "Southampton",
    old_code: str = "852",
    **figures: str,
) -> dict[str, str]:
    return {
        **regional(year, **figures),
        "geographic_level": "Local authority",
        "old_la_code": old_code,
        "new_la_code": code,
        "la_name": name,
    }


def csv_text(rows: list[dict[str, str]], header: tuple[str, ...] = HEADER) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in header})
    return out.getvalue()


def load(actor: User, rows: list[dict[str, str]], **kwargs: Any) -> StatisticsImportReport:
    reader = csv.DictReader(io.StringIO(csv_text(rows), newline=""))
    return workforce_statistics_load(actor=actor, rows=reader, source_name="csww.csv", **kwargs)


def partnership_areas() -> Area:
    """Southampton in the South East, with a locality: the partnership's area on the outcomes
    pages (outcomes.indicator_page.partnership_area)."""
    england = Area.objects.create(code="E92000001", name="England", area_type=AreaType.ENGLAND)
    region = Area.objects.create(
        code="E12000008", name="South East", area_type=AreaType.REGION, parent=england
    )
    city = Area.objects.create(
        code="E06000045", name="Southampton", area_type=AreaType.LOCAL_AUTHORITY, parent=region
    )
    Area.objects.create(code="L01", name="Central", area_type=AreaType.LOCALITY, parent=city)
    return city
