"""Background work for the establishment upload, run by `childtrust worker`: a file too large to
load in the web request (core.import_jobs.INLINE_MAX_BYTES) is stored by the upload page and
loaded here, on behalf of the person who uploaded it, whose permission (and remit) the service
checks again when the load starts. Tests use the immediate backend, which runs the task as soon
as it is enqueued."""

from __future__ import annotations

from typing import IO

from django.core.exceptions import PermissionDenied
from django_tasks import task

from childtrust.core.csv_files import CsvFileError
from childtrust.core.csv_stream import open_csv_stream
from childtrust.core.import_jobs import JobProgress, JobReport, import_job_run
from childtrust.core.models import ImportJob
from childtrust.workforce.establishment_columns import columns_problem
from childtrust.workforce.services.establishment_import import (
    EstablishmentReport,
    establishment_load,
)

#: The job kind of an establishment upload.
ESTABLISHMENT_JOB_KIND = "workforce.establishment"


@task()
def establishment_upload_load(job_id: int) -> str:
    """Load an uploaded establishment file. Returns the job's status ("" if another worker took
    it)."""
    job = import_job_run(job_id, _load)
    return job.status if job is not None else ""


def _load(job: ImportJob, binary: IO[bytes], progress: JobProgress) -> JobReport:
    try:
        stream = open_csv_stream(binary)
    except CsvFileError as error:
        return JobReport(ok=False, message=error.message_for(job.file_name))
    problem = columns_problem(job.file_name, stream.columns)
    if problem:
        return JobReport(ok=False, message=problem + ".")
    if job.created_by is None:  # the account was removed while the file waited
        raise PermissionDenied("The person who uploaded this file no longer has an account.")
    report = establishment_load(
        actor=job.created_by,
        rows=stream.rows,
        source_name=job.file_name,
        progress=lambda stage, rows: progress(stage, rows, stream.bytes_read),
    )
    return establishment_job_report(report, encoding=stream.encoding)


def establishment_job_report(report: EstablishmentReport, *, encoding: str) -> JobReport:
    """What an upload's page shows: the counts, or every bad line (the first hundred, and how
    many in all)."""
    if not report.ok:
        return JobReport(
            ok=False,
            message=report.problems_sentence() + ".",
            problems=[str(problem) for problem in report.problems],
            problem_count=report.problem_count,
        )
    facts = report.facts()
    if encoding != "UTF-8":
        facts.append(
            (
                "Encoding",
                f"Read as {encoding}, the way Excel saves CSV files on Windows: check that names "
                "with accents or dashes look right",
            )
        )
    return JobReport(ok=True, message=report.summary(), facts=facts)
