"""Loading the establishment from an agency's HR export (the file's columns:
workforce/establishment_columns.py; how rows are matched to posts and holders:
workforce/establishment_plan.py), from the upload page, its background task, the
`import_establishment` command and the API.

The rules, and why:

- Workforce managers load it; one limited to an agency (a remit) loads only that agency's rows,
  and a row of another agency is a bad line, so nothing is loaded.
- All or nothing: every row is checked first, then against the records held; if any line is
  wrong nothing is written and the report lists every problem with its line, column and reason
  (a half-loaded establishment would count vacancies that are not there).
- The same rules as the pages (workforce/establishment_rules.py): one person's FTE in one post
  at most 1.00, an end on or after its start, a post never held above its FTE by its holders in
  the file and those already recorded together.
- Loading the same file twice changes nothing: only records that differ are written, and one
  audit event says how many were new, changed and unchanged.

How it keeps the rest of the service writing (issue 11's rule for imports): the file is read and
checked against the records held with no transaction held; then one short transaction locks
the file's agencies' posts, reads the records and plans again only if their version changed
meanwhile (workforce/establishment_store.py), and writes in batches."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.csv_stream import CsvReadError
from childtrust.core.import_problems import MAX_PROBLEMS_KEPT, RowProblem, RowProblems
from childtrust.core.permissions import require
from childtrust.partnership.selectors.registry import (
    agencies_by_name,
    localities_by_name,
    teams_by_name,
)
from childtrust.partnership.selectors.staff import staff_by_email
from childtrust.workforce import access
from childtrust.workforce.establishment_columns import columns_problem, file_words
from childtrust.workforce.establishment_csv import AgencyRef, Lookups, TeamRef, row_parse
from childtrust.workforce.establishment_plan import Counts, FileRows, Held, Plan, plan_make
from childtrust.workforce.establishment_store import held_read, held_version, plan_write
from childtrust.workforce.models import Post

LOAD_THE_ESTABLISHMENT = "load the establishment"
#: Told how far a load has gone: its stage ("checking", "writing", "written") and rows read.
Progress = Callable[[str, int], None]
#: Progress is told at most once this many rows while the file is checked.
PROGRESS_EVERY_ROWS = 1_000


@dataclass(frozen=True)
class ColumnProblem(RowProblem):
    """A bad line's problem with the column it is in ("" for the whole line)."""

    column: str = ""

    def __str__(self) -> str:
        where = f"Line {self.line}, {self.column}" if self.column else f"Line {self.line}"
        return f"{where}: {self.reason}"

    def as_json(self) -> dict[str, object]:
        return {"line": self.line, "column": self.column, "reason": self.reason}


@dataclass(kw_only=True)
class EstablishmentReport(RowProblems):
    """What a load read and did: every problem (the first MAX_PROBLEMS_KEPT, with the count of
    all), or the posts, holdings, agency cover and caseloads it added, changed and found as the
    file says."""

    source_name: str
    rows: int = 0
    posts: Counts
    holdings: Counts
    cover: Counts
    caseloads: Counts

    def add(self, line: int, column: str, reason: str) -> None:
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(ColumnProblem(line, reason, column))
        else:
            self.problems_not_kept += 1

    def counts(self) -> dict[str, int]:
        """The rows read and the records added, changed and left: for the audit event, the
        pages and the API."""
        counts = {"rows": self.rows}
        for name in ("posts", "holdings", "cover", "caseloads"):
            kind: Counts = getattr(self, name)
            counts |= {
                f"{name}_created": kind.created,
                f"{name}_changed": kind.changed,
                f"{name}_unchanged": kind.unchanged,
            }
        return counts

    def facts(self) -> list[tuple[str, str]]:
        return [
            ("Rows", f"{self.rows:,}"),
            ("Posts", self.posts.words()),
            ("Staff in posts", self.holdings.words()),
            ("Agency workers", self.cover.words()),
            ("Caseloads", self.caseloads.words()),
        ]

    def problems_sentence(self) -> str:
        count = self.problem_count
        return (
            f"{file_words(self.source_name)} has {count:,} problem{'s' if count != 1 else ''}. "
            "Nothing was loaded: correct every line listed and load the whole file again"
        )

    def summary(self) -> str:
        return (
            f"Loaded {self.rows:,} rows of the establishment from {self.source_name}: posts "
            f"{self.posts.words()}; staff in posts {self.holdings.words()}; agency workers "
            f"{self.cover.words()}; caseloads {self.caseloads.words()}."
        )


def _report(source_name: str) -> EstablishmentReport:
    return EstablishmentReport(
        source_name=source_name,
        posts=Counts(),
        holdings=Counts(),
        cover=Counts(),
        caseloads=Counts(),
    )


def establishment_load(
    *,
    actor: User,
    rows: Iterable[Mapping[str, Any]] | TextIO,
    progress: Progress | None = None,
    source_name: str = "the file",
    first_line: int = 2,
    today: datetime.date | None = None,
) -> EstablishmentReport:
    """Load an establishment file's rows: a text file (its header is checked first) or rows as
    mappings from column to text (a CSV stream's, or the API's JSON, whose first row is
    `first_line` 1). All or nothing, with every bad line reported (see the module's rules).
    `today` is the as_at date of rows that give none (the day of the load)."""
    require(access.can_manage_workforce(actor), to=LOAD_THE_ESTABLISHMENT)
    report = _report(source_name)
    readable = _rows_of(rows, report)
    if readable is None:
        return report
    lookups = _lookups(actor, today or timezone.localdate())
    file_rows = FileRows(report.add)
    _read(readable, file_rows, lookups, report, progress, first_line)
    if not report.ok:
        return _sorted(report)
    version = held_version(file_rows)
    held = held_read(file_rows)
    plan = plan_make(file_rows, held, report.add)
    if not report.ok:
        return _sorted(report)
    if progress is not None:
        progress("writing", report.rows)
    return _load_in_turn(
        actor=actor,
        file_rows=file_rows,
        held=(version, held),
        plan=plan,
        report=report,
        progress=progress,
    )


def _rows_of(
    rows: Iterable[Mapping[str, Any]] | TextIO, report: EstablishmentReport
) -> Iterable[Mapping[str, Any]] | None:
    """The rows, reading a text file's header first: None (with the problem) if it is wrong."""
    if not isinstance(rows, io.TextIOBase | TextIO):
        return rows
    reader = csv.DictReader(rows)
    try:
        problem = columns_problem(report.source_name, reader.fieldnames or [])
    except csv.Error as error:
        problem = f"{file_words(report.source_name)} is not CSV this can read ({error})"
    if problem:
        report.add(1, "", problem)
        return None
    return _csv_rows(reader)


@transaction.atomic
def _load_in_turn(
    *,
    actor: User,
    file_rows: FileRows,
    held: tuple[tuple[object, ...], Held],
    plan: Plan,
    report: EstablishmentReport,
    progress: Progress | None,
) -> EstablishmentReport:
    """Writes the plan in one transaction, planned again first if the records (`held`, with
    their version read before them) changed since it was made, and records one audit event
    with the counts."""
    # The posts are locked as the pages lock a post before changing its holders, so that a
    # holder added by hand meanwhile is counted before or after the file, never missed.
    agency_ids = sorted(file_rows.agency_ids())
    list(
        Post.objects.select_for_update()
        .filter(agency_id__in=agency_ids)
        .values_list("pk", flat=True)
    )
    version, held_now = held
    if held_version(file_rows) != version:
        held_now = held_read(file_rows)
        plan = plan_make(file_rows, held_now, report.add)
        if not report.ok:
            return _sorted(report)
    plan_write(plan, held_now, actor=actor)
    report.posts, report.holdings = plan.posts, plan.holdings
    report.cover, report.caseloads = plan.cover, plan.caseloads
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type=Post._meta.label_lower,
        object_repr=f"Establishment from {report.source_name}"[:200],
        details={"file": report.source_name, **report.counts()},
    )
    if progress is not None:  # in the transaction: a background job's mark of it
        progress("written", report.rows)
    return report


def _sorted(report: EstablishmentReport) -> EstablishmentReport:
    report.problems.sort(key=lambda problem: problem.line)
    return report


def _csv_rows(reader: csv.DictReader[str]) -> Iterator[dict[str, str]]:
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise CsvReadError(
                reader.line_num, f"this line cannot be read as CSV ({error})"
            ) from None
        yield row


def _lookups(actor: User, today: datetime.date) -> Lookups:
    remit = access.workforce_remit_of(actor)
    return Lookups(
        agencies={a.slug.lower(): AgencyRef(a.pk, a.name) for a in agencies_by_name()},
        teams={
            t.slug.lower(): TeamRef(t.pk, t.agency_id, t.name)
            for t in teams_by_name().only("pk", "slug", "name", "agency_id")
        },
        localities={loc.slug.lower(): loc.pk for loc in localities_by_name().only("pk", "slug")},
        staff=staff_by_email(),
        today=today,
        remit=AgencyRef(remit.pk, remit.name) if remit is not None else None,
    )


def _read(
    rows: Iterable[Mapping[str, Any]],
    file_rows: FileRows,
    lookups: Lookups,
    report: EstablishmentReport,
    progress: Progress | None,
    first_line: int,
) -> None:
    try:
        for number, raw in enumerate(rows, start=first_line):
            report.rows += 1
            if not isinstance(raw, Mapping):
                report.add(number, "", "a row must be an object of columns and their values")
                continue
            row, problems = row_parse(number, raw, lookups)
            for column, reason in problems:
                report.add(number, column, reason)
            if row is not None:
                file_rows.keep(row)
            if progress is not None and report.rows % PROGRESS_EVERY_ROWS == 0:
                progress("checking", report.rows)
    except CsvReadError as error:
        report.add(error.line, "", error.reason + "; nothing after it was checked")
    if report.rows == 0 and report.ok:
        report.add(1, "", "there are no rows of posts")
    if progress is not None:
        progress("checking", report.rows)
