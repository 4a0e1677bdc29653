"""/api/v1/openapi.json: the schema partners build their integrations from."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/agencies",
    "/api/v1/agencies/{slug}",
    "/api/v1/services",
    "/api/v1/services/{slug}",
    "/api/v1/teams",
    "/api/v1/teams/{slug}",
    "/api/v1/localities",
    "/api/v1/vision",
    "/api/v1/outcomes",
    "/api/v1/messages",
    "/api/v1/messages/{message_id}/reach",
    "/api/v1/me/messages",
    "/api/v1/me/messages/{message_id}",
    "/api/v1/feedback/published",
    "/api/v1/feedback/response-times",
    "/api/v1/surveys",
    "/api/v1/surveys/{survey_id}/rounds/{number}/results",
    "/api/v1/me/survey-rounds",
    "/api/v1/indicators",
    "/api/v1/indicators/{indicator_id}/comparisons",
    "/api/v1/areas/{code}/profile",
    "/api/v1/appraisals",
    "/api/v1/appraisals/{appraisal_id}",
    "/api/v1/budget/years",
    "/api/v1/budget/years/{label}/lines",
    "/api/v1/resources/services",
    "/api/v1/resources/services/{slug}",
    "/api/v1/resources/duplication",
    "/api/v1/allocations",
    "/api/v1/allocations/{allocation_id}",
]
# The few endpoints that also write, with the method they take; every other operation reads.
WRITE_OPERATIONS = {("/api/v1/allocations", "post")}


@pytest.fixture
def spec() -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def test_schema_is_reachable_without_a_token_or_signing_in() -> None:
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")


def test_schema_is_a_valid_openapi_document(spec: dict[str, Any]) -> None:
    validate(spec)


def test_schema_names_the_bearer_token_scheme(spec: dict[str, Any]) -> None:
    assert spec["components"]["securitySchemes"] == {
        "ApiTokenAuth": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "childtrust API token",
        }
    }


def test_schema_lists_every_endpoint_each_requiring_the_token(spec: dict[str, Any]) -> None:
    assert sorted(spec["paths"]) == sorted(ENDPOINTS)
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            assert method == "get" or (path, method) in WRITE_OPERATIONS, path
            assert operation["security"] == [{"ApiTokenAuth": []}], path
            success = "200" if method == "get" else "201"
            assert {success, "401", "403"} <= set(operation["responses"]), path


def test_schema_gives_each_operation_a_short_unique_id(spec: dict[str, Any]) -> None:
    ids = [op["operationId"] for ops in spec["paths"].values() for op in ops.values()]

    assert len(set(ids)) == len(ENDPOINTS) + len(WRITE_OPERATIONS)
    assert spec["paths"]["/api/v1/services"]["get"]["operationId"] == "service_list"


def test_schema_documents_the_service_filters_and_pages(spec: dict[str, Any]) -> None:
    parameters = spec["paths"]["/api/v1/services"]["get"]["parameters"]

    assert {p["name"] for p in parameters} == {
        "agency",
        "locality",
        "age",
        "status",
        "agency_kind",
        "q",
        "page",
        "page_size",
    }
