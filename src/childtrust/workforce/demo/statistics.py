"""The demo's published figures: England, the South East, Southampton (the partnership's own
authority, by the codes the outcomes demo uses) and three comparator authorities, for the demo's
three census years, as the national statistics' open data file would give them.

DEMONSTRATION FIGURES: invented, of a plausible size, not the published statistics. The areas'
names and codes are real (so that they line up with the outcomes demo), but the records have no
place to say the figures are invented; this docstring, the loader's and the demo's notes do.

- Southampton's figures are the partnership's own: the social worker posts' counts worked out
  by the measures engine from the demo's establishment, rounded as the file rounds them.
- Every rate is worked out from the rounded counts (as the import does) and rounded to one
  decimal place, except one published rate that deliberately disagrees with its counts:
  Brighton and Hove's turnover rate in the middle year, flagged (`differs`) with the rate its
  counts give (`recomputed`), as the import would flag it.
- Some cells hold the file's symbols instead of figures: c (suppressed: Reading's absence in
  the first year), x (not available: Brighton and Hove's starters in the middle year), low
  (rounds to zero: Portsmouth's agency cover of vacancies in the latest year) and u (low
  reliability: Reading's cases and caseload in the latest year)."""

from __future__ import annotations

from dataclasses import dataclass

from childtrust.outcomes.demo import COMPARATORS, ENGLAND_CODE, SOUTH_EAST_CODE, SOUTHAMPTON_CODE
from childtrust.workforce.definitions import DEFINITIONS, WORKING_DAYS_IN_YEAR, rate
from childtrust.workforce.demo.loading import WorkforceDemo
from childtrust.workforce.models import (
    GeographicLevel,
    StatisticSymbol,
    WorkforceComparator,
    WorkforceStatistic,
)
from childtrust.workforce.selectors.measures import social_work_figures

#: The file's count columns: FTE and days to one decimal place, headcounts and cases whole.
COUNT_COLUMNS = (
    "inpost_fte",
    "inpost_headcount",
    "starters_fte",
    "leavers_fte",
    "agency_fte",
    "agency_cover_fte",
    "vacancy_fte",
    "case_holders_fte",
    "cases",
    "working_days_lost_fte",
)
WHOLE_COLUMNS = ("inpost_headcount", "cases")
RATES = [d for d in DEFINITIONS.values() if d.column]

OLD_LA_CODES = {
    SOUTHAMPTON_CODE: "852",
    "E06000044": "851",  # Portsmouth
    "E06000043": "846",  # Brighton and Hove
    "E06000038": "870",  # Reading
}
CHOSEN_COMPARATORS = ("E06000044", "E06000043", "E06000038")


@dataclass(frozen=True)
class AreaTrend:
    """An area's figures for the three years, oldest first: FTE in post and the rates (%) its
    counts are made from, and the caseload (cases per FTE)."""

    code: str
    name: str
    level: str
    inpost: tuple[float, float, float]
    turnover: tuple[float, float, float]
    vacancy: tuple[float, float, float]
    agency: tuple[float, float, float]
    caseload: tuple[float, float, float]
    absence: tuple[float, float, float]
    cover_share: float = 0.72  # of vacant FTE covered by agency workers
    starters_per_leaver: float = 1.08


TRENDS: tuple[AreaTrend, ...] = (
    AreaTrend(ENGLAND_CODE, "England", GeographicLevel.NATIONAL,
              (33_900, 35_200, 35_900), (17.0, 16.1, 15.4), (19.6, 18.4, 17.2),
              (16.9, 15.5, 14.2), (16.4, 16.1, 15.8), (3.0, 2.9, 2.9)),
    AreaTrend(SOUTH_EAST_CODE, "South East", GeographicLevel.REGIONAL,
              (4_700, 4_850, 4_950), (18.9, 17.6, 16.8), (22.1, 20.9, 19.5),
              (20.8, 19.4, 17.9), (16.0, 15.9, 15.5), (2.7, 2.8, 2.6), cover_share=0.78),
    AreaTrend("E06000044", "Portsmouth", GeographicLevel.LOCAL_AUTHORITY,
              (205, 212, 219), (14.1, 15.9, 13.2), (15.3, 14.8, 12.9),
              (12.4, 11.8, 10.1), (15.2, 14.8, 14.9), (3.3, 3.1, 3.4), cover_share=0.55),
    AreaTrend("E06000043", "Brighton and Hove", GeographicLevel.LOCAL_AUTHORITY,
              (238, 231, 236), (19.8, 21.2, 18.4), (23.5, 24.9, 21.7),
              (21.3, 22.6, 19.9), (17.9, 18.6, 17.2), (3.6, 3.9, 3.5), cover_share=0.81),
    AreaTrend("E06000038", "Reading", GeographicLevel.LOCAL_AUTHORITY,
              (152, 158, 163), (22.6, 19.3, 17.7), (26.4, 22.8, 20.1),
              (24.9, 21.7, 18.3), (18.8, 17.6, 16.9), (2.4, 2.6, 2.5), cover_share=0.84),
)  # fmt: skip

#: (area code, year index 0-2, column) -> the symbol the file has there instead of a figure.
SYMBOLS: dict[tuple[str, int, str], str] = {
    ("E06000038", 0, "working_days_lost_fte"): StatisticSymbol.SUPPRESSED,
    ("E06000038", 0, "absence_rate_fte"): StatisticSymbol.SUPPRESSED,
    ("E06000043", 1, "starters_fte"): StatisticSymbol.UNAVAILABLE,
    ("E06000044", 2, "agency_cover_fte"): StatisticSymbol.ROUNDS_TO_ZERO,
    ("E06000044", 2, "vacancy_agency_cover_rate_fte"): StatisticSymbol.ROUNDS_TO_ZERO,
    ("E06000038", 2, "cases"): StatisticSymbol.LOW_RELIABILITY,
    ("E06000038", 2, "caseload_fte"): StatisticSymbol.LOW_RELIABILITY,
}
#: The published rate that disagrees with its counts: (area, year index, column) -> how far.
MISPRINT = (("E06000043", 1, "turnover_rate_fte"), 2.4)


def _counts(trend: AreaTrend, index: int) -> dict[str, float]:
    """An area's counts for one year, from its FTE in post and rates."""
    inpost = trend.inpost[index]
    vacancy = inpost * trend.vacancy[index] / (100 - trend.vacancy[index])
    agency = inpost * trend.agency[index] / (100 - trend.agency[index])
    leavers = inpost * trend.turnover[index] / 100
    case_holders = inpost * 0.62
    return {
        "inpost_fte": inpost,
        "inpost_headcount": inpost * 1.07,
        "starters_fte": leavers * trend.starters_per_leaver,
        "leavers_fte": leavers,
        "agency_fte": agency,
        "agency_cover_fte": min(vacancy * trend.cover_share, agency),
        "vacancy_fte": vacancy,
        "case_holders_fte": case_holders,
        "cases": case_holders * trend.caseload[index],
        "working_days_lost_fte": inpost * WORKING_DAYS_IN_YEAR * trend.absence[index] / 100,
    }


def _rounded(column: str, value: float) -> float:
    return float(round(value)) if column in WHOLE_COLUMNS else round(value, 1)


def _area_rows(
    code: str, name: str, level: str, year: int, index: int, counts: dict[str, float]
) -> list[WorkforceStatistic]:
    """One area's row of the file for one year: its counts, and its rates worked out from them
    (None where a count is a symbol or the bottom is 0)."""
    cells: dict[str, tuple[float | None, str]] = {}
    for column in COUNT_COLUMNS:
        symbol = SYMBOLS.get((code, index, column), "")
        cells[column] = (None, symbol) if symbol else (_rounded(column, counts[column]), "")
    recomputed: dict[str, float | None] = {}
    for definition in RATES:
        top = cells[definition.numerator][0]
        bottom = [cells[column][0] for column in definition.denominator]
        worked = (
            None
            if top is None or any(b is None for b in bottom)
            else rate(top, sum(b or 0.0 for b in bottom), per=definition.per)
        )
        symbol = SYMBOLS.get((code, index, definition.column), "")
        if symbol:
            cells[definition.column] = (None, symbol)
        elif worked is None:
            cells[definition.column] = (None, StatisticSymbol.NOT_APPLICABLE)
        else:
            cells[definition.column] = (round(worked, 1), "")
            recomputed[definition.column] = worked
    (misprint_code, misprint_index, misprint_column), by = MISPRINT
    if (code, index) == (misprint_code, misprint_index):
        value, _ = cells[misprint_column]
        cells[misprint_column] = (round((value or 0.0) + by, 1), "")
    return [
        WorkforceStatistic(
            year=year,
            geographic_level=level,
            area_code=code,
            area_name=name,
            old_la_code=OLD_LA_CODES.get(code, ""),
            measure=column,
            value=value,
            symbol=symbol,
            recomputed=recomputed.get(column),
            differs=(code, index, column) == MISPRINT[0],
        )
        for column, (value, symbol) in cells.items()
    ]


def _partnership_counts(demo: WorkforceDemo, year: int) -> dict[str, float]:
    """The local authority's own social worker counts for a census year, from the measures."""
    council = demo.agencies["childrens-services"]
    [figures] = [g for g in social_work_figures(year)["agency"] if g.key == council.pk]
    return {column: figures.counts.count(column) for column in COUNT_COLUMNS}


def statistics_insert(demo: WorkforceDemo) -> None:
    """The published figures for every area and year, and the three chosen comparators."""
    rows: list[WorkforceStatistic] = []
    for index, year in enumerate(demo.years):
        for trend in TRENDS:
            rows += _area_rows(
                trend.code, trend.name, trend.level, year, index, _counts(trend, index)
            )
        rows += _area_rows(
            SOUTHAMPTON_CODE,
            "Southampton",
            GeographicLevel.LOCAL_AUTHORITY,
            year,
            index,
            _partnership_counts(demo, year),
        )
    demo.insert(WorkforceStatistic, rows)
    names = {comparator.code: comparator.name for comparator in COMPARATORS}
    demo.insert(
        WorkforceComparator,
        [WorkforceComparator(area_code=code, area_name=names[code]) for code in CHOSEN_COMPARATORS],
    )
