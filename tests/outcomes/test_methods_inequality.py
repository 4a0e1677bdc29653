"""Tests for methods.sii: the slope and relative indices of inequality as PHEindicatormethods
`phe_sii` works them out.

The data are PHEindicatormethods' own SII test data for life expectancy by deprivation decile
(tests/testthat/LE_testdata.csv in ukhsa-collaboration/PHEindicatormethods, commit fcc3e35:
population, life expectancy and its standard error for deciles 1 to 10). PHE's expected SII
results for them are kept in a spreadsheet (tests/testthat/testdata_SII.xlsx) that could not be
read here, so the SII and RII are checked against phe_sii's own procedure written out
independently in the test: the least-squares fit `lm(yvals ~ sqrt_a + b_sqrt_a - 1)` of
y√a on √a and b√a (numpy's lstsq), and for the limits phe_sii's simulation (normal draws of
each decile's value, the same fit for every draw, the sorted results at positions
round(R x 0.025) and round(R x 0.975)) on the same random numbers.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from childtrust.outcomes import methods

# LE_testdata.csv, Sex 1 and Sex 2 of E06000001 and Sex 1 of E06000002, deciles 1 to 10.
# fmt: off
LE_AREAS = {
    "E06000001 male": (
        [13837, 14519, 14940, 14599, 12311, 13196, 13335, 13388, 13685, 11779],
        [70.56313911, 72.61347473, 75.06710359, 75.20662276, 76.23469045, 75.21801932,
         77.09240397, 79.84156222, 80.81329918, 82.73763832],
        [1.133868862, 1.020288759, 1.108685178, 1.485618539, 1.311653285, 1.169033147,
         1.306645801, 1.090905616, 0.979426096, 1.319452272],
    ),
    "E06000001 female": (
        [14138, 14506, 16235, 15069, 12994, 14550, 14096, 14097, 14349, 12277],
        [79.40134913, 76.18219687, 78.9265103, 84.18039648, 79.23211949, 81.4724937,
         82.19399366, 82.25635531, 88.11787108, 87.51829899],
        [1.093284068, 1.055866186, 1.187053297, 1.884691896, 1.231787237, 0.98815642,
         1.206454267, 0.853222259, 2.633018176, 1.054888957],
    ),
    "E06000002 male": (
        [21675, 20065, 19750, 24713, 20112, 19618, 22408, 19752, 18939, 19312],
        [70.54853186, 71.57155734, 72.48698671, 73.51985519, 73.14605425, 76.15898712,
         78.65444871, 80.56476961, 80.85486627, 79.9711253],
        [0.947488056, 1.043688022, 0.969320245, 1.023567868, 1.006757968, 0.906037647,
         0.724013864, 1.118131371, 0.848327099, 0.94159082],
    ),
}
# fmt: on


def phe_design(population: np.ndarray) -> np.ndarray:
    """phe_sii's regressors: √a and b√a, with a the population share and b FindXValues' midpoint
    of each decile in the cumulative population (decile 1 first)."""
    share = population / population.sum()
    cumulative = np.cumsum(share)
    midpoint = np.concatenate([[share[0] / 2], cumulative[:-1] + share[1:] / 2])
    return np.column_stack([np.sqrt(share), midpoint * np.sqrt(share)])


def phe_fit(population: np.ndarray, values: np.ndarray) -> np.ndarray:
    """lm(yvals ~ sqrt_a + b_sqrt_a - 1): coefficients (intercept, slope) for each column of
    values (one column per simulated draw)."""
    design = phe_design(population)
    share_root = design[:, :1]
    coefficients, *_ = np.linalg.lstsq(design, values * share_root, rcond=None)
    return coefficients


@pytest.mark.parametrize("area", LE_AREAS)
def test_sii_and_rii_are_phe_sii_weighted_regression(area: str) -> None:
    population, value, se = (np.array(column, dtype=float) for column in LE_AREAS[area])
    intercept, slope = phe_fit(population, value[:, None])[:, 0]
    result = methods.sii(value, population, se, repetitions=1000, seed=1)
    assert result[0] == pytest.approx(slope, rel=1e-9)
    assert result[3] == pytest.approx((intercept + slope) / intercept, rel=1e-9)


def test_sii_of_a_straight_line_is_its_slope_and_rii_the_ratio_of_its_ends() -> None:
    # Values exactly 60 + 20 x rank, whatever the decile populations: the fit is exact.
    population = np.array([5, 9, 12, 7, 3, 8, 10, 6, 4, 11], dtype=float) * 1000
    share = population / population.sum()
    rank = np.cumsum(share) - share / 2
    sii, _, _, rii, _, _ = methods.sii(60 + 20 * rank, population, np.ones(10), seed=2)
    assert sii == pytest.approx(20, rel=1e-12)
    assert rii == pytest.approx(80 / 60, rel=1e-12)


def test_sii_is_positive_when_values_rise_from_the_most_to_the_least_deprived() -> None:
    population, value, se = (np.array(c, dtype=float) for c in LE_AREAS["E06000001 male"])
    # Life expectancy rises from decile 1 (most deprived) to 10: positive SII, RII above 1.
    sii, _, _, rii, _, _ = methods.sii(value, population, se, seed=3)
    assert sii > 0
    assert rii > 1
    # Given least deprived first the slope turns over.
    reversed_sii, *_ = methods.sii(value[::-1], population[::-1], se[::-1], seed=3)
    assert reversed_sii < 0


def test_sii_limits_follow_phe_sii_simulation_on_the_same_draws() -> None:
    population, value, se = (np.array(c, dtype=float) for c in LE_AREAS["E06000002 male"])
    repetitions = 5000
    result = methods.sii(value, population, se, repetitions=repetitions, seed=42)
    # phe_sii's SimulationFunc, one fit per draw, on the same standard normal numbers.
    draws = np.random.default_rng(42).standard_normal((repetitions, 10))
    simulated = value[:, None] + se[:, None] * draws.T  # deciles x draws
    intercepts, slopes = phe_fit(population, simulated)
    riis = (intercepts + slopes) / intercepts
    low, high = round(repetitions * 0.025) - 1, round(repetitions * 0.975) - 1
    assert result[1] == pytest.approx(np.sort(slopes)[low], rel=1e-9)
    assert result[2] == pytest.approx(np.sort(slopes)[high], rel=1e-9)
    assert result[4] == pytest.approx(np.sort(riis)[low], rel=1e-9)
    assert result[5] == pytest.approx(np.sort(riis)[high], rel=1e-9)


def test_sii_limits_are_within_simulation_error_of_their_normal_distribution() -> None:
    # The simulated slope is exactly normal, with sd √Σ(wᵢ seᵢ)², wᵢ the slope weights, so the
    # 95% limits converge on sii ± 1.96 sd; at 100,000 repetitions the 2.5% quantile's
    # simulation error is about 0.0085 sd (√(p(1-p)/R) / φ(1.96)).
    population, value, se = (np.array(c, dtype=float) for c in LE_AREAS["E06000001 female"])
    design = phe_design(population)
    slope_row = np.linalg.pinv(design)[1] * design[:, 0]  # slope = slope_row · values
    sd = float(np.sqrt(np.sum((slope_row * se) ** 2)))
    sii, lower, upper, *_ = methods.sii(value, population, se, seed=7)
    error = np.sqrt(0.025 * 0.975 / 100_000) / norm.pdf(1.959963984540054) * sd
    assert lower == pytest.approx(sii - 1.959963984540054 * sd, abs=4 * error)
    assert upper == pytest.approx(sii + 1.959963984540054 * sd, abs=4 * error)


def test_sii_limits_repeat_with_a_seed_and_vary_without_one() -> None:
    population, value, se = (np.array(c, dtype=float) for c in LE_AREAS["E06000001 male"])
    first = methods.sii(value, population, se, repetitions=2000, seed=11)
    again = methods.sii(value, population, se, repetitions=2000, seed=11)
    other = methods.sii(value, population, se, repetitions=2000, seed=12)
    assert first == again
    assert first[0] == other[0]
    assert first[1] != other[1]


def test_sii_works_out_many_areas_at_once() -> None:
    columns = [np.array(LE_AREAS[area], dtype=float) for area in LE_AREAS]
    population = np.stack([c[0] for c in columns])
    value = np.stack([c[1] for c in columns])
    se = np.stack([c[2] for c in columns])
    sii, lower, upper, rii, rii_lower, rii_upper = methods.sii(value, population, se, seed=5)
    for row in range(3):
        # With the same seed an area gets the same figures alone as among others.
        one = methods.sii(value[row], population[row], se[row], seed=5)
        together = (sii, lower, upper, rii, rii_lower, rii_upper)
        assert tuple(float(column[row]) for column in together) == pytest.approx(one, rel=1e-12)
    assert np.all(lower < sii)
    assert np.all(sii < upper)
    assert np.all(rii_lower < rii)
    assert np.all(rii < rii_upper)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: methods.sii(np.ones(10), np.ones(9), np.ones(10)),
            "The values, populations and standard errors must have the same length, one entry "
            "per quantile.",
        ),
        (
            lambda: methods.sii(np.ones(4), np.ones(4), np.ones(4)),
            "The SII needs between 5 and 100 quantiles, not 4.",
        ),
        (
            lambda: methods.sii(np.ones(5), [1, 2, 0, 4, 5], np.ones(5)),
            "The population of every quantile must be greater than zero.",
        ),
        (
            lambda: methods.sii(np.ones(5), [1, 2, -3, 4, 5], np.ones(5)),
            "The population of every quantile must be greater than zero.",
        ),
        (
            lambda: methods.sii(np.ones(5), np.ones(5), [1, 1, -0.5, 1, 1]),
            "The standard error of every quantile must be given and not negative.",
        ),
        (
            lambda: methods.sii([1, 2, np.nan, 4, 5], np.ones(5), np.ones(5)),
            "Every quantile must have a value.",
        ),
        (
            lambda: methods.sii(np.ones(5), np.ones(5), np.ones(5), repetitions=999),
            "The simulation needs at least 1,000 repetitions, not 999.",
        ),
        (
            lambda: methods.sii(np.ones(5), np.ones(5), np.ones(5), confidence=1.0),
            "The confidence must be between 0 and 1 (for example 0.95), not 1.0.",
        ),
    ],
)
def test_bad_input_raises_value_error_naming_what_is_wrong(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=r".+") as error:
        call()  # type: ignore[operator]
    assert str(error.value) == message
