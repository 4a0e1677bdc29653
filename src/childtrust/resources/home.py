"""What of the pooled budget needs the signed-in person, for the home page (core.home): for
those who keep the budget (finance officers and strategic leads), the year's forecast against
its budget, the lines whose forecast is outside the tolerance either way, the lines whose spend
for last month is not yet recorded, and spend files that did not load."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone

from childtrust.core.access import NOT_LOADED_DAYS, import_jobs_not_loaded
from childtrust.core.home import Figure, Need, NeedItem, day_words
from childtrust.core.money import pounds
from childtrust.core.permissions import PermissionHolder
from childtrust.resources import access
from childtrust.resources.budget_rules import financial_year_months
from childtrust.resources.models import FinancialYear
from childtrust.resources.selectors import budget
from childtrust.resources.tasks import SPEND_JOB_KIND

MONEY = "The pooled budget"


def _year_of(today: datetime.date) -> FinancialYear | None:
    """The financial year today falls in, else the latest."""
    years = list(budget.financial_years())
    return next((y for y in years if y.starts_on <= today), years[0] if years else None)


def _forecast(overview: budget.YearOverview, link: str) -> Figure:
    variance = overview.variance
    way = "over" if variance > 0 else "under"
    percent = overview.variance_percent
    share = f" ({abs(percent)}%)" if percent is not None else ""
    return Figure(
        f"Forecast outturn, {overview.year.label}",
        pounds(overview.forecast),
        f"Budget {pounds(overview.budget)}: {pounds(abs(variance))}{share} {way}"
        if variance
        else f"Budget {pounds(overview.budget)}: on budget",
        link,
    )


def _months_ended(year: FinancialYear, today: datetime.date) -> list[datetime.date]:
    """The year's months that ended before today's month began."""
    return [month for month in financial_year_months(year) if month < today.replace(day=1)]


def resources_needs(user: PermissionHolder) -> Iterator[Need]:
    if not access.can_manage_resources(user):
        return
    today = timezone.localdate()
    year = _year_of(today)
    if year is not None:
        overview = budget.year_overview(user, year)
        lines = reverse("resources:budget_year", args=[year.label]) + "#lines"
        yield _forecast(overview, lines)
        yield NeedItem(
            len(overview.heading_for_overspend),
            "budget line heading for overspend",
            "budget lines heading for overspend",
            lines,
            MONEY,
            note=f"Forecast more than {budget.OVERSPEND_TOLERANCE:.0%} over budget.",
        )
        yield NeedItem(
            len(overview.underspending),
            "budget line underspending",
            "budget lines underspending",
            lines,
            MONEY,
            note=f"Forecast more than {budget.UNDERSPEND_TOLERANCE:.0%} under budget.",
        )
        ended = _months_ended(year, today)
        if ended:
            behind = sum(f.months_recorded < len(ended) for f in overview.lines)
            yield NeedItem(
                behind,
                "budget line without spend recorded to the end of last month",
                "budget lines without spend recorded to the end of last month",
                lines,
                MONEY,
                note=f"Spend for each month to {day_words(ended[-1]).split(' ', 1)[1]} is due.",
            )
    yield NeedItem(
        import_jobs_not_loaded(user, kind=SPEND_JOB_KIND).count(),
        f"spend file not loaded in the last {NOT_LOADED_DAYS} days",
        f"spend files not loaded in the last {NOT_LOADED_DAYS} days",
        reverse("core:imports") + f"?kind={SPEND_JOB_KIND}",
        MONEY,
    )
