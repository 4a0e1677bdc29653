"""Background work for outcomes, run by `childtrust worker`: loading a large uploaded file of
indicator data (core.import_jobs), on behalf of the person who uploaded it, whose permission the
service checks again when the load starts. Tests use the immediate backend, which runs the task
as soon as it is enqueued."""

from __future__ import annotations

from typing import IO

from django.core.exceptions import PermissionDenied
from django_tasks import task

from childtrust.core.csv_files import CsvFileError
from childtrust.core.csv_stream import open_csv_stream
from childtrust.core.import_jobs import JobProgress, JobReport, import_job_run
from childtrust.core.models import ImportJob
from childtrust.outcomes.indicator_files import (
    FINGERTIPS_REQUIRED_COLUMNS,
    LOCAL_REQUIRED_COLUMNS,
)
from childtrust.outcomes.models import DataSource
from childtrust.outcomes.services.uploads import indicator_data_import, local_counts_import
from childtrust.outcomes.upload_reports import upload_job_report

#: The job kinds of an indicator upload: the public health profiles' export, or local counts.
JOB_KINDS = {"outcomes.fingertips": DataSource.IMPORTED, "outcomes.local": DataSource.LOCAL}
JOB_KIND_PREFIX = "outcomes."


@task()
def indicator_upload_load(job_id: int) -> str:
    """Load an uploaded file of indicator data. Returns the job's status ("" if another worker
    took it)."""
    job = import_job_run(job_id, _load)
    return job.status if job is not None else ""


def _load(job: ImportJob, binary: IO[bytes], progress: JobProgress) -> JobReport:
    local = JOB_KINDS.get(job.kind) == DataSource.LOCAL
    try:
        stream = open_csv_stream(
            binary, required=LOCAL_REQUIRED_COLUMNS if local else FINGERTIPS_REQUIRED_COLUMNS
        )
    except CsvFileError as error:
        return JobReport(ok=False, message=error.message_for(job.file_name))
    if job.created_by is None:  # the account was removed while the file waited
        raise PermissionDenied("The person who uploaded this file no longer has an account.")
    load = local_counts_import if local else indicator_data_import
    report = load(
        actor=job.created_by,
        rows=stream.rows,
        source_name=job.file_name,
        progress=lambda stage, rows: progress(stage, rows, stream.bytes_read),
    )
    return upload_job_report(
        report, kind_label=str(job.options.get("kind_label", "")), encoding=stream.encoding
    )
