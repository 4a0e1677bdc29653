"""Reading the national statistics' open data file before anything is written: each symbol kept as
what it means (never a zero), the headers, the year and area of a row, and each published rate
worked out again from its counts, by hand, with the file's rounding of 0.1 at its edge."""

from __future__ import annotations

import re

import pytest

from childtrust.workforce.definitions import DEFINITIONS, WorkforceMeasure
from childtrust.workforce.models import GeographicLevel, StatisticSymbol
from childtrust.workforce.statistics_csv import (
    REQUIRED_COLUMNS,
    Cell,
    StatisticsChecker,
    StatisticsImportReport,
    cell_parse,
    formula_words,
    rate_check,
    statistics_columns_problem,
)
from tests.workforce.statistics_rows import FIGURES, authority, national, regional


@pytest.mark.parametrize(
    ("text", "symbol"),
    [
        ("c", StatisticSymbol.SUPPRESSED),
        ("u", StatisticSymbol.LOW_RELIABILITY),
        ("x", StatisticSymbol.UNAVAILABLE),
        ("z", StatisticSymbol.NOT_APPLICABLE),
        ("low", StatisticSymbol.ROUNDS_TO_ZERO),
        (" LOW ", StatisticSymbol.ROUNDS_TO_ZERO),
        ("C", StatisticSymbol.SUPPRESSED),
        # Before the symbols were harmonised: ":" not available, "~" rounds to zero.
        (":", StatisticSymbol.UNAVAILABLE),
        ("~", StatisticSymbol.ROUNDS_TO_ZERO),
    ],
)
def test_each_symbol_is_kept_as_that_symbol_with_no_value(text: str, symbol: str) -> None:
    assert cell_parse(text) == Cell(None, symbol)


@pytest.mark.parametrize(("text", "value"), [("12.5", 12.5), ("0", 0.0), (" 1280 ", 1280.0)])
def test_a_number_is_kept_as_a_figure(text: str, value: float) -> None:
    assert cell_parse(text) == Cell(value, StatisticSymbol.NONE)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "is empty"),
        ("abc", '"abc", which is neither a number nor one of the symbols'),
        ("-1.0", '"-1.0", which is neither'),
        ("1,234", '"1,234", which is neither'),
        ("12.5u", '"12.5u", which is neither'),
    ],
)
def test_a_cell_that_is_neither_a_number_nor_a_symbol_is_refused(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=re.escape(words)):
        cell_parse(text)


def test_a_header_without_the_required_columns_is_refused_naming_each() -> None:
    columns = [c for c in REQUIRED_COLUMNS if c not in ("leavers_fte", "la_name")] + ["other"]

    problem = statistics_columns_problem("csww.csv", columns)

    assert problem is not None
    assert "The file csww.csv has no column called la_name, leavers_fte" in problem
    assert "nothing was loaded" in problem


def test_other_columns_and_upper_case_names_are_accepted() -> None:
    columns = [c.upper() for c in REQUIRED_COLUMNS] + ["country_name", "la_code_extra"]
    assert statistics_columns_problem("csww.csv", columns) is None


# --- Published rates against their counts, worked by hand ---------------------------------------


def _cells(**figures: str) -> dict[str, Cell]:
    return {column: cell_parse(text) for column, text in {**FIGURES, **figures}.items()}


def test_a_published_turnover_rate_of_15_8_against_16_0_from_its_counts_differs() -> None:
    # leavers 16.0 / in post 100.0 x 100 = 16.0; published 15.8: 0.2 apart.
    definition = DEFINITIONS[WorkforceMeasure.TURNOVER_RATE]
    recomputed, differs = rate_check(definition, _cells(turnover_rate_fte="15.8"))
    assert recomputed == pytest.approx(16.0)
    assert differs


@pytest.mark.parametrize(
    ("published", "differs"),
    [("16.0", False), ("15.9", False), ("16.1", False), ("15.89", True), ("16.11", True)],
)
def test_a_rate_exactly_the_files_rounding_away_is_within_it(published: str, differs: bool) -> None:
    definition = DEFINITIONS[WorkforceMeasure.TURNOVER_RATE]
    assert rate_check(definition, _cells(turnover_rate_fte=published))[1] is differs


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        (WorkforceMeasure.VACANCY_RATE, 19.0 / 119.0 * 100),  # 15.966: published 16.0
        (WorkforceMeasure.AGENCY_RATE, 18.0 / 118.0 * 100),  # 15.254: published 15.3
        (WorkforceMeasure.VACANCY_AGENCY_COVER, 9.0 / 19.0 * 100),  # 47.368: published 47.4
        (WorkforceMeasure.CASELOAD, 1280 / 80.0),  # 16.0
        (WorkforceMeasure.ABSENCE_RATE, 759.0 / (100.0 * 253) * 100),  # 3.0
    ],
)
def test_every_published_rate_is_worked_out_with_the_national_definitions(
    measure: WorkforceMeasure, expected: float
) -> None:
    recomputed, differs = rate_check(DEFINITIONS[measure], _cells())
    assert recomputed == pytest.approx(expected)
    assert not differs


def test_a_rate_whose_counts_hold_a_symbol_or_a_zero_denominator_is_not_worked_out() -> None:
    definition = DEFINITIONS[WorkforceMeasure.TURNOVER_RATE]
    assert rate_check(definition, _cells(leavers_fte="c", turnover_rate_fte="99.0")) == (
        None,
        False,
    )
    assert rate_check(definition, _cells(turnover_rate_fte="z")) == (None, False)
    assert rate_check(definition, _cells(inpost_fte="0", turnover_rate_fte="5.0")) == (None, False)


def test_the_formulas_are_said_in_the_files_columns() -> None:
    assert formula_words(DEFINITIONS[WorkforceMeasure.TURNOVER_RATE]) == (
        "leavers_fte / inpost_fte x 100"
    )
    assert formula_words(DEFINITIONS[WorkforceMeasure.VACANCY_RATE]) == (
        "vacancy_fte / (vacancy_fte + inpost_fte) x 100"
    )
    assert formula_words(DEFINITIONS[WorkforceMeasure.CASELOAD]) == "cases / case_holders_fte"
    assert formula_words(DEFINITIONS[WorkforceMeasure.ABSENCE_RATE]) == (
        "working_days_lost_fte / (inpost_fte x 253) x 100"
    )


# --- Rows ---------------------------------------------------------------------------------------


def _check(rows: list[dict[str, str]]) -> tuple[StatisticsChecker, StatisticsImportReport]:
    report = StatisticsImportReport(source_name="csww.csv")
    checker = StatisticsChecker(report)
    checker.read(rows)
    return checker, report


def test_each_level_takes_its_area_from_its_own_columns() -> None:
    checker, report = _check([national(), regional(), authority()])

    assert report.ok
    found = [(r.level, r.area_code, r.area_name, r.old_la_code) for r in checker.rows]
    assert found == [
        (GeographicLevel.NATIONAL, "E92000001", "England", ""),
        (GeographicLevel.REGIONAL, "E12000008", "South East", ""),
        (GeographicLevel.LOCAL_AUTHORITY, "E06000045", "Southampton", "852"),
    ]
    assert [len(r.figures) for r in checker.rows] == [16, 16, 16]


def test_a_flagged_rate_is_reported_naming_the_line_the_column_and_both_figures() -> None:
    checker, report = _check([national(), authority(turnover_rate_fte="15.8")])

    assert report.ok
    (difference,) = report.differences
    assert str(difference) == (
        "Line 3 (Southampton, 2024): turnover_rate_fte is 15.8 in the file, but "
        "leavers_fte / inpost_fte x 100 gives 16.0; the published figure is kept and flagged"
    )
    figure = next(f for f in checker.rows[1].figures if f.measure == "turnover_rate_fte")
    assert (figure.value, figure.differs) == (15.8, True)
    assert figure.recomputed == pytest.approx(16.0)
    unflagged = next(f for f in checker.rows[1].figures if f.measure == "vacancy_rate_fte")
    assert (unflagged.differs, unflagged.recomputed) == (False, None)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"time_period": "202324"}, 'time_period is "202324": it must be the census year as four'),
        ({"time_identifier": "Academic year"}, 'time_identifier is "Academic year"'),
        ({"geographic_level": "Ward"}, 'geographic_level is "Ward": it must be National'),
        ({"new_la_code": ""}, "new_la_code is empty: a Local authority row needs its code"),
        ({"old_la_code": ""}, "old_la_code is empty"),
        ({"new_la_code": "852"}, 'new_la_code "852" is not a GSS code'),
        ({"la_name": ""}, "la_name is empty"),
        ({"inpost_fte": "lots"}, 'inpost_fte is "lots", which is neither'),
    ],
)
def test_an_unreadable_row_is_refused_saying_why(changes: dict[str, str], words: str) -> None:
    _checker, report = _check([national(), {**authority(), **changes}])

    (problem,) = report.problems
    assert problem.line == 3
    assert words in problem.reason


def test_a_regional_row_needs_its_region_code_and_a_national_row_its_country_code() -> None:
    _checker, report = _check(
        [{**national(), "country_code": ""}, {**regional(), "region_code": ""}]
    )
    assert [(p.line, p.reason) for p in report.problems] == [
        (2, "country_code is empty: a National row needs its code"),
        (3, "region_code is empty: a Regional row needs its code"),
    ]


def test_an_area_and_year_given_twice_is_refused_naming_the_first_line() -> None:
    _checker, report = _check([authority(), authority(year=2023), authority()])
    (problem,) = report.problems
    assert (problem.line, problem.reason) == (
        4,
        "Southampton's figures for 2024 are also on line 2: each area and year may appear once",
    )
