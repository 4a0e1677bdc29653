"""Option appraisals: the partnership's decision records, and for one record every option's
costs and benefits with the figures the page shows (present values after optimism bias and
risks, net present value, benefit-cost ratio, ranks and switching values). Read-only; every
role that may see resources may read them, as on the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from childtrust.accounts.permissions import Capability, has_capability
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS
from childtrust.api.schemas import Message as Problem
from childtrust.resources.appraisal_maths import SwitchingValue
from childtrust.resources.models import Appraisal
from childtrust.resources.selectors import appraisal as selectors

router = Router(tags=["Option appraisals"])


def _require_view(user: Any) -> None:
    if not has_capability(user, Capability.VIEW_OWN_RESOURCES):
        raise HttpError(403, "Your role does not allow you to see option appraisals.")


class AppraisalSummaryOut(Schema):
    id: int
    title: str
    first_year: int = Field(description="The calendar year of year 0.")
    status: str = Field(description="draft or decided.")
    chosen_option: str | None = Field(description="The name of the option chosen, once decided.")
    option_count: int

    @staticmethod
    def resolve_chosen_option(obj: Appraisal | dict[str, Any]) -> str | None:
        if isinstance(obj, dict):  # the detail, built as a dict
            return obj["chosen_option"]
        return obj.chosen_option.name if obj.chosen_option else None


class DiscountBandOut(Schema):
    first_year: int
    last_year: int
    rate: float = Field(description="A year, as a fraction: 0.035 is 3.5%.")


class YearOut(Schema):
    year_index: int = Field(description="0 is the first year of the appraisal.")
    calendar_year: int
    costs: float = Field(description="Pounds at today's prices, before discounting and bias.")
    benefits: float


class RiskOut(Schema):
    description: str
    likelihood: float = Field(description="The chance it happens, 0 to 1.")
    cost_if_it_happens: float
    expected_cost: float = Field(description="likelihood x cost_if_it_happens, in pounds.")
    year_index: int
    mitigation: str


class OptionOut(Schema):
    id: int
    name: str
    description: str
    people_affected: str
    people_benefited: int
    optimism_bias_costs: float = Field(description="Per cent added to costs.")
    optimism_bias_benefits: float = Field(description="Per cent taken off benefits.")
    pros: str
    cons: str
    chosen: bool
    years: list[YearOut]
    risks: list[RiskOut]
    pv_costs_estimated: float = Field(description="Present value of the costs as estimated.")
    pv_optimism_bias_costs: float = Field(description="What optimism bias adds to them.")
    pv_risks: float = Field(description="Present value of the risks' expected costs.")
    pv_costs: float = Field(description="The three together: the costs compared.")
    pv_benefits_estimated: float
    pv_optimism_bias_benefits: float = Field(description="What optimism bias takes off.")
    pv_benefits: float = Field(description="After optimism bias.")
    npv: float = Field(description="Net present value: pv_benefits - pv_costs.")
    bcr: float | None = Field(description="pv_benefits / pv_costs; null when there are no costs.")
    rank_by_npv: int = Field(description="1 is the highest net present value.")
    rank_by_people: int = Field(description="1 benefits the most people.")


class SwitchingOut(Schema):
    option: str
    compared_with: str | None = Field(
        description="The runner-up; null for the change that brings the option's NPV to zero."
    )
    npv_to_lose: float
    costs_rise_percent: float | None = Field(
        description="The rise in PV costs that would do it; null if none alone would."
    )
    benefits_fall_percent: float | None = Field(
        description="The fall in PV benefits that would do it; null if none alone would."
    )


class AppraisalDetailOut(AppraisalSummaryOut):
    question: str
    decision: str
    discount_rates: list[DiscountBandOut] = Field(
        description="The HM Treasury Green Book rates used, as far as the figures reach."
    )
    options: list[OptionOut]
    best_option: str | None = Field(description="First by net present value.")
    runner_up: str | None
    switching_to_runner_up: SwitchingOut | None = Field(
        description="How far the best option's present values would have to move for it to "
        "lose first place to the runner-up."
    )
    switching_to_zero: list[SwitchingOut] = Field(
        description="For each option with a positive NPV, how far to bring it to zero."
    )


def _switching(switch: SwitchingValue) -> dict[str, Any]:
    return {
        "option": switch.option,
        "compared_with": switch.compared_with or None,
        "npv_to_lose": round(switch.gap, 2),
        "costs_rise_percent": switch.costs_rise_percent,
        "benefits_fall_percent": switch.benefits_fall_percent,
    }


def _detail(appraisal: Appraisal) -> dict[str, Any]:
    page = selectors.appraisal_page(appraisal)
    figures = page.figures
    options = []
    for view in page.options:
        option, result = view.option, view.result
        options.append(
            {
                "id": option.pk,
                "name": option.name,
                "description": option.description,
                "people_affected": option.people_affected,
                "people_benefited": option.people_benefited,
                "optimism_bias_costs": float(option.optimism_bias_costs),
                "optimism_bias_benefits": float(option.optimism_bias_benefits),
                "pros": option.pros,
                "cons": option.cons,
                "chosen": view.chosen,
                "years": [
                    {
                        "year_index": y.year_index,
                        "calendar_year": appraisal.first_year + y.year_index,
                        "costs": float(y.costs),
                        "benefits": float(y.benefits),
                    }
                    for y in option.years.all()
                ],
                "risks": [
                    {
                        "description": row.risk.description,
                        "likelihood": float(row.risk.likelihood),
                        "cost_if_it_happens": float(row.risk.cost_if_it_happens),
                        "expected_cost": float(row.expected_cost),
                        "year_index": row.risk.year_index,
                        "mitigation": row.risk.mitigation,
                    }
                    for row in view.risks
                ],
                **{
                    name: round(getattr(result, name), 2)
                    for name in (
                        "pv_costs_estimated",
                        "pv_optimism_bias_costs",
                        "pv_risks",
                        "pv_costs",
                        "pv_benefits_estimated",
                        "pv_optimism_bias_benefits",
                        "pv_benefits",
                        "npv",
                    )
                },
                "bcr": result.bcr,
                "rank_by_npv": result.rank_by_npv,
                "rank_by_people": result.rank_by_people,
            }
        )
    return {
        "id": appraisal.pk,
        "title": appraisal.title,
        "first_year": appraisal.first_year,
        "status": appraisal.status,
        "chosen_option": appraisal.chosen_option.name if appraisal.chosen_option else None,
        "option_count": len(options),
        "question": appraisal.question,
        "decision": appraisal.decision,
        "discount_rates": [
            {"first_year": b.first_year, "last_year": b.last_year, "rate": b.rate}
            for b in page.bands
        ],
        "options": options,
        "best_option": figures.best.name if figures.best else None,
        "runner_up": figures.runner_up.name if figures.runner_up else None,
        "switching_to_runner_up": (
            _switching(figures.switch_to_runner_up) if figures.switch_to_runner_up else None
        ),
        "switching_to_zero": [_switching(s) for s in figures.switch_to_zero],
    }


@router.get(
    "/appraisals",
    response={200: list[AppraisalSummaryOut], **REFUSALS},
    summary="List the partnership's option appraisals",
)
@paginated
def appraisal_list(request: HttpRequest) -> QuerySet[Appraisal]:
    _require_view(request.user)
    return selectors.appraisals_list()


@router.get(
    "/appraisals/{appraisal_id}",
    response={200: AppraisalDetailOut, 404: Problem, **REFUSALS},
    summary="One option appraisal with its options and the figures worked out from them",
)
def appraisal_detail(request: HttpRequest, appraisal_id: int) -> dict[str, Any]:
    """Present values are discounted to year 0 at the Green Book rates given in
    `discount_rates`, in pounds at today's prices, rounded to the penny."""
    _require_view(request.user)
    if not Appraisal.objects.filter(pk=appraisal_id).exists():
        raise HttpError(404, f"No appraisal has the ID {appraisal_id}.")
    return _detail(selectors.appraisal_with_options(appraisal_id))
