"""Statistical methods for outcome indicators: proportions, crude, directly and indirectly
standardised rates, standardised ratios and means, their confidence intervals, funnel plot
control limits, comparison with a benchmark, quintiles and the slope and relative indices of
inequality.

Pure functions with no Django, vectorised over NumPy arrays (scalars and lists are accepted
and broadcast). They follow the methods that public health profiles in England use, as written
down in the OHID (formerly PHE) technical guidance "Confidence intervals" and "Calculating
directly standardised rates", and as implemented in the PHEindicatormethods R package
(`phe_proportion`, `phe_rate`, `phe_dsr`, `calculate_ISRate`, `calculate_ISRatio`,
`phe_mean`, `phe_sii`, `calculate_funnel_limits`) and Fingertips (quintiles), so that the
partnership's figures agree with Fingertips.

Every interval is two-sided: a confidence of 0.95 leaves 2.5% in each tail, 0.998 leaves 0.1%.
Any confidence strictly between 0 and 1 is accepted.

SciPy is imported inside the functions that use it: importing it costs over a second, which
every page and command that computes no interval would otherwise pay at start-up.

The package is split by subject: common (checks shared by every method), intervals, funnels,
comparison, standardised (indirect standardisation), means and inequality; each function is
imported here, so that callers write `methods.rate(...)`.
"""

from childtrust.outcomes.methods.common import POLARITIES, SMALL_COUNT, Polarity
from childtrust.outcomes.methods.comparison import compare, quintiles
from childtrust.outcomes.methods.funnels import (
    FUNNEL_KINDS,
    FunnelKind,
    funnel_position,
    proportion_funnel_limits,
    rate_funnel_limits,
)
from childtrust.outcomes.methods.inequality import sii
from childtrust.outcomes.methods.intervals import (
    ESP2013,
    byars_limits,
    count_limits,
    dsr,
    exact_poisson_limits,
    rate,
    wilson_ci,
)
from childtrust.outcomes.methods.means import mean_ci
from childtrust.outcomes.methods.standardised import isr, isr_ratio
from childtrust.outcomes.methods.trends import TrendMarker, trend_marker

__all__ = [
    "ESP2013",
    "FUNNEL_KINDS",
    "POLARITIES",
    "SMALL_COUNT",
    "FunnelKind",
    "Polarity",
    "TrendMarker",
    "byars_limits",
    "compare",
    "count_limits",
    "dsr",
    "exact_poisson_limits",
    "funnel_position",
    "isr",
    "isr_ratio",
    "mean_ci",
    "proportion_funnel_limits",
    "quintiles",
    "rate",
    "rate_funnel_limits",
    "sii",
    "trend_marker",
    "wilson_ci",
]
