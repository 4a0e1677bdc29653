"""Concerns about children, for partner systems: record one (a police system posts as its
token's user, so its concerns are the police's), read one, and list a child's. Each is shown as
the caller may see it (safeguarding.access.concerns): the detail to those working with the child
(a restricted concern's to its own agency and the front door), otherwise only that a concern
exists, when, which agency recorded it and whom to contact there. A child the caller may not
know exists is 404, as if unknown. Every read is recorded in the audit log."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Router, Schema, Status

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, Message, RequestBody
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children import access as children_access
from childtrust.core.permissions import require
from childtrust.safeguarding import access
from childtrust.safeguarding.models import (
    ConcernCategory,
    ConcernSensitivity,
    ConcernSource,
    Severity,
)
from childtrust.safeguarding.selectors import concerns as selectors
from childtrust.safeguarding.services import concerns as services

router = Router(tags=["Safeguarding"])


class ConcernIn(RequestBody):
    child: str = Field(
        description="The child's partnership reference (such as CT-004217) or numeric ID."
    )
    category: ConcernCategory
    severity: Severity
    occurred_at: datetime.datetime = Field(
        description="When it happened, ISO 8601 with its offset: 2026-12-04T19:30:00+00:00."
    )
    summary: str = Field(description="What was seen or heard, in the recorder's words.")
    significant: bool = Field(False, description="A significant event, flagged on the chronology.")
    restricted: bool = Field(
        False,
        description="Keep the detail to your agency (and the front door): others see only that "
        "a concern exists, when and whom to contact.",
    )
    external_reference: str = Field(
        "",
        max_length=100,
        description="Your system's own reference. Sending the same one again returns the "
        "concern already recorded (200) instead of recording it twice (201).",
    )


class ConcernContactOut(Schema):
    agency: str
    name: str
    email: str
    phone: str


class ConcernOut(Schema):
    id: int
    child: str = Field(description="The child's partnership reference.")
    agency: str = Field(description="The slug of the agency that recorded it.")
    occurred_at: datetime.datetime
    known_only: bool = Field(
        description="True when the caller may not read the detail: category, severity, summary, "
        "significant, restricted and external_reference are null; `contact` says whom to ask."
    )
    contact: ConcernContactOut
    category: ConcernCategory | None = None
    severity: Severity | None = None
    summary: str | None = None
    significant: bool | None = None
    restricted: bool | None = None
    source: ConcernSource | None = None
    external_reference: str | None = None
    recorded_at: datetime.datetime | None = None


def _out(view: access.ConcernView) -> dict[str, Any]:
    concern = view.concern
    agency = concern.agency
    out: dict[str, Any] = {
        "id": concern.pk,
        "child": concern.child.reference,
        "agency": agency.slug,
        "occurred_at": concern.occurred_at,
        "known_only": not view.full,
        "contact": {
            "agency": agency.name,
            "name": agency.contact_name,
            "email": agency.contact_email,
            "phone": agency.contact_phone,
        },
    }
    if view.full:
        out.update(
            category=concern.category,
            severity=concern.severity,
            summary=concern.summary,
            significant=concern.significant,
            restricted=concern.sensitivity == ConcernSensitivity.RESTRICTED,
            source=concern.source,
            external_reference=concern.external_reference,
            recorded_at=concern.created_at,
        )
    return out


@router.post(
    "/concerns",
    response={200: ConcernOut, 201: ConcernOut, 400: Message, 404: Message, **REFUSALS},
    summary="Record a concern about a child",
)
def concern_create(request: AuthenticatedRequest, payload: ConcernIn) -> Status[dict[str, Any]]:
    """Records the concern for the caller's own agency, checks the partnership's alert rules,
    and, for a police concern of domestic abuse, tells the child's schools before the next
    school day (Operation Encompass). 201 when recorded; 200 with the concern already recorded
    when your agency sent this external_reference before; 400 with every problem at once."""
    require(access.can_record_concerns(request.user), to=services.RECORD)
    view = children_access.child_for_user(
        request.user, payload.child, purpose="Record a concern about the child (API)"
    )
    require(access.can_record_concern_about(request.user, view.child), to=services.RECORD)
    staff = access.recording_staff(request.user)
    assert staff is not None  # can_record_concern_about needs a staff record in post
    existing = selectors.concern_with_reference(staff.agency, payload.external_reference)
    if existing is not None and existing.child_id == view.child.pk:
        shown = access.concern_for_user(
            request.user, existing.pk, purpose="A concern sent again (API)"
        )
        return Status(200, _out(shown))
    concern = services.concern_record(
        actor=request.user,
        child=view.child,
        agency=staff.agency,
        category=payload.category,
        severity=payload.severity,
        occurred_at=payload.occurred_at,
        summary=payload.summary,
        significant=payload.significant,
        sensitivity=ConcernSensitivity.RESTRICTED
        if payload.restricted
        else ConcernSensitivity.NONE,
        source=ConcernSource.API,
        external_reference=payload.external_reference,
    )
    return Status(201, _out(access.ConcernView(concern, True)))


@router.get(
    "/concerns/{concern_id}",
    response={200: ConcernOut, 404: Message, **REFUSALS},
    summary="A concern, as you may see it",
)
def concern_detail(request: AuthenticatedRequest, concern_id: int) -> dict[str, Any]:
    """Each call is recorded in the audit log as a view of the concern."""
    return _out(access.concern_for_user(request.user, concern_id, purpose="View a concern (API)"))


class _SeenPage:
    """Ninja's pagination slices the list; this audits what the slice shows, once."""

    def __init__(self, request: AuthenticatedRequest, queue: Any, reference: str) -> None:
        self.request, self.queue, self.reference = request, queue, reference

    def count(self) -> int:
        return int(self.queue.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        views = access.concern_views_for(self.request.user, list(self.queue[index]))
        if views:
            audit_record(
                actor=self.request.user,
                action=AuditAction.VIEW,
                object_type="safeguarding.concern",
                object_repr=f"Concerns about child {self.reference}",
                reason="List a child's concerns (API)",
                details={
                    "child": self.reference,
                    "shown": [v.concern.pk for v in views if v.full],
                    "known_only": [v.concern.pk for v in views if not v.full],
                },
            )
        return [_out(view) for view in views]


@router.get(
    "/children/{reference}/concerns",
    response={200: list[ConcernOut], 404: Message, **REFUSALS},
    summary="A child's concerns, newest first, as you may see them",
)
@paginated
def child_concern_list(request: AuthenticatedRequest, reference: str) -> Any:
    """Every concern about the child from every agency: the detail of those you may read, and
    of the others only the date, the agency and whom to contact."""
    view = children_access.child_for_user(
        request.user, reference, purpose="List the child's concerns (API)"
    )
    return _SeenPage(request, selectors.concerns_about(view.child), view.child.reference)
