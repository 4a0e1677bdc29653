"""An area's recent trend (outcomes.trends) read from its data points: the public health
profiles' rule (methods.trend_marker) with each rule shown on a series that childtrust judged
otherwise before issue 15, when every trend was the chi-squared test for trend on counts
(Cochran-Armitage for a proportion, the Poisson score test for a rate or count) with no other
check."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.outcomes.models import (
    Area,
    AreaType,
    DataPoint,
    DataSource,
    Indicator,
    Polarity,
    ValueType,
)
from childtrust.outcomes.trends import TREND_CONFIDENCE, TREND_POINTS, recent_trend

pytestmark = pytest.mark.django_db


@pytest.fixture
def area() -> Area:
    return Area.objects.create(
        code="E06000045", name="Southampton", area_type=AreaType.LOCAL_AUTHORITY
    )


def make_indicator(**fields: Any) -> Indicator:
    values: dict[str, Any] = {
        "name": "Admissions",
        "polarity": Polarity.LOW_IS_GOOD,
        "value_type": ValueType.CRUDE_RATE,
        "multiplier": 100_000,
    }
    values.update(fields)
    return Indicator.objects.create(**values)


def _series(
    indicator: Indicator, area: Area, counts: list[float], denominator: float | None
) -> None:
    """Financial years from 2017/18, with a count and denominator and no value (worked out)."""
    for year, count in enumerate(counts, start=2017):
        DataPoint.objects.create(
            indicator=indicator,
            area=area,
            period=f"{year}/{(year + 1) % 100:02d}",
            period_start=datetime.date(year, 4, 1),
            count=count,
            denominator=denominator,
            source=DataSource.IMPORTED,
        )


def _old_statistic(counts: list[float], denominators: list[float], proportion: bool) -> float:
    """The statistic childtrust used before issue 15 (its selectors.trend_statistic): the
    chi-squared test for trend on the counts, significant above 9.55 whatever else held."""
    x, n = np.array(counts, dtype=float), np.array(denominators, dtype=float)
    t = np.arange(x.size, dtype=float)
    overall = x.sum() / n.sum()
    score = (t * (x - n * overall)).sum()
    variance = overall * ((n * t * t).sum() - (n * t).sum() ** 2 / n.sum())
    if proportion:
        variance *= 1 - overall
    return float(score * score / variance)


# --- Kept from before issue 15 (the same judgements) ------------------------------------------


def test_a_significant_rise_in_a_good_proportion_is_getting_better(area: Area) -> None:
    indicator = make_indicator(
        polarity=Polarity.HIGH_IS_GOOD, value_type=ValueType.PROPORTION, multiplier=100
    )
    _series(indicator, area, [1000, 1200, 1400, 1600, 1800], 10_000)
    trend = recent_trend(indicator, area)
    assert (trend.direction, trend.significant, trend.meaning) == (
        "increasing",
        True,
        "getting better",
    )
    assert trend.periods == ("2017/18", "2018/19", "2019/20", "2020/21", "2021/22")


def test_a_falling_rate_that_should_be_low_is_getting_better(area: Area) -> None:
    indicator = make_indicator()
    _series(indicator, area, [400, 360, 320, 280, 240], 200_000)
    trend = recent_trend(indicator, area)
    assert (trend.direction, trend.meaning) == ("decreasing", "getting better")


def test_a_flat_series_has_no_significant_change(area: Area) -> None:
    indicator = make_indicator()
    _series(indicator, area, [300, 305, 295, 302, 298], 200_000)
    trend = recent_trend(indicator, area)
    assert (trend.direction, trend.significant, trend.meaning) == (
        "no significant change",
        False,
        "",
    )
    assert trend.p_value is not None
    assert trend.p_value > 1 - TREND_CONFIDENCE


def test_only_the_last_five_points_count(area: Area) -> None:
    indicator = make_indicator()
    # A steep fall long ago, then flat for the last five years.
    _series(indicator, area, [900, 600, 300, 305, 295, 302, 298], 200_000)
    trend = recent_trend(indicator, area)
    assert trend.direction == "no significant change"
    assert trend.periods[0] == "2019/20"
    assert len(trend.periods) == TREND_POINTS


def test_fewer_than_five_points_cannot_give_a_trend(area: Area) -> None:
    indicator = make_indicator()
    _series(indicator, area, [400, 300, 200, 100], 200_000)
    trend = recent_trend(indicator, area)
    assert trend.direction == "could not be calculated"
    assert "there are 4" in trend.reason


def test_a_trend_needs_denominators(area: Area) -> None:
    indicator = make_indicator()
    _series(indicator, area, [400, 300, 200, 100, 50], None)
    trend = recent_trend(indicator, area)
    assert trend.direction == "could not be calculated"
    assert "a value, a count and a denominator" in trend.reason


def test_a_trend_is_not_worked_out_for_standardised_rates(area: Area) -> None:
    indicator = make_indicator(value_type=ValueType.DIRECTLY_STANDARDISED_RATE)
    _series(indicator, area, [400, 300, 200, 100, 50], 200_000)
    trend = recent_trend(indicator, area)
    assert trend.direction == "could not be calculated"
    # Before issue 15 the reason said "proportions and rates"; Fingertips takes crude rates only.
    assert "only for proportions and crude rates" in trend.reason


# --- Each rule, on a series judged otherwise before -------------------------------------------


def _rolling(indicator: Indicator, area: Area, single_years: list[int], per_year: int) -> None:
    """Rolling three-year periods (2015 - 17, 2016 - 18, ...) pooled from single years."""
    for start in range(len(single_years) - 2):
        year = 2015 + start
        DataPoint.objects.create(
            indicator=indicator,
            area=area,
            period=f"{year} - {(year + 2) % 100:02d}",
            period_start=datetime.date(year, 1, 1),
            count=sum(single_years[start : start + 3]),
            denominator=3 * per_year,
            source=DataSource.IMPORTED,
        )


def test_rolling_three_year_periods_get_no_trend(area: Area) -> None:
    # Issue 15's example: single years 2015 to 2021 of a rate per 50,000 children each year.
    single = [123, 100, 106, 122, 132, 139, 134]
    rolling = [sum(single[i : i + 3]) for i in range(5)]
    # The single years 2017 to 2021 give 4.2, not significant; their rolling three-year
    # periods 2015 - 17 to 2019 - 21 give 13.0, which was "increasing".
    assert _old_statistic(single[2:], [50_000] * 5, False) == pytest.approx(4.2, abs=0.05)
    assert _old_statistic(rolling, [150_000] * 5, False) == pytest.approx(13.0, abs=0.05)
    indicator = make_indicator(period_years=3)
    _rolling(indicator, area, single, 50_000)
    trend = recent_trend(indicator, area)
    assert trend.direction == "could not be calculated"
    assert trend.reason.startswith("Each period covers 3 years but they begin a year apart")
    assert trend.periods == ("2015 - 17", "2016 - 18", "2017 - 19", "2018 - 20", "2019 - 21")


def test_three_year_periods_that_do_not_overlap_get_a_trend(area: Area) -> None:
    indicator = make_indicator(period_years=3)
    for number, count in enumerate([400, 360, 320, 280, 240]):
        year = 2005 + 3 * number
        DataPoint.objects.create(
            indicator=indicator,
            area=area,
            period=f"{year} - {(year + 2) % 100:02d}",
            period_start=datetime.date(year, 1, 1),
            count=count,
            denominator=600_000,
            source=DataSource.IMPORTED,
        )
    assert recent_trend(indicator, area).direction == "decreasing"


def test_a_slope_that_turns_with_a_point_left_out_is_no_significant_change(area: Area) -> None:
    # A high first year, then a steady rise: the fall over all five is large (statistic 32)
    # but leaving out the first year turns it to a rise. It was "decreasing".
    counts = [1400, 1000, 1010, 1020, 1030]
    assert _old_statistic(counts, [200_000] * 5, False) > 9.55
    indicator = make_indicator()
    _series(indicator, area, counts, 200_000)
    trend = recent_trend(indicator, area)
    assert trend.statistic is not None
    assert trend.statistic > 9.55
    assert trend.direction == "no significant change"


def test_a_proportion_whose_slope_turns_is_no_significant_change(area: Area) -> None:
    counts = [1400, 1000, 1010, 1020, 1030]
    assert _old_statistic(counts, [5_000] * 5, True) > 9.55
    indicator = make_indicator(value_type=ValueType.PROPORTION, multiplier=100)
    _series(indicator, area, counts, 5_000)
    assert recent_trend(indicator, area).direction == "no significant change"


def test_a_rate_is_weighted_by_its_intervals(area: Area) -> None:
    # Few events: the regression weighted by each year's 95% interval gives 8.5, below 9.55;
    # the chi-squared test on the counts gave 12.5 and "decreasing".
    counts = [35, 30, 14, 19, 14]
    assert _old_statistic(counts, [20_000] * 5, False) == pytest.approx(12.54, abs=0.01)
    indicator = make_indicator()
    _series(indicator, area, counts, 20_000)
    trend = recent_trend(indicator, area)
    assert trend.statistic == pytest.approx(8.525, abs=0.001)
    assert trend.direction == "no significant change"


def test_a_rate_uses_the_intervals_its_file_gives(area: Area) -> None:
    # fingertips-open's first test set, its published values and 95% limits: 46.77.
    indicator = make_indicator()
    rows = [
        (2014, 994, 40299, 24.67, 23.16, 26.25),
        (2015, 1023, 41527, 24.6, 23.15, 26.19),
        (2016, 1199, 42811, 28, 26.44, 29.64),
        (2017, 1332, 44064, 30.2, 28.63, 31.9),
        (2018, 1367, 44701, 30.6, 28.98, 32.25),
    ]
    for year, count, denominator, value, lower, upper in rows:
        DataPoint.objects.create(
            indicator=indicator,
            area=area,
            period=str(year),
            period_start=datetime.date(year, 1, 1),
            value=value,
            lower_95=lower,
            upper_95=upper,
            count=count,
            denominator=denominator,
            source=DataSource.IMPORTED,
        )
    trend = recent_trend(indicator, area)
    assert round(trend.statistic or 0, 2) == 46.77
    assert (trend.direction, trend.meaning) == ("increasing", "getting worse")


@pytest.mark.parametrize(
    ("counts", "level"), [([0, 5, 10, 15, 20], "0%"), ([30, 35, 40, 45, 50], "100%")]
)
def test_a_proportion_at_0_or_100_percent_gets_no_trend(
    area: Area, counts: list[float], level: str
) -> None:
    assert _old_statistic(counts, [50] * 5, True) == pytest.approx(31.25)  # was significant
    indicator = make_indicator(value_type=ValueType.PROPORTION, multiplier=100)
    _series(indicator, area, counts, 50)
    trend = recent_trend(indicator, area)
    assert trend.direction == "could not be calculated"
    assert f"is at {level}" in trend.reason


def test_a_count_gets_no_trend(area: Area) -> None:
    # Fingertips works trends out for proportions and crude rates only; a count had one.
    indicator = make_indicator(value_type=ValueType.COUNT, multiplier=1)
    _series(indicator, area, [400, 360, 320, 280, 240], 200_000)
    trend = recent_trend(indicator, area)
    assert trend.direction == "could not be calculated"
    assert "not for counts" in trend.reason


# --- Where the trend is shown ------------------------------------------------------------------


def test_the_profile_says_why_a_trend_could_not_be_calculated(
    area: Area, client_for: Callable[[str], Client]
) -> None:
    indicator = make_indicator(period_years=3)
    _rolling(indicator, area, [123, 100, 106, 122, 132, 139, 134], 50_000)
    page = client_for(Role.AUDITOR).get(reverse("outcomes:profile")).content.decode()
    assert (
        "Could not be calculated. Each period covers 3 years but they begin a year apart, so "
        "they overlap and share their data" in page
    )
