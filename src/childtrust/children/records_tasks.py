"""Loading an uploaded file of an agency's records in the background, run by `childtrust worker`.

The upload page stores the file under var/uploads as `children-records-<import id>.csv`, queues
the import (RecordImport, waiting) and this task in one transaction, and answers with the
import's page, which shows its progress (rows checked of the rows in the file) and then its
report. The load is made on behalf of the person who uploaded the file: the service checks
their permission again when it starts. Whatever happens, the stored file is removed at the end."""

from __future__ import annotations

import logging
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from childtrust.accounts.models import User
from childtrust.children.models import ImportStatus, RecordImport
from childtrust.children.services.records_import import (
    agency_records_import,
    record_import_queue,
    record_imports_stopped_end_unattended,
)
from childtrust.core.csv_files import CsvFileError
from childtrust.core.csv_stream import CsvReadError, CsvStream, open_csv_stream
from childtrust.core.import_jobs import upload_dir
from childtrust.partnership.models import Agency

logger = logging.getLogger(__name__)


NOT_STARTED_MESSAGE = (
    "The file could not be queued for loading. Nothing was loaded: try again in a few minutes, "
    "and if it fails again, tell the system's administrators."
)


def stored_file(record_import_id: int) -> Path:
    return upload_dir() / f"children-records-{record_import_id}.csv"


def records_upload_start(*, actor: User, agency: Agency, uploaded: UploadedFile) -> RecordImport:
    """Queues the import, stores its file and enqueues its load, all or nothing: an enqueue that
    fails leaves no import waiting for ever and no file (ValidationError says so in words)."""
    path: Path | None = None
    try:
        with transaction.atomic():
            job = record_import_queue(
                actor=actor, agency=agency, source_name=uploaded.name or "upload.csv"
            )
            path = stored_file(job.pk)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as stored:
                for chunk in uploaded.chunks():
                    stored.write(chunk)
            agency_records_upload_load.enqueue(job.pk)
    except PermissionDenied:
        raise
    except Exception as error:  # a full disk, the database, the queue: told, never a 500
        if path is not None:
            path.unlink(missing_ok=True)
        logger.exception("Import of records not started")
        raise ValidationError(NOT_STARTED_MESSAGE, code="not_started") from error
    job.refresh_from_db()
    return job


@task()
def agency_records_upload_load(record_import_id: int) -> str:
    """Loads a queued upload. Returns the import's status ("" if another worker took it)."""
    taken = RecordImport.objects.filter(pk=record_import_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, modified_at=timezone.now()
    )
    if not taken:
        return ""
    job = RecordImport.objects.select_related("agency", "created_by").get(pk=record_import_id)
    path = stored_file(record_import_id)
    try:
        _load(job, path)
    except PermissionDenied as refusal:
        _fail(job, f"Nothing was loaded: {refusal}")
    except Exception as error:  # told on the import's page; nothing was loaded
        logger.exception("Import of records %s failed", record_import_id)
        _fail(
            job,
            "Nothing was loaded: an error stopped the load. Upload the file again; if it fails "
            f"again, tell the system's administrators (error {type(error).__name__}).",
        )
    finally:
        path.unlink(missing_ok=True)
    job.refresh_from_db()
    return job.status


@task()
def record_imports_stopped_end() -> int:
    """Ends the loads whose worker was stopped (the worker's timetable, core.schedule), removing
    their stored files, so that a load nobody opens again is not left running for ever (its page
    also ends it when opened). Returns how many were ended."""
    ended = record_imports_stopped_end_unattended()
    for record_import_id in ended:
        stored_file(record_import_id).unlink(missing_ok=True)
    return len(ended)


def _load(job: RecordImport, path: Path) -> None:
    if job.created_by is None:  # the account was removed while the file waited
        raise PermissionDenied("the person who uploaded this file no longer has an account.")
    with path.open("rb") as binary:
        try:
            rows_total = _rows_in(open_csv_stream(binary))
            stream = open_csv_stream(binary)
        except CsvFileError as error:
            _fail(job, error.message_for(job.source_name))
            return
        agency_records_import(
            actor=job.created_by,
            agency=job.agency,
            columns=stream.columns,
            rows=stream.rows,
            source_name=job.source_name,
            channel=job.channel,
            rows_total=rows_total,
            record_import=job,
        )


def _rows_in(stream: CsvStream) -> int:
    """The file's rows, counted before they are checked, so the page can show how far it is."""
    try:
        return sum(1 for _ in stream.rows)
    except CsvReadError:
        return 0


def _fail(job: RecordImport, problem: str) -> None:
    with transaction.atomic():
        RecordImport.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED,
            problem=problem[:500],
            finished_at=timezone.now(),
            modified_at=timezone.now(),
        )
