"""Every read of the partnership that views, the API and other apps need."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, Func, Max, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse

from childtrust.core.csv_files import spreadsheet_safe
from childtrust.partnership.models import (
    Agency,
    Commitment,
    FrameworkIndicator,
    Locality,
    Outcome,
    Priority,
    Service,
    ServiceStatus,
    StaffMember,
    Team,
    VisionStatement,
    Ward,
)

# --- Registry: agencies, localities and wards, services, teams, staff -------------------------
# Staff records are personal data: pages read them only through childtrust.partnership.access,
# which checks the role and audits each read. Agencies, services, localities and teams hold no
# personal data.


def agencies_for_list() -> QuerySet[Agency]:
    return Agency.objects.annotate(service_count=Count("services")).order_by("name")


def agencies_for_detail() -> QuerySet[Agency]:
    """Agencies with their services and teams, for the agency page (fetch one by slug)."""
    return Agency.objects.annotate(staff_count=Count("staff")).prefetch_related(
        Prefetch("services", queryset=Service.objects.order_by("name")),
        Prefetch("teams", queryset=Team.objects.select_related("locality").order_by("name")),
    )


@dataclass(frozen=True)
class ServiceFilter:
    text: str = ""
    agency: Agency | None = None
    locality: Locality | None = None
    agency_kind: str = ""
    age: int | None = None
    status: str = ""

    def is_empty(self) -> bool:
        return self == ServiceFilter()


def services_matching(service_filter: ServiceFilter) -> QuerySet[Service]:
    """Services matching every filter given, each with its agency and localities, so that a page
    of results costs the same few queries however many there are. Every word of `text` must
    appear in the name, description or audience; `age` keeps services whose age range includes
    it (an open end counts as no limit)."""
    services = Service.objects.select_related("agency").prefetch_related(
        Prefetch("localities", queryset=Locality.objects.order_by("name"))
    )
    for word in service_filter.text.split():
        services = services.filter(
            Q(name__icontains=word) | Q(description__icontains=word) | Q(audience__icontains=word)
        )
    if service_filter.agency is not None:
        services = services.filter(agency=service_filter.agency)
    if service_filter.locality is not None:
        # One row per service: a service covers each locality at most once.
        services = services.filter(localities=service_filter.locality)
    if service_filter.agency_kind:
        services = services.filter(agency__kind=service_filter.agency_kind)
    if service_filter.age is not None:
        services = services.filter(
            Q(min_age__isnull=True) | Q(min_age__lte=service_filter.age),
            Q(max_age__isnull=True) | Q(max_age__gte=service_filter.age),
        )
    if service_filter.status:
        services = services.filter(status=service_filter.status)
    return services.order_by("name", "pk")


SERVICE_STATUS_COLOURS: dict[str, str] = {
    ServiceStatus.ACTIVE: "green",
    ServiceStatus.TEMPORARILY_CLOSED: "yellow",
    ServiceStatus.INACTIVE: "grey",
    ServiceStatus.DEFUNCT: "red",
}


def age_range_text(min_age: int | None, max_age: int | None) -> str:
    if min_age is None and max_age is None:
        return "Any age"
    if min_age is None:
        return f"Up to {max_age}"
    if max_age is None:
        return f"{min_age} and over"
    return str(min_age) if min_age == max_age else f"{min_age} to {max_age}"


@dataclass(frozen=True)
class ServiceListing:
    """One line of the services directory: only what the page shows."""

    name: str
    url: str
    agency_name: str
    audience: str
    ages: str
    status_label: str
    status_colour: str
    localities: list[str]


def services_directory_version() -> str:
    """Changes whenever anything the services directory shows changes (a service, its agency, a
    locality, or the number of services), in one query: the key under which its pages are cached.
    Every change goes through a service that saves the record, so `modified_at` moves with it."""

    def latest(model: type[models.Model]) -> Subquery:
        return Subquery(
            model._default_manager.order_by().values(latest=Func("modified_at", function="MAX"))
        )

    version = Service.objects.order_by().aggregate(
        services=Max("modified_at"),
        count=Count("pk"),
        # Wrapped in Max only so that the aggregate query accepts them; each is one value.
        agencies=Max(latest(Agency)),
        localities=Max(latest(Locality)),
    )
    return "|".join(str(value) for value in version.values())


def services_directory_page(
    service_filter: ServiceFilter, *, page_number: str | None, per_page: int
) -> Page[ServiceListing]:
    """A page of the services directory in three queries (count, rows, locality names) however
    many services match. It reads plain values rather than whole records: this is the page the
    partnership opens most, and the one measured under load."""
    rows = (
        services_matching(service_filter)
        .select_related(None)
        .prefetch_related(None)
        .values("pk", "name", "slug", "audience", "min_age", "max_age", "status", "agency__name")
    )
    page = Paginator(rows, per_page).get_page(page_number)
    covered: dict[int, list[str]] = defaultdict(list)
    links = Service.localities.through.objects.filter(
        service_id__in=[row["pk"] for row in page.object_list]
    ).order_by("locality__name")
    for service_id, locality_name in links.values_list("service_id", "locality__name"):
        covered[service_id].append(locality_name)
    labels = dict(ServiceStatus.choices)
    # One reverse() for the page, not one per service: slugs need no escaping in a path.
    url_of = reverse("partnership:service_detail", args=["-"]).removesuffix("-/") + "{}/"
    listings = [
        ServiceListing(
            name=row["name"],
            url=url_of.format(row["slug"]),
            agency_name=row["agency__name"],
            audience=row["audience"],
            ages=age_range_text(row["min_age"], row["max_age"]),
            status_label=labels.get(row["status"], row["status"]),
            status_colour=SERVICE_STATUS_COLOURS.get(row["status"], "grey"),
            localities=covered[row["pk"]],
        )
        for row in page.object_list
    ]
    return Page(listings, page.number, page.paginator)  # type: ignore[arg-type]


def services_for_detail() -> QuerySet[Service]:
    return Service.objects.select_related("agency").prefetch_related(
        Prefetch("localities", queryset=Locality.objects.order_by("name"))
    )


def localities_for_list() -> QuerySet[Locality]:
    """Localities with their wards and teams, and how many services cover each."""
    return (
        Locality.objects.annotate(service_count=Count("services"))
        .prefetch_related(
            Prefetch("wards", queryset=Ward.objects.order_by("name")),
            Prefetch("teams", queryset=Team.objects.select_related("agency").order_by("name")),
        )
        .order_by("name")
    )


def localities_for_detail() -> QuerySet[Locality]:
    return Locality.objects.prefetch_related(
        Prefetch("wards", queryset=Ward.objects.order_by("name")),
        Prefetch("teams", queryset=Team.objects.select_related("agency").order_by("name")),
        Prefetch(
            "services",
            queryset=Service.objects.select_related("agency").order_by("name"),
        ),
    )


def teams_for_list() -> QuerySet[Team]:
    return Team.objects.select_related("agency", "locality").annotate(member_count=Count("members"))


def teams_for_detail() -> QuerySet[Team]:
    return Team.objects.select_related("agency", "locality")


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


# --- Shared vision and outcomes framework, alignment matrix -----------------------------------

# A priority that this many agencies or more work towards is worth checking for duplicated effort.
ALIGNMENT_OVERLAP_THRESHOLD = 3


def vision_statements() -> list[VisionStatement]:
    """Every version of the shared vision, newest first."""
    return list(VisionStatement.objects.select_related("recorded_by").order_by("-version"))


def vision_current() -> VisionStatement | None:
    """The vision in force: the newest version."""
    return VisionStatement.objects.order_by("-version").first()


def outcomes_framework() -> list[Outcome]:
    """Outcomes in order, each with its priorities and their indicators (three queries)."""
    priorities = Priority.objects.order_by("position", "title").prefetch_related(
        Prefetch("indicators", queryset=FrameworkIndicator.objects.order_by("name"))
    )
    return list(Outcome.objects.prefetch_related(Prefetch("priorities", queryset=priorities)))


def priorities_by_outcome() -> list[tuple[Outcome, list[Priority]]]:
    """Priorities grouped under their outcomes in framework order; outcomes with none left out."""
    groups: dict[int, tuple[Outcome, list[Priority]]] = {}
    for priority in Priority.objects.select_related("outcome"):
        groups.setdefault(priority.outcome_id, (priority.outcome, []))[1].append(priority)
    return list(groups.values())


@dataclass(frozen=True)
class OutcomeCommitments:
    """An agency's commitments under one outcome: the outcome is committed to when any of its
    priorities is."""

    outcome: Outcome
    commitments: list[Commitment]

    @property
    def committed(self) -> bool:
        return bool(self.commitments)


def agency_outcome_commitments(agency: Agency) -> list[OutcomeCommitments]:
    """Every outcome with the agency's commitments to its priorities (none for an outcome the
    agency does not contribute to). Which outcomes an agency serves is derived, never stored."""
    by_outcome: dict[int, list[Commitment]] = {}
    commitments = (
        Commitment.objects.filter(agency=agency)
        .select_related("priority")
        .order_by("priority__position", "priority__title")
    )
    for commitment in commitments:
        by_outcome.setdefault(commitment.priority.outcome_id, []).append(commitment)
    return [
        OutcomeCommitments(outcome=outcome, commitments=by_outcome.get(outcome.pk, []))
        for outcome in Outcome.objects.all()
    ]


def agency_committed_outcomes(agency: Agency) -> list[Outcome]:
    """The outcomes an agency contributes to, through at least one of their priorities."""
    return list(Outcome.objects.filter(priorities__commitments__agency=agency).distinct())


def agency_contributions(agency: Agency) -> dict[int, str]:
    """What the agency has said it will do, by priority id."""
    return dict(Commitment.objects.filter(agency=agency).values_list("priority_id", "contribution"))


@dataclass(frozen=True)
class AgencyAlignment:
    agency: Agency
    priorities: int
    outcomes: list[Outcome]


def agencies_alignment() -> list[AgencyAlignment]:
    """Each agency with how many priorities it commits to and the outcomes that makes it serve
    (three queries whatever the number of agencies)."""
    outcomes = {outcome.pk: outcome for outcome in Outcome.objects.all()}
    priority_counts: dict[int, int] = {}
    outcome_ids: dict[int, set[int]] = {}
    for agency_id, outcome_id in Commitment.objects.values_list(
        "agency_id", "priority__outcome_id"
    ):
        priority_counts[agency_id] = priority_counts.get(agency_id, 0) + 1
        outcome_ids.setdefault(agency_id, set()).add(outcome_id)
    return [
        AgencyAlignment(
            agency=agency,
            priorities=priority_counts.get(agency.pk, 0),
            outcomes=[o for pk, o in outcomes.items() if pk in outcome_ids.get(agency.pk, set())],
        )
        for agency in Agency.objects.order_by("name")
    ]


@dataclass(frozen=True)
class AlignmentRow:
    """One priority across every agency: who has committed, and what that adds up to."""

    priority: Priority
    committed: list[bool]  # one per agency, in the matrix's column order

    @property
    def contributors(self) -> int:
        return sum(self.committed)

    @property
    def is_gap(self) -> bool:
        return self.contributors == 0

    @property
    def is_single(self) -> bool:
        return self.contributors == 1

    @property
    def is_shared(self) -> bool:
        return self.contributors >= 2

    @property
    def is_overlap(self) -> bool:
        return self.contributors >= ALIGNMENT_OVERLAP_THRESHOLD

    @property
    def status(self) -> str:
        if self.is_gap:
            return "Gap: no agency contributes"
        if self.is_single:
            return "One agency"
        return f"Shared by {self.contributors} agencies"


@dataclass(frozen=True)
class AlignmentGroup:
    outcome: Outcome
    rows: list[AlignmentRow]


@dataclass(frozen=True)
class AlignmentMatrix:
    """Agencies across, priorities down (grouped by outcome)."""

    agencies: list[Agency]
    groups: list[AlignmentGroup]

    @property
    def rows(self) -> list[AlignmentRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def gaps(self) -> list[AlignmentRow]:
        return [row for row in self.rows if row.is_gap]

    @property
    def singles(self) -> list[AlignmentRow]:
        return [row for row in self.rows if row.is_single]

    @property
    def shared(self) -> list[AlignmentRow]:
        return [row for row in self.rows if row.is_shared]

    @property
    def overlaps(self) -> list[AlignmentRow]:
        return [row for row in self.rows if row.is_overlap]

    @property
    def outcomes_without_priorities(self) -> list[Outcome]:
        return [group.outcome for group in self.groups if not group.rows]

    @property
    def agency_totals(self) -> list[int]:
        """How many priorities each agency commits to, in column order."""
        rows = self.rows
        return [sum(row.committed[i] for row in rows) for i in range(len(self.agencies))]

    @property
    def agencies_without_commitments(self) -> list[Agency]:
        return [a for a, total in zip(self.agencies, self.agency_totals, strict=True) if not total]


def alignment_matrix() -> AlignmentMatrix:
    """Which agency commits to which priority, in four queries whatever the partnership's size:
    outcomes, priorities, agencies, and the (agency, priority) pairs of every commitment."""
    agencies = list(Agency.objects.order_by("name"))
    committed = set(Commitment.objects.values_list("priority_id", "agency_id"))
    priorities: dict[int, list[Priority]] = {}
    for priority in Priority.objects.order_by("position", "title"):
        priorities.setdefault(priority.outcome_id, []).append(priority)
    groups = []
    for outcome in Outcome.objects.all():
        rows = []
        for priority in priorities.get(outcome.pk, []):
            priority.outcome = outcome  # already fetched: no query per row to name it
            committed_by = [(priority.pk, agency.pk) in committed for agency in agencies]
            rows.append(AlignmentRow(priority=priority, committed=committed_by))
        groups.append(AlignmentGroup(outcome=outcome, rows=rows))
    return AlignmentMatrix(agencies=agencies, groups=groups)


def alignment_matrix_table(matrix: AlignmentMatrix) -> list[list[str]]:
    """The matrix as rows of text for a CSV download: a header row, then one row per priority."""
    header = [
        "Outcome",
        "Priority",
        "Agencies contributing",
        "Status",
        "Worth checking for duplicated effort",
        *[agency.name for agency in matrix.agencies],
    ]
    table = [header]
    for group in matrix.groups:
        for row in group.rows:
            table.append(
                [
                    group.outcome.name,
                    row.priority.title,
                    str(row.contributors),
                    row.status,
                    "Yes" if row.is_overlap else "No",
                    *["Committed" if cell else "" for cell in row.committed],
                ]
            )
    return [[spreadsheet_safe(cell) for cell in line] for line in table]


# --- API ----------------------------------------------------------------------------------------
# Reads only the JSON API (childtrust.api) needs; it uses the registry's selectors above too.


def agency_with_slug(slug: str) -> Agency | None:
    return Agency.objects.filter(slug=slug).first()


def locality_with_slug(slug: str) -> Locality | None:
    return Locality.objects.filter(slug=slug).first()


def outcomes_framework_with_commitments() -> QuerySet[Outcome]:
    """Outcomes in order, with priorities, their indicators and the agencies committed to each
    (four queries however large the framework)."""
    priorities = Priority.objects.order_by("position", "title", "pk").prefetch_related(
        "indicators",
        Prefetch(
            "commitments",
            queryset=Commitment.objects.select_related("agency").order_by("agency__name"),
        ),
    )
    return Outcome.objects.prefetch_related(Prefetch("priorities", queryset=priorities)).order_by(
        "position", "name"
    )
