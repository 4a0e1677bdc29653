"""Funnel plot control limits around a baseline proportion or rate, and where an area sits
against them.

The limits are exact: for a rate, the upper 95% limit at an expected count L is the count y with
P(Y >= y | L) = 2.5% for Y ~ Poisson(L), and the lower limit the count y with P(Y <= y | L) =
2.5%; for a proportion the same with Y ~ Binomial(n, baseline). Between whole counts the limits
follow the continuous form of those tail probabilities (the regularised incomplete gamma and beta
functions, which equal the Poisson and binomial tails at every whole count), so each line is
smooth and passes through the points that PHEindicatormethods `calculate_funnel_limits` works
out for whole numbers of events (its `poisson_funnel`, which finds by bisection the expected
count at which a given number of events sits exactly on the 2.5% or 0.1% tail).

One rule is kept above all: an area's position against the funnel never contradicts
`compare()` on the area's own interval at the same level, because an area is drawn outside the
funnel exactly when its own interval excludes the baseline. Where the area's published interval
is not the exact one (Byar's approximation from 10 events for a rate, Wilson's score interval
for a proportion, as OHID publishes them), the two tests can disagree for a few whole counts
near a limit. There the limit is moved to the nearest whole count on the side of the area's own
interval, so that the chart and the comparison say the same. For rates this moves a limit by
less than 0.01 of an event at 95% and 0.08 at 99.8%, at under 1% of expected counts, all from
10 events up (Byar's limits are always slightly wider than the exact ones). For proportions it
matters more: Wilson's interval is the score test's, narrower than the exact binomial one, so
at many denominators the line steps to the whole count Wilson gives (a move of about one count
at most); the line is the exact binomial one between whole counts and Wilson's at them.
(PHEindicatormethods draws proportion funnels from the score test itself, p ± z√(p(1-p)/n),
which agrees with Wilson everywhere but is not exact.) `funnel_position` is that single test,
for the chart to colour and name the areas outside the limits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from childtrust.outcomes.methods.common import (
    FloatArray,
    check_confidence,
    check_denominator,
    not_negative,
    scalar_or_array,
)
from childtrust.outcomes.methods.comparison import compare
from childtrust.outcomes.methods.intervals import count_limits, wilson_ci

FunnelKind = Literal["proportion", "rate"]
FUNNEL_KINDS: Final = ("proportion", "rate")

BoolArray = NDArray[np.bool_]

#: How far short of a whole count a moved limit stops, relative to the count: far above the
#: rounding error of scaling counts to rates (about 1e-16), far below anything drawn.
_MARGIN: Final = 1e-10


def proportion_funnel_limits(
    denominators: ArrayLike, baseline: float, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Funnel plot control limits for a proportion (as fractions) around a baseline proportion.

    For each denominator n the limits are the exact binomial limits of Binomial(n, baseline):
    the upper limit is the count y with P(Y >= y) = alpha/2 and the lower the count y with
    P(Y <= y) = alpha/2 (continuous between whole counts through the incomplete beta function),
    divided by n. Draw the funnel with 0.95 and 0.998.

    Why exact binomial limits: a funnel is read most closely at its narrow end, where areas have
    small denominators, and there the normal approximation (the "sigma" funnel) gives limits
    that are too narrow on one side and too wide on the other, and can fall below 0% or above
    100%. The exact binomial limits hold their stated confidence at any denominator, which is
    why Spiegelhalter (2005, "Funnel plots for comparing institutional performance", Statistics
    in Medicine 24:1185-1202, section 2.2) and the APHO/PHE "Technical briefing 2: Statistical
    process control methods in public health intelligence" recommend them for small numbers.

    Where the exact test and the area's own Wilson interval disagree about a whole count (often
    near the limits, as Wilson's interval is a little narrower), the limit moves, by one count
    at most, to the whole count that agrees with the Wilson interval (see the module
    docstring), so a point is outside exactly when `compare()` on its interval says so.
    """
    from scipy import special

    n = np.asarray(denominators, dtype=np.float64)
    check_denominator(n)
    check_confidence(confidence)
    if not 0 <= baseline <= 1:
        raise ValueError(f"The baseline proportion must be between 0 and 1, not {baseline}.")
    alpha = 1 - confidence
    p = float(baseline)
    distinct, where = np.unique(n, return_inverse=True)
    if p == 0:
        lower_count = upper_count = np.zeros_like(distinct)
    elif p == 1:
        lower_count = upper_count = distinct.copy()
    else:
        upper_count = np.minimum(special.bdtrik(1 - alpha / 2, distinct, p) + 1, distinct)
        lower_count = np.clip(special.bdtrik(alpha / 2, distinct, p), 0, distinct)

    def high(counts: FloatArray, size: FloatArray) -> BoolArray:
        inside = counts <= size
        lower, _ = wilson_ci(np.where(inside, counts, size), size, confidence)
        return ~inside | (p < np.asarray(lower))

    def low(counts: FloatArray, size: FloatArray) -> BoolArray:
        _, upper = wilson_ci(np.clip(counts, 0, size), size, confidence)
        return (counts <= size) & (p > np.asarray(upper))

    upper_count = _agree_upper(upper_count, distinct, high)
    lower_count = _agree_lower(lower_count, distinct, low)
    shape = n.shape
    lower = (lower_count / distinct)[where].reshape(shape)
    upper = (upper_count / distinct)[where].reshape(shape)
    return scalar_or_array(lower), scalar_or_array(upper)


def rate_funnel_limits(
    denominators: ArrayLike,
    baseline_rate: float,
    multiplier: float = 100_000,
    confidence: float = 0.95,
) -> tuple[FloatArray, FloatArray]:
    """Funnel plot control limits for a crude rate per `multiplier` around a baseline rate.

    For each denominator n the expected count is L = n x baseline_rate / multiplier. The upper
    limit is the count y with P(Y >= y | L) = alpha/2 and the lower limit the count y with
    P(Y <= y | L) = alpha/2 for Y ~ Poisson(L), continuous between whole counts through the
    regularised incomplete gamma function; each is divided by n and multiplied up. This is the
    exact Poisson funnel of PHEindicatormethods `calculate_funnel_limits` (statistic "rate",
    through `poisson_funnel`), which agrees with these limits at every whole count; the OHID
    Fingertips technical guidance "Funnel plots" describes the same method. At an expected count
    of 5 the 95% limits are 0.68 and 10.30 events.

    Where no count could fall below the lower limit (L under about 3.7 at 95%: even 0 events
    would not be unusually low) the lower limit is 0. At the few whole counts where Byar's
    limits, which the area's own interval uses from 10 events, are wider than the exact ones,
    the limit moves to the whole count that agrees with them (see the module docstring). Draw
    the funnel with 0.95 and 0.998.
    """
    from scipy import special

    n = np.asarray(denominators, dtype=np.float64)
    check_denominator(n)
    check_confidence(confidence)
    if baseline_rate < 0:
        raise ValueError(f"The baseline rate must not be negative, not {baseline_rate}.")
    alpha = 1 - confidence
    rate_mark = np.float64(baseline_rate)
    distinct, where = np.unique(n, return_inverse=True)
    expected = distinct * rate_mark / multiplier
    with np.errstate(invalid="ignore"):
        upper_count = np.where(expected > 0, special.pdtrik(1 - alpha / 2, expected) + 1, 0.0)
        lower_count = np.where(expected > 0, np.maximum(special.pdtrik(alpha / 2, expected), 0), 0)

    # The area's own test, worked exactly as rate() and compare() work it, in rate units.
    def high(counts: FloatArray, size: FloatArray) -> BoolArray:
        lower, _ = count_limits(counts, confidence)
        return rate_mark < np.asarray(lower) * (multiplier / size)

    def low(counts: FloatArray, size: FloatArray) -> BoolArray:
        _, upper = count_limits(np.maximum(counts, 0), confidence)
        return (counts >= 0) & (rate_mark > np.asarray(upper) * (multiplier / size))

    upper_count = _agree_upper(upper_count, distinct, high)
    lower_count = _agree_lower(lower_count, distinct, low)
    scale = multiplier / n
    return (
        scalar_or_array(lower_count[where].reshape(n.shape) * scale),
        scalar_or_array(upper_count[where].reshape(n.shape) * scale),
    )


def funnel_position(
    count: ArrayLike,
    denominator: ArrayLike,
    baseline: float,
    kind: FunnelKind | str,
    confidence: float = 0.95,
    multiplier: float = 100_000,
) -> NDArray[np.str_]:
    """Where each area sits against the funnel: "above", "within" or "below".

    The answer is `compare()` on the area's own interval at this confidence (Wilson for a
    proportion, with `baseline` as a fraction; exact Poisson below 10 events and Byar's from 10
    for a rate, with `baseline` per `multiplier`): "above" exactly when the baseline lies below
    the area's lower limit. `proportion_funnel_limits` and `rate_funnel_limits` are drawn so
    that the area's point lies outside them exactly then, so the chart, the sentence naming the
    areas outside the limits and the comparison cannot disagree. Use it to colour and name the
    points rather than comparing each point with the drawn line.
    """
    if kind not in FUNNEL_KINDS:
        raise ValueError(f"The funnel kind must be one of {', '.join(FUNNEL_KINDS)}, not {kind!r}.")
    x = not_negative(count, "count")
    n = np.asarray(denominator, dtype=np.float64)
    check_denominator(n)
    if kind == "proportion":
        lower, upper = wilson_ci(x, n, confidence)
    else:
        from childtrust.outcomes.methods.intervals import rate

        _, lower, upper = rate(x, n, multiplier, confidence)
    words = compare(lower, upper, baseline, "no judgement")
    return np.select(
        [words == "higher", words == "lower"], ["above", "below"], default="within"
    ).astype(np.str_)


def _agree_upper(
    exact: FloatArray,
    size: FloatArray,
    significant: Callable[[FloatArray, FloatArray], BoolArray],
) -> FloatArray:
    """Move each upper limit, where needed, so that a whole count lies above it exactly when
    `significant` (the area's own test) says it is significantly high.

    T is the smallest whole count the area's test calls high; the limit must lie in [T-1, T).
    The exact limit is kept where it does and otherwise moved to the nearer end (just short of
    T, by a relative margin far above rounding error, so that T times any scale stays above).
    """
    threshold = np.floor(exact) + 1
    threshold = _step_to_first(threshold, size, significant)
    return np.clip(exact, threshold - 1, threshold - _MARGIN * np.maximum(threshold, 1))


def _agree_lower(
    exact: FloatArray,
    size: FloatArray,
    significant: Callable[[FloatArray, FloatArray], BoolArray],
) -> FloatArray:
    """Move each lower limit, where needed, so that a whole count lies below it exactly when
    `significant` (the area's own test) says it is significantly low.

    B is the largest whole count the area's test calls low (-1 if none); the limit must lie in
    (B, B+1]. The exact limit is kept where it does and otherwise moved to the nearer end.
    """
    last = np.ceil(exact) - 1
    # Step up while the next count is low too, then down while this one is not.
    for _ in range(64):
        up = significant(last + 1, size)
        if not up.any():
            break
        last = np.where(up, last + 1, last)
    for _ in range(64):
        down = (last >= 0) & ~significant(np.maximum(last, 0), size)
        if not down.any():
            break
        last = np.where(down, last - 1, last)
    floor = last + _MARGIN * np.maximum(last, 1)
    return np.maximum(np.clip(exact, floor, last + 1), 0.0)


def _step_to_first(
    start: FloatArray,
    size: FloatArray,
    significant: Callable[[FloatArray, FloatArray], BoolArray],
) -> FloatArray:
    """The smallest whole count at or near `start` that `significant` calls high, found by
    stepping down while the count below is high too and up while this one is not (the exact
    and the published tests differ by at most a count or two, so a few steps settle it)."""
    first = np.maximum(start, 0)
    for _ in range(64):
        down = (first > 0) & significant(np.maximum(first - 1, 0), size)
        if not down.any():
            break
        first = np.where(down, first - 1, first)
    for _ in range(64):
        up = ~significant(first, size)
        if not up.any():
            break
        first = np.where(up, first + 1, first)
    return first
