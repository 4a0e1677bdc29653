"""A child's merged safeguarding chronology, for partner systems: the entries the page shows,
with the same redaction for the token's owner (safeguarding.access.chronology: only for those
working with the child or by break glass; a restricted concern's detail only for its own agency
and the front door; sensitive involvements as the child's page shows them), the same filters
and order, in pages. Each call is one audit event, naming the filter asked for.

No `from __future__ import annotations` here: Django Ninja reads the query parameters'
annotations (dates among them) when the module loads."""

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, Message
from childtrust.audit.models import AuditAction
from childtrust.safeguarding import access
from childtrust.safeguarding.selectors.chronology import (
    ChronologyFilter,
    Entry,
    EntryKind,
    chronology_for,
)

router = Router(tags=["Safeguarding"])

PURPOSE = "View the child's safeguarding chronology (API)"
# A reference or a key, digits bounded: a number too large for the database is a 404.
CHILD = re.compile(r"CT-[0-9]{1,10}|[0-9]{1,18}")
NEWEST, OLDEST = "newest", "oldest"


class ChronologyEntryOut(Schema):
    date: datetime.date = Field(description="The day, in the partnership's time (Europe/London).")
    at: datetime.datetime | None = Field(
        description="The moment, where the time of day is known (a concern, a referral's steps, "
        "an alert); null for what is known only by its day (a meeting, a plan)."
    )
    kind: str = Field(description=f"One of: {', '.join(EntryKind.values)}.")
    kind_label: str
    source: str = Field(description="Who it comes from: an agency's name, or the front door.")
    agencies: list[int] = Field(description="The IDs of the agencies the entry concerns.")
    title: str
    detail: str
    significant: bool
    significance: str = Field(description="Why it is significant, in words; empty if not.")
    restricted: bool = Field(
        description="A restricted concern the caller may not read: the title says which agency "
        "holds it and whom to contact, and the detail is empty."
    )
    url: str = Field(description="The entry's page in the service, where it has one.")


def _out(entry: Entry) -> dict[str, Any]:
    return {
        "date": entry.day,
        "at": entry.moment,
        "kind": str(entry.kind),
        "kind_label": entry.kind_label,
        "source": entry.source,
        "agencies": sorted(entry.agency_ids),
        "title": entry.title,
        "detail": entry.detail,
        "significant": entry.significant,
        "significance": entry.significance,
        "restricted": entry.restricted,
        "url": entry.url,
    }


def _filter(
    agency: int | None,
    kind: str,
    significant: bool,
    date_from: datetime.date | None,
    date_to: datetime.date | None,
    order: str,
) -> ChronologyFilter:
    problems = {}
    if kind and kind not in EntryKind.values:
        problems["kind"] = f"kind must be one of {', '.join(EntryKind.values)}"
    if order not in (NEWEST, OLDEST):
        problems["order"] = f"order must be {NEWEST} or {OLDEST}"
    if date_from and date_to and date_from > date_to:
        problems["date_to"] = "date_to must be the same as or after date_from"
    if problems:
        raise ValidationError(problems)
    return ChronologyFilter(
        agency=agency,
        kind=kind,
        significant_only=significant,
        date_from=date_from,
        date_to=date_to,
        oldest_first=order == OLDEST,
    )


@router.get(
    "/children/{reference}/chronology",
    response={200: list[ChronologyEntryOut], 400: Message, 404: Message, **REFUSALS},
    summary="A child's merged safeguarding chronology, every agency's entries in time order",
)
@paginated
def child_chronology(
    request: AuthenticatedRequest,
    reference: str,
    agency: int | None = None,
    kind: str = "",
    significant: bool = False,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    order: str = NEWEST,
) -> list[dict[str, Any]]:
    """Newest first unless `order=oldest`. Filters combine: `agency` (an agency's ID: entries
    concerning it), `kind`, `significant=true`, `date_from` and `date_to` (YYYY-MM-DD, both
    days included). 404 for a child the caller may not know exists; 403 without a relationship
    with the child (their own involvement or their team's, the front door) or break glass."""
    if not CHILD.fullmatch(reference):
        raise Http404("No child found")
    filters = _filter(agency, kind, significant, date_from, date_to, order)
    view = access.chronology_child_for(
        request.user,
        reference,
        purpose=PURPOSE,
        action=AuditAction.VIEW,
        details={"shown_as": "api", **filters.audit_details()},
    )
    return [_out(entry) for entry in chronology_for(request.user, view, filters).entries]
