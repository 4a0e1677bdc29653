"""The pooled budget: the financial years held, and a year's budget lines with their spend,
forecast outturn, variance and flags. The same rules as the pages: roles that see every partner's
figures get every line; everyone else gets their own agency's lines (none without a staff
record)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from childtrust.api.schemas import REFUSALS, AgencySummary, Message
from childtrust.resources.selectors import budget as selectors
from childtrust.resources.services.budget import financial_year_ends_on

router = Router(tags=["Pooled budget"])


class FinancialYearOut(Schema):
    label: str = Field(description='Such as "2026-27".')
    starts_on: datetime.date
    ends_on: datetime.date


class BudgetServiceOut(Schema):
    slug: str
    name: str
    agency: AgencySummary


class BudgetLineOut(Schema):
    id: int
    service: BudgetServiceOut
    budget: Decimal
    statutory_minimum: Decimal = Field(description="0 if the service has none.")
    statutory_basis: str = Field(description="The duty behind the statutory minimum.")
    below_statutory_minimum: bool
    spend_to_date: Decimal
    months_recorded: int
    forecast_outturn: Decimal = Field(
        description="Spend to date plus the average month recorded for each month not yet "
        "recorded; the budget when no spend is recorded."
    )
    variance: Decimal = Field(description="Forecast outturn less budget: above 0 is over.")
    variance_percent: Decimal | None = Field(description="Null when the budget is 0.")
    status: str = Field(description="overspend, underspend, on_track or no_spend.")
    status_words: str
    heading_for_overspend: bool = Field(description="The forecast is more than 1% over budget.")


def _line_out(figures: selectors.LineFigures) -> BudgetLineOut:
    line = figures.line
    return BudgetLineOut(
        id=line.pk,
        service=BudgetServiceOut(
            slug=line.service.slug,
            name=line.service.name,
            agency=AgencySummary.model_validate(line.service.agency),
        ),
        budget=line.budget,
        statutory_minimum=line.statutory_minimum,
        statutory_basis=line.statutory_basis,
        below_statutory_minimum=figures.below_statutory_minimum,
        spend_to_date=figures.spent,
        months_recorded=figures.months_recorded,
        forecast_outturn=figures.forecast,
        variance=figures.variance,
        variance_percent=figures.variance_percent,
        status=str(figures.status),
        status_words=figures.status_words,
        heading_for_overspend=figures.heading_for_overspend,
    )


@router.get(
    "/budget/years",
    response={200: list[FinancialYearOut], **REFUSALS},
    summary="List the financial years held, the latest first",
)
def budget_year_list(request: HttpRequest) -> list[FinancialYearOut]:
    return [
        FinancialYearOut(
            label=year.label, starts_on=year.starts_on, ends_on=financial_year_ends_on(year)
        )
        for year in selectors.financial_years()
    ]


@router.get(
    "/budget/years/{label}/lines",
    response={200: list[BudgetLineOut], 404: Message, **REFUSALS},
    summary="A year's budget lines you may see, with spend, forecast outturn and flags",
)
def budget_line_list(request: HttpRequest, label: str) -> list[BudgetLineOut]:
    year = selectors.financial_year_with_label(label)
    if year is None:
        raise HttpError(404, f"No financial year is labelled '{label}'.")
    return [
        _line_out(f)
        for f in selectors.line_figures(selectors.budget_lines_visible_to(request.user, year))
    ]
