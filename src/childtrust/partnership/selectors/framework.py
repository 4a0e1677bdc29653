"""Reads of the shared vision and outcomes framework: vision statements, outcomes, priorities
and indicators, agencies' commitments and the alignment matrix."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from childtrust.core.csv_files import spreadsheet_safe
from childtrust.partnership.models import (
    Agency,
    Commitment,
    FrameworkIndicator,
    Outcome,
    Priority,
    VisionStatement,
)

# Where this many agencies or more work towards one priority, their work overlaps: worth comparing
# their services (the resources app's duplication page).
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


@dataclass(frozen=True)
class AgencyCommitments:
    """One agency's column of the matrix, as a list: the priorities it commits to."""

    agency: Agency
    priorities: list[Priority]


def alignment_by_agency(matrix: AlignmentMatrix) -> list[AgencyCommitments]:
    """Each agency with the priorities it commits to, in framework order (for a phone)."""
    rows = matrix.rows
    return [
        AgencyCommitments(agency, [row.priority for row in rows if row.committed[i]])
        for i, agency in enumerate(matrix.agencies)
    ]


#: How the matrix's rows may be sorted, by the column chosen: the framework's order (grouped
#: by outcome), most agencies first, fewest first (gaps first), or an agency's commitments first.
ALIGNMENT_SORTS = ("framework", "most", "fewest")
AGENCY_SORT_PREFIX = "agency-"


def alignment_sorted_rows(matrix: AlignmentMatrix, sort: str) -> tuple[str, list[AlignmentRow]]:
    """The sort that applies (an unknown one falls back to the framework's order) and, unless
    it is the framework's order, the rows in that order; ties keep the framework's order."""
    rows = matrix.rows
    if sort == "most":
        return sort, sorted(rows, key=lambda row: -row.contributors)
    if sort == "fewest":
        return sort, sorted(rows, key=lambda row: row.contributors)
    slugs = [agency.slug for agency in matrix.agencies]
    slug = sort.removeprefix(AGENCY_SORT_PREFIX)
    if sort.startswith(AGENCY_SORT_PREFIX) and slug in slugs:
        column = slugs.index(slug)
        return sort, sorted(rows, key=lambda row: not row.committed[column])
    return "framework", []


def alignment_matrix_table(matrix: AlignmentMatrix) -> list[list[str]]:
    """The matrix as rows of text for a CSV download: a header row, then one row per priority."""
    header = [
        "Outcome",
        "Priority",
        "Agencies contributing",
        "Status",
        "Agencies' work overlaps",
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


def outcomes_in_order() -> QuerySet[Outcome]:
    """The framework's outcomes in its order, without their priorities."""
    return Outcome.objects.order_by("position", "name")


def outcome_with_slug(slug: str) -> Outcome | None:
    return Outcome.objects.filter(slug=slug).first()


def priorities_with_outcome() -> QuerySet[Priority]:
    """Every priority with its outcome: the choices of a form that links something to one."""
    return Priority.objects.select_related("outcome")


def framework_indicators_with_priority() -> QuerySet[FrameworkIndicator]:
    """Every framework indicator with its priority: the choices of a form that links to one."""
    return FrameworkIndicator.objects.select_related("priority")


# --- For the framework's own pages: one record to change ----------------------------------------


def priority_with_pk(pk: int) -> Priority | None:
    return Priority.objects.select_related("outcome").filter(pk=pk).first()


def framework_indicator_with_pk(pk: int) -> FrameworkIndicator | None:
    return FrameworkIndicator.objects.select_related("priority").filter(pk=pk).first()
