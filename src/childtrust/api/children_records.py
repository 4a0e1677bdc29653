"""Loading an agency's records of children through the API, for partner systems: the same
service as the upload page and `childtrust import_records`, answering the import's report.

The body is JSON, not CSV text: a partner system already holds its rows as fields, and JSON
needs no agreement on quoting, encodings or line breaks. `rows` holds objects with the nine
fields of the file's columns (children.record_rows); a field left out is blank, a field the
service does not know refuses the whole request, naming it. At most MAX_ROWS rows a request:
a larger extract is loaded as a file (the upload page or the command line)."""

from __future__ import annotations

from typing import Any

from ninja import Field, Router, Schema, Status

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.schemas import REFUSALS, Message, RequestBody
from childtrust.children import access
from childtrust.children.models import ImportStatus
from childtrust.children.models.records import ImportChannel
from childtrust.children.record_rows import COLUMNS
from childtrust.children.records_report import import_report_json
from childtrust.children.services.records_import import IMPORT_RECORDS, agency_records_import
from childtrust.core.permissions import require
from childtrust.partnership.selectors.registry import agency_with_slug

router = Router(tags=["Children"])

MAX_ROWS = 10_000


class AgencyRecordsIn(RequestBody):
    agency: str = Field(description="The slug of the agency whose records they are.")
    source_name: str = Field(
        "API", max_length=200, description="What the rows are, as the report names them."
    )
    rows: list[dict[str, str | None]] = Field(
        max_length=MAX_ROWS,
        description=(
            "The records, each an object with the fields record_id (required), given_name, "
            "family_name (one of the two required), date_of_birth (YYYY-MM-DD), sex, address, "
            "postcode, nhs_number and upn; a field left out or null is blank. The first row is "
            "reported as line 2, as if it followed a header line."
        ),
    )


class RejectionOut(Schema):
    line: int
    record_id: str
    reason: str


class WarningOut(Schema):
    line: int
    record_id: str
    field: str
    reason: str


class RecordImportOut(Schema):
    id: int
    agency: str
    source_name: str
    status: str = Field(description="done, or failed when the request was refused whole.")
    problem: str = Field(description="Why the rows were refused whole; empty when loaded.")
    rows_total: int
    rows_done: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    rejections: list[RejectionOut]
    warnings: list[WarningOut]


@router.post(
    "/agency-records",
    response={200: RecordImportOut, 400: Message, **REFUSALS},
    summary="Load an agency's records of children",
)
def agency_records_load(
    request: AuthenticatedRequest, payload: AgencyRecordsIn
) -> Status[dict[str, Any]]:
    """Creates or updates the agency's records by record_id. Rows that cannot be used are
    rejected with their line and reason, and a bad optional field is left blank with a warning;
    the rest is loaded. The same rows sent again change nothing (counted unchanged)."""
    require(access.can_import_child_records(request.user), to=IMPORT_RECORDS)
    agency = agency_with_slug(payload.agency)
    if agency is None:
        return Status(400, {"detail": f'There is no agency with the slug "{payload.agency}".'})
    unknown = sorted({name for row in payload.rows for name in row} - set(COLUMNS))
    job = agency_records_import(
        actor=request.user,
        agency=agency,
        columns=[*COLUMNS, *unknown],
        rows=payload.rows,
        source_name=payload.source_name,
        channel=ImportChannel.API,
        rows_total=len(payload.rows),
    )
    if job.status == ImportStatus.FAILED:
        return Status(400, {"detail": job.problem})
    return Status(200, import_report_json(job))
