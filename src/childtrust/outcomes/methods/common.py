"""What every method shares: the array type, the checks of its inputs and the normal quantile."""

from __future__ import annotations

from typing import Final, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
Polarity = Literal["high is good", "low is good", "no judgement"]

#: Below this many events OHID does not publish a directly standardised rate, and a crude rate's
#: interval comes from the exact Poisson distribution rather than Byar's approximation.
SMALL_COUNT: Final = 10

POLARITIES: Final[tuple[str, ...]] = ("high is good", "low is good", "no judgement")


def z_value(confidence: float) -> float:
    """The standard normal quantile for a two-sided interval at this confidence."""
    from scipy import stats

    check_confidence(confidence)
    return float(stats.norm.ppf(0.5 + confidence / 2))


def check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(
            f"The confidence must be between 0 and 1 (for example 0.95), not {confidence}."
        )


def not_negative(values: ArrayLike, name: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if np.any(array < 0):
        raise ValueError(f"The {name} must not be negative.")
    return array


def check_denominator(denominator: FloatArray, name: str = "denominator") -> None:
    if np.any(denominator <= 0):
        raise ValueError(f"The {name} must be greater than zero.")


def scalar_or_array(array: FloatArray) -> FloatArray:
    return array[()] if array.ndim == 0 else array
