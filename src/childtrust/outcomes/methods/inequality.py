"""The slope index of inequality (SII) and the relative index of inequality (RII) across
ordered deprivation quantiles."""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike

from childtrust.outcomes.methods.common import FloatArray, check_confidence, scalar_or_array

#: phe_sii accepts between 5 and 100 quantiles (deciles, quintiles, ...).
FEWEST_QUANTILES: Final = 5
MOST_QUANTILES: Final = 100
#: phe_sii refuses fewer repetitions than this for the simulated limits.
FEWEST_REPETITIONS: Final = 1000
#: Simulated fits held in memory at once (about 40 MB of float64 for each of the four arrays),
#: so that many groups are worked out in slices rather than all together.
_SIMULATED_AT_ONCE: Final = 5_000_000


def sii(
    values: ArrayLike,
    populations: ArrayLike,
    standard_errors: ArrayLike,
    confidence: float = 0.95,
    repetitions: int = 100_000,
    seed: int | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """The slope index of inequality and the relative index of inequality with their
    confidence limits: (sii, sii_lower, sii_upper, rii, rii_lower, rii_upper).

    The arrays hold the quantiles in order on their last axis, quantile 1 the most deprived
    (for 2-D input, one row per area). As PHEindicatormethods `phe_sii` (value_type 0, no
    transformation, multiplier 1; Low & Low 2004, "Measuring the gap", Journal of Public Health
    26:388-395): each quantile's share of the population is a = population / total, and its
    relative rank b the midpoint of its range in the cumulative population, from 0 at the most
    deprived end to 1 at the least deprived. The regression y√a = c√a + s·b√a (no separate
    intercept; the same as a least-squares fit of y on b weighted by a) gives the fitted value
    c at b = 0 (the most deprived) and the slope s. The SII is s, the difference between the
    fitted values at the least and the most deprived ends: positive when the value rises as
    deprivation falls. The RII is (c + s) / c, the fitted value at the least deprived end over
    that at the most deprived end.

    The limits come, as in phe_sii, by simulation: each repetition draws every quantile's value
    from a normal distribution with the quantile's value as mean and its standard error as
    standard deviation, refits the line, and the limits are the sorted SIIs and RIIs at
    positions round(R x alpha/2) and round(R x (1 - alpha/2)) of R repetitions. The
    repetitions are worked out at once as one matrix product, not one fit at a time, and one
    set of draws serves every area given together, so an area's limits from a `seed` are the
    same whichever areas come with it. A `seed` makes the limits repeatable; without one they
    vary within simulation error (about 1% of the interval's width at 100,000 repetitions).

    Raises ValueError for arrays of different shapes, fewer than 5 or more than 100 quantiles,
    a population of zero or less, a negative or missing standard error, a missing value, fewer
    than 1,000 repetitions or a confidence outside (0, 1).
    """
    check_confidence(confidence)
    y = np.asarray(values, dtype=np.float64)
    population = np.asarray(populations, dtype=np.float64)
    se = np.asarray(standard_errors, dtype=np.float64)
    if not (y.shape == population.shape == se.shape) or y.ndim == 0:
        raise ValueError(
            "The values, populations and standard errors must have the same length, one "
            "entry per quantile."
        )
    quantiles = y.shape[-1]
    if not FEWEST_QUANTILES <= quantiles <= MOST_QUANTILES:
        raise ValueError(
            f"The SII needs between {FEWEST_QUANTILES} and {MOST_QUANTILES} quantiles, "
            f"not {quantiles}."
        )
    if np.any(~(population > 0)):
        raise ValueError("The population of every quantile must be greater than zero.")
    if np.any(~(se >= 0)):
        raise ValueError("The standard error of every quantile must be given and not negative.")
    if np.any(~np.isfinite(y)):
        raise ValueError("Every quantile must have a value.")
    if repetitions < FEWEST_REPETITIONS:
        raise ValueError(
            f"The simulation needs at least {FEWEST_REPETITIONS:,} repetitions, "
            f"not {repetitions:,}."
        )

    share = population / population.sum(axis=-1, keepdims=True)
    rank = np.cumsum(share, axis=-1) - share / 2
    # Weighted least squares of y on rank with weights share (which sum to 1): the slope is a
    # fixed linear combination of the values, slope = Σ wᵢ yᵢ, and the weighted mean of y is
    # Σ shareᵢ yᵢ, so each simulated fit is two dot products.
    mean_rank = (share * rank).sum(axis=-1, keepdims=True)
    spread = (share * (rank - mean_rank) ** 2).sum(axis=-1, keepdims=True)
    slope_weights = share * (rank - mean_rank) / spread
    slope = (slope_weights * y).sum(axis=-1)
    weighted_mean = (share * y).sum(axis=-1)
    intercept = weighted_mean - slope * mean_rank[..., 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        rii = (intercept + slope) / intercept

    lower, upper = _simulated_limits(
        slope,
        weighted_mean,
        mean_rank[..., 0],
        slope_weights * se,
        share * se,
        confidence,
        repetitions,
        np.random.default_rng(seed),
    )
    return (
        scalar_or_array(slope),
        scalar_or_array(lower[0]),
        scalar_or_array(upper[0]),
        scalar_or_array(rii),
        scalar_or_array(lower[1]),
        scalar_or_array(upper[1]),
    )


def _simulated_limits(
    slope: FloatArray,
    weighted_mean: FloatArray,
    mean_rank: FloatArray,
    slope_noise: FloatArray,
    mean_noise: FloatArray,
    confidence: float,
    repetitions: int,
    generator: np.random.Generator,
) -> tuple[FloatArray, FloatArray]:
    """Lower and upper simulated limits of the SII (row 0) and RII (row 1) for every group.

    For standard normal draws Z (repetitions x quantiles), the simulated slope is
    slope + Z·(w x se) and the simulated weighted mean weighted_mean + Z·(share x se); the
    intercept follows as mean - slope x mean rank. Groups are taken in slices so that the fits
    held at once stay under _SIMULATED_AT_ONCE.
    """
    groups_shape = slope.shape
    quantiles = slope_noise.shape[-1]
    flat_slope = slope.reshape(-1)
    flat_mean = weighted_mean.reshape(-1)
    flat_rank = mean_rank.reshape(-1)
    flat_slope_noise = slope_noise.reshape(-1, quantiles)
    flat_mean_noise = mean_noise.reshape(-1, quantiles)
    groups = flat_slope.shape[0]
    upper_tail = confidence + (1 - confidence) / 2
    # phe_sii's positions (1-based, R's round, which rounds halves to even as np.round does).
    low_at = max(int(np.round(repetitions * (1 - upper_tail))), 1) - 1
    high_at = min(int(np.round(repetitions * upper_tail)), repetitions) - 1
    lower = np.empty((2, groups))
    upper = np.empty((2, groups))
    # One set of draws serves every group: each group's limits depend only on its own values
    # and standard errors, so a group gets the same limits from the same seed whichever other
    # groups are worked out with it.
    draws = generator.standard_normal((repetitions, quantiles)).T  # quantiles x repetitions
    per_slice = max(1, _SIMULATED_AT_ONCE // repetitions)
    for start in range(0, groups, per_slice):
        part = slice(start, min(start + per_slice, groups))
        sim_slope = flat_slope[part, None] + flat_slope_noise[part] @ draws
        sim_mean = flat_mean[part, None] + flat_mean_noise[part] @ draws
        sim_intercept = sim_mean - sim_slope * flat_rank[part, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            sim_rii = (sim_intercept + sim_slope) / sim_intercept
        for row, simulated in enumerate((sim_slope, sim_rii)):
            # A full sort is quicker here than np.partition at two positions.
            ordered = np.sort(simulated, axis=-1)
            lower[row, part] = ordered[:, low_at]
            upper[row, part] = ordered[:, high_at]
    return lower.reshape((2, *groups_shape)), upper.reshape((2, *groups_shape))
