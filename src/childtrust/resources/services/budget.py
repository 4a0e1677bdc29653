"""Keeping the pooled budget: financial years, the partners' contributions, each service's budget
line and the spend recorded against it month by month, by hand or from a finance system's CSV
export.

The rules, and why:

- A financial year runs from 1 April to 31 March (English public bodies' year) and is labelled
  like "2026-27".
- A contribution ring-fenced to a service may be spent only on that service, so the year must
  already hold a budget line for it. Pooled money (section 75 of the NHS Act 2006) may be
  ring-fenced to any partner's service; aligned money stays with its partner and is spent on its
  own services, so aligned money may be ring-fenced only to one of the partner's own services.
- A statutory minimum names the duty behind it, so that whoever cuts the line can see what law
  they would break.
- Spend is recorded for a month of the line's year (April to March), never for a month that has
  not begun: a figure for next month is a forecast, not spend. Recording a month again replaces
  its figure (finance systems re-run their monthly export after late journals). A month's spend
  may be negative: credits and journal corrections can exceed its costs.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import changes_details, save_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.partnership.models import Agency, Service
from childtrust.resources.models import (
    BudgetLine,
    Contribution,
    ContributionKind,
    FinancialYear,
    MonthlySpend,
)

#: Years the partnership could sensibly keep: the Children Act 2004 to well past any plan.
FIRST_START_YEAR = 2004
LAST_START_YEAR = 2100
#: The largest figure the database holds (14 digits, 2 after the point).
MAX_AMOUNT = Decimal("999999999999.99")

CONTRIBUTION_FIELDS: frozenset[str] = frozenset(
    {"kind", "amount", "ring_fenced_service", "description"}
)
BUDGET_LINE_FIELDS: frozenset[str] = frozenset({"budget", "statutory_minimum", "statutory_basis"})


# --- Financial years ------------------------------------------------------------------------


def financial_year_label(start_year: int) -> str:
    """ "2026-27" for the year from 1 April 2026 to 31 March 2027."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def financial_year_ends_on(year: FinancialYear) -> datetime.date:
    return datetime.date(year.starts_on.year + 1, 3, 31)


def financial_year_months(year: FinancialYear) -> list[datetime.date]:
    """The first day of each month of the year, April to March."""
    start = year.starts_on
    return [
        datetime.date(start.year + (start.month + n - 1) // 12, (start.month + n - 1) % 12 + 1, 1)
        for n in range(12)
    ]


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _apply(
    instance: models.Model, changes: dict[str, Any], allowed: frozenset[str]
) -> dict[str, tuple[Any, Any]]:
    """Set the changed values; answer {field: (old, new)} for the audit event."""
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"{type(instance).__name__} has no changeable fields {sorted(unknown)}")
    changed: dict[str, tuple[Any, Any]] = {}
    for name, value in changes.items():
        old = getattr(instance, name)
        if old != value:
            setattr(instance, name, value)
            changed[name] = (old, value)
    return changed


def _undo(instance: models.Model, changed: dict[str, tuple[Any, Any]]) -> None:
    # A refused change leaves the caller's object as it was, so it cannot be shown or saved.
    for name, (old, _new) in changed.items():
        setattr(instance, name, old)


@transaction.atomic
def financial_year_create(*, actor: User, start_year: int) -> FinancialYear:
    """A new financial year starting on 1 April of `start_year`."""
    if not FIRST_START_YEAR <= start_year <= LAST_START_YEAR:
        raise ValidationError(
            {
                "start_year": f"Enter a year between {FIRST_START_YEAR} and {LAST_START_YEAR}, "
                "such as 2027 for the year from April 2027 to March 2028"
            }
        )
    label = financial_year_label(start_year)
    if FinancialYear.objects.filter(label=label).exists():
        raise ValidationError({"start_year": f"The financial year {label} has already been added"})
    year = FinancialYear(label=label, starts_on=datetime.date(start_year, 4, 1))
    save_and_record(actor=actor, instance=year, action=AuditAction.CREATE, details={})
    return year


# --- Contributions ----------------------------------------------------------------------------


def _amount_errors(name: str, amount: Decimal | None, *, what: str) -> dict[str, str]:
    if amount is None:
        return {name: f"Enter the {what} in pounds"}
    if amount < 0:
        return {name: f"The {what} must be £0 or more"}
    if amount > MAX_AMOUNT:
        return {name: f"The {what} must be less than £1,000,000,000,000"}
    return {}


def _contribution_errors(contribution: Contribution) -> dict[str, str]:
    errors = _amount_errors("amount", contribution.amount, what="amount")
    if contribution.kind not in ContributionKind.values:
        errors["kind"] = "Select whether the contribution is pooled or aligned"
    service = contribution.ring_fenced_service
    if service is not None:
        if not BudgetLine.objects.filter(year=contribution.year, service=service).exists():
            errors["ring_fenced_service"] = (
                f"{contribution.year} has no budget line for {service}: add the budget line "
                "first, then ring-fence money to it"
            )
        elif (
            contribution.kind == ContributionKind.ALIGNED
            and service.agency_id != contribution.agency_id
        ):
            errors["ring_fenced_service"] = (
                f"Aligned money stays with {contribution.agency} and is spent on its own "
                f"services; {service} belongs to {service.agency}. Make the contribution "
                "pooled, or ring-fence it to one of the partner's own services"
            )
    return errors


@transaction.atomic
def contribution_create(
    *,
    actor: User,
    year: FinancialYear,
    agency: Agency,
    kind: str,
    amount: Decimal,
    ring_fenced_service: Service | None = None,
    description: str = "",
) -> Contribution:
    """One line of a partner's contribution to the year (see the module's rules on
    ring-fencing)."""
    contribution = Contribution(
        year=year,
        agency=agency,
        kind=kind,
        amount=amount,
        ring_fenced_service=ring_fenced_service,
        description=" ".join(description.split()),
    )
    _refuse(_contribution_errors(contribution))
    save_and_record(
        actor=actor,
        instance=contribution,
        action=AuditAction.CREATE,
        details={"kind": kind, "amount": str(amount)},
    )
    return contribution


@transaction.atomic
def contribution_update(*, actor: User, contribution: Contribution, **changes: Any) -> Contribution:
    """Change a contribution's kind, amount, ring-fence or description; the year and the partner
    stay (a contribution from someone else is a new contribution)."""
    if isinstance(changes.get("description"), str):
        changes["description"] = " ".join(changes["description"].split())
    changed = _apply(contribution, changes, CONTRIBUTION_FIELDS)
    if not changed:
        return contribution
    errors = _contribution_errors(contribution)
    if errors:
        _undo(contribution, changed)
        raise ValidationError(errors)
    try:
        save_and_record(
            actor=actor,
            instance=contribution,
            action=AuditAction.UPDATE,
            details=changes_details(changed),
        )
    except ValidationError:
        _undo(contribution, changed)
        raise
    return contribution


# --- Budget lines -----------------------------------------------------------------------------


def _budget_line_errors(line: BudgetLine) -> dict[str, str]:
    errors = _amount_errors("budget", line.budget, what="budget")
    errors |= _amount_errors("statutory_minimum", line.statutory_minimum, what="statutory minimum")
    if (
        "statutory_minimum" not in errors
        and line.statutory_minimum > 0
        and not line.statutory_basis
    ):
        errors["statutory_basis"] = (
            'Enter the duty behind the statutory minimum, such as "Children Act 1989, section 17"'
        )
    return errors


@transaction.atomic
def budget_line_create(
    *,
    actor: User,
    year: FinancialYear,
    service: Service,
    budget: Decimal,
    statutory_minimum: Decimal = Decimal("0"),
    statutory_basis: str = "",
) -> BudgetLine:
    """A service's budget for the year: one line a service a year. A budget below the statutory
    minimum is kept (the partnership may be deciding how to find the money) and flagged on the
    year's page."""
    line = BudgetLine(
        year=year,
        service=service,
        budget=budget,
        statutory_minimum=statutory_minimum,
        statutory_basis=" ".join(statutory_basis.split()),
    )
    errors = _budget_line_errors(line)
    if BudgetLine.objects.filter(year=year, service=service).exists():
        errors["service"] = f"{service} already has a budget line in {year}"
    _refuse(errors)
    save_and_record(
        actor=actor,
        instance=line,
        action=AuditAction.CREATE,
        details={"budget": str(budget), "statutory_minimum": str(statutory_minimum)},
    )
    return line


@transaction.atomic
def budget_line_update(*, actor: User, line: BudgetLine, **changes: Any) -> BudgetLine:
    """Change a line's budget, statutory minimum or the duty behind it."""
    if isinstance(changes.get("statutory_basis"), str):
        changes["statutory_basis"] = " ".join(changes["statutory_basis"].split())
    changed = _apply(line, changes, BUDGET_LINE_FIELDS)
    if not changed:
        return line
    errors = _budget_line_errors(line)
    if errors:
        _undo(line, changed)
        raise ValidationError(errors)
    try:
        save_and_record(
            actor=actor, instance=line, action=AuditAction.UPDATE, details=changes_details(changed)
        )
    except ValidationError:
        _undo(line, changed)
        raise
    return line


# --- Monthly spend ----------------------------------------------------------------------------


def _month_problem(year: FinancialYear, month: datetime.date, today: datetime.date) -> str | None:
    """Why spend cannot be recorded for the month, or None."""
    months = financial_year_months(year)
    if month not in months:
        return (
            f"{month:%B %Y} is not in the financial year {year} "
            f"(April {months[0].year} to March {months[-1].year})"
        )
    if month > today.replace(day=1):
        return f"{month:%B %Y} has not begun yet: spend can be recorded only for past months"
    return None


def _spend_amount_problem(amount: Decimal) -> str | None:
    if not amount.is_finite():
        return "the amount is not a number"
    if abs(amount) > MAX_AMOUNT:
        return "the amount must be less than £1,000,000,000,000"
    if amount != amount.quantize(Decimal("0.01")):
        return "the amount has more than 2 decimal places (pence)"
    return None


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
    month = month.replace(day=1)
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    problem = _month_problem(line.year, month, today)
    if problem:
        errors["month"] = problem[0].upper() + problem[1:]
    amount_problem = _spend_amount_problem(amount)
    if amount_problem:
        errors["amount"] = amount_problem[0].upper() + amount_problem[1:]
    _refuse(errors)
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

#: The columns of a spend file, matched without regard to case; any others are ignored.
SPEND_COLUMNS = ("service", "month", "amount")
SPEND_OPTIONAL_COLUMNS = ("note",)
_MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$")
_AMOUNT = re.compile(r"^(?P<sign>-)?£?(?P<digits>\d{1,3}(,\d{3})+|\d+)(?P<pence>\.\d+)?$")


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


def spend_amount_parse(text: str) -> Decimal:
    """Pounds as finance exports write them: "1234.5", "£1,234.50", "-250", "(250.00)" (an
    accountant's negative). Raises ValueError with the reason."""
    value = text.strip().replace(" ", "")
    negative = value.startswith("(") and value.endswith(")")
    if negative:
        value = value[1:-1]
    match = _AMOUNT.match(value)
    if not match:
        raise ValueError(f'the amount "{text.strip()}" is not a number of pounds, such as 1234.56')
    try:
        amount = Decimal(match["digits"].replace(",", "") + (match["pence"] or ""))
    except InvalidOperation:  # pragma: no cover (the pattern admits only digits)
        raise ValueError(f'the amount "{text.strip()}" is not a number') from None
    if match["sign"]:
        amount = -amount
    problem = _spend_amount_problem(amount)
    if problem:
        raise ValueError(problem)
    return -amount if negative else amount


def spend_month_parse(text: str) -> datetime.date:
    """ "2026-04" for April 2026. Raises ValueError with the reason."""
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match["month"]) <= 12:
        raise ValueError(
            f'the month "{text.strip()}" is not a month written as YYYY-MM, such as 2026-04'
        )
    return datetime.date(int(match["year"]), int(match["month"]), 1)


class _ServiceFinder:
    """Services by slug, or by name where the name is unique among all services."""

    def __init__(self) -> None:
        self.by_slug: dict[str, Service] = {}
        self.by_name: dict[str, list[Service]] = {}
        for service in Service.objects.select_related("agency"):
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


def spend_missing_columns(columns: Iterable[str]) -> list[str]:
    present = {str(c).strip().lower() for c in columns if c}
    return [column for column in SPEND_COLUMNS if column not in present]


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
        problem = _month_problem(year, month, today)
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
    actor: User | None,
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


# --- Downloads --------------------------------------------------------------------------------


@transaction.atomic
def budget_export_record(*, actor: User, year: FinancialYear, view: str, rows: int) -> None:
    """Downloading a year's figures is an export: who took a copy, and of what, is kept."""
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        target=year,
        details={"format": "csv", "view": view, "rows": rows},
    )
