"""An outcome indicator's inequality between the partnership's most and least deprived wards:
each deprivation decile's figures and the slope and relative indices of inequality
(outcomes.inequality). Read-only, for every API user, as the other outcome figures."""

from __future__ import annotations

from ninja import Field, Router, Schema
from ninja.errors import HttpError

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.schemas import REFUSALS, Message
from childtrust.core.permissions import require
from childtrust.outcomes import access, selectors, units
from childtrust.outcomes.inequality import Inequality, indicator_inequality

router = Router(tags=["Outcome indicators"])


class DecileOut(Schema):
    decile: int = Field(description="1 the most deprived tenth of England, 10 the least.")
    wards: list[str] = Field(description="The decile's wards with figures for the period.")
    value: float | None
    lower_95: float | None
    upper_95: float | None
    standard_error: float | None
    count: float | None = Field(description="The summed counts (observed events for an ISR).")
    denominator: float | None = Field(
        description="The summed denominators (expected events for an ISR): the decile's weight."
    )
    rank: float | None = Field(
        description="The decile's population midpoint, 0 the most deprived end, 1 the least."
    )
    fitted: float | None = Field(description="The fitted line's value at the decile's rank.")


class InequalityOut(Schema):
    indicator_id: int
    period: str = Field(description="The latest period with ward figures; blank if none.")
    unit: str = Field(description='What each value is per, such as "%"; blank if none.')
    calculated: bool
    reason: str = Field(description="Why the SII and RII could not be calculated, if so.")
    sii: float | None = Field(
        description="Slope index of inequality: the fitted line's least deprived end minus its "
        "most deprived end; negative where the value is higher among the most deprived."
    )
    sii_lower: float | None
    sii_upper: float | None
    rii: float | None = Field(description="Relative index of inequality.")
    rii_lower: float | None
    rii_upper: float | None
    confidence: float = Field(description="The limits' confidence level, 0.95.")
    method: str = Field(description="How each decile's value is worked out.")
    decile_sources: list[str] = Field(description="Where the wards' deciles come from.")
    wards_without_decile: int
    deciles: list[DecileOut]


def _inequality_out(inequality: Inequality) -> dict[str, object]:
    names = ("sii", "sii_lower", "sii_upper", "rii", "rii_lower", "rii_upper")
    return {
        "indicator_id": inequality.indicator.pk,
        "period": inequality.period,
        "unit": units.value_unit(inequality.indicator),
        "calculated": inequality.calculated,
        "reason": inequality.reason,
        **{name: getattr(inequality, name) for name in names},
        "confidence": 0.95,
        "method": inequality.method,
        "decile_sources": list(inequality.sources),
        "wards_without_decile": inequality.wards_without_decile,
        "deciles": inequality.deciles,
    }


@router.get(
    "/indicators/{indicator_id}/inequality",
    response={200: InequalityOut, 404: Message, **REFUSALS},
    summary="An indicator's wards by deprivation decile, with the SII and RII",
)
def indicator_inequality_detail(
    request: AuthenticatedRequest, indicator_id: int
) -> dict[str, object]:
    """The latest period with ward figures: each deprivation decile's value, 95% limits and
    standard error, and the slope and relative indices of inequality with their 95% limits
    (simulated with a fixed seed, so the same figures always give the same answer), or the
    reason they cannot be calculated (fewer than 5 deciles with a value, a count, no value
    type)."""
    require(access.can_view_outcomes(request.user), to="see outcome indicators")
    indicator = selectors.indicator_with_id(indicator_id)
    if indicator is None:
        raise HttpError(404, f"No indicator has the ID {indicator_id}.")
    return _inequality_out(indicator_inequality(indicator))
