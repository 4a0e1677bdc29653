"""/api/v1/openapi.json: the schema partners build their integrations from."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import defaultdict
from typing import Any

import pytest
from django.test import Client
from ninja import Schema
from openapi_spec_validator import validate

import childtrust.api

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
    "/api/v1/indicators/{indicator_id}/inequality",
    "/api/v1/areas/{code}/profile",
    "/api/v1/appraisals",
    "/api/v1/appraisals/{appraisal_id}",
    "/api/v1/appraisals/{appraisal_id}/options",
    "/api/v1/appraisals/{appraisal_id}/options/{option_id}",
    "/api/v1/appraisals/{appraisal_id}/options/{option_id}/risks",
    "/api/v1/appraisals/{appraisal_id}/risks/{risk_id}",
    "/api/v1/appraisals/{appraisal_id}/decision",
    "/api/v1/budget/years",
    "/api/v1/budget/years/{label}/lines",
    "/api/v1/budget/years/{label}/contributions",
    "/api/v1/budget/contributions/{contribution_id}",
    "/api/v1/budget/lines/{line_id}",
    "/api/v1/budget/lines/{line_id}/spend/{month}",
    "/api/v1/resources/services",
    "/api/v1/resources/services/{slug}",
    "/api/v1/resources/services/{slug}/costing",
    "/api/v1/resources/services/{slug}/demand/{locality}",
    "/api/v1/resources/services/{slug}/benefits/{outcome}",
    "/api/v1/resources/duplication",
    "/api/v1/allocations",
    "/api/v1/allocations/{allocation_id}",
    "/api/v1/allocations/{allocation_id}/propose",
]
# The endpoints that write, with the status each answers on success (201 for something new,
# 200 for a change, 204 for a removal); every other operation is a GET answering 200.
WRITE_OPERATIONS: dict[tuple[str, str], str] = {
    ("/api/v1/allocations", "post"): "201",
    ("/api/v1/allocations/{allocation_id}/propose", "post"): "200",
    ("/api/v1/appraisals", "post"): "201",
    ("/api/v1/appraisals/{appraisal_id}", "patch"): "200",
    ("/api/v1/appraisals/{appraisal_id}/options", "post"): "201",
    ("/api/v1/appraisals/{appraisal_id}/options/{option_id}", "put"): "200",
    ("/api/v1/appraisals/{appraisal_id}/options/{option_id}/risks", "post"): "201",
    ("/api/v1/appraisals/{appraisal_id}/risks/{risk_id}", "delete"): "204",
    ("/api/v1/appraisals/{appraisal_id}/decision", "post"): "200",
    ("/api/v1/budget/years", "post"): "201",
    ("/api/v1/budget/years/{label}/contributions", "post"): "201",
    ("/api/v1/budget/contributions/{contribution_id}", "patch"): "200",
    ("/api/v1/budget/years/{label}/lines", "post"): "201",
    ("/api/v1/budget/lines/{line_id}", "patch"): "200",
    ("/api/v1/budget/lines/{line_id}/spend/{month}", "put"): "200",
    ("/api/v1/resources/services/{slug}/costing", "put"): "200",
    ("/api/v1/resources/services/{slug}/demand/{locality}", "put"): "200",
    ("/api/v1/resources/services/{slug}/demand/{locality}", "delete"): "204",
    ("/api/v1/resources/services/{slug}/benefits/{outcome}", "put"): "200",
    ("/api/v1/resources/services/{slug}/benefits/{outcome}", "delete"): "204",
}
# Paths that only write (no GET).
WRITE_ONLY_PATHS = {
    "/api/v1/allocations/{allocation_id}/propose",
    "/api/v1/appraisals/{appraisal_id}/options",
    "/api/v1/appraisals/{appraisal_id}/options/{option_id}",
    "/api/v1/appraisals/{appraisal_id}/options/{option_id}/risks",
    "/api/v1/appraisals/{appraisal_id}/risks/{risk_id}",
    "/api/v1/appraisals/{appraisal_id}/decision",
    "/api/v1/budget/contributions/{contribution_id}",
    "/api/v1/budget/lines/{line_id}",
    "/api/v1/budget/lines/{line_id}/spend/{month}",
    "/api/v1/resources/services/{slug}/costing",
    "/api/v1/resources/services/{slug}/demand/{locality}",
    "/api/v1/resources/services/{slug}/benefits/{outcome}",
}
# The strategic plan, its measures and check-ins, the change programme and the board (issue 12).
ENDPOINTS += [
    "/api/v1/plan",
    "/api/v1/plan/objectives",
    "/api/v1/plan/objectives/{objective_id}",
    "/api/v1/plan/milestones",
    "/api/v1/plan/milestones/{milestone_id}/status",
    "/api/v1/plan/measures",
    "/api/v1/plan/measures/{measure_id}",
    "/api/v1/plan/objectives/{objective_id}/check-ins",
    "/api/v1/plan/risks",
    "/api/v1/plan/risks/{risk_id}",
    "/api/v1/plan/decisions",
    "/api/v1/plan/decisions/{decision_id}",
    "/api/v1/plan/change-programme",
    "/api/v1/plan/board/meetings",
    "/api/v1/plan/board/meetings/{meeting_id}",
    "/api/v1/plan/board/actions",
]
# The workforce's reads (issue 13).
ENDPOINTS += [
    "/api/v1/workforce/posts",
    "/api/v1/workforce/posts/{post_id}",
    "/api/v1/workforce/measures",
    "/api/v1/workforce/restructures",
    "/api/v1/workforce/restructures/{restructure_id}",
    # Loading the establishment from a partner's HR system: it only writes.
    "/api/v1/workforce/establishment",
]
WRITE_OPERATIONS[("/api/v1/workforce/establishment", "post")] = "200"
# Loading an agency's records of children from a partner's system: it only writes (issue 16).
ENDPOINTS.append("/api/v1/agency-records")
WRITE_OPERATIONS[("/api/v1/agency-records", "post")] = "200"
WRITE_ONLY_PATHS.add("/api/v1/agency-records")
# Finding and reading a child, recording involvement and sharing, and link review (issue 16).
ENDPOINTS += [
    "/api/v1/children",
    "/api/v1/children/{reference}",
    "/api/v1/children/{reference}/involvements",
    "/api/v1/children/{reference}/sharing-decisions",
    "/api/v1/link-reviews",
    "/api/v1/link-reviews/{review_id}/decision",
]
WRITE_OPERATIONS[("/api/v1/children/{reference}/involvements", "post")] = "201"
WRITE_OPERATIONS[("/api/v1/children/{reference}/sharing-decisions", "post")] = "201"
WRITE_OPERATIONS[("/api/v1/link-reviews/{review_id}/decision", "post")] = "200"
WRITE_ONLY_PATHS.add("/api/v1/children/{reference}/involvements")
WRITE_ONLY_PATHS.add("/api/v1/children/{reference}/sharing-decisions")
WRITE_ONLY_PATHS.add("/api/v1/link-reviews/{review_id}/decision")
WRITE_ONLY_PATHS.add("/api/v1/workforce/establishment")
WRITE_OPERATIONS[("/api/v1/plan/milestones/{milestone_id}/status", "post")] = "200"
WRITE_OPERATIONS[("/api/v1/plan/objectives/{objective_id}/check-ins", "post")] = "201"
WRITE_ONLY_PATHS.add("/api/v1/plan/milestones/{milestone_id}/status")
# A child's team around them, starting one (POST beside the partnership's GET /teams), and a
# team's actions and reviews (issue 17).
ENDPOINTS += [
    "/api/v1/children/{reference}/team",
    "/api/v1/teams/{team_id}/actions",
    "/api/v1/teams/{team_id}/reviews",
]
WRITE_OPERATIONS[("/api/v1/teams", "post")] = "201"
WRITE_OPERATIONS[("/api/v1/teams/{team_id}/actions", "post")] = "201"
WRITE_OPERATIONS[("/api/v1/teams/{team_id}/reviews", "post")] = "201"
WRITE_ONLY_PATHS.add("/api/v1/teams/{team_id}/actions")
WRITE_ONLY_PATHS.add("/api/v1/teams/{team_id}/reviews")
# Concerns (a partner system's POST answers 201 for a new one, 200 for one it sent before), the
# chronology, alerts, the front door and its clocks (issue 17).
ENDPOINTS += [
    "/api/v1/concerns",
    "/api/v1/concerns/{concern_id}",
    "/api/v1/children/{reference}/concerns",
    "/api/v1/children/{reference}/chronology",
    "/api/v1/alerts",
    "/api/v1/alerts/{alert_id}",
    "/api/v1/alerts/{alert_id}/acknowledge",
    "/api/v1/alerts/{alert_id}/action",
    "/api/v1/alerts/{alert_id}/close",
    "/api/v1/referrals",
    "/api/v1/referrals/{referral_id}",
    "/api/v1/referrals/{referral_id}/screen",
    "/api/v1/referrals/{referral_id}/decision",
    "/api/v1/referrals/{referral_id}/referrer-told",
    "/api/v1/clocks",
]
WRITE_OPERATIONS[("/api/v1/concerns", "post")] = "201"
WRITE_OPERATIONS[("/api/v1/referrals", "post")] = "201"
for _path in [
    "/api/v1/alerts/{alert_id}/acknowledge",
    "/api/v1/alerts/{alert_id}/action",
    "/api/v1/alerts/{alert_id}/close",
    "/api/v1/referrals/{referral_id}/screen",
    "/api/v1/referrals/{referral_id}/decision",
    "/api/v1/referrals/{referral_id}/referrer-told",
]:
    WRITE_OPERATIONS[(_path, "post")] = "200"
    WRITE_ONLY_PATHS.add(_path)
WRITE_ONLY_PATHS.add("/api/v1/concerns")
# The index answers without a token: it gives addresses, not data (issue 14).
INDEX = "/api/v1/"
ENDPOINTS.append(INDEX)
OPERATIONS: dict[tuple[str, str], str] = {
    (path, "get"): "200" for path in ENDPOINTS if path not in WRITE_ONLY_PATHS
} | WRITE_OPERATIONS


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
    found = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    assert found == set(OPERATIONS)
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if path == INDEX:
                assert "security" not in operation
                continue
            assert operation["security"] == [{"ApiTokenAuth": []}], path
            success = OPERATIONS[path, method]
            assert {success, "401", "403"} <= set(operation["responses"]), (path, method)


def test_schema_gives_each_operation_a_short_unique_id(spec: dict[str, Any]) -> None:
    ids = [op["operationId"] for ops in spec["paths"].values() for op in ops.values()]

    assert len(set(ids)) == len(OPERATIONS)
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


def test_every_schema_class_has_its_own_name_so_none_hides_another_in_the_document() -> None:
    # Django Ninja names each component after its class: two classes of one name leave one
    # component, and the endpoints of the other are documented with the wrong fields.
    modules_of: dict[str, set[str]] = defaultdict(set)
    for module_info in pkgutil.iter_modules(childtrust.api.__path__):
        module = importlib.import_module(f"childtrust.api.{module_info.name}")
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Schema) and value is not Schema:
                modules_of[name].add(value.__module__)
    assert {name: m for name, m in modules_of.items() if len(m) > 1} == {}


def test_a_priority_documents_its_indicators_with_the_framework_fields(
    spec: dict[str, Any],
) -> None:
    components = spec["components"]["schemas"]
    assert set(components["FrameworkIndicatorOut"]["properties"]) == {"id", "name", "description"}
    assert "external_id" in components["IndicatorOut"]["properties"]
