"""Registry selectors: directory search and filters, management levels, organisation charts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from childtrust.partnership.models import AgencyKind, ServiceStatus
from childtrust.partnership.selectors import registry as selectors
from childtrust.partnership.selectors.registry import ServiceFilter
from childtrust.partnership.selectors.staff import management_levels, org_chart, staff_levels
from tests.factories import (
    AgencyFactory,
    LocalityFactory,
    ServiceFactory,
    StaffMemberFactory,
)

pytestmark = pytest.mark.django_db


def names(services: object) -> list[str]:
    return [service.name for service in services]  # type: ignore[attr-defined]


# Services directory


def test_services_text_search_needs_every_word_somewhere_in_name_description_or_audience() -> None:
    ServiceFactory(name="Baby clinic", description="Weighing", audience="Parents of babies")
    ServiceFactory(name="Youth club", description="Evening sessions", audience="Teenagers")
    ServiceFactory(name="Parenting course", description="Weekly group", audience="Parents")
    assert names(selectors.services_matching(ServiceFilter(text="parents"))) == [
        "Baby clinic",
        "Parenting course",
    ]
    assert names(selectors.services_matching(ServiceFilter(text="PARENTS weighing"))) == [
        "Baby clinic"
    ]
    assert names(selectors.services_matching(ServiceFilter(text="teenagers evening"))) == [
        "Youth club"
    ]


def test_services_filter_by_agency_locality_and_agency_kind() -> None:
    police = AgencyFactory(kind=AgencyKind.POLICE)
    north, south = LocalityFactory(), LocalityFactory()
    patrol = ServiceFactory(name="Patrol", agency=police)
    patrol.localities.set([north, south])
    clinic = ServiceFactory(name="Clinic")
    clinic.localities.set([south])
    ServiceFactory(name="Nowhere")
    assert names(selectors.services_matching(ServiceFilter(agency=police))) == ["Patrol"]
    assert names(selectors.services_matching(ServiceFilter(locality=south))) == [
        "Clinic",
        "Patrol",
    ]
    assert names(selectors.services_matching(ServiceFilter(agency_kind=AgencyKind.POLICE))) == [
        "Patrol"
    ]
    assert names(
        selectors.services_matching(ServiceFilter(locality=south, agency_kind="health"))
    ) == ["Clinic"]


def test_services_filter_by_age_keeps_ranges_that_include_it_and_open_ends() -> None:
    ServiceFactory(name="Under fives", min_age=0, max_age=5)
    ServiceFactory(name="Teens", min_age=13, max_age=19)
    ServiceFactory(name="From eleven", min_age=11, max_age=None)
    ServiceFactory(name="Any age", min_age=None, max_age=None)
    assert names(selectors.services_matching(ServiceFilter(age=5))) == [
        "Any age",
        "Under fives",
    ]
    assert names(selectors.services_matching(ServiceFilter(age=13))) == [
        "Any age",
        "From eleven",
        "Teens",
    ]
    assert names(selectors.services_matching(ServiceFilter(age=0))) == [
        "Any age",
        "Under fives",
    ]


def test_services_filter_by_status() -> None:
    ServiceFactory(name="Open")
    ServiceFactory(name="Paused", status=ServiceStatus.TEMPORARILY_CLOSED)
    assert names(
        selectors.services_matching(ServiceFilter(status=ServiceStatus.TEMPORARILY_CLOSED))
    ) == ["Paused"]


def test_services_matching_costs_the_same_queries_for_three_or_thirty_services() -> None:
    def queries_for_all() -> int:
        with CaptureQueriesContext(connection) as captured:
            for service in selectors.services_matching(ServiceFilter()):
                _ = service.agency.name, [loc.name for loc in service.localities.all()]
        return len(captured)

    north = LocalityFactory()
    for _ in range(3):
        ServiceFactory().localities.set([north])
    few = queries_for_all()
    for _ in range(27):
        ServiceFactory().localities.set([north, LocalityFactory()])
    assert queries_for_all() == few == 2


def test_services_directory_page_reads_three_queries_for_any_number_of_services() -> None:
    north, south = LocalityFactory(name="North"), LocalityFactory(name="South")
    for _ in range(30):
        ServiceFactory().localities.set([south, north])
    with CaptureQueriesContext(connection) as captured:
        page = selectors.services_directory_page(ServiceFilter(), page_number="2", per_page=20)
    assert len(captured) == 3
    assert page.number == 2
    assert len(page.object_list) == 10
    assert page.paginator.count == 30
    assert page.object_list[0].localities == ["North", "South"]


def test_services_directory_page_lists_what_the_page_shows() -> None:
    ServiceFactory(
        name="Youth club",
        slug="youth-club",
        agency=AgencyFactory(name="Youth Trust"),
        audience="Teenagers",
        min_age=11,
        max_age=None,
        status=ServiceStatus.TEMPORARILY_CLOSED,
    )
    page = selectors.services_directory_page(ServiceFilter(), page_number=None, per_page=20)
    assert page.object_list == [
        selectors.ServiceListing(
            name="Youth club",
            url="/services/youth-club/",
            agency_name="Youth Trust",
            audience="Teenagers",
            ages="11 and over",
            status_label="Temporarily closed",
            status_colour="yellow",
            localities=[],
        )
    ]


@pytest.mark.parametrize(
    ("min_age", "max_age", "text"),
    [
        (None, None, "Any age"),
        (None, 5, "Up to 5"),
        (11, None, "11 and over"),
        (4, 4, "4"),
        (0, 5, "0 to 5"),
    ],
)
def test_age_range_text_says_the_range_in_plain_words(
    min_age: int | None, max_age: int | None, text: str
) -> None:
    assert selectors.age_range_text(min_age, max_age) == text


# Management levels


def test_management_levels_count_steps_down_the_chain() -> None:
    assert management_levels({1: None, 2: 1, 3: 2, 4: 1, 5: None}) == {
        1: 1,
        2: 2,
        3: 3,
        4: 2,
        5: 1,
    }


def test_management_levels_treat_a_manager_outside_the_map_as_no_manager() -> None:
    assert management_levels({2: 99, 3: 2}) == {2: 1, 3: 2}


def test_management_levels_end_even_if_the_data_holds_a_loop() -> None:
    levels = management_levels({1: 2, 2: 1, 3: 1})
    assert set(levels) == {1, 2, 3}


def test_staff_levels_come_from_one_query_whatever_the_tree_size() -> None:
    head = StaffMemberFactory()
    previous = head
    for _ in range(5):
        previous = StaffMemberFactory(agency=head.agency, manager=previous)
    with CaptureQueriesContext(connection) as captured:
        levels = staff_levels(agency=head.agency)
    assert len(captured) == 1
    assert levels[head.pk] == 1
    assert levels[previous.pk] == 6


# Organisation chart


def test_org_chart_nests_direct_reports_under_their_manager_from_one_query() -> None:
    agency = AgencyFactory()
    head = StaffMemberFactory(agency=agency, family_name="Adams")
    deputy = StaffMemberFactory(agency=agency, manager=head, family_name="Brown")
    worker = StaffMemberFactory(agency=agency, manager=deputy, family_name="Clark")
    peer = StaffMemberFactory(agency=agency, manager=head, family_name="Davis")
    StaffMemberFactory(family_name="Elsewhere")  # another agency: not in this chart
    with CaptureQueriesContext(connection) as captured:
        chart = org_chart(agency)
        _ = [node.person.team for node in chart]
    assert len(captured) == 1
    [top] = chart
    assert (top.person, top.level) == (head, 1)
    assert [(n.person, n.level) for n in top.reports] == [(deputy, 2), (peer, 2)]
    assert [(n.person, n.level) for n in top.reports[0].reports] == [(worker, 3)]
    assert top.reports[1].reports == []


def test_org_chart_shows_everyone_in_the_agency_even_several_heads() -> None:
    agency = AgencyFactory()
    heads = [StaffMemberFactory(agency=agency) for _ in range(2)]
    chart = org_chart(agency)
    assert {node.person for node in chart} == set(heads)
