"""What an import of an agency's records says it did, in words and as rows to download: shared
by the command line, the import's page and the API."""

from __future__ import annotations

from typing import Any

from childtrust.children.models import ImportStatus, RecordImport

REJECTION_HEADER: list[object] = ["Line", "record_id", "Reason"]
WARNING_HEADER: list[object] = ["Line", "record_id", "Field", "Reason"]


def import_summary(job: RecordImport) -> str:
    if job.status == ImportStatus.FAILED:
        return job.problem or "The file was refused: nothing was loaded."
    return (
        f"Loaded {job.source_name} for {job.agency}: {job.rows_done:,} rows read; records "
        f"{job.created:,} new, {job.updated:,} updated, {job.unchanged:,} unchanged; "
        f"{job.rejected:,} rows rejected; {len(job.warnings):,} data-quality warnings."
    )


def rejection_rows(job: RecordImport) -> list[list[object]]:
    return [[r.get("line"), r.get("record_id", ""), r.get("reason", "")] for r in job.rejections]


def warning_rows(job: RecordImport) -> list[list[object]]:
    return [
        [w.get("line"), w.get("record_id", ""), w.get("field", ""), w.get("reason", "")]
        for w in job.warnings
    ]


def import_report_json(job: RecordImport) -> dict[str, Any]:
    """The report as the API answers it."""
    return {
        "id": job.pk,
        "agency": job.agency.slug,
        "source_name": job.source_name,
        "status": job.status,
        "problem": job.problem,
        "rows_total": job.rows_total,
        "rows_done": job.rows_done,
        "created": job.created,
        "updated": job.updated,
        "unchanged": job.unchanged,
        "rejected": job.rejected,
        "rejections": job.rejections,
        "warnings": job.warnings,
    }
