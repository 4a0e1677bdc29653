"""Who may see and change the partnership: every rule in one place.

- The registry (agencies, services, localities and wards, teams) and the shared vision and
  framework hold no personal data: every signed-in role reads them.
- Partnership administrators keep the registry and the staff records; strategic leads and
  administrators keep the vision, the outcomes framework and agencies' commitments.
- People's records (the staff directory, a person, a team's members, an organisation chart)
  are personal data: they are read only through the `*_for_user` functions below, which check
  the reader's role and write one audit event for each read.

Views, forms, services and the API ask these functions; nothing else reads a capability."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import Capability, PermissionHolder, has_capability, require
from childtrust.partnership.models import Agency, SearchKind, StaffMember, Team
from childtrust.partnership.search.backends import Scope
from childtrust.partnership.selectors import staff as staff_selectors
from childtrust.partnership.selectors.staff import OrgChartNode, StaffDirectory, StaffFilter

# --- Decisions ---------------------------------------------------------------------------------


def can_view_partnership(user: PermissionHolder | None) -> bool:
    """Agencies, services, localities, teams and the shared vision: every signed-in role."""
    return has_capability(user, Capability.VIEW_PARTNERSHIP)


def can_view_staff_directory(user: PermissionHolder | None) -> bool:
    """People's records: names, jobs and who manages whom (read through the functions below)."""
    return has_capability(user, Capability.VIEW_STAFF_DIRECTORY)


def can_manage_partnership(user: PermissionHolder | None) -> bool:
    """Agencies, services, localities, wards, teams and staff records: administrators."""
    return has_capability(user, Capability.MANAGE_PARTNERSHIP)


def can_manage_framework(user: PermissionHolder | None) -> bool:
    """The shared vision, the outcomes framework and agencies' commitments."""
    return has_capability(user, Capability.MANAGE_FRAMEWORK)


# --- Search -----------------------------------------------------------------------------------


def can_search(user: PermissionHolder | None) -> bool:
    """The search page: everyone who reads the registry."""
    return can_view_partnership(user)


def can_manage_synonyms(user: PermissionHolder | None) -> bool:
    """The search's synonyms (the field's acronyms and words): partnership administrators."""
    return can_manage_partnership(user)


def search_scope_for(user: PermissionHolder | None) -> Scope:
    """What a search finds for the user: the registry for those who read it; people for those
    who read the staff directory, those still in post only, unless they keep staff records
    (administrators find former staff too, to correct their records)."""
    kinds = set()
    if can_view_partnership(user):
        kinds |= {SearchKind.SERVICE, SearchKind.AGENCY, SearchKind.TEAM, SearchKind.LOCALITY}
    if can_view_staff_directory(user):
        kinds.add(SearchKind.STAFF)
    return Scope(kinds=frozenset(kinds), former_staff=can_manage_partnership(user))


# --- People's records: checked, fetched and audited -------------------------------------------


def _require_staff_directory(user: PermissionHolder | None) -> None:
    # "Your role does not allow you to see this.": the sentence the API gives a refusal with
    # none of its own (api/urls.py), which the team endpoint's tests hold this refusal to.
    require(can_view_staff_directory(user), to="see this")


def _record_view(user: User, target: Agency | StaffMember | Team, **details: Any) -> None:
    audit_record(actor=user, action=AuditAction.VIEW, target=target, details=details)


def team_members_for_user(user: User, team: Team) -> list[StaffMember]:
    """A team's members with their employing agency (a multi-agency team mixes agencies).
    Names are personal data: the view is audited."""
    _require_staff_directory(user)
    members = staff_selectors.team_members(team)
    _record_view(user, team, page="team members", people_shown=len(members))
    return members


def _staff_filter_details(staff_filter: StaffFilter) -> dict[str, Any]:
    details: dict[str, Any] = {}
    if staff_filter.text:
        details["text"] = staff_filter.text
    for name in ("agency", "team", "locality"):
        value = getattr(staff_filter, name)
        if value is not None:
            details[name] = value.slug
    if staff_filter.level is not None:
        details["level"] = staff_filter.level
    return details


def staff_directory_for_user(user: User, staff_filter: StaffFilter) -> StaffDirectory:
    """People matching every filter given, with everyone's management level (see
    selectors.staff.staff_directory). Each search is audited with what was asked."""
    _require_staff_directory(user)
    audit_record(
        actor=user,
        action=AuditAction.SEARCH,
        object_type="partnership.staffmember",
        details=_staff_filter_details(staff_filter),
    )
    return staff_selectors.staff_directory(staff_filter)


def staff_member_for_user(user: User, staff_id: int, *, purpose: str) -> StaffMember:
    """The one way to fetch a person's record for a page: checks the role, fetches the person
    with their agency, team, line manager and direct reports, and audits the view with its
    purpose ("view", "edit"). Raises Http404 for a record that does not exist."""
    _require_staff_directory(user)
    person = staff_selectors.staff_member_with_line(staff_id)
    if person is None:
        raise Http404("No person has that record")
    _record_view(user, person, purpose=purpose)
    return person


def search_people_record(user: User, *, question: str, people_shown: int) -> None:
    """A search that showed people's names is audited as the staff directory's searches are:
    what was asked and how many people it showed."""
    audit_record(
        actor=user,
        action=AuditAction.SEARCH,
        object_type="partnership.staffmember",
        details={"text": question, "people_shown": people_shown, "page": "search"},
    )


def org_chart_for_user(user: User, agency: Agency) -> list[OrgChartNode]:
    """The agency's line-management tree; the view of it is audited."""
    _require_staff_directory(user)
    chart = staff_selectors.org_chart(agency)
    _record_view(user, agency, page="organisation chart")
    return chart
