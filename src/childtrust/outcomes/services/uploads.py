"""Loading indicator data: the public health profiles' CSV export (Fingertips) and the
partnership's own counts and denominators, by those who manage outcomes (from the upload page,
its background task, or the `import_indicators` command, which names the person loading).

Every row is checked before anything is written (`outcomes.indicator_files`). If any row is
wrong, the report lists every problem with its line and nothing is loaded: a half-loaded file
would show England and the city for different periods without anyone noticing.

How a load keeps the rest of the service writing (issue 11): a file of 200,000 rows takes
seconds to read and check, and the embedded database lets one writer in at a time. So no
transaction is held while the file is read: each checked row is staged (`StagedDataPoint`) in
batches of a few thousand, each batch its own short transaction, and only when the whole file
has passed are the areas, indicators and data points changed, in one transaction. As each
batch is staged it is also compared with the data points held (a read, no transaction), and
each staged row carries its outcome: new, changed or unchanged. The transaction then only
updates the changed rows by id and adds the new ones: an unchanged file writes no data point.
If another load wrote in between (`DataPointsVersion`), or an indicator or area the rows were
matched to has gone or changed its multiplier, the transaction compares the rows again
itself, as before. A load that fails or is killed leaves at most staged rows, which no page
reads and which are removed when it ends or by the next load; the data points change all at
once or not at all."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping

from django.db import transaction

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.outcomes import access
from childtrust.outcomes.indicator_files import (
    ImportReport,
    RowChecker,
)
from childtrust.outcomes.indicator_staging import (
    Held,
    Progress,
    stage,
    stale_batches_remove,
    take_turn,
    unstage,
)
from childtrust.outcomes.indicator_writing import merge_points, save_areas, save_indicators
from childtrust.outcomes.local_values import local_value_problems
from childtrust.outcomes.models import (
    DataPoint,
    DataSource,
)

__all__ = ["Progress", "indicator_data_import", "local_counts_import"]


def indicator_data_import(
    *,
    actor: User,
    rows: Iterable[Mapping[str, object]],
    source_name: str,
    progress: Progress | None = None,
) -> ImportReport:
    """Load rows in the layout of the public health profiles' CSV export (extra columns are
    ignored). Every row is checked first; if any is wrong, nothing is written and the report
    lists every problem with its line. Re-loading a file changes only the data points whose
    figures differ, and says how many were new, changed and unchanged."""
    require(access.can_upload_indicator_data(actor), to="load indicator data")
    return _import(actor=actor, rows=rows, source_name=source_name, local=False, progress=progress)


def local_counts_import(
    *,
    actor: User,
    rows: Iterable[Mapping[str, object]],
    source_name: str,
    progress: Progress | None = None,
) -> ImportReport:
    """Load the partnership's own data: a count and a denominator for each indicator, area and
    period (columns indicator, area_code, area_name, area_type, period, count, denominator;
    optionally period_years, how many years each period covers, which the indicator takes).
    The value is the count as a share of the denominator, times the indicator's multiplier.
    A denominator of 0 is refused. All or nothing, as for the public health profiles."""
    require(access.can_upload_indicator_data(actor), to="load indicator data")
    return _import(actor=actor, rows=rows, source_name=source_name, local=True, progress=progress)


def _import(
    *,
    actor: User,
    rows: Iterable[Mapping[str, object]],
    source_name: str,
    local: bool,
    progress: Progress | None,
) -> ImportReport:
    report = ImportReport(source_name=source_name)
    checker = RowChecker(local=local, report=report)
    batch = uuid.uuid4().hex
    source = DataSource.LOCAL if local else DataSource.IMPORTED
    stale_batches_remove()
    try:
        # What is held is read before any row is compared with it, so that a load writing
        # after this moment is noticed when this one takes its turn.
        held = Held.read(local=local, source=source)
        staged = stage(
            checker.points(rows), batch=batch, held=held, report=report, progress=progress
        )
        for line, reason in local_value_problems(checker.names) if local else ():
            report.add_problem(line, reason)
        if not report.ok:
            return report
        if progress is not None:
            progress("writing", report.rows)
        with transaction.atomic():
            in_turn = take_turn(held.version)
            save_areas(actor=actor, areas=checker.areas, report=report)
            save_indicators(
                actor=actor,
                names=checker.names,
                local=local,
                source_name=source_name,
                report=report,
                period_years={key: years for key, (years, _) in checker.period_years.items()},
            )
            merge_points(
                batch=batch,
                local=local,
                source=source,
                report=report,
                staged=staged,
                held=held if in_turn else None,
            )
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                object_type=DataPoint._meta.label_lower,
                object_repr=f"Indicator data from {source_name}"[:200],
                details={"file": source_name, "source": source, **report.counts()},
            )
            if progress is not None:  # in the transaction: a background job's mark of it
                progress("written", report.rows)
    finally:
        unstage(batch)
    return report
