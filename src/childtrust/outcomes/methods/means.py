"""The mean of a set of values with its confidence interval."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from childtrust.outcomes.methods.common import FloatArray, check_confidence, scalar_or_array


def mean_ci(
    values: ArrayLike, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The mean with its confidence interval by Student's t-distribution: (value, lower,
    upper).

    With n values, their mean x̄ and sample standard deviation s (divisor n - 1):
    limits = x̄ ∓ t(1 - alpha/2; n - 1) x s / √n. Source: PHEindicatormethods `phe_mean` (now
    `calculate_mean`) and the OHID "Confidence intervals" technical guidance, section on means.

    The values lie on the last axis; for 2-D input each row is one group (an area), and NaN
    marks a missing value, left out (so rows of different lengths can be padded with NaN).
    A group of one value has a mean but no interval (NaN limits). Raises ValueError for a group
    with no values (a denominator of zero) or a confidence outside (0, 1).
    """
    from scipy import stats

    check_confidence(confidence)
    array = np.asarray(values, dtype=np.float64)
    if array.ndim == 0:
        array = array.reshape(1)
    present = ~np.isnan(array)
    count = present.sum(axis=-1)
    if np.any(count == 0):
        raise ValueError("A mean needs at least one value in every group.")
    filled = np.where(present, array, 0.0)
    mean = filled.sum(axis=-1) / count
    deviation = np.where(present, array - mean[..., None], 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        sd = np.sqrt((deviation * deviation).sum(axis=-1) / (count - 1))
        t = stats.t.ppf(1 - (1 - confidence) / 2, count - 1)
        half = np.where(count > 1, t * sd / np.sqrt(count), np.nan)
    return scalar_or_array(mean), scalar_or_array(mean - half), scalar_or_array(mean + half)
