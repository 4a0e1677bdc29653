"""/api/v1/localities: localities with their wards and teams."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from childtrust.core.permissions import Capability
from tests.api.conftest import ApiClient
from tests.api.refusals import assert_refused_without
from tests.factories import LocalityFactory, LocalityTeamFactory, WardFactory

pytestmark = pytest.mark.django_db


def test_locality_list_gives_each_locality_with_its_wards_and_teams(api: ApiClient) -> None:
    north = LocalityFactory(name="North", slug="north", description="The northern estates.")
    WardFactory(name="Portswood", code="E05002460", locality=north)
    WardFactory(name="Bassett", code="E05002455", locality=north)
    LocalityTeamFactory(name="North locality team", slug="north-team", locality=north)
    LocalityFactory(name="East", slug="east")

    response = api.get("/localities")

    assert response.status_code == 200
    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": None,
        "items": [
            {
                "slug": "east",
                "name": "East",
                "description": "",
                "wards": [],
                "teams": [],
            },
            {
                "slug": "north",
                "name": "North",
                "description": "The northern estates.",
                "wards": [
                    {"name": "Bassett", "code": "E05002455"},
                    {"name": "Portswood", "code": "E05002460"},
                ],
                "teams": [{"slug": "north-team", "name": "North locality team"}],
            },
        ],
    }


def test_locality_list_costs_the_same_few_queries_however_many_localities(
    api: ApiClient, django_assert_max_num_queries: Callable[[int], Any]
) -> None:
    for _ in range(10):
        locality = LocalityFactory()
        WardFactory.create_batch(3, locality=locality)
        LocalityTeamFactory(locality=locality)

    with django_assert_max_num_queries(6):
        response = api.get("/localities")

    assert len(response.json()["items"]) == 10


def test_the_localities_are_refused_to_a_role_that_may_not_read_the_partnership(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_refused_without(
        Capability.VIEW_PARTNERSHIP,
        api=api,
        path="/localities",
        sentence="see the localities",
        monkeypatch=monkeypatch,
    )
