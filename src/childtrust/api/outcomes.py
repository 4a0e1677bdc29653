"""Outcome indicator data: the indicators held, how every area compares with its benchmark in a
period, and an area's profile (each indicator's latest value against England and the spread
among local authorities). Read-only, for every API user."""

from __future__ import annotations

from django.db.models import QuerySet
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, Message
from childtrust.core.permissions import require
from childtrust.outcomes import access, selectors
from childtrust.outcomes.models import Indicator

router = Router(tags=["Outcome indicators"])


class IndicatorOut(Schema):
    id: int
    external_id: str = Field(description="The public health profiles' ID; blank for local ones.")
    name: str
    definition: str
    source: str
    polarity: str = Field(description="high_is_good, low_is_good or no_judgement.")
    value_type: str = Field(description="proportion, crude_rate, dsr or count; blank if unset.")
    multiplier: int = Field(description="Per how many: 100 for a percentage.")
    comparison_method: str
    priority_id: int | None = Field(description="The framework priority it measures, if any.")


class AreaOut(Schema):
    code: str
    name: str
    area_type: str


class ComparisonOut(Schema):
    area: AreaOut
    period: str
    value: float | None
    lower_95: float | None
    upper_95: float | None
    lower_99_8: float | None
    upper_99_8: float | None
    count: float | None
    denominator: float | None
    benchmark: AreaOut | None
    benchmark_value: float | None
    compared_95: str
    compared_99_8: str
    judgement: str = Field(
        description="best, better, similar, worse, worst; higher, similar, lower; or not compared."
    )
    quintile: int | None = Field(description="1 (lowest) to 5 among comparable areas.")


class ProfileRowOut(Schema):
    indicator: IndicatorOut
    comparison: ComparisonOut
    england_value: float | None
    worst: float | None
    percentile_25: float | None
    percentile_75: float | None
    best: float | None


@router.get(
    "/indicators",
    response={200: list[IndicatorOut], **REFUSALS},
    summary="List the outcome indicators held",
)
@paginated
def indicator_list(request: AuthenticatedRequest) -> QuerySet[Indicator]:
    require(access.can_view_outcomes(request.user), to="see outcome indicators")
    return selectors.indicators_by_name()


@router.get(
    "/indicators/{indicator_id}/comparisons",
    response={200: list[ComparisonOut], 404: Message, **REFUSALS},
    summary="Every area's value for an indicator in a period, compared with its benchmark",
)
@paginated
def indicator_comparison_list(
    request: AuthenticatedRequest, indicator_id: int, period: str | None = None
) -> list[selectors.AreaComparison]:
    """The latest period unless `period` (as published, such as "2022/23") is given. An
    unknown period gives an empty list."""
    require(access.can_view_outcomes(request.user), to="see outcome indicators")
    indicator = selectors.indicator_with_id(indicator_id)
    if indicator is None:
        raise HttpError(404, f"No indicator has the ID {indicator_id}.")
    return selectors.indicator_comparisons(indicator, period or None)


@router.get(
    "/areas/{code}/profile",
    response={200: list[ProfileRowOut], 404: Message, **REFUSALS},
    summary="An area's profile: each indicator's latest value against its benchmark",
)
@paginated
def area_profile(request: AuthenticatedRequest, code: str) -> list[selectors.SpineRow]:
    """One row for each indicator with data for the area (found by its ONS code), with
    England's value and the worst, 25th percentile, 75th percentile and best among local
    authorities."""
    require(access.can_view_outcomes(request.user), to="see outcome indicators")
    area = selectors.area_with_code(code)
    if area is None:
        raise HttpError(404, f"No area has the code '{code}'.")
    return selectors.partnership_profile(area)
