"""Recording the spend on each budget line month by month, by hand or from a finance system's
CSV export. Each write is for those who keep the budget (resources/access.py); the import run
on the server's command line is an administrator's, with no one signed in.

The rules, and why:

- Spend is recorded for a month of the line's year (April to March), never for a month that has
  not begun: a figure for next month is a forecast, not spend (resources/budget_rules.py).
- Recording a month again replaces its figure: finance systems re-run their monthly export
  after late journals. A month's spend may be negative: credits and journal corrections can
  exceed its costs.
- A file is loaded whole or not at all: every row is checked first, and if any is wrong nothing
  is written and every problem is reported with its line.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.partnership.models import Service
from childtrust.partnership.selectors.registry import ServiceFilter, services_matching
from childtrust.resources import access
from childtrust.resources.budget_rules import (
    spend_amount_parse,
    spend_amount_problem,
    spend_month_parse,
    spend_month_problem,
)
from childtrust.resources.models import BudgetLine, FinancialYear, MonthlySpend

RECORD_SPEND = "record spend"


@transaction.atomic
def monthly_spend_record(
    *,
    actor: User,
    line: BudgetLine,
    month: datetime.date,
    amount: Decimal,
    note: str = "",
    today: datetime.date | None = None,
) -> MonthlySpend:
    """Record a month's spend on a line, or replace the figure already recorded for that month
    (see the module's rules on which months)."""
    require(access.can_manage_resources(actor), to=RECORD_SPEND)
    month = month.replace(day=1)
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    problem = spend_month_problem(line.year, month, today)
    if problem:
        errors["month"] = problem[0].upper() + problem[1:]
    amount_problem = spend_amount_problem(amount)
    if amount_problem:
        errors["amount"] = amount_problem[0].upper() + amount_problem[1:]
    if errors:
        raise ValidationError(errors)
    note = " ".join(note.split())
    # The line's row is locked first, so that two people recording the same month at once are
    # taken one after the other (the second replaces the first) rather than both creating it.
    list(BudgetLine.objects.select_for_update().filter(pk=line.pk).values_list("pk", flat=True))
    spend = MonthlySpend.objects.filter(line=line, month=month).first()
    if spend is None:
        spend = MonthlySpend(line=line, month=month, amount=amount, note=note)
        save_and_record(
            actor=actor,
            instance=spend,
            action=AuditAction.CREATE,
            details={"month": f"{month:%Y-%m}", "amount": str(amount)},
        )
        return spend
    before = spend.amount
    spend.amount, spend.note = amount, note
    save_and_record(
        actor=actor,
        instance=spend,
        action=AuditAction.UPDATE,
        details={"month": f"{month:%Y-%m}", "from": str(before), "to": str(amount)},
    )
    return spend


# --- Importing monthly spend from a finance system's CSV export -------------------------------


@dataclass(frozen=True)
class SpendProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.reason}"


@dataclass
class SpendImportReport:
    source_name: str
    year_label: str
    rows: int = 0
    problems: list[SpendProblem] = field(default_factory=list)
    created: int = 0
    replaced: int = 0
    total: Decimal = Decimal("0")

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return (
            f"Loaded {self.rows} rows of spend for {self.year_label} from {self.source_name}: "
            f"{self.created} new monthly figures and {self.replaced} replaced, "
            f"£{self.total:,.2f} in all."
        )


@dataclass(frozen=True)
class _SpendRow:
    line_number: int
    line: BudgetLine
    month: datetime.date
    amount: Decimal
    note: str


class _ServiceFinder:
    """Services by slug, or by name where the name is unique among all services."""

    def __init__(self) -> None:
        self.by_slug: dict[str, Service] = {}
        self.by_name: dict[str, list[Service]] = {}
        for service in services_matching(ServiceFilter()):  # every service in the directory
            self.by_slug[service.slug.lower()] = service
            self.by_name.setdefault(" ".join(service.name.split()).lower(), []).append(service)

    def find(self, text: str) -> Service:
        key = " ".join(text.split()).lower()
        if not key:
            raise ValueError("the service is empty")
        if key in self.by_slug:
            return self.by_slug[key]
        named = self.by_name.get(key, [])
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            agencies = ", ".join(sorted(str(s.agency) for s in named))
            raise ValueError(
                f'more than one service is called "{text.strip()}" ({agencies}): '
                "use the service's slug instead"
            )
        raise ValueError(f'no service is called "{text.strip()}" (by name or slug)')


def _lower_keys(row: Mapping[str, Any]) -> dict[str, str]:
    return {
        str(key).strip().lower(): "" if value is None else str(value)
        for key, value in row.items()
        if key is not None
    }


@dataclass
class _RowCheck:
    reasons: list[str] = field(default_factory=list)
    line: BudgetLine | None = None
    month: datetime.date | None = None
    amount: Decimal | None = None


def _spend_row_check(
    row: dict[str, str],
    *,
    year: FinancialYear,
    finder: _ServiceFinder,
    lines: dict[int, BudgetLine],
    today: datetime.date,
) -> _RowCheck:
    check = _RowCheck()
    try:
        service = finder.find(row.get("service", ""))
    except ValueError as error:
        check.reasons.append(str(error))
    else:
        check.line = lines.get(service.pk)
        if check.line is None:
            check.reasons.append(f"{service} has no budget line in {year}")
    try:
        month = spend_month_parse(row.get("month", ""))
    except ValueError as error:
        check.reasons.append(str(error))
    else:
        problem = spend_month_problem(year, month, today)
        if problem:
            check.reasons.append(problem)
        else:
            check.month = month
    try:
        check.amount = spend_amount_parse(row.get("amount", ""))
    except ValueError as error:
        check.reasons.append(str(error))
    return check


def _spend_rows(
    *,
    year: FinancialYear,
    rows: Iterable[Mapping[str, Any]],
    today: datetime.date,
    report: SpendImportReport,
) -> list[_SpendRow]:
    finder = _ServiceFinder()
    lines = {line.service_id: line for line in BudgetLine.objects.filter(year=year)}
    seen: dict[tuple[int, datetime.date], int] = {}
    parsed: list[_SpendRow] = []
    # The header is line 1, so the first row of figures is line 2, as a spreadsheet numbers it.
    for number, raw in enumerate(rows, start=2):
        report.rows += 1
        row = _lower_keys(raw)
        check = _spend_row_check(row, year=year, finder=finder, lines=lines, today=today)
        line, month, amount = check.line, check.month, check.amount
        if line is not None and month is not None:
            first = seen.setdefault((line.pk, month), number)
            if first != number:
                check.reasons.append(
                    f"{line.service} in {month:%B %Y} is also on line {first}: "
                    "each service and month may appear once"
                )
        if check.reasons:
            report.problems.append(SpendProblem(number, "; ".join(check.reasons)))
        elif line is not None and month is not None and amount is not None:
            note = " ".join(row.get("note", "").split())[:300]
            parsed.append(_SpendRow(number, line, month, amount, note))
    return parsed


@transaction.atomic
def monthly_spend_import(
    *,
    actor: User,
    year: FinancialYear,
    rows: Iterable[Mapping[str, Any]],
    source_name: str,
    today: datetime.date | None = None,
) -> SpendImportReport:
    """Load a finance system's export of monthly spend for one year: columns Service (its slug
    or its name), Month (YYYY-MM) and Amount (pounds), and optionally Note. Every row is checked
    first; if any is wrong, nothing is written and the report lists every problem with its line
    (an unknown service, a service with no budget line this year, a month outside the year or
    not yet begun, an amount that is not a number, or a service and month given twice). A month
    already recorded is replaced by the file's figure; months the file does not mention stay."""
    require(access.can_manage_resources(actor), to=RECORD_SPEND)
    return _spend_import(actor, year, rows, source_name, today)


def _spend_import(
    actor: User,
    year: FinancialYear,
    rows: Iterable[Mapping[str, Any]],
    source_name: str,
    today: datetime.date | None,
) -> SpendImportReport:
    today = today or timezone.localdate()
    report = SpendImportReport(source_name=source_name, year_label=year.label)
    parsed = _spend_rows(year=year, rows=rows, today=today, report=report)
    if not report.ok:
        return report
    existing = {
        (spend.line_id, spend.month): spend
        for spend in MonthlySpend.objects.select_for_update().filter(line__year=year)
    }
    for row in parsed:
        spend = existing.get((row.line.pk, row.month))
        if spend is None:
            spend = MonthlySpend(line=row.line, month=row.month, created_by=actor)
            report.created += 1
        else:
            report.replaced += 1
        spend.amount, spend.note, spend.modified_by = row.amount, row.note, actor
        spend.full_clean()
        spend.save()
        report.total += row.amount
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=year,
        details={
            "spend_file": source_name,
            "rows": report.rows,
            "created": report.created,
            "replaced": report.replaced,
            "total": str(report.total),
        },
    )
    return report
