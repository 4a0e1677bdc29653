"""Tests for childtrust.outcomes.methods.

Expected values come from published worked examples where one is at hand (Newcombe 1998 and
Apache Commons Math for Wilson, R's poisson.test for the exact Poisson limits, a published Byar
example) and otherwise are computed independently in the test from the method's closed formula
with the math module (or scipy.stats.chi2 directly for the exact Poisson limits), never by
calling the code under test. Figures are compared to at least 6 significant figures
(relative tolerance 1e-7).
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest
from scipy.stats import chi2, norm

from childtrust.outcomes import methods

REL = 1e-7  # agreement to better than 6 significant figures
Z95 = NormalDist().inv_cdf(0.975)  # 1.959963984540054
Z998 = NormalDist().inv_cdf(0.999)  # 3.090232306167813


def wilson_formula(x: float, n: float, z: float) -> tuple[float, float]:
    """Wilson (1927) score interval written out: (2x + z² ∓ z√(z² + 4x(1 - x/n))) / 2(n + z²)."""
    root = z * math.sqrt(z * z + 4 * x * (1 - x / n))
    return (2 * x + z * z - root) / (2 * (n + z * z)), (2 * x + z * z + root) / (2 * (n + z * z))


def byars_formula(o: float, z: float) -> tuple[float, float]:
    """Byar's limits as Breslow & Day (1987, vol. II, p. 69) give them."""
    lower = o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3
    upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * math.sqrt(o + 1))) ** 3
    return lower, upper


# --- Wilson -----------------------------------------------------------------------------------


def test_wilson_reproduces_newcombe_1998_worked_example_81_of_263() -> None:
    lower, upper = methods.wilson_ci(81, 263)
    # Newcombe (1998), Statistics in Medicine 17:857-872, Table II, method 3 (score), 81/263:
    # 0.2553 to 0.3662 to 4 decimal places.
    assert round(float(lower), 4) == 0.2553
    assert round(float(upper), 4) == 0.3662
    expected_lower, expected_upper = wilson_formula(81, 263, Z95)  # closed formula, above
    assert lower == pytest.approx(expected_lower, rel=REL)
    assert upper == pytest.approx(expected_upper, rel=REL)
    assert expected_lower == pytest.approx(0.2552885, rel=1e-6)  # the formula by hand, 7 s.f.
    assert expected_upper == pytest.approx(0.3662096, rel=1e-6)


def test_wilson_reproduces_newcombe_1998_small_sample_examples() -> None:
    # Newcombe (1998) Table II, method 3: 15/148 gives 0.0624 to 0.1605; 0/20 gives 0 to 0.1611;
    # 1/29 gives 0.0061 to 0.1718.
    for (x, n), (published_lower, published_upper) in {
        (15, 148): (0.0624, 0.1605),
        (0, 20): (0.0, 0.1611),
        (1, 29): (0.0061, 0.1718),
    }.items():
        lower, upper = methods.wilson_ci(x, n)
        assert round(float(lower), 4) == published_lower
        assert round(float(upper), 4) == published_upper


@pytest.mark.parametrize("confidence", [0.95, 0.998, 0.5])
def test_wilson_agrees_with_the_closed_formula_for_arrays(confidence: float) -> None:
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    counts, denominators = [1, 7, 50, 999], [3, 80, 50, 1000]
    lower, upper = methods.wilson_ci(np.array(counts), denominators, confidence)
    assert lower.shape == (4,)
    for i, (x, n) in enumerate(zip(counts, denominators, strict=True)):
        expected_lower, expected_upper = wilson_formula(x, n, z)  # closed formula
        assert lower[i] == pytest.approx(expected_lower, rel=REL)
        assert upper[i] == pytest.approx(min(expected_upper, 1.0), rel=REL)


def test_wilson_edges_give_exactly_zero_and_one() -> None:
    lower, upper = methods.wilson_ci([0, 12], [12, 12], 0.998)
    assert lower[0] == 0.0
    assert upper[1] == 1.0
    # Upper limit for 0/12 at 99.8%: z²/(n + z²) from the formula with x = 0.
    assert upper[0] == pytest.approx(Z998**2 / (12 + Z998**2), rel=REL)


# --- Rates ------------------------------------------------------------------------------------


def test_byars_limits_match_breslow_and_day_formula_and_exact_limits_closely() -> None:
    lower, upper = methods.byars_limits(25)
    expected_lower, expected_upper = byars_formula(25, Z95)  # Breslow & Day formula, above
    assert lower == pytest.approx(expected_lower, rel=REL)
    assert upper == pytest.approx(expected_upper, rel=REL)
    # Byar's approximation is close to the exact limits for 25 events (Garwood: chi-squared,
    # 16.17868 to 36.90493); Breslow & Day say within a few per cent.
    assert lower == pytest.approx(chi2.ppf(0.025, 50) / 2, rel=0.01)
    assert upper == pytest.approx(chi2.ppf(0.975, 52) / 2, rel=0.01)


def test_wilson_reproduces_apache_commons_math_published_interval_to_seven_figures() -> None:
    # Apache Commons Math, WilsonScoreIntervalTest.testStandardInterval: 50 successes in 500
    # trials at 90% confidence give 0.08003919 to 0.1242664.
    lower, upper = methods.wilson_ci(50, 500, confidence=0.90)
    assert f"{float(lower):.7g}" == "0.08003919"
    assert f"{float(upper):.7g}" == "0.1242664"


def test_exact_poisson_limits_reproduce_r_poisson_test_to_seven_figures() -> None:
    # R's stats::poisson.test help example (Welsh nickel workers, from Dalgaard's ISwR):
    # poisson.test(137, 24.19893) prints the 95% interval 4.753125 to 6.692709.
    lower, upper = methods.exact_poisson_limits(137)
    assert f"{float(lower) / 24.19893:.7g}" == "4.753125"
    assert f"{float(upper) / 24.19893:.7g}" == "6.692709"


def test_byars_limits_reproduce_a_published_worked_example_to_twelve_figures() -> None:
    # The byar Ruby gem's documented example (Breslow & Day's formula with z = 1.96):
    # 100 observed give an upper bound of 121.628347271806, and against 90 expected a lower
    # SMR of 0.9040199067337297. The confidence whose z is exactly 1.96 is 2Φ(1.96) - 1.
    lower, upper = methods.byars_limits(100, confidence=2 * norm.cdf(1.96) - 1)
    assert float(upper) == pytest.approx(121.628347271806, rel=1e-12)
    assert float(lower) / 90 == pytest.approx(0.9040199067337297, rel=1e-12)


def test_rate_below_ten_events_uses_exact_poisson_limits() -> None:
    value, lower, upper = methods.rate(7, 25_000)
    assert value == pytest.approx(28.0, rel=REL)  # 7 / 25,000 x 100,000
    # Exact Poisson from scipy.stats.chi2 directly: chi2(0.025, 14)/2 and chi2(0.975, 16)/2.
    assert lower == pytest.approx(chi2.ppf(0.025, 14) / 2 / 25_000 * 100_000, rel=REL)
    assert upper == pytest.approx(chi2.ppf(0.975, 16) / 2 / 25_000 * 100_000, rel=REL)
    # The classic table value for 7 events: 2.814 to 14.423 (Garwood 1936 as tabulated in
    # Breslow & Day vol. II, appendix II).
    assert round(float(lower) * 25_000 / 100_000, 3) == 2.814
    assert round(float(upper) * 25_000 / 100_000, 3) == 14.423


def test_rate_from_ten_events_uses_byars_method() -> None:
    value, lower, upper = methods.rate(
        [10, 240], [1_000, 60_000], multiplier=1_000, confidence=0.998
    )
    assert value == pytest.approx([10.0, 4.0], rel=REL)  # O / n x 1,000
    for i, (o, n) in enumerate([(10, 1_000), (240, 60_000)]):
        expected_lower, expected_upper = byars_formula(o, Z998)  # Byar's formula, above
        assert lower[i] == pytest.approx(expected_lower / n * 1_000, rel=REL)
        assert upper[i] == pytest.approx(expected_upper / n * 1_000, rel=REL)


def test_rate_of_zero_events_has_lower_limit_zero_and_exact_upper_limit() -> None:
    value, lower, upper = methods.rate(0, 5_000)
    assert value == 0.0
    assert lower == 0.0
    # Exact upper limit for O = 0: chi2(0.975, 2)/2 = -ln(0.025) = 3.688879 (closed form).
    assert upper == pytest.approx(-math.log(0.025) / 5_000 * 100_000, rel=REL)


def test_exact_limits_switch_to_byars_exactly_at_ten_events() -> None:
    _, lower, _ = methods.rate([9, 10], [100, 100], multiplier=1)
    assert lower[0] == pytest.approx(chi2.ppf(0.025, 18) / 2 / 100, rel=REL)  # exact, O = 9
    assert lower[1] == pytest.approx(byars_formula(10, Z95)[0] / 100, rel=REL)  # Byar, O = 10


# --- Directly standardised rates ---------------------------------------------------------------


def test_esp2013_has_nineteen_bands_summing_to_one_hundred_thousand() -> None:
    assert methods.ESP2013.shape == (19,)
    assert methods.ESP2013.sum() == 100_000
    assert methods.ESP2013[0] == 5000
    assert methods.ESP2013[-1] == 1000


def dobson_by_hand(
    counts: list[float], populations: list[float], weights: list[float], z: float
) -> tuple[float, float, float]:
    """Dobson et al. (1991) written out with the math module, per 100,000: DSR = Σw·O/n / Σw,
    var = Σw²·O/n² / (Σw)², limits DSR + √(var/O)·(O_limit - O), O_limit by Byar's method."""
    total_weight = sum(weights)
    total = sum(counts)
    value = sum(w * o / n for w, o, n in zip(weights, counts, populations, strict=True))
    value /= total_weight
    variance = sum(
        w * w * o / (n * n) for w, o, n in zip(weights, counts, populations, strict=True)
    ) / (total_weight**2)
    o_lower, o_upper = byars_formula(total, z)
    spread = math.sqrt(variance / total)
    return (
        value * 100_000,
        (value + spread * (o_lower - total)) * 100_000,
        (value + spread * (o_upper - total)) * 100_000,
    )


def test_dsr_agrees_with_dobson_formula_for_each_area_in_a_2d_array() -> None:
    rng = np.random.default_rng(2013)
    populations = rng.integers(1_000, 20_000, size=(3, 19)).astype(float)
    counts = rng.integers(0, 30, size=(3, 19)).astype(float)
    for confidence, z in ((0.95, Z95), (0.998, Z998)):
        value, lower, upper = methods.dsr(
            counts, populations, methods.ESP2013, confidence=confidence
        )
        assert value.shape == (3,)
        for area in range(3):
            expected = dobson_by_hand(
                list(counts[area]), list(populations[area]), list(methods.ESP2013), z
            )
            assert value[area] == pytest.approx(expected[0], rel=REL)
            assert lower[area] == pytest.approx(expected[1], rel=REL)
            assert upper[area] == pytest.approx(expected[2], rel=REL)


def test_dsr_hand_worked_two_band_example() -> None:
    # Two bands, weights 60,000 and 40,000; 20 events in 10,000 and 30 in 5,000.
    # DSR = (0.6 x 0.002 + 0.4 x 0.006) x 100,000 = 360 per 100,000 (by hand).
    value, lower, upper = methods.dsr([20, 30], [10_000, 5_000], [60_000, 40_000])
    assert value == pytest.approx(360.0, rel=REL)
    expected = dobson_by_hand([20, 30], [10_000, 5_000], [60_000, 40_000], Z95)
    assert lower == pytest.approx(expected[1], rel=REL)
    assert upper == pytest.approx(expected[2], rel=REL)
    assert lower < value < upper


def test_dsr_is_suppressed_below_ten_events() -> None:
    counts = np.zeros((2, 19))
    counts[0, 5] = 9  # 9 events: suppressed
    counts[1, 5] = 10  # 10 events: published
    value, lower, upper = methods.dsr(counts, np.full((2, 19), 5_000.0))
    assert np.isnan(value[0])
    assert np.isnan(lower[0])
    assert np.isnan(upper[0])
    assert value[1] == pytest.approx(10 / 5_000 * 6_000 / 100_000 * 100_000, rel=REL)


# --- Funnel limits ----------------------------------------------------------------------------


# The limits themselves, and the rule that an area outside them is exactly an area whose own
# interval excludes the baseline, are tested in test_methods_funnels.py. The tests that stood
# here checked Spiegelhalter's interpolated quantiles, which put the upper limit about one event
# too low (9.38 events where the exact Poisson limit is 10.30 at an expected count of 5), so
# they encoded the fault of issue 15 and are replaced there.


def test_funnel_limits_at_degenerate_baselines_are_the_baseline() -> None:
    # A baseline of 0 (or 1) means every count is 0 (or n): nothing can vary.
    assert list(methods.proportion_funnel_limits([10, 100], 0.0)[1]) == [0.0, 0.0]
    assert list(methods.proportion_funnel_limits([10, 100], 1.0)[0]) == [1.0, 1.0]
    lower, upper = methods.rate_funnel_limits([10, 100], 0.0)
    assert list(lower) == [0.0, 0.0]
    assert list(upper) == [0.0, 0.0]


# --- Compare and quintiles --------------------------------------------------------------------


def test_compare_judges_by_whether_the_benchmark_lies_outside_the_interval() -> None:
    lower = [0.5, 0.2, 0.1, np.nan]
    upper = [0.7, 0.4, 0.3, 0.4]
    benchmark = 0.45
    assert list(methods.compare(lower, upper, benchmark, "high is good")) == [
        "better",
        "worse",
        "worse",
        "not compared",
    ]
    assert list(methods.compare(lower, upper, benchmark, "low is good")) == [
        "worse",
        "better",
        "better",
        "not compared",
    ]
    assert list(methods.compare([0.4, 0.5, 0.1], [0.5, 0.6, 0.2], 0.45, "no judgement")) == [
        "similar",
        "higher",
        "lower",
    ]


def test_compare_treats_a_benchmark_on_the_limit_as_similar() -> None:
    assert methods.compare(0.45, 0.6, 0.45, "high is good") == "similar"


def test_quintiles_rank_values_into_fifths_and_skip_nan() -> None:
    values = [10.0, np.nan, 30.0, 20.0, 50.0, 40.0, 60.0, 70.0, 80.0, 90.0, 100.0]
    result = methods.quintiles(values)
    assert np.isnan(result[1])
    present = [r for r in result if not np.isnan(r)]
    # Ten values ranked 1..10, quintile = ceil(5 x rank / 10): two per quintile.
    assert present == [1, 2, 1, 3, 2, 3, 4, 4, 5, 5]


def test_quintiles_give_tied_values_the_same_quintile() -> None:
    assert list(methods.quintiles([1, 1, 1, 1, 1])) == [1, 1, 1, 1, 1]


# --- Bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: methods.wilson_ci(5, 0), "The denominator must be greater than zero."),
        (lambda: methods.wilson_ci(5, -3), "The denominator must be greater than zero."),
        (
            lambda: methods.wilson_ci([5, 11], [10, 10]),
            "The count must not be greater than its denominator.",
        ),
        (lambda: methods.wilson_ci(-1, 10), "The count must not be negative."),
        (
            lambda: methods.wilson_ci(5, 10, 1.0),
            "The confidence must be between 0 and 1 (for example 0.95), not 1.0.",
        ),
        (lambda: methods.rate(3, 0), "The denominator must be greater than zero."),
        (
            lambda: methods.rate(3, 100, confidence=95),
            "The confidence must be between 0 and 1 (for example 0.95), not 95.",
        ),
        (
            lambda: methods.dsr(np.ones(19), np.zeros(19)),
            "The population in every age band must be greater than zero.",
        ),
        (
            lambda: methods.dsr(np.ones(18), np.ones(18)),
            "The counts have 18 age bands but the standard population has 19.",
        ),
        (
            lambda: methods.proportion_funnel_limits([0, 10], 0.5, 0.95),
            "The denominator must be greater than zero.",
        ),
        (
            lambda: methods.proportion_funnel_limits(10, 1.5, 0.95),
            "The baseline proportion must be between 0 and 1, not 1.5.",
        ),
        (
            lambda: methods.rate_funnel_limits(10, -1.0, 1000, 0.95),
            "The baseline rate must not be negative, not -1.0.",
        ),
        (
            lambda: methods.compare(0, 1, 0.5, "up"),
            "The polarity must be one of high is good, low is good, no judgement, not 'up'.",
        ),
    ],
)
def test_bad_input_raises_value_error_naming_what_is_wrong(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=r".+") as error:
        call()  # type: ignore[operator]
    assert str(error.value) == message
