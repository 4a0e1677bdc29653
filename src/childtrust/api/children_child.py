"""A child as the child's page shows it, and the two writes partner systems make about a child:
who is involved, and an information-sharing decision. Every read goes through
children.access.child_for_user, with the page's rules: 404 to a reader who may not know the
child exists (a shielded child to anyone without a relationship or break glass), only that the
child is known and whom to contact to a reader without a relationship, and no sensitive
involvement without a decision to share it."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404
from ninja import Field, Router, Schema, Status

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.schemas import REFUSALS
from childtrust.api.schemas import Message as Problem
from childtrust.children import access
from childtrust.children.models import Involvement, SharingDecision
from childtrust.children.selectors import child_record as selectors
from childtrust.children.services import involvement as involvement_services
from childtrust.children.services import sharing as sharing_services
from childtrust.partnership.selectors.registry import agency_with_slug, service_with_slug
from childtrust.partnership.selectors.staff import staff_member_with_line

router = Router(tags=["Children"])

PURPOSE = "View the child's record (API)"


class ContactOut(Schema):
    agency: str
    name: str
    role: str
    contact: str


class InvolvementOut(Schema):
    id: int
    agency: str
    service: str | None
    practitioner: str | None
    role: str
    started_on: datetime.date
    ended_on: datetime.date | None
    contact: str
    lead_professional: bool
    sensitivity: str = Field(description="Empty when the service is not a sensitive one.")


class RecordOut(Schema):
    agency: str
    record_id: str
    given_name: str
    family_name: str
    date_of_birth: datetime.date | None
    postcode: str
    link_status: str
    match_probability: float | None


class SharingDecisionOut(Schema):
    id: int
    involvement_id: int | None
    what_shared: str
    shared_with: str
    purpose: str
    lawful_basis: str
    outcome: str
    decided_on: datetime.date
    override_reason: str


class ChildOut(Schema):
    reference: str
    known_only: bool = Field(
        description="True when the caller has no relationship with the child: only `contacts` "
        "is given, every other field is null."
    )
    relationship: str = Field(
        description="Why the caller sees what they see: lead_professional, involved, team, "
        "front_door, break_glass or none."
    )
    contacts: list[ContactOut]
    given_name: str | None = None
    family_name: str | None = None
    date_of_birth: datetime.date | None = None
    postcode: str | None = None
    shielded: bool | None = None
    involvements: list[InvolvementOut] | None = None
    records: list[RecordOut] | None = None
    sharing_decisions: list[SharingDecisionOut] | None = None


def _involvement(i: Involvement) -> dict[str, Any]:
    person = i.practitioner
    return {
        "id": i.pk,
        "agency": i.agency.name,
        "service": i.service.name if i.service else None,
        "practitioner": f"{person.given_name} {person.family_name}" if person else None,
        "role": i.role,
        "started_on": i.started_on,
        "ended_on": i.ended_on,
        "contact": i.contact,
        "lead_professional": i.is_lead_professional,
        "sensitivity": i.sensitivity,
    }


def _decision(d: SharingDecision) -> dict[str, Any]:
    return {
        "id": d.pk,
        "involvement_id": d.involvement_id,
        "what_shared": d.what_shared,
        "shared_with": d.shared_with,
        "purpose": d.purpose,
        "lawful_basis": d.lawful_basis,
        "outcome": d.outcome,
        "decided_on": d.decided_on,
        "override_reason": d.override_reason,
    }


@router.get(
    "/children/{reference}",
    response={200: ChildOut, 404: Problem, **REFUSALS},
    summary="A child: the details with a relationship, otherwise whom to contact",
)
def child_detail(request: AuthenticatedRequest, reference: str) -> dict[str, Any]:
    """Each call is recorded in the audit log as a view of the child."""
    view = access.child_for_user(request.user, reference, purpose=PURPOSE)
    child = view.child
    out: dict[str, Any] = {
        "reference": child.reference,
        "known_only": not view.full,
        "relationship": str(view.relationship),
        "contacts": [c.__dict__ for c in selectors.contacts(view.involvements)],
    }
    if not view.full:
        return out
    return out | {
        "given_name": child.given_name,
        "family_name": child.family_name,
        "date_of_birth": child.date_of_birth,
        "postcode": child.postcode,
        "shielded": child.shielded,
        "involvements": [_involvement(i) for i in view.involvements],
        "records": [
            {
                "agency": r.agency.name,
                "record_id": r.record_id,
                "given_name": r.given_name,
                "family_name": r.family_name,
                "date_of_birth": r.date_of_birth,
                "postcode": r.postcode,
                "link_status": r.link_status,
                "match_probability": r.match_probability,
            }
            for r in selectors.child_records(child, view.involvements)
        ],
        "sharing_decisions": [
            _decision(d) for d in selectors.sharing_decisions(child, view.involvements)
        ],
    }


class InvolvementIn(Schema):
    practitioner_id: int | None = Field(
        None, description="The practitioner's staff id; their agency is the involvement's."
    )
    agency: str | None = Field(None, description="The agency's slug, when no one is named.")
    service: str | None = Field(None, description="The service's slug, if any.")
    role: str
    started_on: datetime.date
    contact: str = ""
    sensitivity: str = Field(
        "", description="sexual_health, mental_health, substance_misuse, or empty."
    )


@router.post(
    "/children/{reference}/involvements",
    response={201: InvolvementOut, 400: Problem, 404: Problem, **REFUSALS},
    summary="Record who is involved with a child (the practitioner, their manager or the front "
    "door)",
)
def involvement_create(
    request: AuthenticatedRequest, reference: str, payload: InvolvementIn
) -> Status[dict[str, Any]]:
    view = access.child_for_user(request.user, reference, purpose="Record an involvement (API)")
    practitioner = (
        staff_member_with_line(payload.practitioner_id)
        if payload.practitioner_id is not None
        else None
    )
    if payload.practitioner_id is not None and practitioner is None:
        raise Http404(f"No member of staff has the ID {payload.practitioner_id}.")
    agency = practitioner.agency if practitioner else agency_with_slug(payload.agency or "")
    if agency is None:
        raise Http404("Name the practitioner, or the agency by its slug.")
    service = service_with_slug(payload.service) if payload.service else None
    if payload.service and service is None:
        raise Http404(f"No service has the slug {payload.service}.")
    involvement = involvement_services.involvement_add(
        actor=request.user,
        child=view.child,
        agency=agency,
        practitioner=practitioner,
        service=service,
        role=payload.role,
        started_on=payload.started_on,
        contact=payload.contact,
        sensitivity=payload.sensitivity,
    )
    return Status(201, _involvement(involvement))


class SharingDecisionIn(Schema):
    involvement_id: int | None = Field(
        None, description="The involvement the decision is about, if one (a sensitive one)."
    )
    what_shared: str
    shared_with: str
    purpose: str
    lawful_basis: str = Field(
        description="consent, legal_obligation, vital_interests or public_task."
    )
    outcome: str = Field(description="given, refused, overridden or not_sought.")
    decided_on: datetime.date
    override_reason: str = Field("", description="Required when consent was overridden.")


@router.post(
    "/children/{reference}/sharing-decisions",
    response={201: SharingDecisionOut, 400: Problem, 404: Problem, **REFUSALS},
    summary="Record an information-sharing decision about a child",
)
def sharing_decision_create(
    request: AuthenticatedRequest, reference: str, payload: SharingDecisionIn
) -> Status[dict[str, Any]]:
    view = access.child_for_user(
        request.user, reference, purpose="Record an information-sharing decision (API)"
    )
    involvement = None
    if payload.involvement_id is not None:
        involvement = next((i for i in view.involvements if i.pk == payload.involvement_id), None)
        if involvement is None:
            raise Http404(f"The child has no involvement with the ID {payload.involvement_id}.")
    decision = sharing_services.sharing_decision_record(
        actor=request.user,
        child=view.child,
        involvement=involvement,
        what_shared=payload.what_shared,
        shared_with=payload.shared_with,
        purpose=payload.purpose,
        lawful_basis=payload.lawful_basis,
        outcome=payload.outcome,
        decided_on=payload.decided_on,
        override_reason=payload.override_reason,
    )
    return Status(201, _decision(decision))
