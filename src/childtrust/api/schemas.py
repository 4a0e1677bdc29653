"""What the API answers with. Each resource has a short form, used inside lists and other
resources, and a full form for its own detail endpoint."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import model_validator

from childtrust.core.request_checks import holds_nul
from childtrust.partnership.models import (
    Agency,
    AgencyKind,
    ServiceStatus,
    StaffMember,
    Team,
    TeamKind,
)
from childtrust.resources.models import ServiceCosting


class RequestBody(Schema):
    """A request's JSON body: an object of the fields named. Django Ninja's Schema reads the
    fields of whatever it is given as attributes, so without this a list or a number would pass
    as a body that changes nothing."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: object) -> object:
        # Ninja's own validator runs first and hands on the body wrapped in a DjangoGetter.
        body = data._obj if isinstance(data, DjangoGetter) else data
        if not isinstance(body, dict):
            raise ValueError("The body must be a JSON object of the fields to set.")
        if holds_nul(body):
            # PostgreSQL can neither store nor compare text holding one (a 500 otherwise).
            raise ValueError("Text in the body cannot hold a NUL character (code 0).")
        return data


class Message(Schema):
    detail: str = Field(description="What went wrong, in plain words.")


# Every endpoint may refuse: 401 for a missing, unknown or revoked token, 403 for a role that
# may not do what was asked.
REFUSALS: dict[int, type[Schema]] = {401: Message, 403: Message}


class ServiceSummary(Schema):
    slug: str
    name: str
    status: ServiceStatus


class TeamSummary(Schema):
    slug: str
    name: str


# --- Agencies -----------------------------------------------------------------------------------


class AgencySummary(Schema):
    slug: str
    name: str
    short_name: str


class AgencyListItem(AgencySummary):
    kind: AgencyKind
    kind_label: str
    statutory_partner: bool = Field(
        description="Named as a relevant partner under the Children Act 2004."
    )
    website: str

    @staticmethod
    def resolve_kind_label(obj: Agency) -> str:
        return obj.get_kind_display()


class AgencyDetail(AgencyListItem):
    mission: str = Field(description="The agency's own mission statement.")
    vision: str = Field(description="The agency's own vision statement.")
    contact_name: str
    contact_email: str
    contact_phone: str
    services: list[ServiceSummary]
    teams: list[TeamSummary]


# --- Localities and wards -------------------------------------------------------------------------


class LocalitySummary(Schema):
    slug: str
    name: str


class WardOut(Schema):
    name: str
    code: str = Field(description="ONS ward code, such as E05002455; empty where not known.")


class LocalityOut(LocalitySummary):
    description: str
    wards: list[WardOut]
    teams: list[TeamSummary] = Field(description="Teams that work in the locality.")


# --- Services -------------------------------------------------------------------------------------


class ServiceListItem(Schema):
    slug: str
    name: str
    agency: AgencySummary
    status: ServiceStatus
    audience: str = Field(description="Who the service is for.")
    min_age: int | None = Field(description="Youngest age served, in years; null if no limit.")
    max_age: int | None = Field(description="Oldest age served, in years; null if no limit.")
    localities: list[LocalitySummary] = Field(
        description="The localities where the service is offered."
    )


class ServiceDetail(ServiceListItem):
    """Validate with `ServiceDetail.model_validate(service, context={"costing": costing})`:
    the cost and capacity are the service's costing's (kept by the resources app, with their
    sources), or null when it has none."""

    description: str
    eligibility: str
    how_to_access: str
    email: str
    phone: str
    url: str
    capacity: int | None = Field(description="Children the service can support in a year.")
    unit_cost: Decimal | None = Field(description="Average cost per child supported, in pounds.")

    @staticmethod
    def resolve_capacity(obj: object, context: dict[str, Any]) -> int | None:  # noqa: ARG004 (Ninja passes the object)
        costing: ServiceCosting | None = context["costing"]
        return None if costing is None else costing.capacity

    @staticmethod
    def resolve_unit_cost(obj: object, context: dict[str, Any]) -> Decimal | None:  # noqa: ARG004 (Ninja passes the object)
        costing: ServiceCosting | None = context["costing"]
        return None if costing is None else costing.cost_per_child


class ServiceFilters(Schema):
    agency: str | None = Field(None, description="Only services of the agency with this slug.")
    locality: str | None = Field(
        None, description="Only services offered in the locality with this slug."
    )
    age: int | None = Field(
        None, ge=0, le=25, description="Only services open to a child of this age, in years."
    )
    status: ServiceStatus | None = Field(None, description="Only services with this status.")
    agency_kind: AgencyKind | None = Field(
        None, description="Only services of agencies of this kind."
    )
    q: str | None = Field(
        None, max_length=200, description="Words in the service's name, description or audience."
    )


# --- Teams ----------------------------------------------------------------------------------------


class TeamBase(Schema):
    slug: str
    name: str
    kind: TeamKind
    kind_label: str
    agency: AgencySummary | None = Field(
        description="The employing agency of a single-agency team; null for multi-agency teams."
    )
    locality: LocalitySummary | None

    @staticmethod
    def resolve_kind_label(obj: Team) -> str:
        return obj.get_kind_display()


class TeamListItem(TeamBase):
    member_count: int


class TeamMember(Schema):
    name: str
    job_title: str
    agency: AgencySummary = Field(description="The member's employing agency.")

    @staticmethod
    def resolve_name(obj: StaffMember) -> str:
        return obj.full_name


class TeamDetail(TeamBase):
    """Validate with `TeamDetail.model_validate(team, context={"members": members})`: the
    members come from the audited staff-directory read, not from the team object."""

    purpose: str
    members: list[TeamMember]

    @staticmethod
    def resolve_members(obj: object, context: dict[str, Any]) -> list[Any]:  # noqa: ARG004 (Ninja passes the object)
        return list(context["members"])


# --- Vision and outcomes framework ----------------------------------------------------------------


class VisionOut(Schema):
    version: int
    text: str
    adopted_on: date
    adopted_by: str = Field(description="Who adopted it, such as the Children's Trust Board.")


class FrameworkIndicatorOut(Schema):
    id: int
    name: str
    description: str


class CommitmentOut(Schema):
    agency: AgencySummary
    contribution: str = Field(description="What the agency will do towards the priority.")


class PriorityOut(Schema):
    id: int
    title: str
    description: str
    indicators: list[FrameworkIndicatorOut]
    commitments: list[CommitmentOut] = Field(
        description="The agencies committed to contribute to this priority."
    )


class OutcomeOut(Schema):
    slug: str
    name: str
    description: str
    priorities: list[PriorityOut]


class StaffPersonOut(Schema):
    """A member of staff named on the strategic plan or the board's record (an owner, a member
    present), as the plan publishes them: no contact details."""

    id: int = Field(description="The staff member's ID.")
    name: str
    job_title: str
    agency: str


def staff_person(staff: StaffMember) -> dict[str, Any]:
    return {
        "id": staff.pk,
        "name": str(staff),
        "job_title": staff.job_title,
        "agency": staff.agency.name,
    }
