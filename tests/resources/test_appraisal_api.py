"""/api/v1/appraisals and /api/v1/appraisals/{id}: every role may read them, as on the pages; the
detail carries the figures worked out by hand for the two-option example."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from childtrust.accounts.models import Role
from childtrust.accounts.services import api_token_create
from tests.api.conftest import ApiClient
from tests.factories import UserFactory
from tests.resources.factories_appraisal import AppraisalOptionFactory, two_option_appraisal

pytestmark = pytest.mark.django_db

ApiFor = Callable[[str], ApiClient]


@pytest.fixture
def api_client_for() -> ApiFor:
    """An API client holding a fresh token of a fresh user with the given role (the API tests'
    fixture of the same name lives in tests/api/conftest.py, out of reach here)."""

    def make(role: str) -> ApiClient:
        _, raw = api_token_create(user=UserFactory(username=f"api-{role}", role=role), name="t")
        return ApiClient(raw)

    return make


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_list_and_read_appraisals(api_client_for: ApiFor, role: Role) -> None:
    appraisal = two_option_appraisal(title="Shared IT")
    client = api_client_for(role)

    listing = client.get("/appraisals")
    detail = client.get(f"/appraisals/{appraisal.pk}")

    assert listing.status_code == 200
    assert listing.json()["count"] == 1
    assert listing.json()["items"][0] == {
        "id": appraisal.pk,
        "title": "Shared IT",
        "first_year": 2027,
        "status": "draft",
        "chosen_option": None,
        "option_count": 2,
    }
    assert detail.status_code == 200


def test_a_request_without_a_token_is_refused() -> None:
    assert ApiClient(None).get("/appraisals").status_code == 401


def test_an_unknown_appraisal_is_not_found(api_client_for: ApiFor) -> None:
    response = api_client_for(Role.PRACTITIONER).get("/appraisals/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "No appraisal has the ID 999999."}


def test_the_detail_carries_the_figures_worked_by_hand(api_client_for: ApiFor) -> None:
    appraisal = two_option_appraisal()

    body = api_client_for(Role.FINANCE_OFFICER).get(f"/appraisals/{appraisal.pk}").json()

    assert body["discount_rates"] == [{"first_year": 0, "last_year": 30, "rate": 0.035}]
    a, b = body["options"]
    assert a["name"] == "A"
    assert a["pv_costs_estimated"] == pytest.approx(1000)
    assert a["pv_optimism_bias_costs"] == pytest.approx(200)
    assert a["pv_risks"] == pytest.approx(100)
    assert a["pv_costs"] == pytest.approx(1300)
    # 1,071.23 is stored to the penny: 1,071.23 / 1.035^2 = 1,000.0047, so 1,800.004 after bias.
    assert a["pv_benefits"] == pytest.approx(1800, abs=0.01)
    assert a["npv"] == pytest.approx(500, abs=0.01)
    assert a["bcr"] == pytest.approx(1800 / 1300, abs=1e-5)
    assert (a["rank_by_npv"], a["rank_by_people"]) == (1, 2)
    assert a["risks"][0]["expected_cost"] == pytest.approx(103.5)
    assert a["years"][1] == {"year_index": 1, "calendar_year": 2028, "costs": 0, "benefits": 1035}
    assert (b["npv"], b["rank_by_npv"], b["rank_by_people"]) == (pytest.approx(300), 2, 1)
    assert body["best_option"] == "A"
    assert body["runner_up"] == "B"
    switch = body["switching_to_runner_up"]
    assert switch["compared_with"] == "B"
    assert switch["costs_rise_percent"] == pytest.approx(15.385, abs=0.001)
    assert switch["benefits_fall_percent"] == pytest.approx(11.111, abs=0.001)
    assert [s["option"] for s in body["switching_to_zero"]] == ["A", "B"]
    assert body["switching_to_zero"][1]["compared_with"] is None


def test_an_option_without_costs_has_no_ratio(api_client_for: ApiFor) -> None:
    option = AppraisalOptionFactory(name="Free")
    body = api_client_for(Role.AUDITOR).get(f"/appraisals/{option.appraisal.pk}").json()
    assert body["options"][0]["bcr"] is None
    assert body["switching_to_runner_up"] is None
    assert body["runner_up"] is None
