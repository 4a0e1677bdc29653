"""Writes to the staff directory: people in the partner agencies and who manages whom. Each
service checks the acting user first (partnership administrators keep staff records). Line
management stays within the employing agency and never loops; a multi-agency team draws its
members from several agencies. Audit events name the fields changed, never their values: those
are personal data."""

from __future__ import annotations

from django.db import transaction

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.core.permissions import require
from childtrust.partnership import access
from childtrust.partnership.models import Agency, StaffMember, Team, TeamKind
from childtrust.partnership.records import others_than, refuse_if_any, stripped
from childtrust.partnership.search.index import search_index_refresh

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
        others_than(StaffMember.objects.filter(email__iexact=person.email), person).exists()
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


def _staff_errors_in_turn(person: StaffMember) -> dict[str, str]:
    """The person's errors, checked once changes to their agency's line management by others
    have finished: two changes at once could each pass the check for loops and together close
    one, so changes within one agency's tree take turns."""
    if person.agency_id is not None:
        Agency.objects.select_for_update().filter(pk=person.agency_id).first()
    return _staff_errors(person)


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
    require(access.can_manage_partnership(actor), to="add a person to the staff directory")
    person = StaffMember(
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        email=email.strip(),
        phone=phone,
        job_title=job_title.strip(),
        agency=agency,
        team=team,
        manager=manager,
        is_active=is_active,
    )
    refuse_if_any(_staff_errors_in_turn(person))
    save_and_record(actor=actor, instance=person, action=AuditAction.CREATE, details={})
    search_index_refresh(person)
    return person


@transaction.atomic
def staff_member_update(*, actor: User, person: StaffMember, **changes: object) -> StaffMember:
    """Changes the fields given. A manager cannot be the person themself or anyone who reports
    to them (that would make a loop); a person keeps no direct reports in another agency."""
    require(access.can_manage_partnership(actor), to="change a person's record")
    changed = update_and_record(
        actor=actor,
        instance=person,
        changes=stripped(changes, "given_name", "family_name", "email", "job_title"),
        allowed=STAFF_FIELDS,
        errors=lambda: _staff_errors_in_turn(person),
        values_in_log=False,  # only the names of the fields changed: the values are personal data
    )
    if changed:
        search_index_refresh(person)
    return person
