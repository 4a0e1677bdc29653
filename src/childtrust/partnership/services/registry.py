"""Writes to the partnership's registry: agencies, localities and wards, services (the
directory) and teams. Each service is keyword-only, typed and atomic; it checks the acting user
first (partnership administrators keep the registry), then the input, refused with a
ValidationError whose messages name the field and say what to do, so that a form can show them
as they are; then saves the record and its one audit event (audit.changes.save_and_record).

Updates take the fields to change as keyword arguments and go through
audit.changes.update_and_record: a call that changes nothing writes nothing and records nothing,
and a refused one leaves the record as it was. Their audit events name the fields changed, not
their values, as the staff directory's do: the log is append-only, and an agency's contacts
name people."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import transaction

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.core.permissions import require
from childtrust.partnership import access
from childtrust.partnership.models import (
    Agency,
    AgencyKind,
    Locality,
    Service,
    ServiceStatus,
    Team,
    TeamKind,
    Ward,
)
from childtrust.partnership.records import others_than, refuse_if_any, stripped, unique_slug
from childtrust.partnership.search.index import search_index_refresh

MAX_CHILD_AGE = 25  # children's services serve young people up to 25 (care leavers, SEND)
ONS_WARD_CODE = re.compile(r"E05\d{6}")

AGENCY_FIELDS = frozenset(
    {
        "name",
        "short_name",
        "kind",
        "statutory_partner",
        "mission",
        "vision",
        "website",
        "contact_name",
        "contact_email",
        "contact_phone",
    }
)
LOCALITY_FIELDS = frozenset({"name", "description"})
WARD_FIELDS = frozenset({"name", "code", "locality"})
SERVICE_FIELDS = frozenset(
    {
        "agency",
        "name",
        "description",
        "audience",
        "eligibility",
        "min_age",
        "max_age",
        "status",
        "how_to_access",
        "email",
        "phone",
        "url",
    }
)
TEAM_FIELDS = frozenset({"name", "kind", "agency", "locality", "purpose"})


# Agencies


def _agency_errors(agency: Agency) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not agency.name:
        errors["name"] = "Enter the agency's name"
    elif others_than(Agency.objects.filter(name__iexact=agency.name), agency).exists():
        errors["name"] = f"There is already an agency called {agency.name}"
    if agency.kind not in AgencyKind.values:
        errors["kind"] = "Choose the kind of agency"
    return errors


@transaction.atomic
def agency_create(
    *,
    actor: User,
    name: str,
    kind: str,
    short_name: str = "",
    statutory_partner: bool = False,
    mission: str = "",
    vision: str = "",
    website: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> Agency:
    """A partner agency, with its own mission and vision (which stay its own: the shared vision
    is the framework's)."""
    require(access.can_manage_partnership(actor), to="add an agency")
    agency = Agency(
        name=name.strip(),
        kind=kind,
        short_name=short_name.strip(),
        statutory_partner=statutory_partner,
        mission=mission,
        vision=vision,
        website=website,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
    )
    refuse_if_any(_agency_errors(agency))
    agency.slug = unique_slug(Agency, agency.name, fallback="agency")
    save_and_record(actor=actor, instance=agency, action=AuditAction.CREATE, details={})
    search_index_refresh(agency)
    return agency


@transaction.atomic
def agency_update(*, actor: User, agency: Agency, **changes: object) -> Agency:
    """Changes the fields given. The slug stays, so that links to the agency keep working."""
    require(access.can_manage_partnership(actor), to="change an agency")
    changed = update_and_record(
        actor=actor,
        instance=agency,
        changes=stripped(changes, "name", "short_name"),
        allowed=AGENCY_FIELDS,
        errors=lambda: _agency_errors(agency),
        values_in_log=False,
    )
    if changed:
        search_index_refresh(agency)
    return agency


# Localities and wards


def _locality_errors(locality: Locality) -> dict[str, str]:
    if not locality.name:
        return {"name": "Enter the locality's name"}
    if others_than(Locality.objects.filter(name__iexact=locality.name), locality).exists():
        return {"name": f"There is already a locality called {locality.name}"}
    return {}


@transaction.atomic
def locality_create(*, actor: User, name: str, description: str = "") -> Locality:
    require(access.can_manage_partnership(actor), to="add a locality")
    locality = Locality(name=name.strip(), description=description)
    refuse_if_any(_locality_errors(locality))
    locality.slug = unique_slug(Locality, locality.name, fallback="locality")
    save_and_record(actor=actor, instance=locality, action=AuditAction.CREATE, details={})
    search_index_refresh(locality)
    return locality


@transaction.atomic
def locality_update(*, actor: User, locality: Locality, **changes: object) -> Locality:
    require(access.can_manage_partnership(actor), to="change a locality")
    changed = update_and_record(
        actor=actor,
        instance=locality,
        changes=stripped(changes, "name"),
        allowed=LOCALITY_FIELDS,
        errors=lambda: _locality_errors(locality),
        values_in_log=False,
    )
    if changed:
        search_index_refresh(locality)
    return locality


def _ward_errors(ward: Ward) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not ward.name:
        errors["name"] = "Enter the ward's name"
    elif others_than(Ward.objects.filter(name__iexact=ward.name), ward).exists():
        errors["name"] = f"There is already a ward called {ward.name}"
    if ward.code and not ONS_WARD_CODE.fullmatch(ward.code):
        errors["code"] = (
            "Enter the ward code as E05 followed by 6 digits, like E05002455, or leave it blank"
        )
    if ward.locality_id is None:
        errors["locality"] = "Choose the locality the ward belongs to"
    return errors


def _ward_code(code: str) -> str:
    return code.strip().upper()


@transaction.atomic
def ward_create(*, actor: User, name: str, locality: Locality | None, code: str = "") -> Ward:
    """A ward belongs to one locality. Its ONS code (E05 and 6 digits) is optional."""
    require(access.can_manage_partnership(actor), to="add a ward")
    ward = Ward(name=name.strip(), code=_ward_code(code), locality=locality)
    refuse_if_any(_ward_errors(ward))
    save_and_record(actor=actor, instance=ward, action=AuditAction.CREATE, details={})
    search_index_refresh(ward)
    return ward


@transaction.atomic
def ward_update(*, actor: User, ward: Ward, **changes: object) -> Ward:
    require(access.can_manage_partnership(actor), to="change a ward")
    changes = stripped(changes, "name")
    if isinstance(code := changes.get("code"), str):
        changes["code"] = _ward_code(code)
    locality_before = ward.locality  # a ward moved leaves its old locality's entry too
    changed = update_and_record(
        actor=actor,
        instance=ward,
        changes=changes,
        allowed=WARD_FIELDS,
        errors=lambda: _ward_errors(ward),
        values_in_log=False,
    )
    if changed:
        search_index_refresh(ward, locality_before)
    return ward


# Services


def _age_errors(service: Service) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, which in (("min_age", "youngest"), ("max_age", "oldest")):
        age = getattr(service, name)
        if age is not None and not 0 <= age <= MAX_CHILD_AGE:
            errors[name] = f"The {which} age must be from 0 to {MAX_CHILD_AGE}"
    lowest, highest = service.min_age, service.max_age
    if not errors and lowest is not None and highest is not None and lowest > highest:
        errors["max_age"] = "The oldest age must be the same as or more than the youngest age"
    return errors


def _service_errors(service: Service) -> dict[str, str]:
    errors: dict[str, str] = {}
    if service.agency_id is None:
        errors["agency"] = "Choose the agency that runs the service"
    if not service.name:
        errors["name"] = "Enter the service's name"
    elif (
        service.agency_id is not None
        and others_than(
            Service.objects.filter(agency_id=service.agency_id, name__iexact=service.name), service
        ).exists()
    ):
        errors["name"] = f"{service.agency} already has a service called {service.name}"
    if not service.description:
        errors["description"] = "Describe what the service does"
    if not service.audience:
        errors["audience"] = "Say who the service is for"
    errors.update(_age_errors(service))
    if service.status not in ServiceStatus.values:
        errors["status"] = "Choose the service's status"
    return errors


@transaction.atomic
def service_create(
    *,
    actor: User,
    agency: Agency | None,
    name: str,
    description: str,
    audience: str,
    eligibility: str = "",
    min_age: int | None = None,
    max_age: int | None = None,
    localities: Iterable[Locality] = (),
    status: str = ServiceStatus.ACTIVE,
    how_to_access: str = "",
    email: str = "",
    phone: str = "",
    url: str = "",
) -> Service:
    """A service in the directory (Open Referral's service). Ages run from 0 to 25, the
    youngest not above the oldest. What it costs and how many children it can take are its
    costing, kept by the resources app."""
    require(access.can_manage_partnership(actor), to="add a service to the directory")
    service = Service(
        agency=agency,
        name=name.strip(),
        description=description.strip(),
        audience=audience.strip(),
        eligibility=eligibility,
        min_age=min_age,
        max_age=max_age,
        status=status,
        how_to_access=how_to_access,
        email=email,
        phone=phone,
        url=url,
    )
    refuse_if_any(_service_errors(service))
    service.slug = unique_slug(Service, service.name, fallback="service")
    save_and_record(actor=actor, instance=service, action=AuditAction.CREATE, details={})
    service.localities.set(localities)
    search_index_refresh(service)
    return service


@transaction.atomic
def service_update(
    *,
    actor: User,
    service: Service,
    localities: Iterable[Locality] | None = None,
    **changes: object,
) -> Service:
    require(access.can_manage_partnership(actor), to="change a service in the directory")
    new_localities = None if localities is None else {locality.pk for locality in localities}
    if new_localities is not None and new_localities == set(
        service.localities.values_list("pk", flat=True)
    ):
        new_localities = None  # the same localities: no change to record
    # The localities a service covers sit beside its fields (many-to-many): their change is
    # recorded with the fields', and saving the service with it moves its modified_at, which the
    # directory's cached pages are keyed on.
    changed = update_and_record(
        actor=actor,
        instance=service,
        changes=stripped(changes, "name", "description", "audience"),
        allowed=SERVICE_FIELDS,
        errors=lambda: _service_errors(service),
        values_in_log=False,
        also_changed=() if new_localities is None else ["localities"],
    )
    if new_localities is not None:
        service.localities.set(new_localities)
    if changed:
        search_index_refresh(service)
    return service


# Teams


def _team_errors(team: Team) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not team.name:
        errors["name"] = "Enter the team's name"
    elif others_than(Team.objects.filter(name__iexact=team.name), team).exists():
        errors["name"] = f"There is already a team called {team.name}"
    if team.kind not in TeamKind.values:
        errors["kind"] = "Choose the kind of team"
    elif team.kind == TeamKind.SINGLE_AGENCY:
        if team.agency_id is None:
            errors["agency"] = "Choose the agency that employs a single-agency team"
        elif team.pk and team.members.exclude(agency_id=team.agency_id).exists():
            errors["agency"] = (
                f"Some of the team's members work for other agencies than {team.agency}: "
                "move them to another team first, or make this a multi-agency team"
            )
    elif team.agency_id is not None:
        errors["agency"] = (
            "A multi-agency team has no single employing agency: leave the agency blank"
        )
    if team.kind == TeamKind.LOCALITY and team.locality_id is None:
        errors["locality"] = "Choose the locality a multi-agency locality team serves"
    return errors


@transaction.atomic
def team_create(
    *,
    actor: User,
    name: str,
    kind: str,
    agency: Agency | None = None,
    locality: Locality | None = None,
    purpose: str = "",
) -> Team:
    """A single-agency team has its employing agency; a locality team has its locality; a
    multi-agency team has no single agency (its members keep their own employers)."""
    require(access.can_manage_partnership(actor), to="add a team")
    team = Team(name=name.strip(), kind=kind, agency=agency, locality=locality, purpose=purpose)
    refuse_if_any(_team_errors(team))
    team.slug = unique_slug(Team, team.name, fallback="team")
    save_and_record(actor=actor, instance=team, action=AuditAction.CREATE, details={})
    search_index_refresh(team)
    return team


@transaction.atomic
def team_update(*, actor: User, team: Team, **changes: object) -> Team:
    require(access.can_manage_partnership(actor), to="change a team")
    changed = update_and_record(
        actor=actor,
        instance=team,
        changes=stripped(changes, "name"),
        allowed=TEAM_FIELDS,
        errors=lambda: _team_errors(team),
        values_in_log=False,
    )
    if changed:
        search_index_refresh(team)
    return team
