"""Tests for methods.isr, methods.isr_ratio and methods.mean_ci.

The indirect standardisation fixture is PHEindicatormethods' own ISR worksheet
(R/isr_sheet.csv in ukhsa-collaboration/PHEindicatormethods, commit 39a8c9f: the first test
area's observed counts and populations, the reference counts and populations of its ISR tests,
and PHE's expected counts Ei for each of the 19 age bands). PHE's expected ISR results
themselves are kept in spreadsheets (tests/testthat/testdata_DSR_ISR.xlsx,
testdata_Mean.xlsx) that could not be read here, so the ISR, ratio and mean are checked against
PHE's published expected counts and the methods' formulas worked out independently in the test
(Byar's limits as Breslow & Day write them, exact limits from scipy's chi-squared, Student's t
from scipy), never by calling the code under test.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import chi2, t

from childtrust.outcomes import methods

REL = 1e-6

# R/isr_sheet.csv: obs, pop, refcount, refpop and PHE's expected count Ei for each age band.
# fmt: off
OBSERVED = [127, 25, 18, 21, 12, 27, 48, 27, 29, 32, 32, 34, 45, 65, 38, 68, 74, 82, 91]
POPULATION = [636, 558, 609, 543, 384, 594, 669, 843, 660, 576, 606, 522, 426, 273, 300, 288,
              153, 123, 207]
REFERENCE_COUNT = [10303, 2824, 3225, 3615, 3641, 3490, 3789, 3213, 3031, 2771, 3089, 3490,
                   3595, 4745, 5514, 7125, 5694, 6210, 5757]
REFERENCE_POPULATION = [50520, 57173, 60213, 54659, 44345, 50128, 62163, 67423, 62899, 55463,
                        60479, 49974, 44140, 40888, 37239, 30819, 18136, 15325, 13918]
PHE_EXPECTED_BY_BAND = [129.7052257, 27.56182114, 32.61795626, 35.91256701, 31.52878566,
                        41.35533035, 40.77732735, 40.17262655, 31.80432121, 28.7776716,
                        30.95180145, 36.45455637, 34.69574082, 31.68130014, 44.42117135,
                        66.58230312, 48.03606087, 49.84208809, 85.62286248]
# fmt: on
Z95 = 1.959963984540054
Z998 = 3.090232306167813


def byars(o: float, z: float) -> tuple[float, float]:
    lower = o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3
    upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * math.sqrt(o + 1))) ** 3
    return lower, upper


def test_isr_ratio_uses_phe_expected_counts() -> None:
    observed = sum(OBSERVED)  # 895
    expected = sum(PHE_EXPECTED_BY_BAND)
    value, lower, upper = methods.isr_ratio(
        observed, POPULATION, REFERENCE_COUNT, REFERENCE_POPULATION
    )
    assert value == pytest.approx(observed / expected, rel=REL)
    low, high = byars(observed, Z95)
    assert lower == pytest.approx(low / expected, rel=REL)
    assert upper == pytest.approx(high / expected, rel=REL)
    smr, _, _ = methods.isr_ratio(
        observed, POPULATION, REFERENCE_COUNT, REFERENCE_POPULATION, multiplier=100
    )
    assert smr == pytest.approx(100 * observed / expected, rel=REL)


def test_isr_is_the_ratio_times_the_reference_rate() -> None:
    observed = sum(OBSERVED)
    expected = sum(PHE_EXPECTED_BY_BAND)
    reference_rate = sum(REFERENCE_COUNT) / sum(REFERENCE_POPULATION)
    value, lower, upper = methods.isr(
        observed, POPULATION, REFERENCE_COUNT, REFERENCE_POPULATION, confidence=0.998
    )
    assert value == pytest.approx(observed / expected * reference_rate * 100_000, rel=REL)
    low, high = byars(observed, Z998)
    assert lower == pytest.approx(low / expected * reference_rate * 100_000, rel=REL)
    assert upper == pytest.approx(high / expected * reference_rate * 100_000, rel=REL)
    per_thousand, _, _ = methods.isr(
        observed, POPULATION, REFERENCE_COUNT, REFERENCE_POPULATION, multiplier=1000
    )
    assert per_thousand == pytest.approx(value / 100, rel=1e-12)


def test_isr_below_ten_events_uses_exact_poisson_limits() -> None:
    expected = sum(PHE_EXPECTED_BY_BAND)
    reference_rate = sum(REFERENCE_COUNT) / sum(REFERENCE_POPULATION)
    for observed in (0, 3, 9):
        value, lower, upper = methods.isr(
            observed, POPULATION, REFERENCE_COUNT, REFERENCE_POPULATION
        )
        scale = reference_rate * 100_000 / expected
        assert value == pytest.approx(observed * scale, rel=REL, abs=1e-12)
        exact_lower = chi2.ppf(0.025, 2 * observed) / 2 if observed else 0.0
        assert lower == pytest.approx(exact_lower * scale, rel=REL, abs=1e-12)
        assert upper == pytest.approx(chi2.ppf(0.975, 2 * observed + 2) / 2 * scale, rel=REL)


def test_isr_works_out_many_areas_at_once_one_row_each() -> None:
    populations = np.array([POPULATION, np.array(POPULATION) * 2, np.array(POPULATION) / 2])
    observed = np.array([895, 895, 5])
    value, lower, upper = methods.isr(observed, populations, REFERENCE_COUNT, REFERENCE_POPULATION)
    for row in range(3):
        one = methods.isr(observed[row], populations[row], REFERENCE_COUNT, REFERENCE_POPULATION)
        assert (value[row], lower[row], upper[row]) == pytest.approx(one, rel=1e-12)
    assert value[1] == pytest.approx(value[0] / 2, rel=1e-12)


def test_isr_counts_a_missing_reference_count_as_zero_as_phe_does() -> None:
    # PHEindicatormethods' test "ref as specified vector" gives NA for the third band's count.
    with_gap = list(REFERENCE_COUNT)
    with_gap[2] = np.nan
    as_zero = list(REFERENCE_COUNT)
    as_zero[2] = 0
    assert methods.isr(895, POPULATION, with_gap, REFERENCE_POPULATION) == pytest.approx(
        methods.isr(895, POPULATION, as_zero, REFERENCE_POPULATION), rel=1e-12
    )


def test_mean_has_students_t_limits() -> None:
    # PHEindicatormethods' phe_mean example: 30, 40, 50 and 60.
    value, lower, upper = methods.mean_ci([30, 40, 50, 60])
    sd = math.sqrt(sum((x - 45) ** 2 for x in (30, 40, 50, 60)) / 3)  # 12.9099...
    half = t.ppf(0.975, 3) * sd / 2  # 3.182446 x sd / √4
    assert value == 45
    assert lower == pytest.approx(45 - half, rel=1e-12)
    assert upper == pytest.approx(45 + half, rel=1e-12)
    assert lower == pytest.approx(24.457397, rel=REL)
    _, lower, upper = methods.mean_ci([30, 40, 50, 60], 0.998)
    assert upper - lower == pytest.approx(2 * t.ppf(0.999, 3) * sd / 2, rel=1e-12)


def test_mean_works_out_groups_of_different_sizes_padded_with_nan() -> None:
    # phe_mean's grouped example: Area1 20, 30, 40; Area2 200, 300, 400 (and here 500 too).
    value, lower, upper = methods.mean_ci([[20, 30, 40, np.nan], [200, 300, 400, 500]])
    assert value[0] - lower[0] == pytest.approx(upper[0] - value[0], rel=1e-12)
    assert list(value) == [30, 350]
    assert upper[0] - value[0] == pytest.approx(t.ppf(0.975, 2) * 10 / math.sqrt(3), rel=1e-12)
    sd = np.std([200, 300, 400, 500], ddof=1)
    assert upper[1] - value[1] == pytest.approx(t.ppf(0.975, 3) * sd / 2, rel=1e-12)


def test_mean_of_one_value_has_no_interval() -> None:
    value, lower, upper = methods.mean_ci([7.5])
    assert value == 7.5
    assert np.isnan(lower)
    assert np.isnan(upper)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: methods.isr(-1, POPULATION, REFERENCE_COUNT, REFERENCE_POPULATION),
            "The observed count must not be negative.",
        ),
        (
            lambda: methods.isr(5, [-1, *POPULATION[1:]], REFERENCE_COUNT, REFERENCE_POPULATION),
            "The local population must not be negative.",
        ),
        (
            lambda: methods.isr(5, POPULATION, [-1, *REFERENCE_COUNT[1:]], REFERENCE_POPULATION),
            "The reference count must not be negative.",
        ),
        (
            lambda: methods.isr_ratio(
                5, POPULATION, REFERENCE_COUNT, [0, *REFERENCE_POPULATION[1:]]
            ),
            "The reference population in every age band must be greater than zero.",
        ),
        (
            lambda: methods.isr(5, POPULATION[:18], REFERENCE_COUNT, REFERENCE_POPULATION),
            "The local populations, reference counts and reference populations must have the "
            "same number of age bands (18, 19 and 19 given).",
        ),
        (
            lambda: methods.isr(5, np.zeros(19), REFERENCE_COUNT, REFERENCE_POPULATION),
            "The expected count must be greater than zero: the area needs population in an "
            "age band where the reference has events.",
        ),
        (
            lambda: methods.isr([5, 6], POPULATION, REFERENCE_COUNT, REFERENCE_POPULATION),
            "There must be one observed count for each area (row of local populations).",
        ),
        (
            lambda: methods.isr(5, POPULATION, REFERENCE_COUNT, REFERENCE_POPULATION, 100, 0),
            "The confidence must be between 0 and 1 (for example 0.95), not 0.",
        ),
        (
            lambda: methods.mean_ci([[1, 2], [np.nan, np.nan]]),
            "A mean needs at least one value in every group.",
        ),
        (
            lambda: methods.mean_ci([1, 2, 3], 95),
            "The confidence must be between 0 and 1 (for example 0.95), not 95.",
        ),
    ],
)
def test_bad_input_raises_value_error_naming_what_is_wrong(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=r".+") as error:
        call()  # type: ignore[operator]
    assert str(error.value) == message
