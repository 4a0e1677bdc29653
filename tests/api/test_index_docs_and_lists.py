"""/api/v1/ answers with an index, /api/v1/docs gives the interactive documentation to people
signed in, the schema marks every operation that writes, and every list answers in one shape:
items, count, and next and previous links."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from childtrust.api.docs import SEARCH_MARK, WRITE_NOTE, WRITES_TAG
from tests.api.conftest import ApiClient
from tests.factories import AgencyFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

WRITING = {"post", "put", "patch", "delete"}
HOST = "http://testserver"


@pytest.fixture
def spec() -> dict[str, Any]:
    return dict(Client().get("/api/v1/openapi.json").json())


def _success_schema(operation: dict[str, Any]) -> dict[str, Any]:
    content = operation["responses"].get("200", {}).get("content", {})
    return dict(content.get("application/json", {}).get("schema", {}))


# The index ---------------------------------------------------------------------------------


def test_index_answers_without_a_token_with_its_documentation_and_schema() -> None:
    response = Client().get("/api/v1/")

    assert response.status_code == 200
    index = response.json()
    assert index["title"] == "childtrust API"
    assert index["documentation"] == f"{HOST}/api/v1/docs"
    assert index["schema"] == f"{HOST}/api/v1/openapi.json"


def test_index_links_to_every_list_that_needs_no_parameter(spec: dict[str, Any]) -> None:
    lists = {
        path
        for path, operations in spec["paths"].items()
        if "{" not in path
        and "get" in operations
        and not operations["get"].get(SEARCH_MARK)  # a search opens only with its terms
        and _success_schema(operations["get"]).get("$ref", "").split("/")[-1].startswith("Paged")
    }

    index = Client().get("/api/v1/").json()

    assert {link["href"] for link in index["lists"]} == {f"{HOST}{path}" for path in lists}
    assert {"href": f"{HOST}/api/v1/agencies", "title": "List the partner agencies"} in (
        index["lists"]
    )
    assert len(lists) >= 20
    assert f"{HOST}/api/v1/children" not in {link["href"] for link in index["lists"]}


def test_index_names_every_operation_that_writes_and_no_other(spec: dict[str, Any]) -> None:
    writes = {
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        for method in operations
        if method in WRITING
    }

    index = Client().get("/api/v1/").json()

    assert {(w["method"], w["path"]) for w in index["writes"]} == writes
    assert ("POST", "/api/v1/allocations") in writes
    assert all(w["title"] for w in index["writes"])


def test_each_link_in_the_index_opens_a_list_with_a_token(api: ApiClient) -> None:
    index = Client().get("/api/v1/").json()

    opened = 0
    for link in index["lists"]:
        path = link["href"].removeprefix(f"{HOST}/api/v1")
        response = api.get(path)
        # Some lists belong to roles other than a practitioner's, or to a plan not yet made:
        # refused or not found, never broken.
        assert response.status_code in {200, 403, 404}, path
        if response.status_code == 200:
            opened += 1
            assert set(response.json()) == {"items", "count", "next", "previous"}, path
    assert opened >= 10


# The documentation -------------------------------------------------------------------------


def test_documentation_asks_anonymous_people_to_sign_in() -> None:
    response = Client().get("/api/v1/docs")

    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=/api/v1/docs")


def test_documentation_is_a_token_free_page_for_someone_signed_in() -> None:
    client = Client()
    client.force_login(UserFactory())

    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    # Its scripts come from the service itself: the Content Security Policy allows no CDN.
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn." not in page


def test_documentation_does_not_open_with_an_api_token(api: ApiClient) -> None:
    response = api.client.get("/api/v1/docs", headers={"Authorization": f"Bearer {api.token}"})

    assert response.status_code == 302


def test_schema_stays_open_to_anyone() -> None:
    assert Client().get("/api/v1/openapi.json").status_code == 200


# What writes -------------------------------------------------------------------------------


def test_every_writing_operation_is_tagged_and_described_as_writing(spec: dict[str, Any]) -> None:
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            writes = method in WRITING
            assert (WRITES_TAG in operation.get("tags", [])) is writes, (method, path)
            assert operation.get("description", "").startswith(WRITE_NOTE) is writes, (
                method,
                path,
            )
            if writes:  # its subject's group too, not only the writes'
                assert len(operation["tags"]) >= 2, (method, path)


def test_the_description_and_tags_explain_what_writes(spec: dict[str, Any]) -> None:
    assert "tagged *Writes*" in spec["info"]["description"]
    assert spec["tags"][-1]["name"] == WRITES_TAG


# One shape for every list ------------------------------------------------------------------


def test_no_operation_answers_a_bare_array(spec: dict[str, Any]) -> None:
    bare = [
        (method, path)
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if _success_schema(operation).get("type") == "array"
    ]
    assert bare == []


def test_every_page_has_items_count_next_and_previous(spec: dict[str, Any]) -> None:
    pages = {
        name: schema
        for name, schema in spec["components"]["schemas"].items()
        if name.startswith("Paged")
    }

    assert len(pages) >= 25
    for name, schema in pages.items():
        assert set(schema["properties"]) == {"items", "count", "next", "previous"}, name
        assert set(schema["required"]) >= {"items", "count"}, name


def test_every_list_takes_page_and_page_size(spec: dict[str, Any]) -> None:
    for path, operations in spec["paths"].items():
        operation = operations.get("get")
        if operation and _success_schema(operation).get("$ref", "").split("/")[-1].startswith(
            "Paged"
        ):
            names = {parameter["name"] for parameter in operation.get("parameters", [])}
            assert {"page", "page_size"} <= names, path


# Next and previous -------------------------------------------------------------------------


@pytest.fixture
def three_agencies() -> None:
    for name in ("Alpha", "Bravo", "Charlie"):
        AgencyFactory(name=name)


def page(api: ApiClient, number: int | str, **extra: str) -> dict[str, Any]:
    response = api.get("/agencies", {"page": number, "page_size": 1, **extra})
    assert response.status_code == 200
    return dict(response.json())


def test_the_first_page_links_to_the_next_and_to_no_previous(
    api: ApiClient, three_agencies: None
) -> None:
    first = page(api, 1)

    assert first["count"] == 3
    assert len(first["items"]) == 1
    assert first["next"] == f"{HOST}/api/v1/agencies?page=2&page_size=1"
    assert first["previous"] is None


def test_a_middle_page_links_both_ways_and_following_next_reaches_every_item(
    api: ApiClient, three_agencies: None
) -> None:
    middle = page(api, 2)
    assert middle["previous"] == f"{HOST}/api/v1/agencies?page=1&page_size=1"
    assert middle["next"] == f"{HOST}/api/v1/agencies?page=3&page_size=1"

    names, address = [], f"{HOST}/api/v1/agencies?page_size=1"
    while address:
        answer = api.client.get(
            address.removeprefix(HOST), headers={"Authorization": f"Bearer {api.token}"}
        ).json()
        names += [item["name"] for item in answer["items"]]
        address = answer["next"]
    assert names == ["Alpha", "Bravo", "Charlie"]


def test_the_last_page_links_back_only(api: ApiClient, three_agencies: None) -> None:
    last = page(api, 3)

    assert last["next"] is None
    assert last["previous"] == f"{HOST}/api/v1/agencies?page=2&page_size=1"


def test_a_page_past_the_last_links_back_to_the_last(api: ApiClient, three_agencies: None) -> None:
    beyond = page(api, 99)

    assert beyond["items"] == []
    assert beyond["next"] is None
    assert beyond["previous"] == f"{HOST}/api/v1/agencies?page=3&page_size=1"


def test_an_empty_list_has_no_links(api: ApiClient) -> None:
    answer = api.get("/agencies").json()

    assert answer == {"items": [], "count": 0, "next": None, "previous": None}


def test_links_keep_the_other_parameters_of_the_request(api: ApiClient) -> None:
    agency = AgencyFactory(name="Alpha")
    for name in ("Play 1", "Play 2"):
        ServiceFactory(name=name, agency=agency)

    answer = api.get("/services", {"q": "Play", "page_size": 1}).json()

    assert answer["count"] == 2
    assert answer["next"] == f"{HOST}/api/v1/services?q=Play&page_size=1&page=2"


def test_links_follow_the_address_the_request_came_to(api: ApiClient, three_agencies: None) -> None:
    response = api.client.get(
        "/api/v1/agencies",
        {"page_size": 1},
        headers={"Authorization": f"Bearer {api.token}"},
        HTTP_HOST="localhost",
    )

    assert response.json()["next"] == "http://localhost/api/v1/agencies?page_size=1&page=2"
