"""Loading an agency's records of children: from a file on the command line, an upload (in the
background, children.tasks) or the API, all through `agency_records_import`.

The rules (children.record_rows says which rows are usable), and why:

- A record is the agency's, keyed by (agency, record_id). A new record_id makes a record; a row
  whose normalised fields hash as the record's `content_hash` changes nothing (counted
  unchanged), so loading the same file twice writes no record; a changed row updates the record
  and keeps what it replaced as an AgencyRecordVersion.
- A linked record goes back to linkage (UNLINKED, its match probability cleared) only when a
  field linkage compares changed (record_rows.IDENTIFYING_FIELDS): its names, date of birth,
  sex, postcode, NHS number or UPN. The child it was linked to stays until linkage decides
  again, so that the child index never loses a record between two runs.
- A record anonymised under the retention rules is never filled again by an import: its row is
  rejected, saying why.
- One transaction per file: every row is checked first, with no transaction held (progress is
  written every PROGRESS_EVERY_ROWS rows, so the page can show it); then one transaction writes
  every usable row, the import's report and its one audit event, or nothing. A file refused
  whole (its header, its encoding, a row the CSV reader cannot read) writes no record.
- Usable rows load even when others are rejected: nothing valid is lost, and the report lists
  every rejected line and every data-quality warning."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children import access
from childtrust.children.models import (
    AgencyRecord,
    AgencyRecordVersion,
    ImportStatus,
    LinkStatus,
    RecordImport,
)
from childtrust.children.models.records import ImportChannel
from childtrust.children.record_rows import (
    FIELDS,
    IDENTIFYING_FIELDS,
    RecordRow,
    Rejection,
    RowChecker,
    RowsChecked,
    header_problem,
)
from childtrust.core.csv_stream import CsvReadError
from childtrust.core.permissions import require
from childtrust.core.stopped_jobs import STOPPED_AFTER as STOPPED_AFTER
from childtrust.core.stopped_jobs import job_end_if_unchanged, silent_jobs
from childtrust.partnership.models import Agency

IMPORT_RECORDS = "load agencies' records of children"
#: How often, in rows checked, the import's progress is written (one short one-row update).
PROGRESS_EVERY_ROWS = 2_000
#: Rows written per statement: well under SQLite's limit on a statement's variables.
CHUNK = 1_000

#: Told how many rows have been checked so far.
Progress = Callable[[int], None]


def record_import_queue(
    *, actor: User, agency: Agency, source_name: str, channel: str = ImportChannel.UPLOAD
) -> RecordImport:
    """An import waiting for the background worker (its file stored by the upload page). Its
    audit event is written when it ends, as for every import: one per import."""
    require(access.can_import_child_records(actor), to=IMPORT_RECORDS)
    return RecordImport.objects.create(
        agency=agency,
        source_name=source_name[:200],
        channel=channel,
        status=ImportStatus.QUEUED,
        created_by=actor,
        modified_by=actor,
    )


def agency_records_import(
    *,
    actor: User,
    agency: Agency,
    columns: Iterable[str],
    rows: Iterable[Mapping[str, Any]],
    source_name: str,
    channel: str,
    rows_total: int = 0,
    record_import: RecordImport | None = None,
    today: datetime.date | None = None,
) -> RecordImport:
    """Loads one agency's rows (see the module's rules) and returns the import with its report:
    DONE with its counts, rejections and warnings, or FAILED with the reason the file was refused
    (`problem`), nothing written. `columns` is the file's header (or the API's fields)."""
    require(access.can_import_child_records(actor), to=IMPORT_RECORDS)
    job = record_import or RecordImport(
        agency=agency, source_name=source_name[:200], channel=channel, created_by=actor
    )
    job.status, job.rows_total, job.modified_by = ImportStatus.RUNNING, rows_total, actor
    job.save()
    problem = header_problem(columns)
    if problem:
        return _refused(job, actor=actor, problem=f"The file cannot be loaded: {problem}.")
    checker = RowChecker(today=today or timezone.localdate())
    try:
        _check(checker, rows, _progress_saver(job))
    except CsvReadError as error:
        problem = f"Line {error.line}: {error.reason}. Nothing was loaded."
        return _refused(job, actor=actor, problem=problem)
    checked = checker.finish()
    with transaction.atomic():
        _write(job, agency=agency, checked=checked, actor=actor)
    return job


def _check(checker: RowChecker, rows: Iterable[Mapping[str, Any]], progress: Progress) -> None:
    # The header is line 1, so the first row is line 2, as a spreadsheet numbers it.
    for line, raw in enumerate(rows, start=2):
        checker.check(line, raw)
        if checker.result.read % PROGRESS_EVERY_ROWS == 0:
            progress(checker.result.read)
    progress(checker.result.read)


def _progress_saver(job: RecordImport) -> Progress:
    def save(rows_done: int) -> None:
        RecordImport.objects.filter(pk=job.pk).update(
            rows_done=rows_done, modified_at=timezone.now()
        )
        job.rows_done = rows_done

    return save


def _refused(job: RecordImport, *, actor: User, problem: str) -> RecordImport:
    with transaction.atomic():
        job.status, job.problem, job.finished_at = ImportStatus.FAILED, problem, timezone.now()
        job.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=job,
            details={"agency": job.agency.slug, "refused": problem},
        )
    return job


# --- Writing ------------------------------------------------------------------------------------


def _write(job: RecordImport, *, agency: Agency, checked: RowsChecked, actor: User) -> None:
    """Writes every usable row, the report and the audit event, in the caller's transaction."""
    held = {
        record_id: (pk, content_hash, anonymised)
        for pk, record_id, content_hash, anonymised in AgencyRecord.objects.filter(
            agency=agency
        ).values_list("pk", "record_id", "content_hash", "anonymised_at")
    }
    new: list[RecordRow] = []
    changed: dict[int, RecordRow] = {}
    unchanged = 0
    rejections = list(checked.rejections)
    for record_id, row in checked.rows.items():
        found = held.get(record_id)
        if found is None:
            new.append(row)
        elif found[2] is not None:
            reason = "this record was anonymised under the retention rules: it is not filled again"
            rejections.append(Rejection(row.line, record_id, reason))
        elif found[1] == row.content_hash:
            unchanged += 1
        else:
            changed[found[0]] = row
    _records_create(new, agency=agency, job=job, actor=actor)
    _records_update(changed, job=job, actor=actor)
    rejections.sort(key=lambda rejection: rejection.line)
    _report_save(job, checked, rejections, counts=(len(new), len(changed), unchanged))
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=job,
        details={"agency": agency.slug, "source": job.source_name, **_report_counts(job)},
    )


def _report_counts(job: RecordImport) -> dict[str, int]:
    return {
        "rows": job.rows_done,
        "created": job.created,
        "updated": job.updated,
        "unchanged": job.unchanged,
        "rejected": job.rejected,
        "warnings": len(job.warnings),
    }


def _report_save(
    job: RecordImport,
    checked: RowsChecked,
    rejections: list[Rejection],
    *,
    counts: tuple[int, int, int],
) -> None:
    job.created, job.updated, job.unchanged = counts
    job.rejected = len(rejections)
    job.rejections = [rejection.as_json() for rejection in rejections]
    job.warnings = [warning.as_json() for warning in checked.warnings]
    job.rows_done = checked.read
    job.rows_total = max(job.rows_total, checked.read)
    job.status, job.finished_at = ImportStatus.DONE, timezone.now()
    job.save()


def _records_create(
    rows: list[RecordRow], *, agency: Agency, job: RecordImport, actor: User
) -> None:
    """Inserts the new records with one prepared statement run for every row: the ORM's
    bulk_create builds a model and prepares each field of each row, three quarters of the time
    of a 100,000-row load. The values are the model's own (`_insert_values`), so nothing here
    differs from what bulk_create would write."""
    columns, constant = _insert_values(agency=agency, job=job, actor=actor)
    table = connection.ops.quote_name(AgencyRecord._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    # The names are the model's own columns, quoted; every value is a parameter.
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(
                sql, [(*_row_values(row), *constant) for row in rows[start : start + CHUNK]]
            )


def _insert_values(
    *, agency: Agency, job: RecordImport, actor: User
) -> tuple[list[str], tuple[Any, ...]]:
    """The record's columns, the row's fields first, and the values every new record shares."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    shared: dict[str, object] = {
        "agency_id": agency.pk,
        "last_import_id": job.pk,
        "created_by_id": actor.pk,
        "modified_by_id": actor.pk,
        "created_at": now,
        "modified_at": now,
        "link_status": LinkStatus.UNLINKED.value,
    }
    return [*_ROW_COLUMNS, *shared], tuple(shared.values())


_ROW_COLUMNS = ["record_id", *FIELDS, "content_hash"]


def _row_values(row: RecordRow) -> tuple[Any, ...]:
    born = row.date_of_birth
    return (
        row.record_id,
        row.given_name,
        row.family_name,
        connection.ops.adapt_datefield_value(born) if born is not None else None,
        row.sex,
        row.address,
        row.postcode,
        row.nhs_number,
        row.upn,
        row.content_hash,
    )


def _records_update(changed: dict[int, RecordRow], *, job: RecordImport, actor: User) -> None:
    """Updates each changed record, keeping what it held as a version first: the records held
    read as plain values, and both statements prepared once and run for every row (the ORM's
    bulk_update writes a CASE for each field and row: ten minutes for 100,000 rows on SQLite)."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    stored_json = AgencyRecordVersion._meta.get_field("fields")
    keys = list(changed)
    with connection.cursor() as cursor:
        for start in range(0, len(keys), CHUNK):
            held = AgencyRecord.objects.filter(pk__in=keys[start : start + CHUNK]).values_list(
                "pk", "link_status", "match_probability", *FIELDS
            )
            updates, versions = [], []
            for pk, link_status, probability, *values in held:
                row = changed[pk]
                before = dict(zip(FIELDS, values, strict=True))
                fields = stored_json.get_db_prep_save(_as_json(before), connection)
                versions.append((pk, fields, now, job.pk))
                link = _link_after(row, before, link_status, probability)
                updates.append((*_row_values(row)[1:], *link, job.pk, now, actor.pk, pk))
            cursor.executemany(_VERSION_SQL, versions)
            cursor.executemany(_UPDATE_SQL, updates)


def _link_after(
    row: RecordRow, before: Mapping[str, object], link_status: str, probability: float | None
) -> tuple[str, float | None]:
    """The record's link after the change: back to linkage (UNLINKED) only when a field linkage
    compares changed; the child it was linked to stays until linkage decides again."""
    after = row.fields()
    if any(before[name] != after[name] for name in IDENTIFYING_FIELDS):
        return LinkStatus.UNLINKED.value, None
    return link_status, probability


def _quoted(name: str) -> str:
    return str(connection.ops.quote_name(name))


_SET = [*FIELDS, "content_hash", "link_status", "match_probability"]
_SET += ["last_import_id", "modified_at", "modified_by_id"]
# Our own table's and columns' names, quoted; every value is a parameter.
_UPDATE_SQL = (
    f"UPDATE {_quoted(AgencyRecord._meta.db_table)} SET "  # noqa: S608
    + ", ".join(f"{_quoted(name)} = %s" for name in _SET)
    + " WHERE id = %s"
)
_VERSION_SQL = (
    f"INSERT INTO {_quoted(AgencyRecordVersion._meta.db_table)} "  # noqa: S608
    "(record_id, fields, replaced_at, replaced_by_id) VALUES (%s, %s, %s, %s)"
)


def _as_json(fields: Mapping[str, object]) -> dict[str, str]:
    return {
        name: value.isoformat() if isinstance(value, datetime.date) else str(value or "")
        for name, value in fields.items()
    }


# --- Reading an import's report ---------------------------------------------------------------


def record_import_report_read(
    *, actor: User, record_import: RecordImport, export: str = ""
) -> RecordImport:
    """Records that someone read (or, `export` naming which list, downloaded) an import's
    report: its rejections and warnings quote the agency's record ids and the values refused."""
    require(access.can_import_child_records(actor), to=IMPORT_RECORDS)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT if export else AuditAction.VIEW,
        target=record_import,
        details={"list": export} if export else {},
    )
    return record_import


#: A load writes its progress every PROGRESS_EVERY_ROWS rows and writes its rows in seconds:
#: one silent this long was stopped with its worker (killed, the machine restarted).
STOPPED_MESSAGE = (
    "The load stopped before it ended (the background worker was stopped). Nothing was loaded: "
    "upload the file again."
)


def record_import_stopped_end(*, actor: User, record_import: RecordImport) -> RecordImport:
    """Ends a load whose worker was stopped as refused, so that its page says so rather than
    waiting for ever. Its rows were written in one transaction with its report, so a load still
    running wrote none. A load not silent for STOPPED_AFTER is left as it is."""
    require(access.can_import_child_records(actor), to=IMPORT_RECORDS)
    _stopped_end(RecordImport.objects.filter(pk=record_import.pk), actor=actor)
    record_import.refresh_from_db()
    return record_import


def record_imports_stopped_end_unattended() -> list[int]:
    """Ends every load whose worker was stopped, as `record_import_stopped_end` does, on no
    one's behalf: the worker's timetable (children.records_tasks), so that a load nobody opens
    again is not left running for ever. Returns the ids of those it ended."""
    return _stopped_end(RecordImport.objects.all(), actor=None)


def _stopped_end(imports: QuerySet[RecordImport], *, actor: User | None) -> list[int]:
    stopped = silent_jobs(imports, running=ImportStatus.RUNNING).select_related("agency")
    ended = []
    for record_import in stopped:  # a handful at most, and usually none
        with transaction.atomic():
            if job_end_if_unchanged(
                record_import, status=ImportStatus.FAILED, problem=STOPPED_MESSAGE
            ):
                audit_record(
                    actor=actor,
                    action=AuditAction.UPDATE,
                    target=record_import,
                    details={"agency": record_import.agency.slug, "refused": STOPPED_MESSAGE},
                )
                ended.append(record_import.pk)
    return ended
