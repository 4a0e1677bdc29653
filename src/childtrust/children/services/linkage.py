"""Linking the agencies' records into the child index (children.linkage does the work): by a
permitted person in the service, or unattended by the command line and the worker. Either way
one audit event records the run's counts, in the run's transaction."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children import access
from childtrust.children.linkage.run import LinkCounts, records_link_run
from childtrust.children.selectors.links import EXPORT_COLUMNS, links_for_export
from childtrust.core.csv_files import spreadsheet_safe
from childtrust.core.permissions import require


@transaction.atomic
def records_link(*, actor: User, full: bool = False) -> LinkCounts:
    """Links new records (or, with `full`, relinks every record) and records who ran it."""
    require(access.can_run_linkage(actor), to="run record linkage")
    return _link_and_record(actor=actor, full=full)


@transaction.atomic
def records_link_unattended(*, full: bool = False) -> LinkCounts:
    """The same on no one's behalf: `childtrust link` and the scheduled job."""
    return _link_and_record(actor=None, full=full)


def _link_and_record(*, actor: User | None, full: bool) -> LinkCounts:
    counts = records_link_run(full=full)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="children.linkage",
        object_repr="Record linkage: full" if counts.full else "Record linkage: new records",
        reason="Linking agency records into the child index",
        details=counts.as_details(),
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
        object_type="children.linkage",
        object_repr="Record links exported",
        reason="childtrust export_links on the server",
        details={"rows": written, "file": path.name},
    )
    return written
