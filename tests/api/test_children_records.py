"""POST /api/v1/agency-records: the same load as the upload page, answering the report; who may
and who may not (403), a field it does not know (400, nothing written), an unknown agency, and
loading the same rows again."""

from __future__ import annotations

import json
from typing import Any

import pytest

from childtrust.accounts.models import ApiTokenScope, Role, User
from childtrust.accounts.services import api_token_create
from childtrust.children.models import AgencyRecord, RecordImport
from childtrust.partnership.models import Agency
from tests.api.conftest import ApiClient
from tests.conftest import ALL_ROLES
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

PATH = "/api/v1/agency-records"
AMARA = {
    "record_id": "A1",
    "given_name": "Amara",
    "family_name": "Okafor",
    "date_of_birth": "2016-05-14",
    "sex": "female",
    "postcode": "so14 7ly",
    "nhs_number": "943 476 5919",
}


@pytest.fixture
def agency() -> Agency:
    return AgencyFactory(slug="city-school-nursing")


def _writer(user: User) -> ApiClient:
    _, raw = api_token_create(user=user, name="test", scope=ApiTokenScope.READ_WRITE)
    return ApiClient(raw)


def _post(client: ApiClient, body: Any) -> Any:
    return client.client.post(
        PATH,
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {client.token}"},
    )


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_those_who_may_import_load_records(role: str, agency: Agency) -> None:
    client = _writer(UserFactory(role=role))
    response = _post(client, {"agency": agency.slug, "rows": [AMARA]})
    if role == Role.PARTNERSHIP_ADMIN:
        assert response.status_code == 200
        assert AgencyRecord.objects.get().nhs_number == "9434765919"
    else:
        assert response.status_code == 403
        assert not AgencyRecord.objects.exists()


def test_the_answer_is_the_report_and_the_same_rows_again_change_nothing(agency: Agency) -> None:
    client = _writer(UserFactory(role=Role.PARTNERSHIP_ADMIN))
    rows = [
        AMARA,
        {"record_id": "", "given_name": "Nobody"},
        {**AMARA, "record_id": "B2", "upn": "X1"},
    ]
    report = _post(client, {"agency": agency.slug, "rows": rows}).json()
    assert (report["status"], report["created"], report["rejected"]) == ("done", 2, 1)
    assert report["rejections"] == [{"line": 3, "record_id": "", "reason": "it has no record_id"}]
    assert [(w["line"], w["field"]) for w in report["warnings"]] == [(4, "upn")]
    again = _post(client, {"agency": agency.slug, "rows": rows}).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert RecordImport.objects.filter(channel="api").count() == 2


def test_a_field_it_does_not_know_refuses_every_row(agency: Agency) -> None:
    client = _writer(UserFactory(role=Role.PARTNERSHIP_ADMIN))
    response = _post(client, {"agency": agency.slug, "rows": [{**AMARA, "ethnicity": "x"}]})
    assert response.status_code == 400
    assert '"ethnicity" is not one this file may have' in response.json()["detail"]
    assert not AgencyRecord.objects.exists()


def test_a_field_with_a_very_long_name_is_refused_whole_not_a_server_error(
    agency: Agency,
) -> None:
    """The attacker's field name, thousands of characters long: the reason quoted it whole, too
    long for the import's record (PostgreSQL refused it: a server error, the import left
    running for ever)."""
    client = _writer(UserFactory(role=Role.PARTNERSHIP_ADMIN))
    response = _post(client, {"agency": agency.slug, "rows": [{**AMARA, "x" * 5000: "y"}]})
    assert response.status_code == 400
    job = RecordImport.objects.get()
    assert job.status == "failed"
    assert len(job.problem) <= RecordImport._meta.get_field("problem").max_length  # type: ignore[operator]
    assert "is not one this file may have" in response.json()["detail"]
    assert not AgencyRecord.objects.exists()


def test_an_unknown_agency_or_a_bad_body_is_refused(agency: Agency) -> None:
    client = _writer(UserFactory(role=Role.PARTNERSHIP_ADMIN))
    response = _post(client, {"agency": "nowhere", "rows": [AMARA]})
    assert response.status_code == 400
    assert "no agency" in response.json()["detail"]
    assert _post(client, {"agency": agency.slug, "rows": [{"record_id": 7}]}).status_code == 422
    assert _post(client, [AMARA]).status_code == 422
    assert not AgencyRecord.objects.exists()


def test_a_token_that_may_only_read_cannot_load(agency: Agency) -> None:
    _, raw = api_token_create(user=UserFactory(role=Role.PARTNERSHIP_ADMIN), name="read")
    response = _post(ApiClient(raw), {"agency": agency.slug, "rows": [AMARA]})
    assert response.status_code == 403
    assert not AgencyRecord.objects.exists()
