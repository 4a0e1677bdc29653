"""Option appraisals: the partnership's decision records, and for one record every option's
costs and benefits with the figures the page shows (present values after optimism bias and
risks, net present value, benefit-cost ratio, ranks and switching values). Every role that may
see resources may read them, as on the pages; strategic leads and finance officers open records,
add and change options and risks, and record the decision, through the same services as the
pages: the services refuse, and api/urls.py answers (403 for a role that may not, 400 with the
reasons for bad input), with nothing written. Each write endpoint asks first, as its service
will, whether the caller may keep appraisals, so that someone who may not is answered 403
before any record, option or risk is looked up. Each write answers with the whole record, its
figures worked out again."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.changes import changes_sent
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, RequestBody
from childtrust.api.schemas import Message as Problem
from childtrust.core.permissions import require
from childtrust.resources import access
from childtrust.resources.appraisal_maths import SwitchingValue
from childtrust.resources.models import Appraisal, AppraisalOption
from childtrust.resources.selectors import appraisal as selectors
from childtrust.resources.services import appraisal as services

router = Router(tags=["Option appraisals"])

#: What a refused person tried, in the refusal's sentence ("Your role does not allow you to ...").
SEE_APPRAISALS = "see option appraisals"


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
            chosen: str | None = obj["chosen_option"]
            return chosen
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
    id: int
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
                        "id": row.risk.pk,
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
def appraisal_list(request: AuthenticatedRequest) -> QuerySet[Appraisal]:
    require(access.can_view_resources(request.user), to=SEE_APPRAISALS)
    return selectors.appraisals_list()


@router.get(
    "/appraisals/{appraisal_id}",
    response={200: AppraisalDetailOut, 404: Problem, **REFUSALS},
    summary="One option appraisal with its options and the figures worked out from them",
)
def appraisal_detail(request: AuthenticatedRequest, appraisal_id: int) -> dict[str, Any]:
    """Present values are discounted to year 0 at the Green Book rates given in
    `discount_rates`, in pounds at today's prices, rounded to the penny."""
    require(access.can_view_resources(request.user), to=SEE_APPRAISALS)
    _appraisal(appraisal_id)
    return _detail(selectors.appraisal_with_options(appraisal_id))


# --- Keeping the records: strategic leads and finance officers --------------------------------


class AppraisalIn(RequestBody):
    title: str = Field(max_length=200)
    question: str = Field(description="The choice to be made, and why now.")
    first_year: int = Field(description="The calendar year of year 0.")


class AppraisalChangeIn(RequestBody):
    """Only the fields sent change."""

    title: str | None = Field(None, max_length=200)
    question: str | None = None
    first_year: int | None = None


class YearIn(RequestBody):
    year_index: int = Field(description="0 is the first year of the appraisal.")
    costs: Decimal = Field(description="Pounds at today's prices.", max_digits=14, decimal_places=2)
    benefits: Decimal = Field(
        description="Pounds at today's prices.", max_digits=14, decimal_places=2
    )


class OptionIn(RequestBody):
    name: str = Field(max_length=200)
    years: list[YearIn] = Field(description="Its costs and benefits, year by year.")
    description: str = ""
    people_affected: str = ""
    people_benefited: int = 0
    optimism_bias_costs: Decimal = Field(
        Decimal("0"), max_digits=5, decimal_places=2, description="Per cent added to costs."
    )
    optimism_bias_benefits: Decimal = Field(
        Decimal("0"), max_digits=5, decimal_places=2, description="Per cent taken off benefits."
    )
    pros: str = ""
    cons: str = ""


class RiskIn(RequestBody):
    description: str = Field(max_length=300)
    likelihood: Decimal = Field(max_digits=4, decimal_places=3, description="0 to 1.")
    cost_if_it_happens: Decimal = Field(description="Pounds.", max_digits=14, decimal_places=2)
    year_index: int = 0
    mitigation: str = Field("", max_length=300)


class DecisionIn(RequestBody):
    chosen_option: int = Field(description="The ID of the option chosen.")
    decision: str = Field(description="What was decided, by whom and why.")


def _appraisal(appraisal_id: int) -> Appraisal:
    appraisal = selectors.appraisal_with_id(appraisal_id)
    if appraisal is None:
        raise HttpError(404, f"No appraisal has the ID {appraisal_id}.")
    return appraisal


def _option(appraisal: Appraisal, option_id: int) -> AppraisalOption:
    option = selectors.option_of(appraisal.pk, option_id)
    if option is None:
        raise HttpError(404, f"The appraisal has no option with the ID {option_id}.")
    return option


def _years(payload: OptionIn) -> list[services.YearInput]:
    return [
        services.YearInput(year_index=y.year_index, costs=y.costs, benefits=y.benefits)
        for y in payload.years
    ]


def _option_fields(payload: OptionIn) -> dict[str, Any]:
    return {name: getattr(payload, name) for name in services.OPTION_FIELDS}


def _record(appraisal_id: int) -> dict[str, Any]:
    return _detail(selectors.appraisal_with_options(appraisal_id))


@router.post(
    "/appraisals",
    response={201: AppraisalDetailOut, 400: Problem, **REFUSALS},
    summary="Open an option appraisal, in draft",
)
def appraisal_create(request: AuthenticatedRequest, payload: AppraisalIn) -> Status[dict[str, Any]]:
    require(access.can_manage_resources(request.user), to=services.KEEP_APPRAISALS)
    appraisal = services.appraisal_create(actor=request.user, **payload.dict())
    return Status(201, _record(appraisal.pk))


@router.patch(
    "/appraisals/{appraisal_id}",
    response={200: AppraisalDetailOut, 400: Problem, 404: Problem, **REFUSALS},
    summary="Change an appraisal's title, question or first year",
)
def appraisal_update(
    request: AuthenticatedRequest, appraisal_id: int, payload: AppraisalChangeIn
) -> dict[str, Any]:
    require(access.can_manage_resources(request.user), to=services.KEEP_APPRAISALS)
    appraisal = _appraisal(appraisal_id)
    fields = {name: getattr(appraisal, name) for name in services.APPRAISAL_FIELDS}
    fields.update(changes_sent(payload))
    services.appraisal_update(actor=request.user, appraisal=appraisal, **fields)
    return _record(appraisal.pk)


@router.post(
    "/appraisals/{appraisal_id}/options",
    response={201: AppraisalDetailOut, 400: Problem, 404: Problem, **REFUSALS},
    summary="Add an option, with its costs and benefits year by year",
)
def appraisal_option_create(
    request: AuthenticatedRequest, appraisal_id: int, payload: OptionIn
) -> Status[dict[str, Any]]:
    require(access.can_manage_resources(request.user), to=services.KEEP_APPRAISALS)
    appraisal = _appraisal(appraisal_id)
    services.option_create(
        actor=request.user, appraisal=appraisal, years=_years(payload), **_option_fields(payload)
    )
    return Status(201, _record(appraisal.pk))


@router.put(
    "/appraisals/{appraisal_id}/options/{option_id}",
    response={200: AppraisalDetailOut, 400: Problem, 404: Problem, **REFUSALS},
    summary="Replace an option and its years",
)
def appraisal_option_update(
    request: AuthenticatedRequest, appraisal_id: int, option_id: int, payload: OptionIn
) -> dict[str, Any]:
    """The years sent replace all the option's years."""
    require(access.can_manage_resources(request.user), to=services.KEEP_APPRAISALS)
    option = _option(_appraisal(appraisal_id), option_id)
    services.option_update(
        actor=request.user, option=option, years=_years(payload), **_option_fields(payload)
    )
    return _record(appraisal_id)


@router.post(
    "/appraisals/{appraisal_id}/options/{option_id}/risks",
    response={201: AppraisalDetailOut, 400: Problem, 404: Problem, **REFUSALS},
    summary="Add a risk to an option",
)
def appraisal_risk_create(
    request: AuthenticatedRequest, appraisal_id: int, option_id: int, payload: RiskIn
) -> Status[dict[str, Any]]:
    require(access.can_manage_resources(request.user), to=services.KEEP_APPRAISALS)
    option = _option(_appraisal(appraisal_id), option_id)
    services.risk_create(actor=request.user, option=option, **payload.dict())
    return Status(201, _record(appraisal_id))


@router.delete(
    "/appraisals/{appraisal_id}/risks/{risk_id}",
    response={204: None, 400: Problem, 404: Problem, **REFUSALS},
    summary="Remove a risk from an option",
)
def appraisal_risk_delete(
    request: AuthenticatedRequest, appraisal_id: int, risk_id: int
) -> Status[None]:
    require(access.can_manage_resources(request.user), to=services.KEEP_APPRAISALS)
    risk = selectors.risk_of(appraisal_id, risk_id)
    if risk is None:
        raise HttpError(404, f"The appraisal has no risk with the ID {risk_id}.")
    services.risk_delete(actor=request.user, risk=risk)
    return Status(204, None)


@router.post(
    "/appraisals/{appraisal_id}/decision",
    response={200: AppraisalDetailOut, 400: Problem, 404: Problem, **REFUSALS},
    summary="Record the decision: the option chosen, and by whom and why",
)
def appraisal_decide(
    request: AuthenticatedRequest, appraisal_id: int, payload: DecisionIn
) -> dict[str, Any]:
    """Once decided, the options and risks no longer change."""
    require(access.can_manage_resources(request.user), to=services.KEEP_APPRAISALS)
    appraisal = _appraisal(appraisal_id)
    option = selectors.option_with_id(payload.chosen_option)
    if option is None:
        raise HttpError(400, f"No option has the ID {payload.chosen_option}.")
    services.appraisal_decide(
        actor=request.user, appraisal=appraisal, chosen_option=option, decision=payload.decision
    )
    return _record(appraisal_id)
