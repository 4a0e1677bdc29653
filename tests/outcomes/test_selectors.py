"""How areas compare with their benchmark, a partnership area's spine chart and recent trends."""

from __future__ import annotations

import datetime
from typing import Any

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from childtrust.outcomes import methods
from childtrust.outcomes.models import (
    Area,
    AreaType,
    DataPoint,
    DataSource,
    Indicator,
    Polarity,
    ValueType,
)
from childtrust.outcomes.selectors import (
    AreaComparison,
    indicator_comparisons,
    partnership_profile,
)

pytestmark = pytest.mark.django_db


class Places:
    def __init__(self) -> None:
        self.england = Area.objects.create(
            code="E92000001", name="England", area_type=AreaType.ENGLAND
        )
        self.region = Area.objects.create(
            code="E12000008", name="South East", area_type=AreaType.REGION, parent=self.england
        )
        self.southampton = Area.objects.create(
            code="E06000045",
            name="Southampton",
            area_type=AreaType.LOCAL_AUTHORITY,
            parent=self.region,
        )
        self.others = [
            Area.objects.create(
                code=f"E0600010{i}",
                name=f"Town {i}",
                area_type=AreaType.LOCAL_AUTHORITY,
                parent=self.region,
            )
            for i in range(4)
        ]
        self.ward = Area.objects.create(
            code="W1", name="Bevois", area_type=AreaType.WARD, parent=self.southampton
        )


@pytest.fixture
def places() -> Places:
    return Places()


def make_indicator(name: str = "Admissions", **fields: Any) -> Indicator:
    values: dict[str, Any] = {
        "name": name,
        "polarity": Polarity.LOW_IS_GOOD,
        "value_type": ValueType.CRUDE_RATE,
        "multiplier": 100_000,
    }
    values.update(fields)
    return Indicator.objects.create(**values)


def point(
    indicator: Indicator, area: Area, value: float | None, year: int = 2023, **fields: Any
) -> DataPoint:
    return DataPoint.objects.create(
        indicator=indicator,
        area=area,
        period=f"{year}/{(year + 1) % 100:02d}",
        period_start=datetime.date(year, 4, 1),
        value=value,
        source=DataSource.IMPORTED,
        **fields,
    )


def limits(low95: float, high95: float, low998: float, high998: float) -> dict[str, float]:
    return {"lower_95": low95, "upper_95": high95, "lower_99_8": low998, "upper_99_8": high998}


def by_area(comparisons: list[AreaComparison]) -> dict[str, AreaComparison]:
    return {c.area.name: c for c in comparisons}


# --- Comparisons ------------------------------------------------------------------------------


def test_a_benchmark_exactly_on_the_95_limit_is_similar(places: Places) -> None:
    indicator = make_indicator()
    point(indicator, places.england, 50.0)
    point(indicator, places.southampton, 55.0, **limits(50.0, 60.0, 48.0, 62.0))
    result = by_area(indicator_comparisons(indicator))["Southampton"]
    assert result.compared_95 == "similar"
    assert result.judgement == "similar"
    assert result.benchmark == places.england
    assert result.benchmark_value == 50.0


@pytest.mark.parametrize(
    ("method", "judgements"),
    [
        ("confidence intervals 95/99.8", ("worse", "worse", "better")),
        ("Confidence intervals overlapping reference value (99.8)", ("similar", "worse", "better")),
    ],
)
def test_each_indicator_is_judged_at_its_one_level_with_no_best_or_worst(
    places: Places, method: str, judgements: tuple[str, str, str]
) -> None:
    """At 95% (Fingertips' default) unless the comparison method names 99.8% alone; a
    difference that holds at 99.8% is "worse", not "worst" (issue 15: one vocabulary)."""
    indicator = make_indicator(polarity=Polarity.LOW_IS_GOOD, comparison_method=method)
    point(indicator, places.england, 50.0)
    point(indicator, places.southampton, 56.0, **limits(52.0, 60.0, 49.0, 63.0))
    point(indicator, places.others[0], 70.0, **limits(65.0, 75.0, 62.0, 78.0))
    point(indicator, places.others[1], 40.0, **limits(35.0, 45.0, 32.0, 48.0))
    result = by_area(indicator_comparisons(indicator))
    assert (result["Southampton"].compared_95, result["Southampton"].compared_99_8) == (
        "worse",
        "similar",
    )
    got = tuple(result[name].judgement for name in ("Southampton", "Town 0", "Town 1"))
    assert got == judgements
    assert result["Town 0"].compared.words == "Worse than England"


def test_high_is_good_turns_the_words_round(places: Places) -> None:
    indicator = make_indicator(polarity=Polarity.HIGH_IS_GOOD)
    point(indicator, places.england, 50.0)
    point(indicator, places.southampton, 56.0, **limits(52.0, 60.0, 49.0, 63.0))
    assert by_area(indicator_comparisons(indicator))["Southampton"].judgement == "better"


def test_no_judgement_indicators_are_higher_or_lower(places: Places) -> None:
    indicator = make_indicator(polarity=Polarity.NO_JUDGEMENT)
    point(indicator, places.england, 50.0)
    point(indicator, places.southampton, 70.0, **limits(65.0, 75.0, 62.0, 78.0))
    point(indicator, places.others[0], 30.0, **limits(25.0, 35.0, 22.0, 38.0))
    result = by_area(indicator_comparisons(indicator))
    assert result["Southampton"].judgement == "higher"
    assert result["Town 0"].judgement == "lower"


def test_missing_limits_of_a_proportion_are_worked_out_from_the_counts(places: Places) -> None:
    indicator = make_indicator(
        polarity=Polarity.HIGH_IS_GOOD, value_type=ValueType.PROPORTION, multiplier=100
    )
    point(indicator, places.england, 67.0)
    point(indicator, places.southampton, None, count=1300, denominator=2500)
    result = by_area(indicator_comparisons(indicator))["Southampton"]
    low, high = methods.wilson_ci(1300, 2500, 0.95)
    assert result.limits_computed
    assert result.value == pytest.approx(52.0)
    assert result.lower_95 == pytest.approx(float(low) * 100)
    assert result.upper_95 == pytest.approx(float(high) * 100)
    assert result.judgement == "worse"


def test_stored_limits_are_used_as_they_are(places: Places) -> None:
    indicator = make_indicator()
    point(indicator, places.southampton, 1.5, count=10, denominator=20_000, **limits(1, 2, 0, 3))
    result = indicator_comparisons(indicator)[0]
    assert not result.limits_computed
    assert (result.lower_95, result.upper_99_8) == (1, 3)
    assert result.judgement == "not compared"  # no England value


def test_a_zero_count_gets_a_lower_limit_of_zero_and_is_compared(places: Places) -> None:
    indicator = make_indicator()
    point(indicator, places.southampton, 40.0, count=80, denominator=200_000)
    point(indicator, places.ward, 0.0, count=0, denominator=10_000)
    result = by_area(indicator_comparisons(indicator))["Bevois"]
    exact_upper = float(methods.exact_poisson_limits(0)[1]) / 10_000 * 100_000
    assert result.lower_95 == 0.0
    assert result.upper_95 == pytest.approx(exact_upper)
    assert result.benchmark == places.southampton
    assert result.benchmark_value == 40.0
    # 0 to 36.9 per 100,000 at 95% leaves out 40; 0 to 69.1 at 99.8% takes it in.
    assert (result.compared_95, result.compared_99_8) == ("better", "similar")
    assert result.judgement == "better"


def test_a_directly_standardised_rate_without_limits_is_not_compared(places: Places) -> None:
    indicator = make_indicator(value_type=ValueType.DIRECTLY_STANDARDISED_RATE)
    point(indicator, places.england, 50.0)
    point(indicator, places.southampton, 70.0, count=140, denominator=200_000)
    result = by_area(indicator_comparisons(indicator))["Southampton"]
    assert not result.limits_computed
    assert result.judgement == "not compared"


def test_quintiles_rank_local_authorities_and_skip_groups_under_five(places: Places) -> None:
    indicator = make_indicator()
    point(indicator, places.england, 30.0)
    for area, value in zip([places.southampton, *places.others], [50, 10, 20, 30, 40], strict=True):
        point(indicator, area, float(value))
    point(indicator, places.ward, 12.0)
    result = by_area(indicator_comparisons(indicator))
    assert [result[name].quintile for name in ["Town 0", "Town 1", "Town 2", "Town 3"]] == [
        1,
        2,
        3,
        4,
    ]
    assert result["Southampton"].quintile == 5
    assert result["England"].quintile is None
    assert result["Bevois"].quintile is None  # the only ward with a value


def test_the_latest_period_is_the_default_and_another_can_be_asked_for(places: Places) -> None:
    indicator = make_indicator()
    point(indicator, places.southampton, 10.0, year=2021)
    point(indicator, places.southampton, 20.0, year=2022)
    assert [c.value for c in indicator_comparisons(indicator)] == [20.0]
    assert [c.value for c in indicator_comparisons(indicator, "2021/22")] == [10.0]
    assert indicator_comparisons(make_indicator("Nothing yet")) == []


def test_comparisons_take_the_same_number_of_queries_for_many_areas(places: Places) -> None:
    indicator = make_indicator()
    point(indicator, places.england, 30.0)
    with CaptureQueriesContext(connection) as few:
        indicator_comparisons(indicator)
    for area in [places.southampton, *places.others, places.ward]:
        point(indicator, area, 20.0, count=40, denominator=200_000)
    with CaptureQueriesContext(connection) as many:
        indicator_comparisons(indicator)
    assert len(many) == len(few) <= 3


# --- The profile ------------------------------------------------------------------------------


def test_the_profile_gives_england_and_the_spread_among_local_authorities(
    places: Places,
) -> None:
    admissions = make_indicator("Admissions", polarity=Polarity.LOW_IS_GOOD)
    readiness = make_indicator(
        "Readiness",
        polarity=Polarity.HIGH_IS_GOOD,
        value_type=ValueType.PROPORTION,
        multiplier=100,
    )
    for indicator in (admissions, readiness):
        point(indicator, places.southampton, 10.0, year=2020)  # older: not shown
        point(indicator, places.england, 50.0)
        for area, value in zip(places.others, [20, 40, 60, 80], strict=True):
            point(indicator, area, float(value))
    point(admissions, places.southampton, 90.0, **limits(85, 95, 82, 98))
    point(readiness, places.southampton, 45.0, **limits(42, 48, 40, 52))
    rows = {row.indicator.name: row for row in partnership_profile(places.southampton)}
    assert rows["Admissions"].comparison.value == 90.0
    assert rows["Admissions"].england_value == 50.0
    assert rows["Admissions"].comparison.judgement == "worse"
    assert (rows["Admissions"].worst, rows["Admissions"].best) == (90.0, 20.0)
    assert rows["Readiness"].comparison.judgement == "worse"
    assert (rows["Readiness"].worst, rows["Readiness"].best) == (20.0, 80.0)
    assert rows["Readiness"].percentile_25 == pytest.approx(
        float(np.percentile([20, 40, 45, 60, 80], 25))
    )


def test_a_wards_profile_is_judged_against_its_local_authority(places: Places) -> None:
    indicator = make_indicator()
    point(indicator, places.england, 50.0)
    point(indicator, places.southampton, 80.0)
    point(indicator, places.ward, 120.0, **limits(100, 140, 75, 150))
    (row,) = partnership_profile(places.ward)
    assert row.comparison.benchmark == places.southampton
    assert row.comparison.judgement == "worse"
    assert row.england_value == 50.0
    assert row.worst == row.best == 80.0


def test_the_profile_takes_the_same_number_of_queries_for_more_indicators(
    places: Places,
) -> None:
    def add(name: str) -> None:
        indicator = make_indicator(name)
        for area in [places.england, places.southampton, *places.others]:
            point(indicator, area, 30.0, count=60, denominator=200_000)

    add("One")
    with CaptureQueriesContext(connection) as one:
        partnership_profile(places.southampton)
    for name in ["Two", "Three", "Four", "Five"]:
        add(name)
    with CaptureQueriesContext(connection) as five:
        assert len(partnership_profile(places.southampton)) == 5
    assert len(five) == len(one) <= 4


def test_an_area_without_data_has_an_empty_profile(places: Places) -> None:
    assert partnership_profile(places.ward) == []
