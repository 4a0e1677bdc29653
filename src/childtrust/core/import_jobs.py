"""Loading a large uploaded file in the background (issue 11): the upload page stores the file,
makes an `ImportJob` and queues the app's task, then answers at once with the job's page, which
refreshes itself while the worker checks and loads the file and shows the report when it ends.
A web request near gunicorn's 60-second limit no longer loads anything itself.

Core keeps the job (storing and removing the file, its progress, its end) and who may see it;
each app's task says how its file is loaded (`import_job_run(job_id, load)`). A small file
(under INLINE_MAX_BYTES) is still loaded in the request: it takes well under a second, and its
report is on the page at once.

A job cannot be stranded: the job and its task are made in one transaction (the database task
backend writes its row in the same database), so an enqueue that fails leaves no job and no file;
and a load whose worker was stopped (killed, the machine restarted) is ended as failed, its file
removed, when its page is opened or the worker next looks at its queue
(`import_jobs_stopped_end`). Whether its rows were written is certain: the load says "written"
inside its own write transaction, so the job's row changes with the data or not at all."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks.base import Task

from childtrust.core.models import ImportJob, ImportStatus
from childtrust.core.stopped_jobs import STOPPED_AFTER as STOPPED_AFTER
from childtrust.core.stopped_jobs import job_end_if_unchanged, silent_jobs

logger = logging.getLogger(__name__)

#: Files up to this size are loaded in the request (a few thousand rows: well under a second);
#: larger ones in the background.
INLINE_MAX_BYTES = 1024 * 1024
#: How often the job's page refreshes itself while the load runs.
REFRESH_SECONDS = 3
#: How often, at most, a running load writes its progress (a one-row update each time).
PROGRESS_EVERY_SECONDS = 1.0
#: The problems a job's report keeps to show; the count says how many there were in all.
MAX_PROBLEMS_SHOWN = 100
UNFINISHED = (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.WRITING)
#: A running load writes its progress at least every PROGRESS_EVERY_SECONDS, and its write
#: transaction lasts seconds: a load silent this long was stopped with its worker. A job still
#: waiting (queued) is never stale: the worker may simply be down, and its page says so.
STOPPED_MESSAGE = (
    "The load stopped before it ended (the background worker was stopped). Nothing was "
    "loaded: upload the file again."
)
#: The load said it had written (its write transaction committed) but the worker stopped before
#: the report was kept.
STOPPED_AFTER_WRITING_MESSAGE = (
    "The file was loaded, but the background worker was stopped before it kept the report, so "
    "the counts cannot be shown here."
)
NOT_STARTED_MESSAGE = (
    "The file could not be queued for loading. Nothing was loaded: try again in a few minutes, "
    "and if it fails again, tell the system's administrators."
)
#: The mark a load's own write transaction leaves on its job (see `_progress_saver`).
_WRITTEN = "written"


def upload_dir() -> Path:
    return Path(settings.VAR_DIR) / "uploads"


@dataclass
class JobReport:
    """What a job's page shows once the load has ended: a sentence, the figures as label and
    text, and the problems (the first MAX_PROBLEMS_SHOWN, with the count of all)."""

    ok: bool
    message: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    problem_count: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "facts": [list(fact) for fact in self.facts],
            "problems": self.problems[:MAX_PROBLEMS_SHOWN],
            "problem_count": self.problem_count,
        }


#: Told how far a load has gone: its stage ("checking" or "writing"), rows and bytes read.
JobProgress = Callable[[str, int, int], None]
#: An app's load: the job, its stored file opened to read, and where to say how far it has got.
Load = Callable[[ImportJob, IO[bytes], JobProgress], JobReport]


# --- Starting, running and ending a job -------------------------------------------------------


def import_job_start(
    *,
    actor: Any,
    kind: str,
    uploaded: UploadedFile,
    task: Task[[int], Any],
    options: dict[str, Any] | None = None,
) -> ImportJob:
    """Stores the uploaded file under var/uploads, makes its job and enqueues `task` with the
    job's id, all or nothing: the job and the task's row commit together (the database task
    backend writes it in the same database), and if anything fails the file is removed and
    `ValidationError` says so in words, so that no job waits for ever for a task that was never
    queued. The caller has checked that `actor` may load such a file; the task checks it again.
    (A broker's backend would need the enqueue moved to `transaction.on_commit`, so that the
    task never runs before the job is there.)"""
    directory = upload_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{uuid.uuid4().hex}.csv"
    try:
        size = _store(uploaded, path)
        with transaction.atomic():
            job = ImportJob.objects.create(
                kind=kind,
                file_name=(uploaded.name or "upload.csv")[:255],
                stored_name=path.name,
                options=options or {},
                bytes_total=size,
                created_by=actor,
                modified_by=actor,
            )
            task.enqueue(job.pk)
    except Exception as error:  # a full disk, the database, the queue: told, never a 500
        path.unlink(missing_ok=True)
        logger.exception("Import of %s not started", kind)
        raise ValidationError(NOT_STARTED_MESSAGE, code="not_started") from error
    return job


def _store(uploaded: UploadedFile, path: Path) -> int:
    size = 0
    with path.open("wb") as stored:
        for chunk in uploaded.chunks():
            stored.write(chunk)
            size += len(chunk)
    return size


def import_job_run(job_id: int, load: Load) -> ImportJob | None:
    """Runs a queued job's load on behalf of the person who uploaded it, saying how far it has
    got as it goes, then stores its report and removes the file. A refusal (the person may no
    longer load such files) or any error ends the job as failed, in words. A job another worker
    took, or that is gone, is left alone (None)."""
    taken = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.CHECKING, modified_at=timezone.now()
    )
    if not taken:
        return None
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    path = upload_dir() / job.stored_name
    try:
        with path.open("rb") as binary:
            report = load(job, binary, _progress_saver(job))
    except JobEndedError:
        # Ended as stopped while this load was silent (`import_jobs_stopped_end`): the load has
        # stopped too, before writing or with its write rolled back, as the job now says.
        logger.warning("Import %s had been ended as stopped; its load has stopped", job_id)
        path.unlink(missing_ok=True)
        job.refresh_from_db()
        return job
    except PermissionDenied as refusal:
        logger.info("Import %s not loaded: %s", job_id, refusal)
        report = JobReport(
            ok=False,
            message=f"Nothing was loaded: {refusal} Someone who may can upload the file again.",
        )
        return _job_end(job, ImportStatus.FAILED, report, path)
    except Exception as error:  # any failure is told on the job's page, nothing was loaded
        logger.exception("Import %s failed", job_id)
        report = JobReport(
            ok=False,
            message=(
                "Nothing was loaded: an error stopped the load. Upload the file again; if it "
                "fails again, tell the system's administrators "
                f"(error {type(error).__name__}, import {job_id})."
            ),
        )
        return _job_end(job, ImportStatus.FAILED, report, path)
    return _job_end(job, ImportStatus.DONE if report.ok else ImportStatus.REFUSED, report, path)


class JobEndedError(Exception):
    """The job was ended as stopped while its load was silent: the load must stop."""


def _progress_saver(job: ImportJob) -> JobProgress:
    """Saves the job's progress at most once a second (each save is a short one-row write).
    A load says "written" inside its write transaction, once every row is written: the mark
    then commits with the data or not at all, so a job whose worker stopped is known to have
    been loaded or not. A job already ended as stopped stops its load (`JobEndedError`), rolling
    back the write if it comes to that, so "Nothing was loaded" stays true."""
    last_at, last_stage = [0.0], [""]

    def save(stage: str, rows: int, bytes_read: int) -> None:
        now = time.monotonic()
        if stage == last_stage[0] and now - last_at[0] < PROGRESS_EVERY_SECONDS:
            return
        last_at[0], last_stage[0] = now, stage
        running = ImportJob.objects.filter(
            pk=job.pk, status__in=(ImportStatus.CHECKING, ImportStatus.WRITING)
        )
        if stage == _WRITTEN:
            saved = running.update(report={_WRITTEN: True}, modified_at=timezone.now())
        else:
            status = ImportStatus.WRITING if stage == "writing" else ImportStatus.CHECKING
            with transaction.atomic():
                saved = running.update(
                    status=status,
                    rows_checked=rows,
                    bytes_read=min(bytes_read, job.bytes_total),
                    modified_at=timezone.now(),
                )
        if not saved:
            raise JobEndedError(job.pk)

    return save


def _job_end(job: ImportJob, status: ImportStatus, report: JobReport, path: Path) -> ImportJob:
    path.unlink(missing_ok=True)
    job.refresh_from_db()
    job.status = status
    job.report = report.as_json()
    job.finished_at = timezone.now()
    job.stored_name = ""
    if status == ImportStatus.DONE:
        job.bytes_read = job.bytes_total
    job.save()
    return job


# --- A load whose worker was stopped ----------------------------------------------------------


def import_jobs_stopped_end() -> int:
    """Ends every load whose worker was stopped (checking or writing, silent for STOPPED_AFTER),
    removing its file: run by the worker at the start of each pass. Returns how many."""
    return _stopped_end(ImportJob.objects.all())


def _stopped_end(jobs: QuerySet[ImportJob]) -> int:
    stopped = silent_jobs(jobs, running=(ImportStatus.CHECKING, ImportStatus.WRITING))
    ended = 0
    for job in stopped:  # a handful at most, and usually none
        written = bool(job.report.get(_WRITTEN))
        status = ImportStatus.DONE if written else ImportStatus.FAILED
        message = STOPPED_AFTER_WRITING_MESSAGE if written else STOPPED_MESSAGE
        if job_end_if_unchanged(
            job,
            status=status,
            report=JobReport(ok=written, message=message).as_json(),
            stored_name="",
        ):
            logger.warning("Import %s ended: its worker stopped while %s", job.pk, job.status)
            if job.stored_name:
                (upload_dir() / job.stored_name).unlink(missing_ok=True)
            ended += 1
    return ended


# --- What the job's page says -----------------------------------------------------------------


def import_job_page(job: ImportJob) -> dict[str, Any]:
    """The figures the job's page shows: whether it is still running, how far it has got in
    words and as a share, and how often the page refreshes. A load whose worker was stopped is
    ended first, so that its page says so rather than waiting for ever."""
    if _stopped_end(ImportJob.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    unfinished = job.status in UNFINISHED
    share = job.bytes_read / job.bytes_total if job.bytes_total else 0.0
    percent = min(99, int(share * 100)) if unfinished else 100
    if job.status == ImportStatus.QUEUED:
        words = "Waiting for the background worker to start loading the file."
    elif job.status == ImportStatus.CHECKING:
        estimate = round(job.rows_checked / share) if share > 0 else 0
        about = f" of about {estimate:,}" if estimate else ""
        words = f"Checked {job.rows_checked:,}{about} rows ({percent}% of the file)."
    elif job.status == ImportStatus.WRITING:
        words = f"Checked all {job.rows_checked:,} rows: loading them now."
    else:
        words = ""
    return {
        "job": job,
        "unfinished": unfinished,
        "percent": percent,
        "progress_words": words,
        "refresh_seconds": REFRESH_SECONDS,
        "report": job.report,
    }
