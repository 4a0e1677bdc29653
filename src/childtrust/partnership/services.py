"""Every write to the partnership: keyword-only, typed, atomic, validated, audited.

Each service calls `full_clean()` before saving and records one audit event in the same
transaction (childtrust.audit.services.audit_record)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.partnership.models import (
    Agency,
    AgencyKind,
    Commitment,
    FrameworkIndicator,
    Locality,
    Outcome,
    Priority,
    Service,
    ServiceStatus,
    StaffMember,
    Team,
    TeamKind,
    VisionStatement,
    Ward,
)

# --- Registry: agencies, localities and wards, services, teams, staff -------------------------
# Each rule is checked before saving and refused with a ValidationError whose messages name the
# field and say what to do, so that a form can show them as they are. Updates take the fields
# to change as keyword arguments; a call that changes nothing writes nothing and records nothing.

MAX_CHILD_AGE = 25  # children's services serve young people up to 25 (care leavers, SEND)
ONS_WARD_CODE = re.compile(r"E05\d{6}")
RESERVED_SLUGS = frozenset({"add"})  # /services/add/ and the like are pages, not records

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
STAFF_FIELDS = frozenset(
    {
        "given_name",
        "family_name",
        "email",
        "phone",
        "job_title",
        "agency",
        "team",
        "manager",
        "is_active",
    }
)


def _unique_slug(model: type[models.Model], name: str, *, fallback: str) -> str:
    max_length = getattr(model._meta.get_field("slug"), "max_length", None) or 50
    base = slugify(name)[:max_length].strip("-") or fallback
    slug, number = base, 2
    while slug in RESERVED_SLUGS or model._default_manager.filter(slug=slug).exists():
        suffix = f"-{number}"
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
        number += 1
    return slug


def _apply_changes(
    instance: models.Model, changes: dict[str, Any], allowed: frozenset[str]
) -> list[str]:
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"{type(instance).__name__} has no changeable fields {sorted(unknown)}")
    changed = []
    for name, value in changes.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return sorted(changed)


def _others(queryset: models.QuerySet[Any], instance: models.Model) -> models.QuerySet[Any]:
    """The queryset without `instance`, for checking a name is not taken by another record."""
    return queryset if instance.pk is None else queryset.exclude(pk=instance.pk)


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _strip(instance: models.Model, *names: str) -> None:
    for name in names:
        setattr(instance, name, getattr(instance, name).strip())


# Agencies


def _agency_errors(agency: Agency) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not agency.name:
        errors["name"] = "Enter the agency's name"
    elif _others(Agency.objects.filter(name__iexact=agency.name), agency).exists():
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
    agency = Agency(
        name=name,
        kind=kind,
        short_name=short_name,
        statutory_partner=statutory_partner,
        mission=mission,
        vision=vision,
        website=website,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
    )
    _strip(agency, "name", "short_name")
    _refuse(_agency_errors(agency))
    agency.slug = _unique_slug(Agency, agency.name, fallback="agency")
    save_and_record(actor=actor, instance=agency, action=AuditAction.CREATE, details={})
    return agency


@transaction.atomic
def agency_update(*, actor: User, agency: Agency, **changes: Any) -> Agency:
    """Changes the fields given. The slug stays, so that links to the agency keep working."""
    changed = _apply_changes(agency, changes, AGENCY_FIELDS)
    if not changed:
        return agency
    _strip(agency, "name", "short_name")
    _refuse(_agency_errors(agency))
    save_and_record(
        actor=actor, instance=agency, action=AuditAction.UPDATE, details={"changed": changed}
    )
    return agency


# Localities and wards


def _locality_errors(locality: Locality) -> dict[str, str]:
    if not locality.name:
        return {"name": "Enter the locality's name"}
    if _others(Locality.objects.filter(name__iexact=locality.name), locality).exists():
        return {"name": f"There is already a locality called {locality.name}"}
    return {}


@transaction.atomic
def locality_create(*, actor: User, name: str, description: str = "") -> Locality:
    locality = Locality(name=name.strip(), description=description)
    _refuse(_locality_errors(locality))
    locality.slug = _unique_slug(Locality, locality.name, fallback="locality")
    save_and_record(actor=actor, instance=locality, action=AuditAction.CREATE, details={})
    return locality


@transaction.atomic
def locality_update(*, actor: User, locality: Locality, **changes: Any) -> Locality:
    changed = _apply_changes(locality, changes, LOCALITY_FIELDS)
    if not changed:
        return locality
    _strip(locality, "name")
    _refuse(_locality_errors(locality))
    save_and_record(
        actor=actor, instance=locality, action=AuditAction.UPDATE, details={"changed": changed}
    )
    return locality


def _ward_errors(ward: Ward) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not ward.name:
        errors["name"] = "Enter the ward's name"
    elif _others(Ward.objects.filter(name__iexact=ward.name), ward).exists():
        errors["name"] = f"There is already a ward called {ward.name}"
    if ward.code and not ONS_WARD_CODE.fullmatch(ward.code):
        errors["code"] = (
            "Enter the ward code as E05 followed by 6 digits, like E05002455, or leave it blank"
        )
    if ward.locality_id is None:
        errors["locality"] = "Choose the locality the ward belongs to"
    return errors


def _normalise_ward(ward: Ward) -> None:
    ward.name = ward.name.strip()
    ward.code = ward.code.strip().upper()


@transaction.atomic
def ward_create(*, actor: User, name: str, locality: Locality | None, code: str = "") -> Ward:
    """A ward belongs to one locality. Its ONS code (E05 and 6 digits) is optional."""
    ward = Ward(name=name, code=code, locality=locality)
    _normalise_ward(ward)
    _refuse(_ward_errors(ward))
    save_and_record(actor=actor, instance=ward, action=AuditAction.CREATE, details={})
    return ward


@transaction.atomic
def ward_update(*, actor: User, ward: Ward, **changes: Any) -> Ward:
    if "code" in changes:
        changes["code"] = changes["code"].strip().upper()
    changed = _apply_changes(ward, changes, WARD_FIELDS)
    if not changed:
        return ward
    _normalise_ward(ward)
    _refuse(_ward_errors(ward))
    save_and_record(
        actor=actor, instance=ward, action=AuditAction.UPDATE, details={"changed": changed}
    )
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
        and _others(
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
    service = Service(
        agency=agency,
        name=name,
        description=description,
        audience=audience,
        eligibility=eligibility,
        min_age=min_age,
        max_age=max_age,
        status=status,
        how_to_access=how_to_access,
        email=email,
        phone=phone,
        url=url,
    )
    _strip(service, "name", "description", "audience")
    _refuse(_service_errors(service))
    service.slug = _unique_slug(Service, service.name, fallback="service")
    save_and_record(actor=actor, instance=service, action=AuditAction.CREATE, details={})
    service.localities.set(localities)
    return service


@transaction.atomic
def service_update(
    *, actor: User, service: Service, localities: Iterable[Locality] | None = None, **changes: Any
) -> Service:
    changed = _apply_changes(service, changes, SERVICE_FIELDS)
    new_localities = None if localities is None else {locality.pk for locality in localities}
    if new_localities is not None and new_localities != set(
        service.localities.values_list("pk", flat=True)
    ):
        changed = sorted([*changed, "localities"])
    if not changed:
        return service
    _strip(service, "name", "description", "audience")
    _refuse(_service_errors(service))
    save_and_record(
        actor=actor, instance=service, action=AuditAction.UPDATE, details={"changed": changed}
    )
    if new_localities is not None:
        service.localities.set(new_localities)
    return service


# Teams


def _team_errors(team: Team) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not team.name:
        errors["name"] = "Enter the team's name"
    elif _others(Team.objects.filter(name__iexact=team.name), team).exists():
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
    team = Team(name=name, kind=kind, agency=agency, locality=locality, purpose=purpose)
    _strip(team, "name")
    _refuse(_team_errors(team))
    team.slug = _unique_slug(Team, team.name, fallback="team")
    save_and_record(actor=actor, instance=team, action=AuditAction.CREATE, details={})
    return team


@transaction.atomic
def team_update(*, actor: User, team: Team, **changes: Any) -> Team:
    changed = _apply_changes(team, changes, TEAM_FIELDS)
    if not changed:
        return team
    _strip(team, "name")
    _refuse(_team_errors(team))
    save_and_record(
        actor=actor, instance=team, action=AuditAction.UPDATE, details={"changed": changed}
    )
    return team


# Staff and line management


def _manages_from_below(*, candidate: StaffMember, person: StaffMember) -> bool:
    """Whether `candidate` reports to `person`, directly or through others. Reads the agency's
    manager links in one query and walks up from the candidate."""
    managers = dict(
        StaffMember.objects.filter(agency_id=candidate.agency_id).values_list("id", "manager_id")
    )
    current, seen = managers.get(candidate.pk), set()
    while current is not None and current not in seen:
        if current == person.pk:
            return True
        seen.add(current)
        current = managers.get(current)
    return False


def _manager_errors(person: StaffMember) -> dict[str, str]:
    manager = person.manager
    if manager is None:
        return {}
    if person.pk is not None and manager.pk == person.pk:
        return {"manager": "A person cannot be their own line manager"}
    if manager.agency_id != person.agency_id:
        return {
            "manager": f"Choose a line manager who works for {person.agency}: line management "
            "stays within the employing agency"
        }
    if person.pk is not None and _manages_from_below(candidate=manager, person=person):
        return {
            "manager": f"{manager} cannot be {person}'s line manager, because {manager} already "
            f"reports to {person}, directly or through others"
        }
    return {}


def _staff_errors(person: StaffMember) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, message in (
        ("given_name", "Enter the person's given name"),
        ("family_name", "Enter the person's family name"),
        ("email", "Enter the person's work email address"),
        ("job_title", "Enter the person's job title"),
    ):
        if not getattr(person, name):
            errors[name] = message
    if person.email and (
        _others(StaffMember.objects.filter(email__iexact=person.email), person).exists()
    ):
        errors["email"] = f"Someone in the directory already has the email address {person.email}"
    if person.agency_id is None:
        errors["agency"] = "Choose the agency the person works for"
        return errors
    team = person.team
    if (
        team is not None
        and team.kind == TeamKind.SINGLE_AGENCY
        and team.agency_id != person.agency_id
    ):
        errors["team"] = (
            f"{team} is a team of {team.agency}: choose a team in {person.agency}, "
            "a multi-agency team, or no team"
        )
    if person.pk is not None:
        elsewhere = person.direct_reports.exclude(agency_id=person.agency_id).count()
        if elsewhere:
            errors["agency"] = (
                f"{person} line-manages {elsewhere} "
                f"{'person' if elsewhere == 1 else 'people'} in another agency: "
                "give them another line manager first"
            )
    errors.update(_manager_errors(person))
    return errors


def _lock_line_management(agency_id: int | None) -> None:
    # Two changes at once could each pass the cycle check and together close a loop:
    # changes within one agency's tree take turns.
    if agency_id is not None:
        Agency.objects.select_for_update().filter(pk=agency_id).first()


@transaction.atomic
def staff_member_create(
    *,
    actor: User,
    given_name: str,
    family_name: str,
    email: str,
    job_title: str,
    agency: Agency | None,
    phone: str = "",
    team: Team | None = None,
    manager: StaffMember | None = None,
    is_active: bool = True,
) -> StaffMember:
    """A person in a partner agency. Their line manager works for the same agency (line
    management stays within the employing agency); a multi-agency team mixes agencies."""
    person = StaffMember(
        given_name=given_name,
        family_name=family_name,
        email=email,
        phone=phone,
        job_title=job_title,
        agency=agency,
        team=team,
        manager=manager,
        is_active=is_active,
    )
    _strip(person, "given_name", "family_name", "email", "job_title")
    _lock_line_management(person.agency_id)
    _refuse(_staff_errors(person))
    save_and_record(actor=actor, instance=person, action=AuditAction.CREATE, details={})
    return person


@transaction.atomic
def staff_member_update(*, actor: User, person: StaffMember, **changes: Any) -> StaffMember:
    """Changes the fields given. A manager cannot be the person themself or anyone who reports
    to them (that would make a loop); a person keeps no direct reports in another agency."""
    changed = _apply_changes(person, changes, STAFF_FIELDS)
    if not changed:
        return person
    _strip(person, "given_name", "family_name", "email", "job_title")
    _lock_line_management(person.agency_id)
    _refuse(_staff_errors(person))
    # Only the names of the fields changed: the values are personal data.
    save_and_record(
        actor=actor, instance=person, action=AuditAction.UPDATE, details={"changed": changed}
    )
    return person


# --- Shared vision and outcomes framework: vision versions, outcomes, priorities, indicators,
# --- commitments ---------------------------------------------------------------------------------


def _framework_name(value: str) -> str:
    """Names compare and store without stray spaces, so "Be  healthy " is "Be healthy"."""
    return " ".join(value.split())


def _outcome_slug(name: str) -> str:
    base = slugify(name)[:72] or "outcome"
    slug, n = base, 2
    while Outcome.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _framework_apply(obj: models.Model, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set the new values on obj and return each change as [old, new] for the audit event."""
    changes: dict[str, list[Any]] = {}
    for field, new in values.items():
        old = getattr(obj, field)
        if old != new:
            changes[field] = [
                str(old) if isinstance(old, models.Model) else old,
                str(new) if isinstance(new, models.Model) else new,
            ]
            setattr(obj, field, new)
    return changes


def _vision_current_locked() -> VisionStatement | None:
    return VisionStatement.objects.select_for_update().order_by("-version").first()


@transaction.atomic
def vision_statement_adopt(
    *, actor: User, text: str, adopted_on: date, adopted_by: str
) -> VisionStatement:
    """Record a newly adopted version of the partnership's shared vision.

    A version is never edited: the partnership must be able to show what it agreed, when and who
    agreed it, so a change is always a new version numbered one above the current one. A vision
    cannot be adopted in the future, nor before the version it replaces."""
    text, adopted_by = text.strip(), _framework_name(adopted_by)
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = "Enter the text of the vision"
    if not adopted_by:
        errors["adopted_by"] = "Enter who adopted the vision, such as the Children's Trust Board"
    current = _vision_current_locked()
    if adopted_on > timezone.localdate():
        errors["adopted_on"] = "The date the vision was adopted must be today or in the past"
    elif current is not None and adopted_on < current.adopted_on:
        errors["adopted_on"] = (
            f"The date the vision was adopted must be on or after "
            f"{date_format(current.adopted_on, 'j F Y')}, when version {current.version} "
            f"was adopted"
        )
    if errors:
        raise ValidationError(errors)
    vision = VisionStatement(
        version=current.version + 1 if current else 1,
        text=text,
        adopted_on=adopted_on,
        adopted_by=adopted_by,
        recorded_by=actor,
    )
    # The version number is the service's, not the user's: the database's unique constraint
    # guards it, and a clash is answered below in words.
    vision.full_clean(exclude=["version"])
    try:
        with transaction.atomic():
            vision.save()
    except IntegrityError as error:
        # Two people recording a version at the same moment both number it N + 1.
        raise ValidationError(
            "Someone else recorded a new version of the vision at the same moment. "
            "Look at the vision page, then try again if yours is still needed."
        ) from error
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=vision,
        details={
            "version": vision.version,
            "adopted_on": adopted_on.isoformat(),
            "adopted_by": adopted_by,
        },
    )
    return vision


def _outcome_check(name: str, *, exclude_pk: int | None = None) -> None:
    if not name:
        raise ValidationError({"name": "Enter the outcome's name"})
    duplicates = Outcome.objects.filter(name__iexact=name)
    if exclude_pk is not None:
        duplicates = duplicates.exclude(pk=exclude_pk)
    if duplicates.exists():
        raise ValidationError({"name": f"There is already an outcome called “{name}”"})


def _next_position(queryset: models.QuerySet[Any]) -> int:
    highest = queryset.aggregate(highest=models.Max("position"))["highest"]
    return 0 if highest is None else highest + 1


@transaction.atomic
def outcome_create(
    *, actor: User, name: str, description: str = "", position: int | None = None
) -> Outcome:
    """Add an outcome to the framework (the partnership's are the five Every Child Matters
    outcomes). Names are unique whatever their capitals; without a position it goes last."""
    name = _framework_name(name)
    _outcome_check(name)
    outcome = Outcome(
        name=name,
        slug=_outcome_slug(name),
        description=description.strip(),
        position=_next_position(Outcome.objects.all()) if position is None else position,
        created_by=actor,
        modified_by=actor,
    )
    save_and_record(
        actor=actor, instance=outcome, action=AuditAction.CREATE, details={"name": name}
    )
    return outcome


@transaction.atomic
def outcome_update(
    *, actor: User, outcome: Outcome, name: str, description: str, position: int | None
) -> Outcome:
    """Change an outcome. Its address (slug) stays as it was, so that links keep working."""
    name = _framework_name(name)
    _outcome_check(name, exclude_pk=outcome.pk)
    changes = _framework_apply(
        outcome,
        {
            "name": name,
            "description": description.strip(),
            "position": outcome.position if position is None else position,
        },
    )
    if not changes:
        return outcome
    save_and_record(actor=actor, instance=outcome, action=AuditAction.UPDATE, details=changes)
    return outcome


def _priority_check(outcome: Outcome, title: str, *, exclude_pk: int | None = None) -> None:
    if not title:
        raise ValidationError({"title": "Enter the priority's title"})
    duplicates = Priority.objects.filter(outcome=outcome, title__iexact=title)
    if exclude_pk is not None:
        duplicates = duplicates.exclude(pk=exclude_pk)
    if duplicates.exists():
        raise ValidationError({"title": f"“{outcome}” already has a priority called “{title}”"})


@transaction.atomic
def priority_create(
    *,
    actor: User,
    outcome: Outcome,
    title: str,
    description: str = "",
    position: int | None = None,
) -> Priority:
    """Add a priority under an outcome; titles are unique within an outcome."""
    title = _framework_name(title)
    _priority_check(outcome, title)
    priority = Priority(
        outcome=outcome,
        title=title,
        description=description.strip(),
        position=_next_position(outcome.priorities.all()) if position is None else position,
        created_by=actor,
        modified_by=actor,
    )
    save_and_record(
        actor=actor,
        instance=priority,
        action=AuditAction.CREATE,
        details={"outcome": outcome.name, "title": title},
    )
    return priority


@transaction.atomic
def priority_update(
    *,
    actor: User,
    priority: Priority,
    outcome: Outcome,
    title: str,
    description: str,
    position: int | None,
) -> Priority:
    """Change a priority, or move it to another outcome (its commitments move with it)."""
    title = _framework_name(title)
    _priority_check(outcome, title, exclude_pk=priority.pk)
    changes = _framework_apply(
        priority,
        {
            "outcome": outcome,
            "title": title,
            "description": description.strip(),
            "position": priority.position if position is None else position,
        },
    )
    if not changes:
        return priority
    save_and_record(actor=actor, instance=priority, action=AuditAction.UPDATE, details=changes)
    return priority


def _indicator_check(priority: Priority, name: str, *, exclude_pk: int | None = None) -> None:
    if not name:
        raise ValidationError({"name": "Enter the indicator's name"})
    duplicates = FrameworkIndicator.objects.filter(priority=priority, name__iexact=name)
    if exclude_pk is not None:
        duplicates = duplicates.exclude(pk=exclude_pk)
    if duplicates.exists():
        raise ValidationError({"name": f"“{priority}” already has an indicator called “{name}”"})


@transaction.atomic
def framework_indicator_create(
    *, actor: User, priority: Priority, name: str, description: str = ""
) -> FrameworkIndicator:
    """Add an indicator that measures progress on a priority; names are unique within it."""
    name = _framework_name(name)
    _indicator_check(priority, name)
    indicator = FrameworkIndicator(
        priority=priority,
        name=name,
        description=description.strip(),
        created_by=actor,
        modified_by=actor,
    )
    save_and_record(
        actor=actor,
        instance=indicator,
        action=AuditAction.CREATE,
        details={"priority": priority.title, "name": name},
    )
    return indicator


@transaction.atomic
def framework_indicator_update(
    *, actor: User, indicator: FrameworkIndicator, priority: Priority, name: str, description: str
) -> FrameworkIndicator:
    name = _framework_name(name)
    _indicator_check(priority, name, exclude_pk=indicator.pk)
    changes = _framework_apply(
        indicator, {"priority": priority, "name": name, "description": description.strip()}
    )
    if not changes:
        return indicator
    save_and_record(actor=actor, instance=indicator, action=AuditAction.UPDATE, details=changes)
    return indicator


def _contribution_check(agency: Agency, priority: Priority, contribution: str) -> str:
    # A commitment that does not say what the agency will do cannot be held to account, nor
    # compared with others' for duplicated effort.
    contribution = contribution.strip()
    if not contribution:
        raise ValidationError({"contribution": f"Say what {agency} will do towards “{priority}”"})
    return contribution


@transaction.atomic
def commitment_create(
    *, actor: User, agency: Agency, priority: Priority, contribution: str
) -> Commitment:
    """Record that an agency commits to a priority, and what it will do towards it."""
    contribution = _contribution_check(agency, priority, contribution)
    if Commitment.objects.filter(agency=agency, priority=priority).exists():
        raise ValidationError(f"{agency} has already committed to “{priority}”")
    commitment = Commitment(
        agency=agency,
        priority=priority,
        contribution=contribution,
        created_by=actor,
        modified_by=actor,
    )
    save_and_record(
        actor=actor,
        instance=commitment,
        action=AuditAction.CREATE,
        details={
            "agency": agency.name,
            "priority": priority.title,
            "outcome": priority.outcome.name,
            "contribution": contribution,
        },
    )
    return commitment


@transaction.atomic
def commitment_update(*, actor: User, commitment: Commitment, contribution: str) -> Commitment:
    """Change what an agency says it will do towards a priority it has committed to."""
    contribution = _contribution_check(commitment.agency, commitment.priority, contribution)
    changes = _framework_apply(commitment, {"contribution": contribution})
    if not changes:
        return commitment
    save_and_record(
        actor=actor,
        instance=commitment,
        action=AuditAction.UPDATE,
        details={
            "agency": commitment.agency.name,
            "priority": commitment.priority.title,
            **changes,
        },
    )
    return commitment


@transaction.atomic
def commitment_delete(*, actor: User, commitment: Commitment) -> None:
    """Withdraw an agency's commitment to a priority; the audit event keeps what it said."""
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        target=commitment,
        details={
            "agency": commitment.agency.name,
            "priority": commitment.priority.title,
            "contribution": commitment.contribution,
        },
    )
    commitment.delete()


@dataclass(frozen=True)
class CommitmentChanges:
    created: int = 0
    changed: int = 0
    removed: int = 0

    @property
    def total(self) -> int:
        return self.created + self.changed + self.removed


@transaction.atomic
def agency_commitments_set(
    *, actor: User, agency: Agency, contributions: Mapping[Priority, str]
) -> CommitmentChanges:
    """Make an agency's commitments exactly the priorities given, each with what the agency will
    do towards it: new ones are created, changed ones updated, missing ones removed, each with
    its own audit event. All or nothing: one bad contribution writes none of them."""
    existing = {
        c.priority_id: c
        for c in Commitment.objects.filter(agency=agency).select_related("agency", "priority")
    }
    created = changed = removed = 0
    for priority, contribution in contributions.items():
        commitment = existing.pop(priority.pk, None)
        if commitment is None:
            commitment_create(
                actor=actor, agency=agency, priority=priority, contribution=contribution
            )
            created += 1
        elif commitment.contribution != contribution.strip():
            commitment_update(actor=actor, commitment=commitment, contribution=contribution)
            changed += 1
    for commitment in existing.values():
        commitment_delete(actor=actor, commitment=commitment)
        removed += 1
    return CommitmentChanges(created=created, changed=changed, removed=removed)


def alignment_matrix_export_record(*, actor: User, priorities: int, agencies: int) -> None:
    """Downloading the alignment matrix is an export: who took a copy, and of what, is kept."""
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="partnership.commitment",
        object_repr="Alignment matrix",
        details={"format": "csv", "priorities": priorities, "agencies": agencies},
    )
