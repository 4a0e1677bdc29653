"""Reads of the shared vision and outcomes framework, above all the alignment matrix."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from childtrust.partnership.models import Agency, Priority
from childtrust.partnership.selectors import framework as selectors
from tests.factories import (
    AgencyFactory,
    CommitmentFactory,
    FrameworkIndicatorFactory,
    OutcomeFactory,
    PriorityFactory,
    VisionStatementFactory,
)

pytestmark = pytest.mark.django_db


def commit(agencies: list[Agency], priority: Priority) -> None:
    for agency in agencies:
        CommitmentFactory(agency=agency, priority=priority)


@pytest.fixture
def partnership() -> dict[str, Any]:
    """Four agencies and five priorities with 0, 1, 2, 3 and 4 agencies committed."""
    agencies = [AgencyFactory(name=name) for name in ("Police", "Health", "Education", "Youth")]
    police, health, education, youth = agencies
    healthy = OutcomeFactory(name="Be healthy", position=1)
    safe = OutcomeFactory(name="Stay safe", position=2)
    OutcomeFactory(name="Enjoy and achieve", position=3)  # no priorities yet
    gap = PriorityFactory(outcome=healthy, title="Dental health", position=1)
    single = PriorityFactory(outcome=healthy, title="Healthy weight", position=2)
    pair = PriorityFactory(outcome=safe, title="Fewer missing episodes", position=1)
    trio = PriorityFactory(outcome=safe, title="Safer roads", position=2)
    four = PriorityFactory(outcome=safe, title="Less domestic abuse", position=3)
    commit([health], single)
    commit([police, youth], pair)
    commit([police, education, youth], trio)
    commit(agencies, four)
    return {
        "agencies": agencies,
        "gap": gap,
        "single": single,
        "pair": pair,
        "trio": trio,
        "four": four,
    }


def test_matrix_status_follows_the_number_of_agencies_committed(
    partnership: dict[str, Any],
) -> None:
    matrix = selectors.alignment_matrix()
    status = {row.priority.title: (row.contributors, row.status) for row in matrix.rows}
    assert status == {
        "Dental health": (0, "Gap: no agency contributes"),
        "Healthy weight": (1, "One agency"),
        "Fewer missing episodes": (2, "Shared by 2 agencies"),
        "Safer roads": (3, "Shared by 3 agencies"),
        "Less domestic abuse": (4, "Shared by 4 agencies"),
    }


def test_matrix_summary_counts_gaps_singles_shared_and_overlaps(
    partnership: dict[str, Any],
) -> None:
    matrix = selectors.alignment_matrix()
    assert [row.priority for row in matrix.gaps] == [partnership["gap"]]
    assert [row.priority for row in matrix.singles] == [partnership["single"]]
    assert [row.priority for row in matrix.shared] == [
        partnership["pair"],
        partnership["trio"],
        partnership["four"],
    ]
    # Two agencies sharing a priority is partnership working; three or more is worth a look.
    assert [row.priority for row in matrix.overlaps] == [partnership["trio"], partnership["four"]]


def test_matrix_columns_are_agencies_by_name_and_cells_follow_them(
    partnership: dict[str, Any],
) -> None:
    matrix = selectors.alignment_matrix()
    assert [a.name for a in matrix.agencies] == ["Education", "Health", "Police", "Youth"]
    pair_row = next(row for row in matrix.rows if row.priority == partnership["pair"])
    assert pair_row.committed == [False, False, True, True]


def test_matrix_rows_are_grouped_by_outcome_in_framework_order(
    partnership: dict[str, Any],
) -> None:
    matrix = selectors.alignment_matrix()
    assert [(g.outcome.name, [r.priority.title for r in g.rows]) for g in matrix.groups] == [
        ("Be healthy", ["Dental health", "Healthy weight"]),
        ("Stay safe", ["Fewer missing episodes", "Safer roads", "Less domestic abuse"]),
        ("Enjoy and achieve", []),
    ]
    assert [o.name for o in matrix.outcomes_without_priorities] == ["Enjoy and achieve"]


def test_matrix_totals_per_agency_and_agencies_without_commitments(
    partnership: dict[str, Any],
) -> None:
    newcomer = AgencyFactory(name="Voluntary sector")
    matrix = selectors.alignment_matrix()
    # Education, Health, Police, Voluntary sector, Youth
    assert matrix.agency_totals == [2, 2, 3, 0, 3]
    assert matrix.agencies_without_commitments == [newcomer]


def test_matrix_with_no_priorities_or_agencies_is_empty_not_an_error() -> None:
    matrix = selectors.alignment_matrix()
    assert (matrix.rows, matrix.gaps, matrix.agency_totals) == ([], [], [])


def test_matrix_costs_four_queries_however_big_the_partnership(
    partnership: dict[str, Any], django_assert_num_queries: Callable[..., Any]
) -> None:
    with django_assert_num_queries(4):
        small = selectors.alignment_matrix()
        [row.status for row in small.rows]
        [row.priority.outcome.name for row in small.gaps]
    more_agencies = AgencyFactory.create_batch(6)
    for priority in PriorityFactory.create_batch(10):
        commit(more_agencies[:3], priority)
    with django_assert_num_queries(4):
        big = selectors.alignment_matrix()
        [row.status for row in big.rows]
        [row.priority.outcome.name for row in big.gaps]
    assert len(big.rows) == len(small.rows) + 10


def test_outcome_commitments_are_derived_from_the_agencys_priorities() -> None:
    agency = AgencyFactory()
    healthy = OutcomeFactory(name="Be healthy", position=1)
    safe = OutcomeFactory(name="Stay safe", position=2)
    first = PriorityFactory(outcome=healthy, position=1)
    second = PriorityFactory(outcome=healthy, position=2)
    PriorityFactory(outcome=safe)
    CommitmentFactory(agency=agency, priority=second)
    CommitmentFactory(agency=agency, priority=first)
    CommitmentFactory(priority=PriorityFactory(outcome=safe))  # another agency's

    derived = selectors.agency_outcome_commitments(agency)

    assert [(o.outcome, o.committed) for o in derived] == [(healthy, True), (safe, False)]
    assert [c.priority for c in derived[0].commitments] == [first, second]
    assert selectors.agency_committed_outcomes(agency) == [healthy]


def test_agencies_alignment_counts_priorities_and_derives_outcomes(
    partnership: dict[str, Any],
) -> None:
    rows = {row.agency.name: row for row in selectors.agencies_alignment()}
    assert rows["Police"].priorities == 3
    assert [o.name for o in rows["Police"].outcomes] == ["Stay safe"]
    assert [o.name for o in rows["Health"].outcomes] == ["Be healthy", "Stay safe"]


def test_alignment_table_has_a_header_and_a_row_per_priority(
    partnership: dict[str, Any],
) -> None:
    table = selectors.alignment_matrix_table(selectors.alignment_matrix())
    assert table[0] == [
        "Outcome",
        "Priority",
        "Agencies contributing",
        "Status",
        "Agencies' work overlaps",
        "Education",
        "Health",
        "Police",
        "Youth",
    ]
    assert table[1] == [
        "Be healthy",
        "Dental health",
        "0",
        "Gap: no agency contributes",
        "No",
        "",
        "",
        "",
        "",
    ]
    assert table[4] == [
        "Stay safe",
        "Safer roads",
        "3",
        "Shared by 3 agencies",
        "Yes",
        "Committed",
        "",
        "Committed",
        "Committed",
    ]
    assert len(table) == 6


def test_alignment_table_defuses_cells_a_spreadsheet_would_run_as_formulas() -> None:
    AgencyFactory(name='=HYPERLINK("http://example.org")', slug="odd")
    PriorityFactory(title="+1 more apprenticeships", position=1)
    PriorityFactory(title=" =1+1", position=2)
    table = selectors.alignment_matrix_table(selectors.alignment_matrix())
    assert table[0][5] == '\'=HYPERLINK("http://example.org")'
    assert table[1][1] == "'+1 more apprenticeships"
    assert table[2][1] == "' =1+1"  # a formula behind a space


def test_vision_versions_newest_first_and_current_is_the_newest() -> None:
    VisionStatementFactory(version=1, adopted_on=datetime.date(2023, 1, 1))
    newest = VisionStatementFactory(version=3, adopted_on=datetime.date(2025, 1, 1))
    VisionStatementFactory(version=2, adopted_on=datetime.date(2024, 1, 1))
    assert [v.version for v in selectors.vision_statements()] == [3, 2, 1]
    assert selectors.vision_current() == newest


def test_no_vision_yet_means_no_current_version() -> None:
    assert selectors.vision_current() is None


def test_outcomes_framework_nests_priorities_and_indicators_in_three_queries(
    django_assert_num_queries: Callable[..., Any],
) -> None:
    outcome = OutcomeFactory()
    later = PriorityFactory(outcome=outcome, position=2, title="Later")
    sooner = PriorityFactory(outcome=outcome, position=1, title="Sooner")
    FrameworkIndicatorFactory(priority=later, name="B")
    FrameworkIndicatorFactory(priority=later, name="A")
    with django_assert_num_queries(3):
        [loaded] = selectors.outcomes_framework()
        priorities = list(loaded.priorities.all())
        names = [i.name for i in priorities[1].indicators.all()]
    assert priorities == [sooner, later]
    assert names == ["A", "B"]


def test_priorities_by_outcome_leaves_out_outcomes_without_priorities() -> None:
    healthy = OutcomeFactory(position=1)
    OutcomeFactory(position=2)
    priority = PriorityFactory(outcome=healthy)
    assert selectors.priorities_by_outcome() == [(healthy, [priority])]
