"""The pooled budget: the financial years held, and a year's budget lines with their spend,
forecast outturn, variance and flags. The same rules as the pages: roles that see every partner's
figures get every line; everyone else gets their own agency's lines (none without a staff
record), and the same for contributions. Strategic leads and finance officers keep the budget:
they add years, contributions and lines, change them and record each month's spend, through the
same services as the pages (a refusal answers 400 with the reasons, and nothing is written)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from childtrust.api.resources_writes import manager_of, refused
from childtrust.api.schemas import REFUSALS, AgencySummary, Message
from childtrust.partnership.models import Agency, Service
from childtrust.resources.models import (
    BudgetLine,
    Contribution,
    ContributionKind,
    FinancialYear,
    MonthlySpend,
)
from childtrust.resources.selectors import budget as selectors
from childtrust.resources.services import budget as services
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


# --- Keeping the budget: strategic leads and finance officers --------------------------------


class FinancialYearIn(Schema):
    start_year: int = Field(description="2027 for the year from 1 April 2027 to 31 March 2028.")


class ContributionOut(Schema):
    id: int
    year: str
    agency: AgencySummary
    kind: str = Field(description="pooled or aligned.")
    amount: Decimal = Field(description="Pounds.")
    ring_fenced_service: BudgetServiceOut | None = Field(
        description="The one service the money may be spent on; null if not ring-fenced."
    )
    description: str


class ContributionIn(Schema):
    agency: str = Field(description="The contributing partner's slug.")
    kind: str = Field(description="One of: " + ", ".join(ContributionKind.values) + ".")
    amount: Decimal = Field(description="Pounds.", max_digits=14, decimal_places=2)
    ring_fenced_service: str | None = Field(
        None, description="The slug of the one service the money may be spent on."
    )
    description: str = Field("", max_length=300)


class ContributionChangeIn(Schema):
    """Only the fields sent change; send `ring_fenced_service: null` to lift a ring-fence."""

    kind: str | None = None
    amount: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    ring_fenced_service: str | None = None
    description: str | None = Field(None, max_length=300)


class BudgetLineIn(Schema):
    service: str = Field(description="The service's slug.")
    budget: Decimal = Field(description="Pounds.", max_digits=14, decimal_places=2)
    statutory_minimum: Decimal = Field(Decimal("0"), max_digits=14, decimal_places=2)
    statutory_basis: str = Field("", max_length=300, description="Needed with a minimum.")


class BudgetLineChangeIn(Schema):
    """Only the fields sent change."""

    budget: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    statutory_minimum: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    statutory_basis: str | None = Field(None, max_length=300)


class MonthlySpendIn(Schema):
    amount: Decimal = Field(description="Pounds; may be negative (credits, corrections).")
    note: str = Field("", max_length=300)


class MonthlySpendOut(Schema):
    line_id: int
    month: str = Field(description="YYYY-MM.")
    amount: Decimal
    note: str
    line: BudgetLineOut = Field(description="The line with its figures after the change.")


def _year(label: str) -> FinancialYear:
    year = selectors.financial_year_with_label(label)
    if year is None:
        raise HttpError(404, f"No financial year is labelled '{label}'.")
    return year


def _year_out(year: FinancialYear) -> FinancialYearOut:
    return FinancialYearOut(
        label=year.label, starts_on=year.starts_on, ends_on=financial_year_ends_on(year)
    )


def _agency(slug: str) -> Agency:
    agency = Agency.objects.filter(slug=slug).first()
    if agency is None:
        raise HttpError(400, f"No agency has the slug '{slug}'.")
    return agency


def _service(slug: str, field: str) -> Service:
    service = Service.objects.select_related("agency").filter(slug=slug).first()
    if service is None:
        raise HttpError(400, f"No service has the slug '{slug}' (given as {field}).")
    return service


def _contribution_out(contribution: Contribution) -> ContributionOut:
    service = contribution.ring_fenced_service
    return ContributionOut(
        id=contribution.pk,
        year=contribution.year.label,
        agency=AgencySummary.model_validate(contribution.agency),
        kind=contribution.kind,
        amount=contribution.amount,
        ring_fenced_service=(
            BudgetServiceOut(
                slug=service.slug,
                name=service.name,
                agency=AgencySummary.model_validate(service.agency),
            )
            if service is not None
            else None
        ),
        description=contribution.description,
    )


def _line_out_of(line: BudgetLine) -> BudgetLineOut:
    fresh = BudgetLine.objects.select_related("year", "service__agency").get(pk=line.pk)
    [figures] = selectors.line_figures([fresh])
    return _line_out(figures)


@router.post(
    "/budget/years",
    response={201: FinancialYearOut, 400: Message, **REFUSALS},
    summary="Add a financial year",
)
def budget_year_create(request: HttpRequest, payload: FinancialYearIn) -> Status[FinancialYearOut]:
    actor = manager_of(request, "add financial years")
    try:
        year = services.financial_year_create(actor=actor, start_year=payload.start_year)
    except ValidationError as error:
        raise refused(error) from None
    return Status(201, _year_out(year))


@router.get(
    "/budget/years/{label}/contributions",
    response={200: list[ContributionOut], 404: Message, **REFUSALS},
    summary="A year's contributions you may see",
)
def budget_contribution_list(request: HttpRequest, label: str) -> list[ContributionOut]:
    """Every partner's for those who see every partner's figures; your own agency's otherwise."""
    year = _year(label)
    return [_contribution_out(c) for c in selectors.contributions_visible_to(request.user, year)]


@router.post(
    "/budget/years/{label}/contributions",
    response={201: ContributionOut, 400: Message, 404: Message, **REFUSALS},
    summary="Add a partner's contribution to a year",
)
def budget_contribution_create(
    request: HttpRequest, label: str, payload: ContributionIn
) -> Status[ContributionOut]:
    actor = manager_of(request, "change the budget")
    year = _year(label)
    agency = _agency(payload.agency)
    service = (
        _service(payload.ring_fenced_service, "ring_fenced_service")
        if payload.ring_fenced_service
        else None
    )
    try:
        contribution = services.contribution_create(
            actor=actor,
            year=year,
            agency=agency,
            kind=payload.kind,
            amount=payload.amount,
            ring_fenced_service=service,
            description=payload.description,
        )
    except ValidationError as error:
        raise refused(error) from None
    return Status(201, _contribution_out(contribution))


@router.patch(
    "/budget/contributions/{contribution_id}",
    response={200: ContributionOut, 400: Message, 404: Message, **REFUSALS},
    summary="Change a contribution's kind, amount, ring-fence or description",
)
def budget_contribution_update(
    request: HttpRequest, contribution_id: int, payload: ContributionChangeIn
) -> ContributionOut:
    actor = manager_of(request, "change the budget")
    contribution = (
        Contribution.objects.select_related("year", "agency", "ring_fenced_service__agency")
        .filter(pk=contribution_id)
        .first()
    )
    if contribution is None:
        raise HttpError(404, f"No contribution has the ID {contribution_id}.")
    changes: dict[str, Any] = payload.model_dump(exclude_unset=True)
    for name in ("kind", "amount", "description"):
        if name in changes and changes[name] is None:
            raise HttpError(400, f"Give a value for {name}, or leave it out to keep it.")
    if "ring_fenced_service" in changes:
        slug = changes["ring_fenced_service"]
        changes["ring_fenced_service"] = _service(slug, "ring_fenced_service") if slug else None
    try:
        services.contribution_update(actor=actor, contribution=contribution, **changes)
    except ValidationError as error:
        raise refused(error) from None
    return _contribution_out(contribution)


@router.post(
    "/budget/years/{label}/lines",
    response={201: BudgetLineOut, 400: Message, 404: Message, **REFUSALS},
    summary="Add a service's budget line to a year",
)
def budget_line_create(
    request: HttpRequest, label: str, payload: BudgetLineIn
) -> Status[BudgetLineOut]:
    actor = manager_of(request, "change the budget")
    year = _year(label)
    service = _service(payload.service, "service")
    try:
        line = services.budget_line_create(
            actor=actor,
            year=year,
            service=service,
            budget=payload.budget,
            statutory_minimum=payload.statutory_minimum,
            statutory_basis=payload.statutory_basis,
        )
    except ValidationError as error:
        raise refused(error) from None
    return Status(201, _line_out_of(line))


def _line(line_id: int) -> BudgetLine:
    line = BudgetLine.objects.select_related("year", "service__agency").filter(pk=line_id).first()
    if line is None:
        raise HttpError(404, f"No budget line has the ID {line_id}.")
    return line


@router.patch(
    "/budget/lines/{line_id}",
    response={200: BudgetLineOut, 400: Message, 404: Message, **REFUSALS},
    summary="Change a budget line's budget, statutory minimum or the duty behind it",
)
def budget_line_update(
    request: HttpRequest, line_id: int, payload: BudgetLineChangeIn
) -> BudgetLineOut:
    actor = manager_of(request, "change the budget")
    line = _line(line_id)
    changes: dict[str, Any] = payload.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None:
            raise HttpError(400, f"Give a value for {name}, or leave it out to keep it.")
    try:
        services.budget_line_update(actor=actor, line=line, **changes)
    except ValidationError as error:
        raise refused(error) from None
    return _line_out_of(line)


@router.put(
    "/budget/lines/{line_id}/spend/{month}",
    response={200: MonthlySpendOut, 400: Message, 404: Message, **REFUSALS},
    summary="Record a month's spend on a line (YYYY-MM), replacing any figure recorded",
)
def budget_spend_record(
    request: HttpRequest, line_id: int, month: str, payload: MonthlySpendIn
) -> MonthlySpendOut:
    """A month of the line's year that has begun; recording it again replaces its figure."""
    actor = manager_of(request, "record spend")
    line = _line(line_id)
    try:
        first_day = services.spend_month_parse(month)
    except ValueError as error:
        raise HttpError(400, f"{str(error)[0].upper()}{str(error)[1:]}.") from None
    try:
        spend: MonthlySpend = services.monthly_spend_record(
            actor=actor, line=line, month=first_day, amount=payload.amount, note=payload.note
        )
    except ValidationError as error:
        raise refused(error) from None
    return MonthlySpendOut(
        line_id=line.pk,
        month=f"{spend.month:%Y-%m}",
        amount=spend.amount,
        note=spend.note,
        line=_line_out_of(line),
    )
