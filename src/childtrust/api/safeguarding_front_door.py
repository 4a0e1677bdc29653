"""The front door for partner systems: send a contact or referral (the front door, or a
practitioner who records concerns, about a child they may know exists), list and read referrals,
and take one through its steps (screen, decide, tell the referrer) as the front door; and the
running statutory clocks the caller may see, each in working days. A referral's details only to
those who may see the child's (404 otherwise, as if unknown); every read is audited."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, Message, RequestBody
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children.access import child_for_user
from childtrust.core.permissions import require
from childtrust.partnership.selectors.registry import agency_with_slug
from childtrust.partnership.selectors.staff import staff_member_with_line
from childtrust.safeguarding import access
from childtrust.safeguarding.models import (
    ClockKind,
    Rag,
    Referral,
    ReferralDecision,
    ReferralKind,
    ReferralStage,
)
from childtrust.safeguarding.selectors import front_door as selectors
from childtrust.safeguarding.selectors.clocks import ClockRow, running_clocks
from childtrust.safeguarding.services import front_door as services

router = Router(tags=["Safeguarding"])

Row = TypeVar("Row")


class _SeenPage(Generic[Row]):
    """Ninja's pagination slices the list; this records the page it shows (`seen`, naming
    each row shown), once, and answers it in `out`'s shape."""

    def __init__(
        self,
        rows: list[Row],
        seen: Callable[[list[Row]], None],
        out: Callable[[Row], dict[str, Any]],
    ) -> None:
        self.rows, self.seen, self.out = rows, seen, out

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        shown = self.rows[index]
        self.seen(shown)
        return [self.out(row) for row in shown]


class ReferralIn(RequestBody):
    child: str = Field(description="The child's partnership reference (such as CT-004217).")
    kind: ReferralKind
    received_at: datetime.datetime = Field(
        description="When it was received, ISO 8601 with its offset: 2026-12-04T09:30:00+00:00."
    )
    referrer_name: str = Field(max_length=200)
    referrer_agency: str = Field("", description="The slug of the referrer's agency, if any.")
    referrer_email: str = Field("", max_length=254)
    referrer_phone: str = Field("", max_length=40)
    reason: str = Field(description="Why the referrer is worried, in their words.")
    concerns: list[int] = Field(
        default_factory=list, max_length=100, description="IDs of concerns about the child."
    )


class ScreenIn(RequestBody):
    rag: Rag
    note: str


class ReferralDecisionIn(RequestBody):
    decision: ReferralDecision
    reason: str
    social_worker: int | None = Field(
        None, description="The staff ID of the social worker for an assessment (s17 or s47)."
    )


class ToldIn(RequestBody):
    how: str = Field(max_length=150, description="How the referrer was told: 'By phone'.")


class ReferralSummaryOut(Schema):
    id: int
    child: str = Field(description="The child's partnership reference.")
    kind: ReferralKind
    stage: ReferralStage
    rag: str = Field(description="red, amber or green; empty until screened.")
    received_at: datetime.datetime
    decision_due: datetime.date | None = Field(description="The decision clock's due day.")


class ReferralOut(ReferralSummaryOut):
    referrer_name: str
    referrer_agency: str | None
    referrer_email: str
    reason: str
    screening_note: str
    decision: str
    decision_reason: str
    referrer_told_at: datetime.datetime | None
    referrer_told_how: str
    concerns: list[int]


class ClockOut(Schema):
    id: int
    kind: ClockKind
    child: str
    referral: int | None
    started_on: datetime.date
    due_on: datetime.date
    state: str = Field(description="on_time, near_breach or breached.")
    words: str = Field(description="'due in 2 working days', '3 working days overdue'.")
    owner: int | None = Field(description="The owner's staff ID.")
    escalated_to: int | None


def _decision_due(referral: Referral) -> datetime.date | None:
    clock = next((c for c in referral.clocks.all() if c.kind == ClockKind.DECISION), None)
    return clock.due_on if clock is not None else None


def _summary(referral: Referral) -> dict[str, Any]:
    return {
        "id": referral.pk,
        "child": referral.child.reference,
        "kind": referral.kind,
        "stage": referral.stage,
        "rag": referral.rag,
        "received_at": referral.received_at,
        "decision_due": _decision_due(referral),
    }


def _out(referral: Referral) -> dict[str, Any]:
    return _summary(referral) | {
        "referrer_name": referral.referrer_name,
        "referrer_agency": referral.referrer_agency.slug if referral.referrer_agency else None,
        "referrer_email": referral.referrer_email,
        "reason": referral.reason,
        "screening_note": referral.screening_note,
        "decision": referral.decision,
        "decision_reason": referral.decision_reason,
        "referrer_told_at": referral.referrer_told_at,
        "referrer_told_how": referral.referrer_told_how,
        "concerns": sorted(c.pk for c in referral.concerns.all()),
    }


def _referral(request: AuthenticatedRequest, referral_id: int, purpose: str) -> Referral:
    referral = selectors.referral_with_id(referral_id)
    if referral is None:
        raise Http404("No referral has that ID.")
    child_for_user(request.user, referral.child_id, purpose=purpose)
    if not access.can_view_referral(request.user, referral):
        raise Http404("No referral has that ID.")
    return referral


@router.post(
    "/referrals",
    response={201: ReferralOut, 400: Message, 404: Message, **REFUSALS},
    summary="Send a contact or referral to the front door",
)
def referral_create(request: AuthenticatedRequest, payload: ReferralIn) -> Status[dict[str, Any]]:
    """Records it and starts the decision clock: due one working day after the day received.
    400 with every problem at once; nothing is written."""
    require(access.can_refer(request.user), to=services.REFER)
    view = child_for_user(request.user, payload.child, purpose="Refer the child (API)")
    problems: dict[str, str] = {}
    agency = agency_with_slug(payload.referrer_agency) if payload.referrer_agency else None
    if payload.referrer_agency and agency is None:
        problems["referrer_agency"] = "No agency has that slug"
    # A concern that does not exist and one about another child get the same answer, so that
    # no caller learns which IDs exist, nor whose they are.
    concerns = selectors.concerns_of_child_with_ids(view.child.pk, payload.concerns)
    if len(concerns) != len(set(payload.concerns)):
        problems["concerns"] = services.CONCERN_NOT_THE_CHILDS
    if problems:
        raise ValidationError(problems)
    referral = services.referral_receive(
        actor=request.user,
        child=view.child,
        kind=payload.kind,
        received_at=payload.received_at,
        referrer_name=payload.referrer_name,
        referrer_agency=agency,
        referrer_email=payload.referrer_email,
        referrer_phone=payload.referrer_phone,
        reason=payload.reason,
        concerns=concerns,
    )
    return Status(201, _out(referral))


@router.get(
    "/referrals",
    response={200: list[ReferralSummaryOut], **REFUSALS},
    summary="The front door's referrals, decision due soonest first",
)
@paginated
def referral_list(request: AuthenticatedRequest, stage: str = "") -> Any:
    """The front door only. Not closed ones unless `stage` (received, screened, gathering,
    decided or closed) asks for them. The list's view is recorded in the audit log."""
    require(access.can_run_front_door(request.user), to="see the front door's referrals")
    if stage and stage not in ReferralStage.values:
        raise ValidationError({"stage": "The stage must be one of " + ", ".join(ReferralStage)})
    rows = selectors.front_door_queue(
        access.referrals_visible_to(request.user),
        selectors.QueueFilter(stage=stage),
    )

    def seen(shown: list[selectors.QueueRow]) -> None:
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            object_type="safeguarding.referral",
            object_repr="The front door's referrals",
            reason="List the front door's referrals (API)",
            details={
                "stage": stage,
                "count": len(rows),
                "referrals": [row.referral.pk for row in shown],
            },
        )

    return _SeenPage(
        rows, seen, lambda row: _summary(row.referral) | {"decision_due": row.decision_due}
    )


@router.get(
    "/referrals/{referral_id}",
    response={200: ReferralOut, 404: Message, **REFUSALS},
    summary="A referral, to those who may see the child's details",
)
def referral_detail(request: AuthenticatedRequest, referral_id: int) -> dict[str, Any]:
    return _out(_referral(request, referral_id, "Read a referral (API)"))


@router.post(
    "/referrals/{referral_id}/screen",
    response={200: ReferralOut, 400: Message, 404: Message, **REFUSALS},
    summary="Screen a referral: its RAG rating and why",
)
def referral_screen(
    request: AuthenticatedRequest, referral_id: int, payload: ScreenIn
) -> dict[str, Any]:
    referral = _referral(request, referral_id, "Screen a referral (API)")
    return _out(
        services.referral_screen(
            actor=request.user, referral=referral, rag=payload.rag, note=payload.note
        )
    )


@router.post(
    "/referrals/{referral_id}/decision",
    response={200: ReferralOut, 400: Message, 404: Message, **REFUSALS},
    summary="Decide on a screened referral",
)
def referral_decision(
    request: AuthenticatedRequest, referral_id: int, payload: ReferralDecisionIn
) -> dict[str, Any]:
    """Stops the decision clock; s17 or s47 starts an assessment due in 45 working days."""
    referral = _referral(request, referral_id, "Decide on a referral (API)")
    social_worker = None
    if payload.social_worker is not None:
        social_worker = staff_member_with_line(payload.social_worker)
        if social_worker is None:
            raise ValidationError({"social_worker": "No member of staff has that ID"})
    return _out(
        services.referral_decide(
            actor=request.user,
            referral=referral,
            decision=payload.decision,
            reason=payload.reason,
            social_worker=social_worker,
        )
    )


@router.post(
    "/referrals/{referral_id}/referrer-told",
    response={200: ReferralOut, 400: Message, 404: Message, **REFUSALS},
    summary="Record that the referrer was told the outcome, which closes the referral",
)
def referral_referrer_told(
    request: AuthenticatedRequest, referral_id: int, payload: ToldIn
) -> dict[str, Any]:
    referral = _referral(request, referral_id, "Tell the referrer (API)")
    return _out(services.referrer_tell(actor=request.user, referral=referral, how=payload.how))


def _clock_out(row: ClockRow) -> dict[str, Any]:
    clock, standing = row.clock, row.standing
    return {
        "id": clock.pk,
        "kind": clock.kind,
        "child": clock.child.reference,
        "referral": clock.referral_id,
        "started_on": clock.started_on,
        "due_on": clock.due_on,
        "state": str(standing.state),
        "words": standing.words,
        "owner": clock.owner_id,
        "escalated_to": clock.escalated_to_id,
    }


@router.get(
    "/clocks",
    response={200: list[ClockOut], **REFUSALS},
    summary="The running statutory clocks you may see, soonest due first",
)
@paginated
def clock_list(request: AuthenticatedRequest) -> Any:
    """The front door: every clock; a team manager: those of their line and escalated to
    them. The view is recorded in the audit log."""
    require(access.can_view_clocks(request.user), to="see the statutory clocks")
    rows = running_clocks(access.clocks_visible_to(request.user))

    def seen(shown: list[ClockRow]) -> None:
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            object_type="safeguarding.clock",
            object_repr="The statutory clocks",
            reason="List the statutory clocks (API)",
            details={"count": len(rows), "clocks": [row.clock.pk for row in shown]},
        )

    return _SeenPage(rows, seen, _clock_out)
