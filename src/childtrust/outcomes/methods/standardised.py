"""Indirectly standardised rates and ratios (standardised mortality or admission ratios)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from childtrust.outcomes.methods.common import (
    FloatArray,
    not_negative,
    scalar_or_array,
)
from childtrust.outcomes.methods.intervals import count_limits


def isr(
    observed: ArrayLike,
    local_population: ArrayLike,
    reference_count: ArrayLike,
    reference_population: ArrayLike,
    multiplier: float = 100_000,
    confidence: float = 0.95,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The indirectly standardised rate per `multiplier` with its confidence interval:
    (value, lower, upper).

    `local_population`, `reference_count` and `reference_population` hold one entry per age
    band on their last axis; `local_population` may be 2-D with one row per area, and then
    `observed` (each area's total count over all bands) has one entry per row. With the
    expected count E = Σ local_populationᵢ x reference_countᵢ / reference_populationᵢ and the
    reference rate R = Σ reference_count / Σ reference_population:

        ISR = O / E x R x multiplier, and each limit = O_limit / E x R x multiplier,

    where O_limit is the exact Poisson limit of the observed count below 10 events and Byar's
    limit from 10 (PHEindicatormethods `calculate_ISRate`; Breslow & Day 1987, Statistical
    Methods in Cancer Research vol. II, IARC; Armitage & Berry 2002 for the exact limits).
    As there, a missing (NaN) reference count or local population counts as 0.

    Raises ValueError for a negative count or population, a reference population of zero or
    less in any band, bands of unequal length, an area whose expected count is zero (no
    population where the reference has events), or a confidence outside (0, 1).
    """
    o, expected, reference_rate = _observed_and_expected(
        observed, local_population, reference_count, reference_population
    )
    lower, upper = count_limits(o, confidence)  # checks the confidence too
    scale = reference_rate * multiplier / expected
    return (
        scalar_or_array(o * scale),
        scalar_or_array(np.asarray(lower) * scale),
        scalar_or_array(np.asarray(upper) * scale),
    )


def isr_ratio(
    observed: ArrayLike,
    local_population: ArrayLike,
    reference_count: ArrayLike,
    reference_population: ArrayLike,
    multiplier: float = 1,
    confidence: float = 0.95,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The indirectly standardised ratio, observed over expected, times `multiplier` (100 for
    the usual standardised mortality ratio), with its confidence interval: (value, lower,
    upper).

    The inputs and the expected count E are as for `isr`; value = O / E x multiplier and each
    limit = O_limit / E x multiplier, with exact Poisson limits for O below 10 and Byar's from
    10 (PHEindicatormethods `calculate_ISRatio` with its reference value of 1; Breslow & Day
    1987). Raises ValueError as `isr` does.
    """
    o, expected, _ = _observed_and_expected(
        observed, local_population, reference_count, reference_population
    )
    lower, upper = count_limits(o, confidence)
    scale = multiplier / expected
    return (
        scalar_or_array(o * scale),
        scalar_or_array(np.asarray(lower) * scale),
        scalar_or_array(np.asarray(upper) * scale),
    )


def _observed_and_expected(
    observed: ArrayLike,
    local_population: ArrayLike,
    reference_count: ArrayLike,
    reference_population: ArrayLike,
) -> tuple[FloatArray, FloatArray, float]:
    """The observed counts, the expected counts and the reference rate, checked."""
    o = not_negative(observed, "observed count")
    if np.any(np.isnan(o)):
        raise ValueError("The observed count must be given for every area.")
    local = np.nan_to_num(not_negative(local_population, "local population"), nan=0.0)
    ref_count = np.nan_to_num(not_negative(reference_count, "reference count"), nan=0.0)
    ref_population = np.asarray(reference_population, dtype=np.float64)
    if ref_count.ndim != 1 or ref_population.ndim != 1:
        raise ValueError("The reference counts and populations must be one list of age bands.")
    if np.any(~(ref_population > 0)):
        raise ValueError("The reference population in every age band must be greater than zero.")
    bands = ref_population.shape[0]
    if local.ndim == 0 or local.shape[-1] != bands or ref_count.shape[0] != bands:
        raise ValueError(
            f"The local populations, reference counts and reference populations must have the "
            f"same number of age bands ({local.shape[-1] if local.ndim else 1}, "
            f"{ref_count.shape[0]} and {bands} given)."
        )
    if o.shape != local.shape[:-1]:
        raise ValueError(
            "There must be one observed count for each area (row of local populations)."
        )
    expected = (local * (ref_count / ref_population)).sum(axis=-1)
    if np.any(expected <= 0):
        raise ValueError(
            "The expected count must be greater than zero: the area needs population in an "
            "age band where the reference has events."
        )
    reference_rate = float(ref_count.sum() / ref_population.sum())
    return o, np.asarray(expected, dtype=np.float64), reference_rate
