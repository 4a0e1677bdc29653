"""The national children's social work workforce measures, as the Department for Education's
statistics define them (census date 30 September), with the columns of the statistics' open data
file (`csww_indicators_*.csv`) that hold each one and the counts it is worked out from.

One list, so that the measures pages, the import's recomputation, the comparison charts and the
strategic plan all mean the same thing by "vacancy rate". Every rate here is a percentage except
the caseload, which is cases per FTE."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models

CENSUS_MONTH_DAY = (9, 30)

#: The working days in a census year the DfE's absence rate assumes; childtrust uses the same
#: number, so that the partnership's rate compares with England's.
WORKING_DAYS_IN_YEAR = 253

#: The file's rates are rounded to one decimal place: a recomputed rate further than this from
#: the published one is reported.
PUBLISHED_ROUNDING = 0.1


def census_date(year: int) -> datetime.date:
    """The census day of a year: 30 September."""
    return datetime.date(year, *CENSUS_MONTH_DAY)


def census_year_start(year: int) -> datetime.date:
    """The first day of the year to a census: 1 October of the year before."""
    return datetime.date(year - 1, 10, 1)


class WorkforceMeasure(models.TextChoices):
    TURNOVER_RATE = "turnover_rate", "Turnover rate"
    VACANCY_RATE = "vacancy_rate", "Vacancy rate"
    AGENCY_RATE = "agency_rate", "Agency worker rate"
    VACANCY_AGENCY_COVER = "vacancy_agency_cover", "Agency cover of vacancies"
    AGENCY_COVERING_VACANCIES = "agency_covering_vacancies", "Agency workers covering vacancies"
    CASELOAD = "caseload", "Average caseload"
    ABSENCE_RATE = "absence_rate", "Absence rate"


@dataclass(frozen=True)
class MeasureDefinition:
    measure: WorkforceMeasure
    definition: str  # in words, as the page states it
    unit: str  # "%" or "cases per FTE"
    lower_is_better: bool | None  # None: no judgement of high or low
    column: str  # the published rate's column in the open data file ("" if none)
    numerator: str  # the file's column for the top of the fraction
    denominator: tuple[str, ...]  # the file's columns whose sum is the bottom
    per: float  # 100 for a percentage


DEFINITIONS: dict[WorkforceMeasure, MeasureDefinition] = {
    definition.measure: definition
    for definition in (
        MeasureDefinition(
            WorkforceMeasure.TURNOVER_RATE,
            "FTE of social workers who left in the year to 30 September, as a percentage of the "
            "FTE in post on 30 September",
            "%",
            True,
            "turnover_rate_fte",
            "leavers_fte",
            ("inpost_fte",),
            100,
        ),
        MeasureDefinition(
            WorkforceMeasure.VACANCY_RATE,
            "Vacant FTE as a percentage of vacant FTE and FTE in post together, on 30 September",
            "%",
            True,
            "vacancy_rate_fte",
            "vacancy_fte",
            ("vacancy_fte", "inpost_fte"),
            100,
        ),
        MeasureDefinition(
            WorkforceMeasure.AGENCY_RATE,
            "Agency worker FTE as a percentage of agency worker FTE and FTE in post together, "
            "on 30 September",
            "%",
            True,
            "agency_rate_fte",
            "agency_fte",
            ("agency_fte", "inpost_fte"),
            100,
        ),
        MeasureDefinition(
            WorkforceMeasure.VACANCY_AGENCY_COVER,
            "Agency worker FTE covering vacancies as a percentage of vacant FTE, on 30 September",
            "%",
            None,
            "vacancy_agency_cover_rate_fte",
            "agency_cover_fte",
            ("vacancy_fte",),
            100,
        ),
        MeasureDefinition(
            WorkforceMeasure.AGENCY_COVERING_VACANCIES,
            "Agency worker FTE covering vacancies as a percentage of all agency worker FTE, on "
            "30 September",
            "%",
            None,
            "",
            "agency_cover_fte",
            ("agency_fte",),
            100,
        ),
        MeasureDefinition(
            WorkforceMeasure.CASELOAD,
            "Cases held on 30 September divided by the FTE of the social workers holding cases",
            "cases per FTE",
            True,
            "caseload_fte",
            "cases",
            ("case_holders_fte",),
            1,
        ),
        MeasureDefinition(
            WorkforceMeasure.ABSENCE_RATE,
            "Working days lost to sickness absence in the year to 30 September, as a percentage "
            f"of the FTE in post on 30 September times {WORKING_DAYS_IN_YEAR} working days",
            "%",
            True,
            "absence_rate_fte",
            "working_days_lost_fte",
            ("inpost_fte",),
            100 / WORKING_DAYS_IN_YEAR,
        ),
    )
}


def rate(numerator: float | None, denominator: float | None, *, per: float) -> float | None:
    """numerator / denominator x per, or None when either is unknown or the denominator is not
    above zero (no staff, no rate: never a zero that is not one)."""
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator * per
