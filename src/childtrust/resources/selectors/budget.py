"""Reading the pooled budget: which years there are, which lines and contributions a person may
see, and a year's overview with the spend to date, the forecast outturn, the variance and the
flags.

Who sees which lines and contributions is decided in resources/access.py: every partner's for
those who see every partner's figures, else their own agency's.

The forecast outturn is a run rate: the average of the months recorded, over the whole year
(spend to date + average month x months not yet recorded). It is simple, and a finance officer
can check it on the back of an envelope; it does not know about spend that falls unevenly (a
contract paid each quarter), which the line's monthly table shows. A line with no spend recorded
is forecast to spend its budget.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.db.models import QuerySet

from childtrust.core.csv_files import spreadsheet_safe
from childtrust.core.permissions import PermissionHolder
from childtrust.partnership.models import Agency, Service
from childtrust.partnership.selectors.registry import services_with_ids, services_without_ids
from childtrust.resources import access
from childtrust.resources.budget_rules import financial_year_months
from childtrust.resources.models import (
    BudgetLine,
    Contribution,
    ContributionKind,
    FinancialYear,
    MonthlySpend,
)

MONTHS_IN_YEAR = 12
#: A line is heading for overspend when its forecast is more than 1% over its budget: within 1%
#: is rounding and late journals, not a trend worth a meeting.
OVERSPEND_TOLERANCE = Decimal("0.01")
#: A line is underspending when its forecast is more than 5% under its budget: money that could
#: be moved to a line under pressure before the year ends.
UNDERSPEND_TOLERANCE = Decimal("0.05")
PENNY = Decimal("0.01")


class LineStatus(StrEnum):
    OVERSPEND = "overspend"
    UNDERSPEND = "underspend"
    ON_TRACK = "on_track"
    NO_SPEND = "no_spend"


STATUS_WORDS = {
    LineStatus.OVERSPEND: "Heading for overspend",
    LineStatus.UNDERSPEND: "Underspending",
    LineStatus.ON_TRACK: "On track",
    LineStatus.NO_SPEND: "No spend recorded",
}
STATUS_TAG_CLASS = {
    LineStatus.OVERSPEND: "govuk-tag--red",
    LineStatus.UNDERSPEND: "govuk-tag--yellow",
    LineStatus.ON_TRACK: "govuk-tag--green",
    LineStatus.NO_SPEND: "govuk-tag--grey",
}


# --- Years, lines and contributions ---------------------------------------------------------


def financial_years() -> QuerySet[FinancialYear]:
    """Every year, the latest first. Years themselves are not confidential."""
    return FinancialYear.objects.order_by("-starts_on")


def financial_year_with_label(label: str) -> FinancialYear | None:
    return FinancialYear.objects.filter(label=label).first()


def _budgeted(year: FinancialYear) -> QuerySet[BudgetLine, int]:
    """The ids of the services the year has a line for."""
    return BudgetLine.objects.filter(year=year).values_list("service_id", flat=True)


def services_with_budget_line(year: FinancialYear) -> QuerySet[Service]:
    """The services the year budgets for, by partner: those money may be ring-fenced to."""
    return services_with_ids(_budgeted(year)).order_by("agency__name", "name")


def services_without_budget_line(year: FinancialYear) -> QuerySet[Service]:
    """The services that may still be given a line in the year: one line a service a year."""
    return services_without_ids(_budgeted(year)).order_by("name", "agency__name")


# --- Figures ----------------------------------------------------------------------------------


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole == 0:
        return None
    return (part / whole * 100).quantize(Decimal("0.1"))


def forecast_outturn(spent: Decimal, months_recorded: int, budget: Decimal) -> Decimal:
    """Spend to date plus the average month's spend times the months not yet recorded; the
    budget when nothing has been recorded."""
    if months_recorded == 0:
        return budget
    average = spent / months_recorded
    return (spent + average * (MONTHS_IN_YEAR - months_recorded)).quantize(PENNY)


def line_status(*, budget: Decimal, forecast: Decimal, months_recorded: int) -> LineStatus:
    if months_recorded == 0:
        return LineStatus.NO_SPEND
    if forecast > budget * (1 + OVERSPEND_TOLERANCE):
        return LineStatus.OVERSPEND
    if forecast < budget * (1 - UNDERSPEND_TOLERANCE):
        return LineStatus.UNDERSPEND
    return LineStatus.ON_TRACK


@dataclass(frozen=True)
class LineFigures:
    line: BudgetLine
    spent: Decimal
    months_recorded: int
    forecast: Decimal
    status: LineStatus

    @property
    def budget(self) -> Decimal:
        return self.line.budget

    @property
    def variance(self) -> Decimal:
        """Forecast less budget: above 0 is an overspend."""
        return self.forecast - self.line.budget

    @property
    def variance_percent(self) -> Decimal | None:
        return _percent(self.variance, self.line.budget)

    @property
    def heading_for_overspend(self) -> bool:
        return self.status == LineStatus.OVERSPEND

    @property
    def status_words(self) -> str:
        return STATUS_WORDS[self.status]

    @property
    def status_tag_class(self) -> str:
        return STATUS_TAG_CLASS[self.status]

    @property
    def below_statutory_minimum(self) -> bool:
        return self.line.budget < self.line.statutory_minimum

    @property
    def statutory_shortfall(self) -> Decimal:
        return max(self.line.statutory_minimum - self.line.budget, Decimal("0"))


def line_figures(lines: Iterable[BudgetLine]) -> list[LineFigures]:
    """Spend to date, months recorded, forecast and status for each line, in two queries."""
    lines = list(lines)
    spent: dict[int, Decimal] = {}
    months: dict[int, int] = {}
    for spend in MonthlySpend.objects.filter(line__in=lines).only("line_id", "amount"):
        spent[spend.line_id] = spent.get(spend.line_id, Decimal("0")) + spend.amount
        months[spend.line_id] = months.get(spend.line_id, 0) + 1
    figures = []
    for line in lines:
        line_spent = spent.get(line.pk, Decimal("0"))
        recorded = months.get(line.pk, 0)
        forecast = forecast_outturn(line_spent, recorded, line.budget)
        figures.append(
            LineFigures(
                line=line,
                spent=line_spent,
                months_recorded=recorded,
                forecast=forecast,
                status=line_status(budget=line.budget, forecast=forecast, months_recorded=recorded),
            )
        )
    return figures


class _Totals:
    """What a partner's totals and the year's have in common: contributions against the
    budget, and the forecast's variance."""

    pooled: Decimal
    aligned: Decimal
    budget: Decimal
    forecast: Decimal

    @property
    def contributed(self) -> Decimal:
        return self.pooled + self.aligned

    @property
    def variance(self) -> Decimal:
        return self.forecast - self.budget

    @property
    def variance_percent(self) -> Decimal | None:
        return _percent(self.variance, self.budget)


@dataclass
class PartnerTotals(_Totals):
    agency: Agency
    pooled: Decimal = Decimal("0")
    aligned: Decimal = Decimal("0")
    budget: Decimal = Decimal("0")
    spent: Decimal = Decimal("0")
    forecast: Decimal = Decimal("0")
    lines: int = 0
    lines_heading_for_overspend: int = 0

    @property
    def heading_for_overspend(self) -> bool:
        return self.forecast > self.budget * (1 + OVERSPEND_TOLERANCE)

    @property
    def label(self) -> str:
        return self.agency.short_name or self.agency.name


@dataclass(frozen=True)
class RingFence:
    contribution: Contribution
    figures: LineFigures | None  # None when the line is not visible to the reader

    @property
    def exceeds_budget(self) -> bool:
        return self.figures is not None and self.contribution.amount > self.figures.budget


@dataclass
class YearOverview(_Totals):
    year: FinancialYear
    sees_all: bool
    agency: Agency | None
    lines: list[LineFigures]
    contributions: list[Contribution]
    partners: list[PartnerTotals]
    ring_fences: list[RingFence]
    pooled: Decimal = Decimal("0")
    aligned: Decimal = Decimal("0")
    budget: Decimal = Decimal("0")
    spent: Decimal = Decimal("0")
    forecast: Decimal = Decimal("0")
    statutory_minimum: Decimal = Decimal("0")
    months: list[datetime.date] = field(default_factory=list)

    @property
    def unfunded(self) -> Decimal:
        """How far the lines' budgets exceed the contributions (0 if they do not)."""
        return max(self.budget - self.contributed, Decimal("0"))

    @property
    def uncommitted(self) -> Decimal:
        """Agreed contributions not yet allocated to any line's budget (0 if the lines take it
        all): money not yet budgeted, not money not yet received."""
        return max(self.contributed - self.budget, Decimal("0"))

    @property
    def heading_for_overspend(self) -> list[LineFigures]:
        return [f for f in self.lines if f.status == LineStatus.OVERSPEND]

    @property
    def underspending(self) -> list[LineFigures]:
        return [f for f in self.lines if f.status == LineStatus.UNDERSPEND]

    @property
    def below_statutory_minimum(self) -> list[LineFigures]:
        return [f for f in self.lines if f.below_statutory_minimum]

    @property
    def statutory_lines(self) -> list[LineFigures]:
        return [f for f in self.lines if f.line.statutory_minimum > 0]


def year_overview(user: PermissionHolder | None, year: FinancialYear) -> YearOverview:
    """What the person may see of the year: their visible lines with their figures,
    contributions, totals by partner and by kind, and the ring-fenced money."""
    figures = line_figures(access.budget_lines_visible_to(user, year))
    contributions = list(access.contributions_visible_to(user, year))
    scope = access.figures_visible_to(user)
    overview = YearOverview(
        year=year,
        sees_all=scope.all_agencies,
        agency=scope.agency,
        lines=figures,
        contributions=contributions,
        partners=[],
        ring_fences=[],
        months=financial_year_months(year),
    )
    partners: dict[int, PartnerTotals] = {}

    def partner(agency: Agency) -> PartnerTotals:
        return partners.setdefault(agency.pk, PartnerTotals(agency=agency))

    for contribution in contributions:
        totals = partner(contribution.agency)
        if contribution.kind == ContributionKind.POOLED:
            totals.pooled += contribution.amount
            overview.pooled += contribution.amount
        else:
            totals.aligned += contribution.amount
            overview.aligned += contribution.amount
    by_service = {f.line.service_id: f for f in figures}
    for f in figures:
        totals = partner(f.line.service.agency)
        totals.budget += f.budget
        totals.spent += f.spent
        totals.forecast += f.forecast
        totals.lines += 1
        totals.lines_heading_for_overspend += f.heading_for_overspend
        overview.budget += f.budget
        overview.spent += f.spent
        overview.forecast += f.forecast
        overview.statutory_minimum += f.line.statutory_minimum
    overview.partners = sorted(partners.values(), key=lambda t: t.agency.name)
    overview.ring_fences = [
        RingFence(contribution=c, figures=by_service.get(c.ring_fenced_service_id or 0))
        for c in contributions
        if c.ring_fenced_service_id is not None
    ]
    return overview


# --- A line's months --------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthRow:
    month: datetime.date
    spend: MonthlySpend | None
    cumulative: Decimal | None  # spend to the end of this month, once recorded


def line_months(line: BudgetLine) -> list[MonthRow]:
    """Each month of the line's year with its spend, if recorded, and the running total."""
    recorded = {spend.month: spend for spend in MonthlySpend.objects.filter(line=line)}
    rows = []
    running = Decimal("0")
    for month in financial_year_months(line.year):
        spend = recorded.get(month)
        if spend is not None:
            running += spend.amount
        rows.append(MonthRow(month=month, spend=spend, cumulative=running if spend else None))
    return rows


# --- Downloads --------------------------------------------------------------------------------


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def year_overview_csv_rows(overview: YearOverview) -> list[list[str]]:
    """One row a line, with the header first, in pounds and pence as a spreadsheet reads them."""
    rows = [
        [
            "Partner",
            "Service",
            "Service slug",
            "Budget",
            "Statutory minimum",
            "Statutory basis",
            "Below statutory minimum",
            "Spend to date",
            "Months recorded",
            "Forecast outturn",
            "Variance",
            "Variance %",
            "Status",
        ]
    ]
    for f in overview.lines:
        percent = f.variance_percent
        rows.append(
            [
                spreadsheet_safe(f.line.service.agency.name),
                spreadsheet_safe(f.line.service.name),
                f.line.service.slug,
                _money(f.budget),
                _money(f.line.statutory_minimum),
                spreadsheet_safe(f.line.statutory_basis),
                "yes" if f.below_statutory_minimum else "no",
                _money(f.spent),
                str(f.months_recorded),
                _money(f.forecast),
                _money(f.variance),
                "" if percent is None else str(percent),
                f.status_words,
            ]
        )
    return rows
