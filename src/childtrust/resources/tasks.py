"""Background work for resources, run by `childtrust worker` (see childtrust.core.schedule):
allocation runs, and spend files too large to load in the web request.

An allocation run from the page is worked out here rather than in the request: at 2,000
services the allocation, the budget cut and raised by 10% and each agency on its own take 15
seconds or more (docs/benchmarks.md). The page queues the run (allocation_start) and shows its
stage until the result is in. The work is done on behalf of the person who queued it: the
service checks their permission again when it starts. Tests use the immediate backend, which
runs the task as soon as it is enqueued.

A spend file over core.import_jobs.INLINE_MAX_BYTES is stored by the upload page and loaded
here (core.import_jobs keeps the job and its page), on behalf of the person who uploaded it,
whose permission the import checks again when it starts."""

from __future__ import annotations

from decimal import Decimal
from typing import IO

from django.core.exceptions import PermissionDenied
from django_tasks import task

from childtrust.accounts.models import User
from childtrust.core.csv_files import CsvFileError
from childtrust.core.csv_stream import open_csv_stream
from childtrust.core.import_jobs import JobProgress, JobReport, import_job_run
from childtrust.core.models import ImportJob
from childtrust.resources.budget_rules import spend_columns_problem
from childtrust.resources.models import AllocationRun, FinancialYear
from childtrust.resources.selectors.budget import financial_year_with_label
from childtrust.resources.services import allocation as services
from childtrust.resources.services.spend import SpendImportReport, monthly_spend_import

#: The job kind of a spend upload; its options name the financial year ({"year": "2026-27"}).
SPEND_JOB_KIND = "resources.spend"


@task()
def allocation_run_queued(run_id: int) -> str:
    """Work out a queued allocation run. Returns its status ("" if another worker took it)."""
    run = services.allocation_queued_run_work(run_id=run_id)
    return run.status if run is not None else ""


def allocation_start(
    *,
    actor: User,
    year: FinancialYear,
    name: str,
    locality_floor_share: Decimal,
    whole_blocks: bool,
) -> AllocationRun:
    """Queues a run (stored and audited at once, so its page exists) and enqueues its work.
    The run as it stands after enqueueing: still queued with a worker, already worked out
    with the immediate backend."""
    run = services.allocation_queue(
        actor=actor,
        year=year,
        name=name,
        locality_floor_share=locality_floor_share,
        whole_blocks=whole_blocks,
    )
    allocation_run_queued.enqueue(run.pk)
    run.refresh_from_db()
    return run


# --- Loading a large spend file -----------------------------------------------------------------


@task()
def spend_upload_load(job_id: int) -> str:
    """Load an uploaded spend file. Returns the job's status ("" if another worker took it)."""
    job = import_job_run(job_id, _spend_load)
    return job.status if job is not None else ""


def _spend_load(job: ImportJob, binary: IO[bytes], progress: JobProgress) -> JobReport:
    try:
        stream = open_csv_stream(binary)
    except CsvFileError as error:
        return JobReport(ok=False, message=error.message_for(job.file_name))
    problem = spend_columns_problem(job.file_name, stream.columns)
    if problem:
        return JobReport(ok=False, message=problem + ".")
    if job.created_by is None:  # the account was removed while the file waited
        raise PermissionDenied("The person who uploaded this file no longer has an account.")
    label = str(job.options.get("year", ""))
    year = financial_year_with_label(label)
    if year is None:
        return JobReport(ok=False, message=f"Nothing was loaded: the year {label} is gone.")
    report = monthly_spend_import(
        actor=job.created_by,
        year=year,
        rows=stream.rows,
        source_name=job.file_name,
        progress=lambda stage, rows: progress(stage, rows, stream.bytes_read),
    )
    return _spend_job_report(report, encoding=stream.encoding)


def _spend_job_report(report: SpendImportReport, *, encoding: str) -> JobReport:
    """The report a background spend upload's page shows: the counts, or every bad line (the
    first hundred, and how many in all)."""
    if not report.ok:
        return JobReport(
            ok=False,
            message=report.problems_sentence() + ".",
            problems=[str(problem) for problem in report.problems],
            problem_count=report.problem_count,
        )
    facts = [
        ("Financial year", report.year_label),
        ("Rows", f"{report.rows:,}"),
        (
            "Monthly figures",
            f"{report.created:,} new, {report.changed:,} changed, {report.unchanged:,} unchanged",
        ),
        ("Spend in the file", f"£{report.total:,.2f}"),
    ]
    if encoding != "UTF-8":
        facts.append(
            (
                "Encoding",
                f"Read as {encoding}, the way Excel saves CSV files on Windows: check that notes "
                "with accents, dashes or pound signs look right",
            )
        )
    return JobReport(ok=True, message=report.summary(), facts=facts)
