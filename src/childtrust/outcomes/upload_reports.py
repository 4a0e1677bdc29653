"""An indicator upload's report as its pages show it: the confirmation after a small file loaded
in the request, and the job's page after a large one loaded in the background."""

from __future__ import annotations

from childtrust.core.import_jobs import JobReport
from childtrust.outcomes.indicator_files import ImportReport


def upload_summary(report: ImportReport, *, kind_label: str, encoding: str) -> dict[str, object]:
    """The figures the confirmation page shows (kept in the session between the upload and it)."""
    return {"file": report.source_name, "kind": kind_label, "encoding": encoding, **report.counts()}


def problems_sentence(report: ImportReport) -> str:
    count = report.problem_count
    return (
        f"The file {report.source_name} has {count:,} problem{'s' if count != 1 else ''}. "
        "Nothing was loaded: correct every line listed and upload the whole file again"
    )


def upload_job_report(report: ImportReport, *, kind_label: str, encoding: str) -> JobReport:
    """The report a background upload's page shows: the same counts as the confirmation, or
    every bad line (the first hundred, and how many in all)."""
    if not report.ok:
        return JobReport(
            ok=False,
            message=problems_sentence(report) + ".",
            problems=[str(problem) for problem in report.problems],
            problem_count=report.problem_count,
        )
    facts = [
        ("Kind of file", kind_label),
        ("Rows", f"{report.rows:,}"),
        (
            "Data points",
            f"{report.data_points_created:,} new, {report.data_points_updated:,} changed, "
            f"{report.data_points_unchanged:,} unchanged",
        ),
        (
            "Indicators",
            f"{report.indicators_created:,} new, {report.indicators_updated:,} changed",
        ),
        ("Areas", f"{report.areas_created:,} new, {report.areas_updated:,} changed"),
    ]
    if encoding != "UTF-8":
        facts.append(
            (
                "Encoding",
                f"Read as {encoding}, the way Excel saves CSV files on Windows: check that names "
                "with accents or dashes look right",
            )
        )
    return JobReport(ok=True, message=report.summary(), facts=facts)
