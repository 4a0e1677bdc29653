"""The only way to read people's records in the partnership (staff are people too: names, jobs,
who manages whom). Each function checks the reader's role and writes one audit event."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import Capability, PermissionHolder, has_capability
from childtrust.partnership.models import Agency, StaffMember, Team
from childtrust.partnership.selectors.staff import (
    OrgChartNode,
    StaffDirectory,
    StaffFilter,
    org_chart,
    staff_levels,
)


def can_view_partnership(user: PermissionHolder | None) -> bool:
    """Agencies, services, localities, teams and the shared vision: every signed-in role."""
    return has_capability(user, Capability.VIEW_PARTNERSHIP)


def can_view_staff_directory(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.VIEW_STAFF_DIRECTORY)


def can_manage_partnership(user: PermissionHolder | None) -> bool:
    """Agencies, services, localities, wards, teams and staff records: administrators."""
    return has_capability(user, Capability.MANAGE_PARTNERSHIP)


def can_manage_framework(user: PermissionHolder | None) -> bool:
    """The shared vision, the outcomes framework and agencies' commitments."""
    return has_capability(user, Capability.MANAGE_FRAMEWORK)


def _require_staff_directory(user: Any) -> None:
    if not can_view_staff_directory(user):
        raise PermissionDenied


def team_members_for_user(*, user: Any, team: Team) -> list[StaffMember]:
    """A team's members with their employing agency (a multi-agency team mixes agencies).
    Names are personal data: the view is audited."""
    _require_staff_directory(user)
    members = list(
        team.members.select_related("agency", "manager").order_by("family_name", "given_name", "pk")
    )
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        target=team,
        details={"page": "team members", "people_shown": len(members)},
    )
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


def staff_directory_search(*, user: Any, staff_filter: StaffFilter) -> StaffDirectory:
    """People matching every filter given, with their agency, team and manager, and everyone's
    management level. Every word of `text` must appear in the given name, family name or job
    title. Each search is audited (staff records are personal data)."""
    _require_staff_directory(user)
    levels = staff_levels()
    people = StaffMember.objects.select_related("agency", "team", "manager")
    for word in staff_filter.text.split():
        people = people.filter(
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(job_title__icontains=word)
        )
    if staff_filter.agency is not None:
        people = people.filter(agency=staff_filter.agency)
    if staff_filter.team is not None:
        people = people.filter(team=staff_filter.team)
    if staff_filter.locality is not None:
        people = people.filter(team__locality=staff_filter.locality)
    if staff_filter.level is not None:
        people = people.filter(
            pk__in=[pk for pk, level in levels.items() if level == staff_filter.level]
        )
    audit_record(
        actor=user,
        action=AuditAction.SEARCH,
        object_type="partnership.staffmember",
        details=_staff_filter_details(staff_filter),
    )
    return StaffDirectory(people=people.order_by("family_name", "given_name", "pk"), levels=levels)


def staff_member_for_user(*, user: Any, staff_id: int, purpose: str = "view") -> StaffMember:
    """The one way to fetch a person's record for a page: checks the role, fetches the person
    with their agency, team, line manager and direct reports, and audits the view."""
    _require_staff_directory(user)
    person = get_object_or_404(
        StaffMember.objects.select_related(
            "agency", "team", "manager", "manager__agency"
        ).prefetch_related(
            Prefetch(
                "direct_reports",
                queryset=StaffMember.objects.select_related("team").order_by(
                    "family_name", "given_name", "pk"
                ),
            )
        ),
        pk=staff_id,
    )
    audit_record(actor=user, action=AuditAction.VIEW, target=person, details={"purpose": purpose})
    return person


def org_chart_for_user(*, user: Any, agency: Agency) -> list[OrgChartNode]:
    _require_staff_directory(user)
    chart = org_chart(agency)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        target=agency,
        details={"page": "organisation chart"},
    )
    return chart
