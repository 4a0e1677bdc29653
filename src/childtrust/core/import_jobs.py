"""Loading a large uploaded file in the background (issue 11): the upload page stores the file,
makes an `ImportJob` and queues the app's task, then answers at once with the job's page, which
refreshes itself while the worker checks and loads the file and shows the report when it ends.
A web request near gunicorn's 60-second limit no longer loads anything itself.

Core keeps the job (storing and removing the file, its progress, its end) and who may see it;
each app's task says how its file is loaded (`import_job_run(job_id, load)`). A small file
(under INLINE_MAX_BYTES) is still loaded in the request: it takes well under a second, and its
report is on the page at once."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from childtrust.core.models import ImportJob, ImportStatus

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
    *, actor: Any, kind: str, uploaded: UploadedFile, options: dict[str, Any] | None = None
) -> ImportJob:
    """Stores the uploaded file under var/uploads and makes its job, waiting for the worker.
    The caller has checked that `actor` may load such a file; the task checks it again."""
    directory = upload_dir()
    directory.mkdir(parents=True, exist_ok=True)
    stored_name = f"{uuid.uuid4().hex}.csv"
    size = 0
    with (directory / stored_name).open("wb") as stored:
        for chunk in uploaded.chunks():
            stored.write(chunk)
            size += len(chunk)
    return ImportJob.objects.create(
        kind=kind,
        file_name=(uploaded.name or "upload.csv")[:255],
        stored_name=stored_name,
        options=options or {},
        bytes_total=size,
        created_by=actor,
        modified_by=actor,
    )


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


def _progress_saver(job: ImportJob) -> JobProgress:
    """Saves the job's progress at most once a second (each save is a short one-row write)."""
    last_at, last_stage = [0.0], [""]

    def save(stage: str, rows: int, bytes_read: int) -> None:
        now = time.monotonic()
        if stage == last_stage[0] and now - last_at[0] < PROGRESS_EVERY_SECONDS:
            return
        last_at[0], last_stage[0] = now, stage
        status = ImportStatus.WRITING if stage == "writing" else ImportStatus.CHECKING
        with transaction.atomic():
            ImportJob.objects.filter(pk=job.pk).update(
                status=status,
                rows_checked=rows,
                bytes_read=min(bytes_read, job.bytes_total),
                modified_at=timezone.now(),
            )

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


# --- What the job's page says -----------------------------------------------------------------


def import_job_page(job: ImportJob) -> dict[str, Any]:
    """The figures the job's page shows: whether it is still running, how far it has got in
    words and as a share, and how often the page refreshes."""
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
