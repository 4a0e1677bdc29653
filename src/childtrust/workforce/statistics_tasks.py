"""Background work for the national workforce statistics, run by `childtrust worker`: loading an
uploaded statistics file too large to load in the web request (core.import_jobs keeps the job
and its page), on behalf of the person who uploaded it, whose permission the load checks again
when it starts. Also the report a load's pages show, the same after a small file loaded in the
request and a large one loaded here."""

from __future__ import annotations

from typing import IO

from django.core.exceptions import PermissionDenied
from django_tasks import task

from childtrust.core.csv_files import CsvFileError
from childtrust.core.csv_stream import open_csv_stream
from childtrust.core.import_jobs import JobProgress, JobReport, import_job_run
from childtrust.core.models import ImportJob
from childtrust.workforce.services.statistics_import import workforce_statistics_load
from childtrust.workforce.statistics_csv import StatisticsImportReport, statistics_columns_problem

#: The job kind of a statistics upload.
STATISTICS_JOB_KIND = "workforce.statistics"
#: The flagged rates a report lists (the count says how many there were in all).
MAX_DIFFERENCES_SHOWN = 100


@task()
def statistics_upload_load(job_id: int) -> str:
    """Load an uploaded statistics file. Returns the job's status ("" if another worker took
    it)."""
    job = import_job_run(job_id, _load)
    return job.status if job is not None else ""


def _load(job: ImportJob, binary: IO[bytes], progress: JobProgress) -> JobReport:
    try:
        stream = open_csv_stream(binary)
    except CsvFileError as error:
        return JobReport(ok=False, message=error.message_for(job.file_name))
    problem = statistics_columns_problem(job.file_name, stream.columns)
    if problem:
        return JobReport(ok=False, message=problem + ".")
    if job.created_by is None:  # the account was removed while the file waited
        raise PermissionDenied("The person who uploaded this file no longer has an account.")
    report = workforce_statistics_load(
        actor=job.created_by,
        rows=stream.rows,
        source_name=job.file_name,
        progress=lambda stage, rows: progress(stage, rows, stream.bytes_read),
    )
    return statistics_job_report(report, encoding=stream.encoding)


def statistics_job_report(report: StatisticsImportReport, *, encoding: str) -> JobReport:
    """What a load's page shows: the counts and every flagged rate (the first hundred), or every
    bad line (the first hundred, and how many in all)."""
    if not report.ok:
        return JobReport(
            ok=False,
            message=report.problems_sentence() + ".",
            problems=[str(problem) for problem in report.problems],
            problem_count=report.problem_count,
        )
    facts = [
        ("Years", report.years_text()),
        ("Rows", f"{report.rows:,}"),
        ("Areas", f"{len(report.areas):,}"),
        (
            "Figures",
            f"{report.created:,} new, {report.changed:,} changed, {report.unchanged:,} unchanged",
        ),
        ("Published rates flagged", report.differences_sentence()),
    ]
    facts += [
        (f"Flagged: line {difference.line}", str(difference))
        for difference in report.differences[:MAX_DIFFERENCES_SHOWN]
    ]
    if len(report.differences) > MAX_DIFFERENCES_SHOWN:
        facts.append(
            (
                "More flagged",
                f"and {len(report.differences) - MAX_DIFFERENCES_SHOWN:,} more, marked on the "
                "comparison pages",
            )
        )
    if encoding != "UTF-8":
        facts.append(
            (
                "Encoding",
                f"Read as {encoding}, the way Excel saves CSV files on Windows: check that "
                "authorities' names with accents or dashes look right",
            )
        )
    return JobReport(ok=True, message=report.summary(), facts=facts)
