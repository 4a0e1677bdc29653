"""Loading the establishment from a partner's HR system: POST /workforce/establishment with the
same CSV file as the upload page (`Content-Type: text/csv`) or its rows as JSON
(`{"rows": [{"agency": "...", "post_id": "...", ...}]}`), through the same service and rules
(workforce/services/establishment_import.py): all or nothing, 400 with every problem and nothing
written, 403 for a role that may not load it (workforce managers do; one limited to an agency
loads only that agency's rows) and for a token that may only read.

The body is read as a stream, up to MAX_BODY_BYTES, and loaded in the request: 50,000 rows take
seconds (docs/benchmarks.md), well inside the server's time limit."""

from __future__ import annotations

import io
import json
from typing import Any

from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.schemas import REFUSALS, Message
from childtrust.core.csv_files import CsvFileError, decode_csv_bytes
from childtrust.core.permissions import require
from childtrust.workforce import access
from childtrust.workforce.establishment_columns import COLUMNS
from childtrust.workforce.establishment_plan import Counts
from childtrust.workforce.services.establishment_import import (
    LOAD_THE_ESTABLISHMENT,
    ColumnProblem,
    EstablishmentReport,
    establishment_load,
)

router = Router(tags=["Workforce: loading the establishment"])

#: The largest body read: the upload page's limit (50,000 rows are about 10 MB).
MAX_BODY_BYTES = 20 * 1024 * 1024
_CHUNK = 1024 * 1024
_SOURCE = {"csv": "the CSV sent", "json": "the JSON sent"}


class EstablishmentCountsOut(Schema):
    created: int
    changed: int
    unchanged: int


class EstablishmentLoadOut(Schema):
    summary: str = Field(description="What was loaded, in a sentence.")
    rows: int
    posts: EstablishmentCountsOut
    holdings: EstablishmentCountsOut = Field(description="Staff in posts.")
    cover: EstablishmentCountsOut = Field(description="Agency workers covering posts.")
    caseloads: EstablishmentCountsOut


class EstablishmentProblemOut(Schema):
    line: int = Field(
        description="The CSV body's line (the header is line 1), or the JSON row's place in "
        "rows, from 1."
    )
    column: str = Field(description='The column at fault; "" for the whole line.')
    reason: str


class EstablishmentRefusedOut(Schema):
    detail: str
    problems: list[EstablishmentProblemOut] = Field(
        description="Every problem found (the first 10,000), by line."
    )
    problem_count: int


_COLUMNS_TEXT = "; ".join(
    f"`{column.name}`{'' if column.required else ' (optional)'}: {column.meaning}"
    for column in COLUMNS
)
_ROW_SCHEMA = {
    "type": "object",
    "properties": {
        column.name: {"type": ["string", "number", "boolean", "null"]} for column in COLUMNS
    },
    "additionalProperties": False,
}
_REQUEST_BODY = {
    "required": True,
    "content": {
        "text/csv": {"schema": {"type": "string"}},
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"rows": {"type": "array", "items": _ROW_SCHEMA}},
                "required": ["rows"],
            }
        },
    },
}


def _counts(counts: Counts) -> EstablishmentCountsOut:
    return EstablishmentCountsOut(
        created=counts.created, changed=counts.changed, unchanged=counts.unchanged
    )


@router.post(
    "/workforce/establishment",
    response={
        200: EstablishmentLoadOut,
        400: EstablishmentRefusedOut,
        413: Message,
        415: Message,
        **REFUSALS,
    },
    summary="Load the establishment (posts, their holders and caseloads) from an HR export",
    description=(
        "The body is the upload page's CSV file (`Content-Type: text/csv`, UTF-8 or "
        'Windows-1252) or its rows as JSON (`{"rows": [{...}]}`, each row an object of the '
        "columns below; a column left out of a row is blank, and leaves a post's team, "
        "locality or first day as they are where those columns are optional). One row for "
        "each post holder and one for each post with no holder. All or nothing: if any row is "
        "wrong, the answer is 400 with every problem by line and column, and nothing is "
        "written. Posts are matched by agency and post_id, staff in posts by post, person and "
        "start date, agency workers by post, name and start date, caseloads by person and "
        "day: loading the same rows again changes nothing. Job descriptions are never changed. "
        f"Needs a token that may read and write. Columns: {_COLUMNS_TEXT}"
    ),
    openapi_extra={"requestBody": _REQUEST_BODY},
)
def establishment_post(request: AuthenticatedRequest) -> Status[Any] | EstablishmentLoadOut:
    require(access.can_manage_workforce(request.user), to=LOAD_THE_ESTABLISHMENT)
    kind = _body_kind(request)
    body = _body(request)
    if kind == "csv":
        try:
            text, _encoding = decode_csv_bytes(body)
        except CsvFileError as error:
            raise HttpError(400, f"The body {error.problem}: nothing was loaded.") from None
        report = establishment_load(
            actor=request.user, rows=io.StringIO(text, newline=""), source_name=_SOURCE[kind]
        )
    else:
        report = establishment_load(
            actor=request.user, rows=_json_rows(body), source_name=_SOURCE[kind], first_line=1
        )
    if not report.ok:
        return Status(400, _refused(report))
    return EstablishmentLoadOut(
        summary=report.summary(),
        rows=report.rows,
        posts=_counts(report.posts),
        holdings=_counts(report.holdings),
        cover=_counts(report.cover),
        caseloads=_counts(report.caseloads),
    )


def _body_kind(request: AuthenticatedRequest) -> str:
    content_type = (request.content_type or "").lower()
    if content_type == "text/csv":
        return "csv"
    if content_type == "application/json":
        return "json"
    raise HttpError(415, 'Send the rows as text/csv or as application/json: {"rows": [...]}.')


def _body(request: AuthenticatedRequest) -> bytes:
    """The body, read in chunks up to MAX_BODY_BYTES (Django's limit on a body read whole is for
    forms, far below an establishment's size)."""
    chunks, size = [], 0
    while chunk := request.read(_CHUNK):
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise HttpError(
                413,
                f"The body is larger than {MAX_BODY_BYTES // (1024 * 1024)} MB: send the rows in "
                "smaller parts (an agency at a time), or load the file from the upload page.",
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _json_rows(body: bytes) -> list[Any]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise HttpError(400, "The body is not JSON this can read.") from None
    rows = data.get("rows") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise HttpError(400, 'The body must be a JSON object with a list of rows: {"rows": [...]}.')
    return rows


def _refused(report: EstablishmentReport) -> dict[str, Any]:
    return {
        "detail": report.problems_sentence() + ".",
        "problems": [
            problem.as_json()
            if isinstance(problem, ColumnProblem)
            else {"line": problem.line, "column": "", "reason": problem.reason}
            for problem in report.problems
        ],
        "problem_count": report.problem_count,
    }
