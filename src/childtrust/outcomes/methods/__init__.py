"""Statistical methods for outcome indicators: proportions, crude and directly standardised
rates, their confidence intervals, funnel plot control limits, comparison with a benchmark and
quintiles.

Pure functions with no Django, vectorised over NumPy arrays (scalars and lists are accepted
and broadcast). They follow the methods that public health profiles in England use, as written
down in the OHID (formerly PHE) technical guidance "Confidence intervals" and "Calculating
directly standardised rates", and as implemented in the PHEindicatormethods R package
(`phe_proportion`, `phe_rate`, `phe_dsr`), so that the partnership's figures agree with
Fingertips.

Every interval is two-sided: a confidence of 0.95 leaves 2.5% in each tail, 0.998 leaves 0.1%.
Any confidence strictly between 0 and 1 is accepted.

SciPy is imported inside the functions that use it: importing it costs over a second, which
every page and command that computes no interval would otherwise pay at start-up.

The package is split by subject: common (checks shared by every method), intervals, funnels and
comparison; each function is imported here, so that callers write `methods.rate(...)`.
"""

from childtrust.outcomes.methods.common import POLARITIES, SMALL_COUNT, Polarity
from childtrust.outcomes.methods.comparison import compare, quintiles
from childtrust.outcomes.methods.funnels import proportion_funnel_limits, rate_funnel_limits
from childtrust.outcomes.methods.intervals import (
    ESP2013,
    byars_limits,
    count_limits,
    dsr,
    exact_poisson_limits,
    rate,
    wilson_ci,
)
from childtrust.outcomes.methods.trends import TrendMarker, trend_marker

__all__ = [
    "ESP2013",
    "POLARITIES",
    "SMALL_COUNT",
    "Polarity",
    "TrendMarker",
    "byars_limits",
    "compare",
    "count_limits",
    "dsr",
    "exact_poisson_limits",
    "proportion_funnel_limits",
    "quintiles",
    "rate",
    "rate_funnel_limits",
    "trend_marker",
    "wilson_ci",
]
