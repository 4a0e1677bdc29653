"""The pooled budget: the financial years held, and a year's budget lines with their spend,
forecast outturn, variance and flags. The same rules as the pages: roles that see every partner's
figures get every line; everyone else gets their own agency's lines (none without a staff
record), and the same for contributions. Strategic leads and finance officers keep the budget:
they add years, contributions and lines, change them and record each month's spend, through the
same services as the pages: the services refuse, and api/urls.py answers (403 for a role that
may not, 400 with the reasons for bad figures), with nothing written. Each write endpoint asks
first, as its service will, whether the caller may keep the budget, so that someone who may not
is answered 403 before any year, line or contribution is looked up: a 404 would tell them which
exist."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.accounts.models import User
from childtrust.api.changes import changes_sent
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, AgencySummary, Message, RequestBody
from childtrust.core.permissions import require
from childtrust.partnership.models import Agency, Service
from childtrust.partnership.selectors.registry import agency_with_slug, service_with_slug
from childtrust.resources import access
from childtrust.resources.budget_rules import financial_year_ends_on, spend_month_parse
from childtrust.resources.models import BudgetLine, Contribution, ContributionKind, FinancialYear
from childtrust.resources.selectors import budget as selectors
from childtrust.resources.services import budget as services
from childtrust.resources.services import spend as spend_services

router = Router(tags=["Pooled budget"])

#: What a refused reader tried, in the refusal's sentence, as on the pages.
SEE_THE_BUDGET = "see the budget"


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
@paginated
def budget_year_list(request: AuthenticatedRequest) -> list[FinancialYearOut]:
    require(access.can_view_resources(request.user), to=SEE_THE_BUDGET)
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
@paginated
def budget_line_list(request: AuthenticatedRequest, label: str) -> list[BudgetLineOut]:
    require(access.can_view_resources(request.user), to=SEE_THE_BUDGET)
    year = _year(label)
    return [
        _line_out(f)
        for f in selectors.line_figures(access.budget_lines_visible_to(request.user, year))
    ]


# --- Keeping the budget: strategic leads and finance officers --------------------------------


class FinancialYearIn(RequestBody):
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


class ContributionIn(RequestBody):
    agency: str = Field(description="The contributing partner's slug.")
    kind: str = Field(description="One of: " + ", ".join(ContributionKind.values) + ".")
    amount: Decimal = Field(description="Pounds.", max_digits=14, decimal_places=2)
    ring_fenced_service: str | None = Field(
        None, description="The slug of the one service the money may be spent on."
    )
    description: str = Field("", max_length=300)


class ContributionChangeIn(RequestBody):
    """Only the fields sent change; send `ring_fenced_service: null` to lift a ring-fence."""

    kind: str | None = None
    amount: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    ring_fenced_service: str | None = None
    description: str | None = Field(None, max_length=300)


class BudgetLineIn(RequestBody):
    service: str = Field(description="The service's slug.")
    budget: Decimal = Field(description="Pounds.", max_digits=14, decimal_places=2)
    statutory_minimum: Decimal = Field(Decimal("0"), max_digits=14, decimal_places=2)
    statutory_basis: str = Field("", max_length=300, description="Needed with a minimum.")


class BudgetLineChangeIn(RequestBody):
    """Only the fields sent change."""

    budget: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    statutory_minimum: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    statutory_basis: str | None = Field(None, max_length=300)


class MonthlySpendIn(RequestBody):
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
    agency = agency_with_slug(slug)
    if agency is None:
        raise HttpError(400, f"No agency has the slug '{slug}'.")
    return agency


def _service(slug: str, field: str) -> Service:
    service = service_with_slug(slug)
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


def _line_out_of(user: User, line: BudgetLine) -> BudgetLineOut:
    """The line with its figures as they stand now, read again after a write."""
    [figures] = selectors.line_figures([access.budget_line_for_user(user, line.pk)])
    return _line_out(figures)


@router.post(
    "/budget/years",
    response={201: FinancialYearOut, 400: Message, **REFUSALS},
    summary="Add a financial year",
)
def budget_year_create(
    request: AuthenticatedRequest, payload: FinancialYearIn
) -> Status[FinancialYearOut]:
    require(access.can_manage_resources(request.user), to=services.ADD_FINANCIAL_YEARS)
    year = services.financial_year_create(actor=request.user, start_year=payload.start_year)
    return Status(201, _year_out(year))


@router.get(
    "/budget/years/{label}/contributions",
    response={200: list[ContributionOut], 404: Message, **REFUSALS},
    summary="A year's contributions you may see",
)
@paginated
def budget_contribution_list(request: AuthenticatedRequest, label: str) -> list[ContributionOut]:
    """Every partner's for those who see every partner's figures; your own agency's otherwise."""
    require(access.can_view_resources(request.user), to=SEE_THE_BUDGET)
    year = _year(label)
    return [_contribution_out(c) for c in access.contributions_visible_to(request.user, year)]


@router.post(
    "/budget/years/{label}/contributions",
    response={201: ContributionOut, 400: Message, 404: Message, **REFUSALS},
    summary="Add a partner's contribution to a year",
)
def budget_contribution_create(
    request: AuthenticatedRequest, label: str, payload: ContributionIn
) -> Status[ContributionOut]:
    require(access.can_manage_resources(request.user), to=services.CHANGE_THE_BUDGET)
    year = _year(label)
    agency = _agency(payload.agency)
    service = (
        _service(payload.ring_fenced_service, "ring_fenced_service")
        if payload.ring_fenced_service
        else None
    )
    contribution = services.contribution_create(
        actor=request.user,
        year=year,
        agency=agency,
        kind=payload.kind,
        amount=payload.amount,
        ring_fenced_service=service,
        description=payload.description,
    )
    return Status(201, _contribution_out(contribution))


@router.patch(
    "/budget/contributions/{contribution_id}",
    response={200: ContributionOut, 400: Message, 404: Message, **REFUSALS},
    summary="Change a contribution's kind, amount, ring-fence or description",
)
def budget_contribution_update(
    request: AuthenticatedRequest, contribution_id: int, payload: ContributionChangeIn
) -> ContributionOut:
    require(access.can_manage_resources(request.user), to=services.CHANGE_THE_BUDGET)
    contribution = access.contribution_for_user(request.user, contribution_id)
    changes = changes_sent(payload, may_be_null={"ring_fenced_service"})
    if "ring_fenced_service" in changes:
        slug = changes["ring_fenced_service"]
        changes["ring_fenced_service"] = _service(slug, "ring_fenced_service") if slug else None
    services.contribution_update(actor=request.user, contribution=contribution, **changes)
    return _contribution_out(contribution)


@router.post(
    "/budget/years/{label}/lines",
    response={201: BudgetLineOut, 400: Message, 404: Message, **REFUSALS},
    summary="Add a service's budget line to a year",
)
def budget_line_create(
    request: AuthenticatedRequest, label: str, payload: BudgetLineIn
) -> Status[BudgetLineOut]:
    require(access.can_manage_resources(request.user), to=services.CHANGE_THE_BUDGET)
    line = services.budget_line_create(
        actor=request.user,
        year=_year(label),
        service=_service(payload.service, "service"),
        budget=payload.budget,
        statutory_minimum=payload.statutory_minimum,
        statutory_basis=payload.statutory_basis,
    )
    return Status(201, _line_out_of(request.user, line))


@router.patch(
    "/budget/lines/{line_id}",
    response={200: BudgetLineOut, 400: Message, 404: Message, **REFUSALS},
    summary="Change a budget line's budget, statutory minimum or the duty behind it",
)
def budget_line_update(
    request: AuthenticatedRequest, line_id: int, payload: BudgetLineChangeIn
) -> BudgetLineOut:
    require(access.can_manage_resources(request.user), to=services.CHANGE_THE_BUDGET)
    line = access.budget_line_for_user(request.user, line_id)
    services.budget_line_update(actor=request.user, line=line, **changes_sent(payload))
    return _line_out_of(request.user, line)


@router.put(
    "/budget/lines/{line_id}/spend/{month}",
    response={200: MonthlySpendOut, 400: Message, 404: Message, **REFUSALS},
    summary="Record a month's spend on a line (YYYY-MM), replacing any figure recorded",
)
def budget_spend_record(
    request: AuthenticatedRequest, line_id: int, month: str, payload: MonthlySpendIn
) -> MonthlySpendOut:
    """A month of the line's year that has begun; recording it again replaces its figure."""
    require(access.can_manage_resources(request.user), to=spend_services.RECORD_SPEND)
    line = access.budget_line_for_user(request.user, line_id)
    try:
        first_day = spend_month_parse(month)
    except ValueError as error:  # the path's month, not the service's refusal
        raise HttpError(400, f"{str(error)[0].upper()}{str(error)[1:]}.") from None
    spend = spend_services.monthly_spend_record(
        actor=request.user, line=line, month=first_day, amount=payload.amount, note=payload.note
    )
    return MonthlySpendOut(
        line_id=line.pk,
        month=f"{spend.month:%Y-%m}",
        amount=spend.amount,
        note=spend.note,
        line=_line_out_of(request.user, line),
    )
