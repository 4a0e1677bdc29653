"""No API operation answers 500 for an id or a page number out of any range: every operation
of the schema is called with each path parameter past a 64-bit integer, and every list with
page numbers that are huge, negative or not numbers at all; nor for a NUL character, which
PostgreSQL refuses in text."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from childtrust.accounts.models import ApiTokenScope, Role
from childtrust.accounts.services import api_token_create
from childtrust.api.pagination import MAX_PAGE
from childtrust.api.urls import api
from childtrust.audit.models import AuditEvent
from childtrust.core.request_checks import NUL_REFUSED_MESSAGE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"
PAGE_NUMBERS = [HUGE, str(2**63), str(MAX_PAGE), str(MAX_PAGE + 1), "-1", "0", "abc", ""]
SCHEMA = api.get_openapi_schema(path_prefix="/api/v1")
OPERATIONS = [
    (method.upper(), path, operation)
    for path, operations in SCHEMA["paths"].items()
    for method, operation in operations.items()
]
WITH_IDS = [(method, path) for method, path, _ in OPERATIONS if "{" in path]
LISTS = [
    path
    for method, path, operation in OPERATIONS
    if method == "GET" and any(p["name"] == "page" for p in operation.get("parameters", []))
]


def _client(role: str) -> tuple[Client, dict[str, str]]:
    _, token = api_token_create(user=UserFactory(role=role), scope=ApiTokenScope.READ_WRITE)
    return Client(raise_request_exception=False), {"Authorization": f"Bearer {token}"}


def _call(client: Client, headers: dict[str, str], method: str, path: str, **query: str) -> Any:
    body = "{}" if method != "GET" else None
    return client.generic(
        method,
        path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""),
        body or "",
        "application/json",
        headers=headers,
    )


def test_the_api_has_ids_and_lists_to_ask() -> None:
    assert len(WITH_IDS) >= 20
    assert "/api/v1/agencies" in LISTS


@pytest.mark.parametrize("role", [Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN])
def test_no_operation_answers_500_for_an_id_past_a_64_bit_integer(role: str) -> None:
    client, headers = _client(role)

    answers = {
        (method, path): _call(client, headers, method, re.sub(r"\{[^}]+\}", HUGE, path))
        for method, path in WITH_IDS
    }

    assert {key: r.status_code for key, r in answers.items() if r.status_code >= 500} == {}


def test_a_list_answers_422_with_the_reason_for_a_page_number_out_of_range() -> None:
    client, headers = _client(Role.PRACTITIONER)

    response = _call(client, headers, "GET", "/api/v1/agencies", page=HUGE)

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == (
        f"Input should be less than or equal to {MAX_PAGE}"
    )


def test_a_list_answers_an_empty_page_past_its_last() -> None:
    client, headers = _client(Role.PRACTITIONER)

    response = _call(client, headers, "GET", "/api/v1/agencies", page=str(MAX_PAGE))

    assert response.status_code == 200
    assert response.json() == {
        "items": [],
        "count": 0,
        "next": None,
        "previous": "http://testserver/api/v1/agencies?page=1",
    }


@pytest.mark.parametrize("path", LISTS)
def test_no_list_answers_500_for_any_page_number(path: str) -> None:
    client, headers = _client(Role.STRATEGIC_LEAD)
    concrete = re.sub(r"\{[^}]+\}", "1", path)

    statuses = {
        (number, size): _call(
            client, headers, "GET", concrete, page=number, page_size=size
        ).status_code
        for number in PAGE_NUMBERS
        for size in ["", HUGE, "1"]
    }

    assert {key: status for key, status in statuses.items() if status >= 500} == {}


# A NUL character: PostgreSQL can neither store nor compare text holding one.


@pytest.mark.parametrize("path", LISTS)
def test_no_list_answers_500_for_a_nul_character_in_its_query(path: str) -> None:
    client, headers = _client(Role.STRATEGIC_LEAD)
    concrete = re.sub(r"\{[^}]+\}", "1", path)

    response = _call(client, headers, "GET", concrete, agency="a%00b", page="1")

    assert response.status_code == 400
    assert response.json() == {"detail": NUL_REFUSED_MESSAGE}


def test_no_detail_answers_500_for_a_nul_character_in_its_path() -> None:
    client, headers = _client(Role.STRATEGIC_LEAD)

    response = _call(client, headers, "GET", "/api/v1/resources/services/a%00b")

    assert response.status_code == 400


def test_a_body_whose_text_holds_a_nul_character_is_refused_and_nothing_written() -> None:
    client, headers = _client(Role.STRATEGIC_LEAD)
    events = AuditEvent.objects.count()

    response = client.post(
        "/api/v1/appraisals",
        {"title": "Early help\x00", "question": "Which way?", "first_year": 2027},
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == 422
    assert "cannot hold a NUL character" in response.content.decode()
    assert AuditEvent.objects.count() == events
