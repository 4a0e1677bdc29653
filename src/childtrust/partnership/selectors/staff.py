"""Reads of staff and line management: management levels and organisation charts, and the
staff record of a signed-in user. Staff records are personal data: pages read people only
through childtrust.partnership.access, which checks the role and audits each read."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Prefetch, Q, QuerySet

from childtrust.partnership.models import (
    Agency,
    Locality,
    StaffMember,
    Team,
)


def management_levels(managers: dict[int, int | None]) -> dict[int, int]:
    """Each person's level from {person: their manager}: level 1 has no manager, and each step
    down the line-management chain adds one. A manager outside the map counts as no manager;
    a cycle (which the services refuse) is cut where it closes rather than looping."""
    levels: dict[int, int] = {}
    for person in managers:
        chain: list[int] = []
        current: int | None = person
        while current is not None and current in managers and current not in levels:
            if current in chain:
                break
            chain.append(current)
            current = managers[current]
        above = levels.get(current, 0) if current is not None else 0
        for depth, member in enumerate(reversed(chain), start=1):
            levels[member] = above + depth
    return levels


def staff_levels(*, agency: Agency | None = None) -> dict[int, int]:
    """Management levels derived from the manager links in one query, never stored, so that
    they cannot drift from the line-management tree."""
    people = StaffMember.objects.all()
    if agency is not None:
        people = people.filter(agency=agency)
    return management_levels(dict(people.values_list("id", "manager_id")))


@dataclass(frozen=True)
class StaffFilter:
    text: str = ""
    agency: Agency | None = None
    team: Team | None = None
    locality: Locality | None = None
    level: int | None = None


@dataclass(frozen=True)
class StaffDirectory:
    people: QuerySet[StaffMember]
    levels: dict[int, int]


@dataclass
class OrgChartNode:
    person: StaffMember
    level: int
    reports: list[OrgChartNode] = field(default_factory=list)


def org_chart(agency: Agency) -> list[OrgChartNode]:
    """The agency's line-management tree, built from one query: the people with no manager at
    the top, each with their direct reports beneath, in name order."""
    people = list(
        StaffMember.objects.filter(agency=agency)
        .select_related("team")
        .order_by("family_name", "given_name", "pk")
    )
    in_agency = {person.pk for person in people}
    reports: dict[int | None, list[StaffMember]] = defaultdict(list)
    for person in people:
        reports[person.manager_id if person.manager_id in in_agency else None].append(person)
    placed: set[int] = set()

    def node(person: StaffMember, level: int) -> OrgChartNode:
        placed.add(person.pk)
        below = [node(r, level + 1) for r in reports[person.pk] if r.pk not in placed]
        return OrgChartNode(person=person, level=level, reports=below)

    roots = [node(person, 1) for person in reports[None]]
    # Anyone in a manager cycle is reached from no one at the top: show them rather than lose them.
    roots += [node(person, 1) for person in people if person.pk not in placed]
    return roots


# --- From a signed-in user to the person ------------------------------------------------------


def staff_record_of(user: object) -> StaffMember | None:
    """The staff record linked to a signed-in user, with its agency, or None (not signed in,
    or not linked). The one way to go from a user to the person: whether a record that is no
    longer active still counts is each app's access rule. The record is kept on the user's own
    link, so a page asks the database once however many times it asks here."""
    if not isinstance(user, models.Model) or not getattr(user, "is_authenticated", False):
        return None
    link = StaffMember.user.field.remote_field  # the user's side of the one-to-one link
    if not link.is_cached(user):
        staff = StaffMember.objects.select_related("agency").filter(user_id=user.pk).first()
        link.set_cached_value(user, staff)
    cached = link.get_cached_value(user)
    return cached if isinstance(cached, StaffMember) else None


def staff_record_with_username(username: str) -> StaffMember | None:
    """The staff record linked to the sign-in account with this username (the demo finds its
    people this way), with the account and the agency."""
    return (
        StaffMember.objects.select_related("user", "agency").filter(user__username=username).first()
    )


# --- For staff voice, which sends messages down the line and asks staff in post ---------------


@dataclass(frozen=True)
class StaffPlacement:
    """Where one person sits: their manager, whether they are still in post, their agency, their
    team and the team's locality."""

    staff_id: int
    manager_id: int | None
    is_active: bool
    agency_id: int
    team_id: int | None
    locality_id: int | None


def staff_placements() -> list[StaffPlacement]:
    """Everyone's place in the line-management tree and the partnership, in one query: staff
    voice works out from it who a message reaches and who briefs them."""
    return [
        StaffPlacement(*row)
        for row in StaffMember.objects.values_list(
            "pk", "manager_id", "is_active", "agency_id", "team_id", "team__locality_id"
        )
    ]


def staff_in_post() -> QuerySet[StaffMember]:
    """Everyone still working in the partnership, in the order their records were made, with
    their team and sign-in account."""
    return StaffMember.objects.filter(is_active=True).select_related("team", "user").order_by("pk")


def agency_head(agency: Agency) -> StaffMember | None:
    """The head of an agency: its active member of staff with no manager (the one recorded
    first, should the agency have more than one)."""
    return (
        StaffMember.objects.filter(agency=agency, is_active=True, manager__isnull=True)
        .select_related("agency")
        .order_by("pk")
        .first()
    )


# --- For the access functions that read people's records (partnership/access.py) ---------------


def staff_directory(staff_filter: StaffFilter) -> StaffDirectory:
    """People matching every filter given, with their agency, team and manager, and everyone's
    management level. Every word of `text` must appear in the given name, family name or job
    title. Read only through access.staff_directory_for_user, which checks and audits."""
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
    return StaffDirectory(people=people.order_by("family_name", "given_name", "pk"), levels=levels)


def staff_member_with_line(staff_id: int) -> StaffMember | None:
    """A person with their agency, team, line manager and direct reports (in name order), for
    their page. Read only through access.staff_member_for_user, which checks and audits."""
    return (
        StaffMember.objects.select_related("agency", "team", "manager", "manager__agency")
        .prefetch_related(
            Prefetch(
                "direct_reports",
                queryset=StaffMember.objects.select_related("team").order_by(
                    "family_name", "given_name", "pk"
                ),
            )
        )
        .filter(pk=staff_id)
        .first()
    )


def team_members(team: Team) -> list[StaffMember]:
    """A team's members with their employing agency and manager, in name order. Read only
    through access.team_members_for_user, which checks and audits."""
    return list(
        team.members.select_related("agency", "manager").order_by("family_name", "given_name", "pk")
    )


def line_manager_choices(*, excluding: StaffMember | None = None) -> QuerySet[StaffMember]:
    """Everyone who could be chosen as a line manager, with their agency, by agency and name;
    `excluding` a person leaves them out (no one is their own line manager)."""
    people = StaffMember.objects.select_related("agency").order_by(
        "agency__name", "family_name", "given_name"
    )
    return people if excluding is None else people.exclude(pk=excluding.pk)


# --- For the workforce, which shows team managers their own teams' posts -------------------------


def teams_led_by(staff: StaffMember) -> set[int]:
    """The teams a person leads: their own team and the teams of their direct reports still in
    post (a team manager's team is where the people they manage work)."""
    teams = set(
        StaffMember.objects.filter(manager=staff, is_active=True, team__isnull=False).values_list(
            "team_id", flat=True
        )
    )
    if staff.team_id is not None:
        teams.add(staff.team_id)
    return teams


def direct_report_ids(staff: StaffMember) -> set[int]:
    """The people a person manages directly, in post or not."""
    return set(StaffMember.objects.filter(manager=staff).values_list("pk", flat=True))


def line_report_ids(staff: StaffMember) -> set[int]:
    """Everyone in a person's line: their direct reports, theirs, and so on down (in post or
    not), one query per level; a loop in the records (not allowed, but old data) ends it."""
    found: set[int] = set()
    level = {staff.pk}
    while level:
        below = set(StaffMember.objects.filter(manager_id__in=level).values_list("pk", flat=True))
        level = below - found - {staff.pk}
        found |= level
    return found


def line_managers_above(staff: StaffMember) -> list[StaffMember]:
    """A person's line manager, theirs, and so on up to the top of the line, nearest first,
    with their sign-in accounts (escalations go up it one level at a time)."""
    chain: list[StaffMember] = []
    seen = {staff.pk}
    manager_id = staff.manager_id
    while manager_id is not None and manager_id not in seen:
        manager = StaffMember.objects.select_related("user").filter(pk=manager_id).first()
        if manager is None:
            break
        chain.append(manager)
        seen.add(manager.pk)
        manager_id = manager.manager_id
    return chain


# --- For the workforce's establishment import, which names people by their email -------------


def staff_by_email() -> dict[str, tuple[int, int]]:
    """Every staff record's (id, agency id) by its email in lower case, in one query: an
    agency's HR export names each post holder by the email their record holds. Two records whose
    emails differ only in case are both left out, since neither could be told from the other."""
    found: dict[str, tuple[int, int]] = {}
    clashing: set[str] = set()
    for pk, email, agency_id in StaffMember.objects.values_list("pk", "email", "agency_id"):
        key = email.strip().lower()
        if key in found:
            clashing.add(key)
        found[key] = (pk, agency_id)
    for key in clashing:
        del found[key]
    return found
