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
from childtrust.outcomes import access, selectors, units, vocabulary
from childtrust.outcomes.models import Indicator

router = Router(tags=["Outcome indicators"])


class IndicatorOut(Schema):
    id: int
    external_id: str = Field(description="The public health profiles' ID; blank for local ones.")
    name: str
    definition: str
    source: str
    polarity: str = Field(description="high_is_good, low_is_good or no_judgement.")
    value_type: str = Field(
        description="proportion, crude_rate, dsr (directly standardised rate), isr (indirectly "
        "standardised rate), mean or count; blank if unset."
    )
    multiplier: int = Field(description="Per how many: 100 for a percentage.")
    unit: str = Field(
        description=(
            'What every value is per, as pages show it: "%", "per 100,000 aged 0 to 17", '
            '"per 1,000 live births"; blank for a count. The indicator\'s own unit where set, '
            "otherwise worked out from the value type, multiplier, sex and age."
        )
    )
    comparison_method: str
    comparison_confidence: str = Field(
        description='The one level every comparison of the indicator is made at: "95%" or "99.8%".'
    )
    priority_id: int | None = Field(description="The framework priority it measures, if any.")

    @staticmethod
    def resolve_unit(obj: Indicator) -> str:
        return units.value_unit(obj)

    @staticmethod
    def resolve_comparison_confidence(obj: Indicator) -> str:
        return vocabulary.confidence_words(vocabulary.comparison_confidence(obj))


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
    compared_95: str = Field(
        description="At 95%: better, similar, worse; higher, similar, lower; or not compared."
    )
    compared_99_8: str = Field(description="The same at 99.8%.")
    confidence: str = Field(
        description='The one level the indicator is compared at: "95%" or "99.8%".'
    )
    judgement: str = Field(
        description=(
            "At `confidence`: better, similar, worse; higher, similar, lower (an indicator with "
            "no judgement of high or low); or not compared."
        )
    )
    comparison: str = Field(
        description=(
            'The judgement in the words every page uses: "Better than England", "Similar to '
            'Southampton", "Worse than England", "Higher than England", "Lower than England", '
            'or "Not compared: " and the reason.'
        )
    )
    quintile: int | None = Field(description="1 (lowest) to 5 among comparable areas.")

    @staticmethod
    def resolve_confidence(obj: selectors.AreaComparison) -> str:
        return vocabulary.confidence_words(obj.confidence)

    @staticmethod
    def resolve_comparison(obj: selectors.AreaComparison) -> str:
        return obj.compared.words


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
