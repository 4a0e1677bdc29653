"""Tests for the funnel plot limits and for funnel_position (childtrust.outcomes.methods.funnels).

Expected limits come from PHEindicatormethods' own published funnel test results
(tests/testthat/testdata_funnel_rate_outputs.csv in ukhsa-collaboration/PHEindicatormethods:
for a whole number of events, the population at which it sits exactly on the 95% or 99.8%
limit, and that limit as a rate per 100,000 around a baseline of 116.1720835) and otherwise
from the exact Poisson and binomial tails worked out here with scipy.stats. The no-contradiction
rule is checked over sweeps of counts and denominators.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import binom, chi2, poisson

from childtrust.outcomes import methods

# Numbers from PHEindicatormethods tests/testthat/testdata_funnel_rate_outputs.csv (commit
# 39d5df1): events, lower 95% limit, upper 95% limit, lower 99.8% limit, upper 99.8% limit,
# each the rate per 100,000 at the population where that many events sits on the limit.
PHE_BASELINE = 116.1720835
PHE_FUNNEL_ROWS = [
    (1, 20.85059119, 4588.535848, 12.58170943, 116108.569),
    (2, 32.15975314, 959.2695538, 20.69168143, 5117.48863),
    (5, 49.78092521, 357.7858395, 35.30048174, 785.6132963),
    (9, 61.19760093, 254.0592274, 46.14605812, 426.3325728),
    (10, 63.17010446, 242.2579623, 48.13632908, 392.4043292),
    (11, 64.92685529, 232.7182102, 49.93856755, 366.0028477),
    (30, 81.37793899, 172.1843853, 68.22532023, 219.6184891),
    (104, 95.87787415, 142.1808715, 86.58805154, 160.4288333),
    (1360, 110.158048, 122.6021934, 106.9073359, 126.5084525),
]


def test_rate_funnel_upper_limit_at_five_expected_events_is_the_exact_10_30() -> None:
    # Issue 15: Spiegelhalter's interpolation gave 9.38 events, one event too low.
    lower, upper = methods.rate_funnel_limits(1e5, 5, 1e5, 0.95)
    assert upper == pytest.approx(10.2963, abs=1e-4)
    assert round(float(upper), 2) == 10.30
    assert lower == pytest.approx(0.6773, abs=1e-4)


def test_rate_funnel_limits_are_the_exact_poisson_tails_at_whole_counts() -> None:
    # At the expected count L where y events is exactly on the upper limit, P(Y >= y | L) is
    # alpha/2: L is the exact lower limit of y, chi2(alpha/2; 2y)/2. Likewise the lower limit.
    for confidence in (0.95, 0.998):
        alpha = 1 - confidence
        for events in (1, 4, 9, 10, 25, 400):
            at_upper = chi2.ppf(alpha / 2, 2 * events) / 2
            _, upper = methods.rate_funnel_limits(at_upper * 1000, 100, 100_000, confidence)
            assert poisson.sf(events - 1, at_upper) == pytest.approx(alpha / 2, rel=1e-9)
            assert upper * at_upper * 1000 / 100_000 == pytest.approx(events, rel=1e-9)
            at_lower = chi2.ppf(1 - alpha / 2, 2 * events + 2) / 2
            lower, _ = methods.rate_funnel_limits(at_lower * 1000, 100, 100_000, confidence)
            assert lower * at_lower * 1000 / 100_000 == pytest.approx(events, rel=1e-9)


@pytest.mark.parametrize("row", PHE_FUNNEL_ROWS, ids=lambda row: f"{row[0]} events")
def test_rate_funnel_limits_agree_with_phe_published_funnel_outputs(
    row: tuple[int, float, float, float, float],
) -> None:
    events, *limits = row
    sides = [(0.95, 0), (0.95, 1), (0.998, 0), (0.998, 1)]
    for limit, (confidence, side) in zip(limits, sides, strict=True):
        population = events / limit * 100_000
        ours = methods.rate_funnel_limits(population, PHE_BASELINE, 100_000, confidence)[side]
        # PHE finds these points by bisection to 1e-7 on a transformed scale, which is as
        # close as its figures go at 1 event and 99.8%; elsewhere they agree to 1e-6.
        tolerance = 1e-5 if events <= 2 else 1e-6
        assert ours == pytest.approx(limit, rel=tolerance)


def test_rate_funnel_has_no_lower_limit_where_no_count_could_be_low() -> None:
    # At 95%, 0 events is unusually low only once P(Y = 0 | L) = e^-L < 2.5%: L > 3.69.
    expected = np.array([3.0, 3.6, 3.7, 4.0])  # the population, at a rate of 1 per person
    lower, _ = methods.rate_funnel_limits(expected, 100_000, 100_000, 0.95)
    counts = lower * expected / 100_000
    assert list(counts[:2]) == [0.0, 0.0]
    assert 0 < counts[2] < counts[3] < 1


def test_proportion_funnel_limits_are_the_exact_binomial_tails_between_counts() -> None:
    from scipy.special import betainc

    # Cases where the exact test and Wilson's interval agree about every whole count, so the
    # line is the exact binomial one: the count y on it has P(Y >= y) = alpha/2 (upper) or
    # P(Y <= y) = alpha/2 (lower), in the incomplete beta form that equals the binomial tail.
    for n, p in ((20, 0.3), (50, 0.1)):
        lower, upper = methods.proportion_funnel_limits(n, p, 0.95)
        y_up, y_low = float(upper) * n, float(lower) * n
        assert betainc(y_up, n - y_up + 1, p) == pytest.approx(0.025, rel=1e-6)
        assert betainc(n - y_low, y_low + 1, 1 - p) == pytest.approx(0.025, rel=1e-6)
    # For large n the limits approach the normal approximation p ± z√(p(1-p)/n).
    lower, upper = methods.proportion_funnel_limits(1_000_000, 0.3, 0.95)
    half_width = 1.959963984540054 * np.sqrt(0.3 * 0.7 / 1_000_000)
    assert lower == pytest.approx(0.3 - half_width, rel=1e-4)
    assert upper == pytest.approx(0.3 + half_width, rel=1e-4)


def test_proportion_funnel_steps_to_the_whole_count_wilson_calls_high() -> None:
    # 39 of 100 against 30%: Wilson's 95% interval (0.2990 to 0.4875) excludes 0.3, the exact
    # binomial test (P(Y >= 39) = 3.4%) does not; the exact limit is 39.65 events. The line
    # steps to just under 39, so the point is drawn above, as its comparison says.
    wilson_lower, _ = methods.wilson_ci(39, 100)
    assert wilson_lower > 0.3
    assert binom.sf(38, 100, 0.3) > 0.025
    _, upper = methods.proportion_funnel_limits(100, 0.3, 0.95)
    assert 38.99 < upper * 100 < 39
    assert methods.funnel_position(39, 100, 0.3, "proportion") == "above"
    assert methods.funnel_position(38, 100, 0.3, "proportion") == "within"


def test_proportion_funnel_moves_at_most_about_a_count_from_the_exact_limit() -> None:
    from scipy.special import bdtrik

    sizes = np.arange(5, 2000, 3).astype(float)
    for p in (0.05, 0.3, 0.8):
        lower, upper = methods.proportion_funnel_limits(sizes, p, 0.95)
        exact_upper = np.minimum(bdtrik(0.975, sizes, p) + 1, sizes)
        exact_lower = np.maximum(bdtrik(0.025, sizes, p), 0)
        assert np.all(np.abs(upper * sizes - exact_upper) <= 1.1)
        assert np.all(np.abs(lower * sizes - exact_lower) <= 1.1)


def test_in_control_areas_fall_above_the_upper_95_limit_at_most_2_5_percent_of_the_time() -> None:
    # Exact limits are conservative: for Y ~ Poisson(L) the share above the upper limit is at
    # most 2.5% for every L. The old interpolated limits let 2.7% to 5.3% through.
    expected = np.linspace(0.5, 60, 120)
    _, upper = methods.rate_funnel_limits(expected, 100_000, 100_000, 0.95)
    exact_share = poisson.sf(np.floor(upper), expected)  # P(Y > upper)
    assert np.all(exact_share <= 0.025 + 1e-12)
    generator = np.random.default_rng(20261203)
    draws = generator.poisson(expected, size=(40_000, expected.size))
    simulated_share = (draws > upper).mean(axis=0)
    # Within simulation error (3 standard errors of a 2.5% share over 40,000 draws).
    assert np.all(simulated_share <= 0.025 + 3 * np.sqrt(0.025 * 0.975 / 40_000))
    assert simulated_share.mean() < 0.025


@pytest.mark.parametrize("confidence", [0.95, 0.998])
@pytest.mark.parametrize("baseline", [3.0, 250.0, 1234.5])
def test_an_area_above_the_rate_funnel_is_exactly_one_its_interval_calls_higher(
    confidence: float, baseline: float
) -> None:
    counts = np.arange(0, 400)
    denominators = np.geomspace(50, 2e6, 1500)
    lower_line, upper_line = methods.rate_funnel_limits(denominators, baseline, 100_000, confidence)
    count, denominator = np.meshgrid(counts, denominators)
    value, lower, upper = methods.rate(count, denominator, 100_000, confidence)
    judged = methods.compare(lower, upper, baseline, "no judgement")
    drawn = np.where(
        value > upper_line[:, None],
        "higher",
        np.where(value < lower_line[:, None], "lower", "similar"),
    )
    assert np.array_equal(drawn, judged)
    assert np.array_equal(
        methods.funnel_position(count, denominator, baseline, "rate", confidence),
        np.select([judged == "higher", judged == "lower"], ["above", "below"], "within"),
    )
    assert (judged == "higher").any()
    assert (judged == "lower").any()


def test_the_byars_band_that_once_contradicted_the_comparison_is_closed() -> None:
    # With 10 events Byar's lower limit is 4.787 and the exact one 4.795. At an expected count
    # of 4.79 the exact upper limit is just under 10 events, so the area would be drawn above
    # the funnel while its own interval (Byar's) includes the baseline. The limit moves to 10.
    expected = 4.79
    _, upper = methods.rate_funnel_limits(expected * 1000, 100, 100_000, 0.95)
    assert upper * expected * 1000 / 100_000 == pytest.approx(10.0, rel=1e-12)
    assert methods.funnel_position(10, expected * 1000, 100, "rate") == "within"
    _, lower, _ = methods.rate(10, expected * 1000)
    assert methods.compare(lower, 1e9, 100, "no judgement") == "similar"


@pytest.mark.parametrize("confidence", [0.95, 0.998])
@pytest.mark.parametrize("baseline", [0.01, 0.2, 0.5, 0.97])
def test_an_area_outside_the_proportion_funnel_is_exactly_one_its_interval_says_is(
    confidence: float, baseline: float
) -> None:
    sizes = np.arange(1, 300)
    lower_line, upper_line = methods.proportion_funnel_limits(sizes, baseline, confidence)
    count, size = np.meshgrid(np.arange(0, 300), sizes)
    keep = count <= size
    repeat = keep.sum(axis=1)
    x, n = count[keep], size[keep]
    low, high = methods.wilson_ci(x, n, confidence)
    judged = methods.compare(low, high, baseline, "no judgement")
    value = x / n
    drawn = np.where(
        value > np.repeat(upper_line, repeat),
        "higher",
        np.where(value < np.repeat(lower_line, repeat), "lower", "similar"),
    )
    assert np.array_equal(drawn, judged)
    assert np.array_equal(
        methods.funnel_position(x, n, baseline, "proportion", confidence),
        np.select([judged == "higher", judged == "lower"], ["above", "below"], "within"),
    )


def test_funnel_limits_keep_whole_counts_apart_at_degenerate_baselines() -> None:
    lower, upper = methods.proportion_funnel_limits([10, 100], 0.0)
    assert list(upper) == [0.0, 0.0]
    assert list(lower) == [0.0, 0.0]
    lower, upper = methods.proportion_funnel_limits([10, 100], 1.0)
    assert list(lower) == [1.0, 1.0]
    assert methods.funnel_position([0, 1], [10, 10], 0.0, "proportion").tolist() == [
        "within",
        "above",
    ]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: methods.funnel_position(3, 10, 0.5, "ratio"),
            "The funnel kind must be one of proportion, rate, not 'ratio'.",
        ),
        (
            lambda: methods.funnel_position(-1, 10, 0.5, "proportion"),
            "The count must not be negative.",
        ),
        (
            lambda: methods.funnel_position(1, 0, 0.5, "rate"),
            "The denominator must be greater than zero.",
        ),
        (
            lambda: methods.rate_funnel_limits([10, -5], 10.0),
            "The denominator must be greater than zero.",
        ),
        (
            lambda: methods.rate_funnel_limits(10, 10.0, 1000, 1.5),
            "The confidence must be between 0 and 1 (for example 0.95), not 1.5.",
        ),
    ],
)
def test_funnel_bad_input_raises_value_error(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=r".+") as error:
        call()  # type: ignore[operator]
    assert str(error.value) == message
