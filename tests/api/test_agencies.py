"""/api/v1/agencies: the partner agencies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from childtrust.core.permissions import Capability
from childtrust.partnership.models import AgencyKind, ServiceStatus
from tests.api.conftest import ApiClient
from tests.api.refusals import assert_refused_without
from tests.factories import AgencyFactory, ServiceFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_agency_list_gives_each_agency_by_name_with_its_kind(api: ApiClient) -> None:
    AgencyFactory(name="Westshire Police", slug="westshire-police", kind=AgencyKind.POLICE)
    AgencyFactory(
        name="Bridgeford City Council",
        short_name="BCC",
        slug="bridgeford-city-council",
        kind=AgencyKind.LOCAL_AUTHORITY,
        website="https://www.bridgeford.gov.uk",
    )

    response = api.get("/agencies")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["items"] == [
        {
            "slug": "bridgeford-city-council",
            "name": "Bridgeford City Council",
            "short_name": "BCC",
            "kind": "local_authority",
            "kind_label": "Local authority children's services",
            "statutory_partner": True,
            "website": "https://www.bridgeford.gov.uk",
        },
        {
            "slug": "westshire-police",
            "name": "Westshire Police",
            "short_name": "",
            "kind": "police",
            "kind_label": "Police",
            "statutory_partner": True,
            "website": "",
        },
    ]


def test_agency_list_comes_in_pages(api: ApiClient) -> None:
    for n in range(5):
        AgencyFactory(name=f"Agency {n}")

    body = api.get("/agencies", {"page": 2, "page_size": 2}).json()

    assert body["count"] == 5
    assert [a["name"] for a in body["items"]] == ["Agency 2", "Agency 3"]


def test_agency_list_page_size_is_capped_at_100(api: ApiClient) -> None:
    for n in range(101):
        AgencyFactory(name=f"Agency {n:03}")

    body = api.get("/agencies", {"page_size": 500}).json()

    assert body["count"] == 101
    assert len(body["items"]) == 100


def test_agency_list_costs_the_same_few_queries_however_many_agencies(
    api: ApiClient, django_assert_max_num_queries: Callable[[int], Any]
) -> None:
    for _ in range(30):
        ServiceFactory()

    with django_assert_max_num_queries(4):
        response = api.get("/agencies")

    assert len(response.json()["items"]) == 30


def test_agency_detail_gives_mission_vision_contacts_services_and_teams(api: ApiClient) -> None:
    agency = AgencyFactory(
        name="Bridgeford Health Visiting",
        slug="bridgeford-health-visiting",
        mission="Every child healthy.",
        vision="A healthy start for all.",
        contact_name="Priya Shah",
        contact_email="hv@example.org",
        contact_phone="01632 960000",
    )
    ServiceFactory(agency=agency, name="Baby clinics", slug="baby-clinics")
    ServiceFactory(
        agency=agency,
        name="Antenatal visits",
        slug="antenatal-visits",
        status=ServiceStatus.TEMPORARILY_CLOSED,
    )
    TeamFactory(agency=agency, name="North health visitors", slug="north-health-visitors")
    ServiceFactory(name="Someone else's service")

    response = api.get("/agencies/bridgeford-health-visiting")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Bridgeford Health Visiting"
    assert body["mission"] == "Every child healthy."
    assert body["vision"] == "A healthy start for all."
    assert (body["contact_name"], body["contact_email"], body["contact_phone"]) == (
        "Priya Shah",
        "hv@example.org",
        "01632 960000",
    )
    assert body["services"] == [
        {"slug": "antenatal-visits", "name": "Antenatal visits", "status": "temporarily_closed"},
        {"slug": "baby-clinics", "name": "Baby clinics", "status": "active"},
    ]
    assert body["teams"] == [{"slug": "north-health-visitors", "name": "North health visitors"}]


def test_agency_detail_for_an_unknown_slug_is_404_with_a_message(api: ApiClient) -> None:
    response = api.get("/agencies/no-such-agency")

    assert response.status_code == 404
    assert response.json() == {"detail": "No agency has the slug 'no-such-agency'."}


@pytest.mark.parametrize("path", ["/agencies", "/agencies/westshire-police"])
def test_the_agencies_are_refused_to_a_role_that_may_not_read_the_partnership(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    AgencyFactory(slug="westshire-police")
    assert_refused_without(
        Capability.VIEW_PARTNERSHIP,
        api=api,
        path=path,
        sentence="see the partner agencies",
        monkeypatch=monkeypatch,
    )
