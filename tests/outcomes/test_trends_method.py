"""methods.trend_marker, the public health profiles' recent trend marker, on its own: Fingertips'
own test cases (ukhsa-collaboration/fingertips-open, PholioVisualisationWS/AnalysisTest/
TrendMarkerCalculatorTest.cs, and dhsc-govuk/FingertipsNext, trend-analysis/
TrendAnalysisApp.UnitTests/Legacy/TrendMarkerCalculatorTests.cs, whose figures are England's
published values) and each of its rules."""

from __future__ import annotations

import datetime

import numpy as np
import pytest
from scipy import stats

from childtrust.outcomes import methods
from childtrust.outcomes.methods import trends
from childtrust.outcomes.methods.trends import TrendMarker, overlap_reason, trend_marker

# (year, count, denominator, value, lower 95%, upper 95%)
Row = tuple[int, float, float, float, float, float]

# fingertips-open GetTrendData_Set1 (also its GetTrendDataForProportion_Set1).
SET_1: list[Row] = [
    (2018, 1367, 44701, 30.6, 28.98, 32.25),
    (2017, 1332, 44064, 30.2, 28.63, 31.9),
    (2016, 1199, 42811, 28, 26.44, 29.64),
    (2015, 1023, 41527, 24.6, 23.15, 26.19),
    (2014, 994, 40299, 24.67, 23.16, 26.25),
]
# fingertips-open GetTrendData_Set2.
SET_2: list[Row] = [
    (2014, 209, 1017, 20.5506, 18.1803, 23.1427),
    (2015, 213, 1087, 19.5952, 17.3444, 22.0602),
    (2016, 213, 1119, 19.0349, 16.8421, 21.4394),
    (2017, 239, 1117, 21.3966, 19.0918, 23.8975),
    (2018, 210, 1139, 18.4372, 16.2925, 20.7941),
]
# fingertips-open GetTrendDataForProportion_Set2: 5 out of 5 in 2012.
SET_100: list[Row] = [
    (2012, 5, 5, 100, 0, 0),
    (2013, 3, 5, 60, 0, 0),
    (2014, 1, 5, 20, 0, 0),
    (2015, 1, 4, 25, 0, 0),
    (2016, 2, 4, 50, 0, 0),
]
# FingertipsNext: QOF diabetes prevalence, England (241): "Increasing".
DIABETES: list[Row] = [
    (2024, 3938080, 51441896, 7.6554, 7.6481, 7.6669),
    (2023, 3774801, 50649129, 7.4528, 7.4456, 7.4643),
    (2022, 3625401, 49956777, 7.2571, 7.2499, 7.2684),
    (2021, 3491868, 49122259, 7.1085, 7.1013, 7.1199),
    (2020, 3455176, 48783947, 7.0826, 7.0754, 7.094),
]
# FingertipsNext: MMR one dose at 2 years, Yorkshire and the Humber (30309): "Decreasing".
MMR: list[Row] = [
    (2024, 53185, 59028, 90.1013, 89.8578, 90.3396),
    (2023, 51767, 57508, 90.017, 89.7694, 90.2594),
    (2022, 53681, 59074, 90.8708, 90.6358, 91.1004),
    (2021, 55865, 60511, 92.3221, 92.1072, 92.5315),
    (2020, 57274, 61834, 92.6254, 92.4168, 92.8288),
]
# FingertipsNext: preventable sight loss from diabetic eye disease, a crude rate (41203):
# "Increasing", although 2021 dipped.
EYE_DISEASE: list[Row] = [
    (2024, 1502, 49866388, 3.0121, 2.8616, 3.1683),
    (2023, 1415, 49300918, 2.8701, 2.7225, 3.0237),
    (2022, 1344, 48753376, 2.7567, 2.6113, 2.9082),
    (2021, 935, 48440507, 1.93028, 1.8085, 2.058),
    (2020, 1416, 48246126, 2.935, 2.7841, 3.0919),
]


def marker(rows: list[Row], value_type: str, **options: object) -> TrendMarker:
    ordered = sorted(rows)  # Fingertips sorts by year; so does this, oldest first
    _, count, denominator, value, lower, upper = (
        np.array(c, dtype=float) for c in zip(*ordered, strict=True)
    )
    return trend_marker(
        value_type=value_type,
        values=value,
        lower_95=lower,
        upper_95=upper,
        counts=count,
        denominators=denominator,
        periods=[str(row[0]) for row in ordered],
        **options,  # type: ignore[arg-type]
    )


# --- Fingertips' own tests ----------------------------------------------------------------------


def test_fingertips_weighted_regression_gives_46_77_on_its_first_set() -> None:
    # TestIsSignificantReturnsTrue: Math.Round(ChiSquare, 2) == 46.77, significant.
    found = marker(SET_1, "crude_rate")
    assert round(found.statistic or 0, 2) == 46.77
    assert found.direction == "increasing"


def test_fingertips_chi_squared_for_proportions_gives_47_9_on_the_same_set() -> None:
    # TestIsSignificantForProportionsReturnsTrue: Math.Round(ChiSquare, 2) == 47.9.
    found = marker(SET_1, "proportion")
    assert round(found.statistic or 0, 2) == 47.90
    assert found.direction == "increasing"


def test_fingertips_second_set_is_not_significant() -> None:
    # TestIsSignificantReturnsFalse.
    found = marker(SET_2, "crude_rate")
    assert not found.significant
    assert found.direction == "no significant change"


def test_fingertips_refuses_a_proportion_with_a_period_at_100_percent() -> None:
    # TestIsSignificantForProportionsCannotBeCalculated: ChiSquare 0, CannotBeCalculated.
    found = marker(SET_100, "proportion")
    assert found.direction == "could not be calculated"
    assert found.statistic is None
    assert "2012 is at 100%" in found.reason


@pytest.mark.parametrize(
    ("rows", "value_type", "direction"),
    [
        (DIABETES, "proportion", "increasing"),
        (MMR, "proportion", "decreasing"),
        (EYE_DISEASE, "crude_rate", "increasing"),
    ],
)
def test_fingertips_next_published_markers(
    rows: list[Row], value_type: str, direction: str
) -> None:
    assert marker(rows, value_type).direction == direction


def test_fingertips_next_no_change_without_intervals_is_not_followed() -> None:
    # FingertipsNext expects "NoChange" for the share of GP registered patients aged 65 and over
    # (93468), a steady rise; its series carries no 95% limits, which its weighted calculator
    # then drops, leaving nothing to fit. A proportion here takes the chi-squared test for
    # trend on its counts (fingertips-open's path for proportions), which needs no limits.
    rows: list[Row] = [
        (2024, 11246440, 63227624, 17.7872, np.nan, np.nan),
        (2023, 11034431, 62418295, 17.6782, np.nan, np.nan),
        (2022, 10851467, 61625745, 17.6087, np.nan, np.nan),
        (2021, 10547929, 60744002, 17.3646, np.nan, np.nan),
        (2020, 10588957, 60458658, 17.5144, np.nan, np.nan),
    ]
    assert marker(rows, "proportion").direction == "increasing"


def test_the_significance_level_is_fingertips_chi_squared_at_99_8_percent() -> None:
    assert trends.POINTS == 5
    assert stats.chi2.ppf(trends.CONFIDENCE, 1) == pytest.approx(trends.CHI_SQUARED_998)


def test_the_proportion_statistic_is_r_prop_trend_test() -> None:
    # R's example: prop.trend.test(c(83, 90, 129, 70), c(86, 93, 136, 82)) gives
    # X-squared = 8.2249 (the Cochran-Armitage test, which is Fingertips' formula too).
    statistic, slope, _ = trends._proportion_trend(
        np.array([83.0, 90, 129, 70]), np.array([86.0, 93, 136, 82])
    )
    assert statistic == pytest.approx(8.2249, abs=1e-4)
    assert slope < 0


# --- Each rule --------------------------------------------------------------------------------


def test_the_weight_is_the_inverse_variance_the_95_interval_implies() -> None:
    # Twice the interval width is a quarter of the weight: with every width doubled the slope
    # is the same and the statistic a quarter.
    narrow = marker(SET_1, "crude_rate")
    wide = [(y, c, n, v, v - 2 * (v - lo), v + 2 * (hi - v)) for y, c, n, v, lo, hi in SET_1]
    found = marker(wide, "crude_rate")
    assert found.slope == pytest.approx(narrow.slope)
    assert found.statistic == pytest.approx((narrow.statistic or 0) / 4)


def test_the_slope_must_keep_its_sign_with_each_point_left_out() -> None:
    # A high first year then a steady rise: with all five the slope falls (statistic 32, well
    # past 9.55), but without the first year it rises.
    counts = np.array([1400, 1000, 1010, 1020, 1030], dtype=float)
    value, lower, upper = methods.rate(counts, 200_000, 100_000, 0.95)
    found = trend_marker(
        value_type="crude_rate",
        values=value,
        lower_95=lower,
        upper_95=upper,
        counts=counts,
        denominators=[200_000] * 5,
    )
    assert (found.statistic or 0) > trends.CHI_SQUARED_998
    assert not found.sign_holds
    assert found.direction == "no significant change"


def test_a_proportion_at_0_percent_gets_no_trend() -> None:
    found = trend_marker(
        value_type="proportion",
        values=[0, 10, 20, 30, 40],
        lower_95=[0, 1, 2, 3, 4],
        upper_95=[5, 20, 30, 40, 50],
        counts=[0, 5, 10, 15, 20],
        denominators=[50] * 5,
        periods=["2019", "2020", "2021", "2022", "2023"],
    )
    assert found.direction == "could not be calculated"
    assert found.reason.startswith("The period 2019 is at 0%")


def test_100_percent_anywhere_in_the_unbroken_valid_run_refuses_as_fingertips_does() -> None:
    # TrendRequest.IsPossibleDivideByZeroErrors looks at every valid period back to the first
    # gap, not only the latest five.
    counts = [50, 20, 21, 22, 23, 24]
    common = {
        "value_type": "proportion",
        "values": [c * 2 for c in counts],
        "lower_95": [np.nan] * 6,
        "upper_95": [np.nan] * 6,
        "denominators": [50] * 6,
    }
    assert trend_marker(counts=counts, **common).direction == "could not be calculated"  # type: ignore[arg-type]
    broken = dict(common, values=[np.nan, *common["values"][1:]])  # type: ignore[list-item]
    assert trend_marker(counts=counts, **broken).direction != "could not be calculated"  # type: ignore[arg-type]


@pytest.mark.parametrize("value_type", ["dsr", "isr", "mean", "count", ""])
def test_only_proportions_and_crude_rates_get_a_trend(value_type: str) -> None:
    found = marker(SET_1, value_type)
    assert found.direction == "could not be calculated"
    assert "only for proportions and crude rates" in found.reason


def test_the_latest_five_must_be_valid_back_from_the_latest() -> None:
    rows = [*SET_1, (2013, 900, 40000, 22.5, 21.0, 24.0)]
    gap = [(y, c, n, (np.nan if y == 2016 else v), lo, hi) for y, c, n, v, lo, hi in rows]
    found = marker(gap, "crude_rate")
    assert found.direction == "could not be calculated"
    assert "the period 2016 does not have them" in found.reason
    older_gap = [(y, c, n, (np.nan if y == 2013 else v), lo, hi) for y, c, n, v, lo, hi in rows]
    assert marker(older_gap, "crude_rate").direction == "increasing"


def test_a_rate_needs_intervals_with_some_width() -> None:
    flat = [(y, c, n, v, v, v) for y, c, n, v, _, _ in SET_1]
    assert marker(flat, "crude_rate").direction == "could not be calculated"


def test_fewer_than_five_periods() -> None:
    found = marker(SET_1[:4], "crude_rate")
    assert found.reason == "A recent trend needs 5 periods; there are 4."


# --- Period length ----------------------------------------------------------------------------


def _starts(*years: int) -> list[datetime.date]:
    return [datetime.date(year, 1, 1) for year in years]


def test_rolling_three_year_periods_overlap() -> None:
    reason = overlap_reason(_starts(2015, 2016, 2017, 2018, 2019), 3)
    assert "Each period covers 3 years but they begin a year apart" in reason


def test_three_year_periods_that_do_not_overlap_are_taken() -> None:
    assert overlap_reason(_starts(2008, 2011, 2014, 2017, 2020), 3) == ""
    found = marker(
        SET_1, "crude_rate", period_years=3, period_starts=_starts(*range(2002, 2017, 3))
    )
    assert found.direction == "increasing"


def test_single_years_and_quarters_are_taken_as_they_come() -> None:
    quarters = [datetime.date(2022, month, 1) for month in (1, 4, 7, 10)]
    assert overlap_reason(quarters, 1) == ""


def test_overlapping_periods_get_no_trend() -> None:
    found = marker(SET_1, "crude_rate", period_years=3, period_starts=_starts(*range(2014, 2019)))
    assert found.direction == "could not be calculated"
    assert "overlap" in found.reason
