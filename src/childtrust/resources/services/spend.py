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
- Loading a file changes only the figures that differ from those held, and says how many were
  new, changed and unchanged: re-loading the same file writes no figure.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.csv_stream import CsvReadError
from childtrust.core.import_problems import RowProblems
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

#: Told how far an import has gone: its stage ("checking" or "writing") and the rows read so far.
Progress = Callable[[str, int], None]
#: Progress is told at most once this many rows while the file is checked.
PROGRESS_EVERY_ROWS = 1_000
# The longest text each column may hold: what the database holds for a service's name and a
# note; a month or an amount that is right is never near a hundred characters.
_MAX_LENGTHS = {
    "service": Service._meta.get_field("name").max_length or 200,
    "month": 100,
    "amount": 100,
    "note": MonthlySpend._meta.get_field("note").max_length or 300,
}
# Control characters (NUL, escape, delete) have no place in a figure or a name: they break the
# pages and downloads that show it and hide what it says. A note may hold tabs and line breaks
# (a journal's description over several lines), which become single spaces as before.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NOTE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass
class SpendImportReport(RowProblems):
    """What an import read and did: every problem (the first MAX_PROBLEMS_KEPT, with the count
    of all), or the monthly figures it added, changed and found already as the file says."""

    source_name: str
    year_label: str
    rows: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    total: Decimal = Decimal("0")

    def counts(self) -> dict[str, int]:
        """The rows read and the monthly figures added, changed and left as they were: for the
        audit event and the pages that report the import."""
        return {
            "rows": self.rows,
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
        }

    def problems_sentence(self) -> str:
        count = self.problem_count
        return (
            f"The file {self.source_name} has {count:,} problem{'s' if count != 1 else ''}. "
            "Nothing was loaded: correct every line listed and upload the whole file again"
        )

    def summary(self) -> str:
        return (
            f"Loaded {self.rows:,} rows of spend for {self.year_label} from {self.source_name}: "
            f"monthly figures {self.created:,} new, {self.changed:,} changed, "
            f"{self.unchanged:,} unchanged; £{self.total:,.2f} in the file."
        )


@dataclass(frozen=True)
class _SpendRow:
    line_number: int
    line_id: int
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


def _shown(text: str) -> str:
    """A value as a problem quotes it: control characters made visible and long values cut."""
    visible = _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)
    return visible if len(visible) <= 60 else visible[:57] + "..."


def _row_texts(raw: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """The row's cells by lower-case column name, and what is wrong with the text of each that
    is too long for the database or holds a control character, by column: such a cell's meaning
    is not checked, so that it is not reported twice."""
    texts: dict[str, str] = {}
    bad: dict[str, str] = {}
    for key, value in raw.items():
        column = str(key).strip().lower() if key is not None else ""  # None: past the header
        if column not in _MAX_LENGTHS:
            continue
        text = "" if value is None else str(value)
        limit = _MAX_LENGTHS[column]
        forbidden = _NOTE_CONTROL if column == "note" else _CONTROL
        if len(text.strip()) > limit:
            bad[column] = (
                f"the {column.title()} is {len(text.strip()):,} characters long: at most "
                f"{limit} fit"
            )
        elif forbidden.search(text):
            bad[column] = (
                f'the {column.title()} "{_shown(text.strip())}" has a control character in it '
                "(such as NUL or escape): remove it"
            )
        else:
            texts[column] = text
    return texts, bad


@dataclass
class _RowCheck:
    reasons: list[str] = field(default_factory=list)
    line: BudgetLine | None = None
    month: datetime.date | None = None
    amount: Decimal | None = None


def _service_check(check: _RowCheck, text: str, checker: _SpendChecker) -> None:
    try:
        service = checker.finder.find(text)
    except ValueError as error:
        check.reasons.append(str(error))
        return
    check.line = checker.lines.get(service.pk)
    if check.line is None:
        check.reasons.append(f"{service} has no budget line in {checker.year}")


def _month_check(check: _RowCheck, text: str, checker: _SpendChecker) -> None:
    try:
        month = spend_month_parse(text)
    except ValueError as error:
        check.reasons.append(str(error))
        return
    problem = spend_month_problem(checker.year, month, checker.today)
    if problem:
        check.reasons.append(problem)
    else:
        check.month = month


def _amount_check(check: _RowCheck, text: str, _checker: _SpendChecker) -> None:
    try:
        check.amount = spend_amount_parse(text)
    except ValueError as error:
        check.reasons.append(str(error))


_CHECKS = {"service": _service_check, "month": _month_check, "amount": _amount_check}


class _SpendChecker:
    """Reads a file's rows one at a time and keeps the good ones: at most one per budget line
    and month, so what it holds is bounded by the year's lines, not by the file's length."""

    def __init__(self, *, year: FinancialYear, today: datetime.date, report: SpendImportReport):
        self.year, self.today, self.report = year, today, report
        self.finder = _ServiceFinder()
        self.lines = {line.service_id: line for line in BudgetLine.objects.filter(year=year)}
        self.checked: dict[tuple[int, datetime.date], _SpendRow] = {}

    def read(self, rows: Iterable[Mapping[str, Any]], progress: Progress | None) -> None:
        # The header is line 1, so the first row of figures is line 2, as a spreadsheet numbers it.
        numbered = enumerate(rows, start=2)
        try:
            for number, raw in numbered:
                self.report.rows += 1
                self._row(number, raw)
                if progress is not None and self.report.rows % PROGRESS_EVERY_ROWS == 0:
                    progress("checking", self.report.rows)
        except CsvReadError as error:
            self.report.add_problem(error.line, error.reason + "; nothing after it was checked")
        if self.report.rows == 0 and self.report.ok:
            self.report.add_problem(1, "the file has no rows of data")
        if progress is not None:
            progress("checking", self.report.rows)

    def _row(self, number: int, raw: Mapping[str, Any]) -> None:
        row, bad = _row_texts(raw)
        check = _RowCheck()
        for column in ("service", "month", "amount", "note"):
            if column in bad:
                check.reasons.append(bad[column])
            elif column in _CHECKS:
                _CHECKS[column](check, row.get(column, ""), self)
        line, month, amount = check.line, check.month, check.amount
        if line is not None and month is not None:
            earlier = self.checked.get((line.pk, month))
            if earlier is not None:
                check.reasons.append(
                    f"{line.service} in {month:%B %Y} is also on line {earlier.line_number}: "
                    "each service and month may appear once"
                )
        note = " ".join(row.get("note", "").split())
        if not check.reasons and line is not None and month is not None and amount is not None:
            check.reasons.extend(_model_problems(month, amount, note))
        if check.reasons:
            self.report.add_problem(number, "; ".join(check.reasons))
        elif line is not None and month is not None and amount is not None:
            self.checked[(line.pk, month)] = _SpendRow(number, line.pk, month, amount, note)
            self.report.total += amount


# One figure, reused for every row's check of the model's own fields (a new model for each
# row costs more than the check itself).
_PROBE = MonthlySpend()


def _model_problems(month: datetime.date, amount: Decimal, note: str) -> list[str]:
    """What the model's own fields refuse (digits, places, length), should a rule above ever
    let through more than the database holds: the write itself then cannot fail on a value."""
    _PROBE.month, _PROBE.amount, _PROBE.note = month, amount, note
    try:
        _PROBE.clean_fields(exclude=["line", "created_by", "modified_by"])
    except ValidationError as error:
        return [f"the {name} {' '.join(errors)}" for name, errors in error.message_dict.items()]
    return []


def monthly_spend_import(
    *,
    actor: User,
    year: FinancialYear,
    rows: Iterable[Mapping[str, Any]],
    source_name: str,
    today: datetime.date | None = None,
    progress: Progress | None = None,
) -> SpendImportReport:
    """Load a finance system's export of monthly spend for one year: columns Service (its slug
    or its name), Month (YYYY-MM) and Amount (pounds), and optionally Note. Every row is checked
    first; if any is wrong, nothing is written and the report lists every problem with its line
    (an unknown service, a service with no budget line this year, a month outside the year or
    not yet begun, an amount that is not a number of pounds the database holds, text too long
    or with control characters, or a service and month given twice). A month already recorded
    is replaced by the file's figure; months the file does not mention stay.

    How it keeps the rest of the service writing (issue 11): no transaction is held while the
    rows are read and checked; then one short transaction locks the lines, writes only the
    figures that differ, and records the counts in one audit event. Re-loading the same file
    writes no figure and leaves every modified time as it was."""
    require(access.can_manage_resources(actor), to=RECORD_SPEND)
    report = SpendImportReport(source_name=source_name, year_label=year.label)
    checker = _SpendChecker(year=year, today=today or timezone.localdate(), report=report)
    checker.read(rows, progress)
    if not report.ok:
        return report
    if progress is not None:
        progress("writing", report.rows)
    with transaction.atomic():
        _spend_write(actor=actor, year=year, checked=list(checker.checked.values()), report=report)
        if progress is not None and report.ok:  # in the transaction: a background job's mark
            progress("written", report.rows)
    return report


@transaction.atomic
def _spend_write(
    *, actor: User, year: FinancialYear, checked: list[_SpendRow], report: SpendImportReport
) -> None:
    """Writes the checked figures that differ from those held, in one transaction. The year's
    lines are locked first, as `monthly_spend_record` locks its line, so that a month recorded
    by hand meanwhile is taken before or after the file, never both creating it (the whole
    year's, not a list of thousands of ids: the transaction lasts well under a second)."""
    lines = BudgetLine.objects.select_for_update().filter(year=year)
    held = set(lines.values_list("pk", flat=True))
    gone = [row for row in checked if row.line_id not in held]
    if gone:
        report.created = report.changed = report.unchanged = 0
        for row in gone:
            report.add_problem(
                row.line_number,
                "its budget line was removed while the file was checked: upload the file again",
            )
        return
    # The year's figures as plain values: building a model for each costs more than the write.
    held_figures = MonthlySpend.objects.filter(line__year=year).values_list(
        "line_id", "month", "pk", "amount", "note"
    )
    existing = {
        (line_id, month): (pk, amount, note) for line_id, month, pk, amount, note in held_figures
    }
    new: list[_SpendRow] = []
    changed: list[tuple[int, Decimal, str]] = []
    for row in checked:
        figure = existing.get((row.line_id, row.month))
        if figure is None:
            new.append(row)
        elif (figure[1], figure[2]) != (row.amount, row.note):
            changed.append((figure[0], row.amount, row.note))
    _figures_add(new, actor=actor)
    _figures_change(changed, actor=actor)
    report.created, report.changed = len(new), len(changed)
    report.unchanged = len(checked) - report.created - report.changed
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=year,
        details={"spend_file": report.source_name, **report.counts(), "total": str(report.total)},
    )


def _figures_add(new: list[_SpendRow], *, actor: User) -> None:
    """Adds the new figures in one statement run for every figure (a model and its save for
    each would take several times as long). The values reach the database only as parameters."""
    if not new:
        return
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table = MonthlySpend._meta.db_table
    insert = (
        f"INSERT INTO {table} (line_id, month, amount, note, created_at, modified_at, "  # noqa: S608
        "created_by_id, modified_by_id) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    )
    ops = connection.ops
    values = [
        (
            row.line_id,
            ops.adapt_datefield_value(row.month),
            ops.adapt_decimalfield_value(row.amount, 14, 2),
            row.note,
            now,
            now,
            actor.pk,
            actor.pk,
        )
        for row in new
    ]
    with connection.cursor() as cursor:
        cursor.executemany(insert, values)


def _figures_change(changed: list[tuple[int, Decimal, str]], *, actor: User) -> None:
    """Sets each changed figure's amount and note, who changed it and when, in one statement
    run for every figure (Django's bulk_update builds a CASE over each batch, several times
    slower)."""
    if not changed:
        return
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table = MonthlySpend._meta.db_table
    update = (
        f"UPDATE {table} SET amount = %s, note = %s, modified_by_id = %s, modified_at = %s "  # noqa: S608
        "WHERE id = %s"
    )
    values = [
        (connection.ops.adapt_decimalfield_value(amount, 14, 2), note, actor.pk, now, pk)
        for pk, amount, note in changed
    ]
    with connection.cursor() as cursor:
        cursor.executemany(update, values)
