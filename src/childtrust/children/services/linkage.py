"""Linking the agencies' records into the child index (children.linkage does the work): by a
permitted person in the service, or unattended by the command line and the worker. Either way
one audit event records the run ("children.linkage", named in children.audit_kinds: which run,
who or what ran it, on which backend, how long it took, and its counts), in the run's
transaction. The worker's scheduled run that found nothing new to link is not recorded: it
runs every 15 minutes, and 96 events a day saying "nothing" would bury the runs that did."""

from __future__ import annotations

import csv
from pathlib import Path

from django.conf import settings
from django.db import transaction

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children import access
from childtrust.children.audit_kinds import LINKAGE, LINKAGE_FULL, LINKAGE_NEW, LINKAGE_RUNS
from childtrust.children.linkage.run import LinkCounts, records_link_run
from childtrust.children.selectors.links import EXPORT_COLUMNS, links_for_export
from childtrust.core.csv_files import spreadsheet_safe
from childtrust.core.permissions import require

#: What ran it, as the audit event's reason says.
BY_PERSON = "run in the service"
BY_COMMAND = "`childtrust link` on the server"
BY_SCHEDULE = "the worker's timetable"


@transaction.atomic
def records_link(*, actor: User, full: bool = False) -> LinkCounts:
    """Links new records (or, with `full`, relinks every record) and records who ran it."""
    require(access.can_run_linkage(actor), to="run record linkage")
    return _link_and_record(actor=actor, full=full, by=BY_PERSON)


@transaction.atomic
def records_link_unattended(*, full: bool = False, by: str = BY_COMMAND) -> LinkCounts:
    """The same on no one's behalf: `childtrust link` (BY_COMMAND) and the worker's timetable
    (BY_SCHEDULE), which says what ran it in the audit log's reason."""
    return _link_and_record(actor=None, full=full, by=by)


def _link_and_record(*, actor: User | None, full: bool, by: str) -> LinkCounts:
    counts = records_link_run(full=full)
    if by == BY_SCHEDULE and not counts.records:
        return counts
    run = LINKAGE_FULL if counts.full else LINKAGE_NEW
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type=LINKAGE,
        object_id=run,
        object_repr=LINKAGE_RUNS[run],
        reason=f"Linking agency records into the child index: {by}",
        details={
            **counts.as_details(),
            "backend": settings.CHILDTRUST_LINKAGE_BACKEND,
            "seconds": round(counts.seconds, 1),
        },
    )
    return counts


def links_export_unattended(*, path: Path) -> int:
    """Writes every record's link to `path` as CSV (`childtrust export_links`, on the server),
    each cell safe from running as a formula, and records the export. Returns the rows."""
    written = 0
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)  # noqa: TID251 (cells made safe below; a file on the server, no download)
        writer.writerow(EXPORT_COLUMNS)
        for row in links_for_export():
            writer.writerow([spreadsheet_safe(value) for value in row])
            written += 1
    audit_record(
        actor=None,
        action=AuditAction.EXPORT,
        object_type=LINKAGE,
        object_repr=f"every record's link, to {path.name}",
        reason="childtrust export_links on the server",
        details={"rows": written, "file": path.name},
    )
    return written
