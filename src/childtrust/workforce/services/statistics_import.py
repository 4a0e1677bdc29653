"""Loading the national children's social work workforce statistics (the Department for
Education's open data file, `csww_indicators_*.csv`), by a workforce manager who works across
every partner (from the upload page, its background task, or `childtrust
import_workforce_statistics`, which names the person loading).

The rules, and why:

- A file is loaded whole or not at all: every row is checked first (`workforce.statistics_csv`),
  and if any is wrong (a figure that is not a number or one of the file's symbols, an unknown
  geographic level, a missing code, an area and year given twice) nothing is written and every
  bad line is reported. Half a file would show England for one year and the region for another
  without anyone noticing.
- One figure is kept per year, area and column. A symbol is kept as that symbol, never as zero.
- Every published rate is worked out again from its counts; one that differs by more than the
  file's rounding is reported with its line, column and both figures, and kept as published,
  flagged (the published statistics are what the partnership is judged by; the flag says that
  their counts do not give them).
- Loading changes only the figures that differ from those held: loading the same file again
  writes nothing, and a newer release's revised figures replace the old ones. Years and areas a
  file does not mention stay as they are.
- One audit event for each load, with its counts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.workforce import access
from childtrust.workforce.models import WorkforceStatistic
from childtrust.workforce.statistics_csv import (
    Progress,
    StatisticsChecker,
    StatisticsImportReport,
    StatisticsRow,
)

LOAD_STATISTICS = "load the national workforce statistics"
#: The fields of a figure a newer file may change.
_HELD_FIELDS = (
    "geographic_level",
    "area_name",
    "old_la_code",
    "value",
    "symbol",
    "recomputed",
    "differs",
)
_BATCH = 1_000

__all__ = ["Progress", "StatisticsImportReport", "workforce_statistics_load"]


def workforce_statistics_load(
    *,
    actor: User,
    rows: Iterable[Mapping[Any, Any]],
    source_name: str,
    progress: Progress | None = None,
) -> StatisticsImportReport:
    """Load the rows of a national statistics file (see the module's rules). Every row is checked
    before anything is written, with no transaction held meanwhile; then one short transaction
    writes the figures that differ from those held and records the load in one audit event.
    Returns the report: its problems (nothing written), or its counts and the published rates
    it flagged."""
    require(access.can_manage_whole_workforce(actor), to=LOAD_STATISTICS)
    report = StatisticsImportReport(source_name=source_name)
    checker = StatisticsChecker(report)
    checker.read(rows, progress)
    if not report.ok:
        return report
    if progress is not None:
        progress("writing", report.rows)
    try:
        with transaction.atomic():
            _write(actor=actor, rows=checker.rows, report=report)
            if progress is not None:  # in the transaction: a background job's mark of it
                progress("written", report.rows)
    except IntegrityError:
        # Another load wrote the same figures between this one's reading and writing.
        report.created = report.changed = report.unchanged = 0
        report.add_problem(
            1, "another load of the statistics was written at the same time: load the file again"
        )
    return report


def _write(*, actor: User, rows: list[StatisticsRow], report: StatisticsImportReport) -> None:
    """Adds the new figures and changes those that differ, then records the load."""
    held = {
        (statistic.year, statistic.area_code, statistic.measure): statistic
        for statistic in WorkforceStatistic.objects.filter(year__in=report.years)
    }
    now = timezone.now()
    new: list[WorkforceStatistic] = []
    changed: list[WorkforceStatistic] = []
    for row in rows:
        for figure in row.figures:
            wanted = {
                "geographic_level": row.level,
                "area_name": row.area_name,
                "old_la_code": row.old_la_code,
                "value": figure.value,
                "symbol": figure.symbol,
                "recomputed": figure.recomputed,
                "differs": figure.differs,
            }
            statistic = held.get((row.year, row.area_code, figure.measure))
            if statistic is None:
                new.append(
                    WorkforceStatistic(
                        year=row.year,
                        area_code=row.area_code,
                        measure=figure.measure,
                        created_by=actor,
                        modified_by=actor,
                        **wanted,
                    )
                )
            elif any(getattr(statistic, name) != value for name, value in wanted.items()):
                for name, value in wanted.items():
                    setattr(statistic, name, value)
                statistic.modified_by = actor
                statistic.modified_at = now
                changed.append(statistic)
            else:
                report.unchanged += 1
    WorkforceStatistic.objects.bulk_create(new, batch_size=_BATCH)
    WorkforceStatistic.objects.bulk_update(
        changed, [*_HELD_FIELDS, "modified_by", "modified_at"], batch_size=_BATCH
    )
    report.created, report.changed = len(new), len(changed)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type=WorkforceStatistic._meta.label_lower,
        object_repr=f"National workforce statistics from {report.source_name}"[:200],
        details={
            "file": report.source_name,
            **report.counts(),
            "flagged_lines": [
                {
                    "line": d.line,
                    "column": d.column,
                    "published": d.published,
                    "recomputed": round(d.recomputed, 4),
                }
                for d in report.differences[:100]
            ],
        },
    )
