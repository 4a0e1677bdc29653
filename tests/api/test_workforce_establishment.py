"""POST /api/v1/workforce/establishment: a partner's HR system loads the establishment as the
upload page's CSV or as JSON rows, through the same service and rules: 200 with the counts,
400 with every problem by line and column and nothing written, 403 for a role that may not and
for a token that may only read."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from childtrust.accounts.models import ApiTokenScope, Role, User
from childtrust.accounts.services import api_token_create
from childtrust.workforce.models import Caseload, Holding, Post
from tests.factories import UserFactory
from tests.workforce.establishment_files import (
    GOOD,
    Partnership,
    csv_text,
    employee,
    partnership,
)
from tests.workforce.factories import WorkforceManagerFactory, WorkforceRemitFactory

pytestmark = pytest.mark.django_db

PATH = "/api/v1/workforce/establishment"


@pytest.fixture
def place() -> Partnership:
    return partnership()


def _token(user: User, scope: ApiTokenScope = ApiTokenScope.READ_WRITE) -> str:
    _, raw = api_token_create(user=user, name="hr system", scope=scope)
    return raw


def _post(token: str, body: str | bytes, content_type: str) -> Any:
    return Client().post(
        PATH, body, content_type=content_type, headers={"Authorization": f"Bearer {token}"}
    )


def _csv(token: str, rows: list[dict[str, str]]) -> Any:
    return _post(token, csv_text(rows), "text/csv")


def _json(token: str, body: object) -> Any:
    return _post(token, json.dumps(body), "application/json")


def test_a_csv_body_loads_the_establishment(place: Partnership) -> None:
    response = _csv(_token(WorkforceManagerFactory()), GOOD)

    assert response.status_code == 200, response.json()
    assert response.json() == {
        "summary": (
            "Loaded 5 rows of the establishment from the CSV sent: posts 4 new, 0 changed, "
            "0 unchanged; staff in posts 3 new, 0 changed, 0 unchanged; agency workers 1 new, "
            "0 changed, 0 unchanged; caseloads 1 new, 0 changed, 0 unchanged."
        ),
        "rows": 5,
        "posts": {"created": 4, "changed": 0, "unchanged": 0},
        "holdings": {"created": 3, "changed": 0, "unchanged": 0},
        "cover": {"created": 1, "changed": 0, "unchanged": 0},
        "caseloads": {"created": 1, "changed": 0, "unchanged": 0},
    }
    assert (Post.objects.count(), Holding.objects.count(), Caseload.objects.count()) == (4, 3, 1)


def test_json_rows_load_the_same_and_a_second_post_changes_nothing(place: Partnership) -> None:
    token = _token(WorkforceManagerFactory())
    rows: list[dict[str, Any]] = [
        {key: value for key, value in row.items() if value} for row in GOOD
    ]
    rows[0]["holder_fte"] = 0.6  # JSON numbers and true or false are read as the file's text
    rows[0]["social_worker"] = True

    first = _json(token, {"rows": rows})
    second = _json(token, {"rows": rows})

    assert first.status_code == 200, first.json()
    assert first.json()["posts"] == {"created": 4, "changed": 0, "unchanged": 0}
    assert second.json()["posts"] == {"created": 0, "changed": 0, "unchanged": 4}
    assert second.json()["holdings"] == {"created": 0, "changed": 0, "unchanged": 3}
    assert Holding.objects.get(staff=place.sam).fte == Decimal("0.60")


def test_bad_rows_answer_400_with_every_problem_and_write_nothing(place: Partnership) -> None:
    rows = [
        {"agency": "city-council", "post_id": "SW1", "job_title": "Social worker",
         "post_fte": "1.00", "profession": "social_worker", "social_worker": "yes"},
        {"agency": "nowhere", "post_id": "SW2", "job_title": "Social worker",
         "post_fte": "2", "profession": "social_worker", "social_worker": "yes"},
        {"agency": "city-council", "post_id": "SW3", "job_title": "Social worker",
         "post_fte": "1", "profession": "social_worker", "social_worker": "yes", "wage": 1},
    ]  # fmt: skip

    response = _json(_token(WorkforceManagerFactory()), {"rows": rows})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "The JSON sent has 3 problems. Nothing was loaded: correct every line "
        "listed and load the whole file again.",
        "problems": [
            {"line": 2, "column": "agency", "reason": 'no agency has the slug "nowhere"'},
            {"line": 2, "column": "post_fte",
             "reason": "a post's FTE is from 0.01 to 1.00; 2.00 was given"},
            {"line": 3, "column": "wage", "reason": '"wage" is not a column this knows'},
        ],
        "problem_count": 3,
    }  # fmt: skip
    assert not Post.objects.exists()


def test_a_csv_body_with_a_bad_header_answers_400_naming_the_columns(place: Partnership) -> None:
    response = _post(
        _token(WorkforceManagerFactory()),
        csv_text(GOOD).replace("supplier", "agency_name", 1),
        "text/csv",
    )

    assert response.status_code == 400
    problem = response.json()["problems"][0]
    assert problem["line"] == 1
    assert problem["reason"].startswith(
        "The CSV sent cannot be loaded: it has columns this does not know: agency_name; it has "
        "no column called supplier."
    )


def test_an_agency_hr_lead_may_send_only_their_agencys_rows(place: Partnership) -> None:
    token = _token(WorkforceRemitFactory(agency=place.city).user)

    refused = _csv(token, GOOD)
    loaded = _csv(token, [row for row in GOOD if row["agency"] == "city-council"])

    assert refused.status_code == 400
    assert refused.json()["problems"] == [
        {
            "line": 6,
            "column": "agency",
            "reason": "you may load only City Council's posts; this row is Health Trust's",
        }
    ]
    assert loaded.status_code == 200
    assert set(Post.objects.values_list("agency__slug", flat=True)) == {"city-council"}


@pytest.mark.parametrize(
    "role", [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.STRATEGIC_LEAD, Role.AUDITOR]
)
def test_establishment_post_refuses_every_role_but_the_workforce_manager(
    place: Partnership, role: str
) -> None:
    response = _csv(_token(UserFactory(role=role)), GOOD)

    assert response.status_code == 403
    assert response.json() == {"detail": "Your role does not allow you to load the establishment."}
    assert not Post.objects.exists()


def test_a_read_only_token_is_refused(place: Partnership) -> None:
    response = _csv(_token(WorkforceManagerFactory(), ApiTokenScope.READ), GOOD)

    assert response.status_code == 403
    assert not Post.objects.exists()


def test_no_token_is_refused(place: Partnership) -> None:
    response = Client().post(PATH, csv_text(GOOD), content_type="text/csv")

    assert response.status_code == 401


@pytest.mark.parametrize(
    ("body", "content_type", "status", "detail"),
    [
        ("agency\r\n", "text/plain", 415, "Send the rows as text/csv or as application/json"),
        ("{rows", "application/json", 400, "The body is not JSON this can read."),
        ('{"posts": []}', "application/json", 400, "The body must be a JSON object with a list"),
        ("[1, 2]", "application/json", 400, "The body must be a JSON object with a list"),
        (b"agency\x00\r\n", "text/csv", 400, "The body is not a CSV file this can read"),
    ],
)
def test_a_body_that_is_neither_csv_nor_json_rows_is_refused(
    place: Partnership, body: str | bytes, content_type: str, status: int, detail: str
) -> None:
    response = _post(_token(WorkforceManagerFactory()), body, content_type)

    assert response.status_code == status
    assert detail in response.json()["detail"]


def test_a_body_too_large_is_refused(place: Partnership, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("childtrust.api.workforce_establishment.MAX_BODY_BYTES", 100)

    response = _csv(_token(WorkforceManagerFactory()), [employee("sam@city.example")])

    assert response.status_code == 413
    assert not Post.objects.exists()


def test_the_schema_documents_both_kinds_of_body() -> None:
    spec = Client().get("/api/v1/openapi.json").json()

    operation = spec["paths"][PATH]["post"]
    assert set(operation["requestBody"]["content"]) == {"text/csv", "application/json"}
    assert {"200", "400", "401", "403"} <= set(operation["responses"])
    assert operation["operationId"] == "establishment_post"
