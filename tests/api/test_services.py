"""/api/v1/services: the services directory, with its filters."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from childtrust.accounts.models import Role
from childtrust.core.permissions import Capability
from childtrust.partnership.models import AgencyKind, ServiceStatus
from tests.api.conftest import ApiClient
from tests.api.refusals import assert_refused_without
from tests.factories import AgencyFactory, LocalityFactory, ServiceFactory
from tests.resources.factories_costings import ServiceCostingFactory

pytestmark = pytest.mark.django_db


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def test_service_list_gives_each_service_with_agency_ages_and_localities(api: ApiClient) -> None:
    agency = AgencyFactory(name="Bridgeford NHS Trust", slug="bridgeford-nhs", short_name="BNT")
    north = LocalityFactory(name="North", slug="north")
    east = LocalityFactory(name="East", slug="east")
    service = ServiceFactory(
        agency=agency,
        name="Speech and language therapy",
        slug="speech-and-language",
        audience="Children aged 2 to 11",
        min_age=2,
        max_age=11,
    )
    service.localities.set([north, east])

    response = api.get("/services")

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "items": [
            {
                "slug": "speech-and-language",
                "name": "Speech and language therapy",
                "agency": {
                    "slug": "bridgeford-nhs",
                    "name": "Bridgeford NHS Trust",
                    "short_name": "BNT",
                },
                "status": "active",
                "audience": "Children aged 2 to 11",
                "min_age": 2,
                "max_age": 11,
                "localities": [
                    {"slug": "east", "name": "East"},
                    {"slug": "north", "name": "North"},
                ],
            }
        ],
    }


def test_services_filter_by_agency_slug(api: ApiClient) -> None:
    police = AgencyFactory(slug="police")
    ServiceFactory(agency=police, name="Youth diversion")
    ServiceFactory(name="Health visiting")

    assert names(api.get("/services", {"agency": "police"})) == ["Youth diversion"]


def test_services_filter_by_locality_slug(api: ApiClient) -> None:
    north = LocalityFactory(slug="north")
    ServiceFactory(name="North family hub").localities.set([north])
    ServiceFactory(name="South family hub").localities.set([LocalityFactory(slug="south")])

    assert names(api.get("/services", {"locality": "north"})) == ["North family hub"]


@pytest.mark.parametrize("filter_name", ["agency", "locality"])
def test_services_filter_by_a_slug_that_names_nothing_matches_no_service(
    api: ApiClient, filter_name: str
) -> None:
    ServiceFactory().localities.set([LocalityFactory()])

    response = api.get("/services", {filter_name: "no-such-slug"})

    assert response.json() == {"count": 0, "items": [], "next": None, "previous": None}


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (0, ["Any age", "Early years"]),
        (5, ["Any age", "Early years", "School age"]),
        (6, ["Any age", "School age"]),
        (19, ["Any age", "Care leavers"]),
    ],
)
def test_services_filter_by_age_keeps_services_whose_range_includes_it(
    api: ApiClient, age: int, expected: list[str]
) -> None:
    ServiceFactory(name="Early years", min_age=0, max_age=5)
    ServiceFactory(name="School age", min_age=5, max_age=16)
    ServiceFactory(name="Care leavers", min_age=18, max_age=25)
    ServiceFactory(name="Any age", min_age=None, max_age=None)

    assert names(api.get("/services", {"age": age})) == expected


def test_services_filter_refuses_an_age_above_25(api: ApiClient) -> None:
    assert api.get("/services", {"age": 26}).status_code == 422


def test_services_filter_by_status(api: ApiClient) -> None:
    ServiceFactory(name="Open clinic")
    ServiceFactory(name="Closed clinic", status=ServiceStatus.TEMPORARILY_CLOSED)

    assert names(api.get("/services", {"status": "temporarily_closed"})) == ["Closed clinic"]


def test_services_filter_refuses_an_unknown_status(api: ApiClient) -> None:
    assert api.get("/services", {"status": "open"}).status_code == 422


def test_services_filter_by_agency_kind(api: ApiClient) -> None:
    ServiceFactory(name="Neighbourhood policing", agency=AgencyFactory(kind=AgencyKind.POLICE))
    ServiceFactory(name="Health visiting", agency=AgencyFactory(kind=AgencyKind.HEALTH))

    assert names(api.get("/services", {"agency_kind": "police"})) == ["Neighbourhood policing"]


def test_services_text_search_needs_every_word_in_name_description_or_audience(
    api: ApiClient,
) -> None:
    ServiceFactory(name="Parenting course", description="Evening sessions for parents")
    ServiceFactory(name="Parenting helpline", description="Advice by telephone")
    ServiceFactory(name="Youth club", audience="Young people and their parents")

    assert names(api.get("/services", {"q": "parenting evening"})) == ["Parenting course"]
    assert names(api.get("/services", {"q": "PARENTS"})) == ["Parenting course", "Youth club"]


def test_service_filters_combine(api: ApiClient) -> None:
    north = LocalityFactory(slug="north")
    health = AgencyFactory(slug="health")
    ServiceFactory(name="North baby clinic", agency=health, min_age=0, max_age=2).localities.set(
        [north]
    )
    ServiceFactory(name="North teen clinic", agency=health, min_age=13, max_age=19).localities.set(
        [north]
    )
    ServiceFactory(name="Other baby clinic", min_age=0, max_age=2).localities.set([north])

    response = api.get(
        "/services", {"agency": "health", "locality": "north", "age": 1, "q": "clinic"}
    )

    assert names(response) == ["North baby clinic"]


def test_service_list_costs_the_same_few_queries_however_many_services(
    api: ApiClient, django_assert_max_num_queries: Callable[[int], Any]
) -> None:
    localities = [LocalityFactory(slug=f"locality-{n}") for n in range(3)]
    for _ in range(40):
        ServiceFactory(agency=AgencyFactory()).localities.set(localities)

    # Token, last-used mark, agency, locality, count, services with agencies, localities.
    with django_assert_max_num_queries(7):
        response = api.get("/services", {"agency": "agency-1", "locality": "locality-1"})
    with django_assert_max_num_queries(5):
        response = api.get("/services")

    assert len(response.json()["items"]) == 40


def test_service_detail_gives_how_to_reach_it_and_its_cost(
    api_client_for: Callable[[str], ApiClient],
) -> None:
    # Its cost is shown to those who may see the service's costing: a finance officer sees all
    # (tests/resources/test_costings_api.py has who else may and who may not).
    api = api_client_for(Role.FINANCE_OFFICER)
    service = ServiceFactory(
        name="Family support",
        slug="family-support",
        description="Practical help at home.",
        eligibility="Families with a child under 11.",
        how_to_access="Ask your health visitor or school to refer you.",
        email="family.support@example.org",
        phone="01632 960001",
        url="https://example.org/family-support",
    )
    # The cost and capacity are the service's costing's (resources), which the API reads.
    ServiceCostingFactory(service=service, cost_per_child=Decimal("1250.50"), capacity=120)

    response = api.get("/services/family-support")

    assert response.status_code == 200
    body = response.json()
    assert body["description"] == "Practical help at home."
    assert body["eligibility"] == "Families with a child under 11."
    assert body["how_to_access"] == "Ask your health visitor or school to refer you."
    assert (body["email"], body["phone"], body["url"]) == (
        "family.support@example.org",
        "01632 960001",
        "https://example.org/family-support",
    )
    assert body["capacity"] == 120
    assert Decimal(body["unit_cost"]) == Decimal("1250.50")


def test_service_detail_without_a_costing_gives_no_cost_or_capacity(api: ApiClient) -> None:
    ServiceFactory(slug="uncosted")

    body = api.get("/services/uncosted").json()

    assert (body["capacity"], body["unit_cost"]) == (None, None)


def test_service_detail_for_an_unknown_slug_is_404_with_a_message(api: ApiClient) -> None:
    response = api.get("/services/no-such-service")

    assert response.status_code == 404
    assert response.json() == {"detail": "No service has the slug 'no-such-service'."}


@pytest.mark.parametrize("path", ["/services", "/services/baby-clinic"])
def test_the_services_directory_is_refused_to_a_role_that_may_not_read_the_partnership(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    ServiceFactory(slug="baby-clinic")
    assert_refused_without(
        Capability.VIEW_PARTNERSHIP,
        api=api,
        path=path,
        sentence="see the services directory",
        monkeypatch=monkeypatch,
    )
