"""/api/v1/indicators and /api/v1/areas/{code}/profile: outcome indicator data, read-only, for
every API user with a token."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from childtrust.accounts.models import Role
from childtrust.core.permissions import Capability
from childtrust.outcomes.models import Area, Indicator
from tests.api.conftest import ApiClient
from tests.api.refusals import assert_refused_without
from tests.outcomes.test_indicator_views import indicator as indicator  # the fixture

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_every_role_with_a_token_may_read_the_indicators(
    api_client_for: Callable[[str], ApiClient], indicator: Indicator, role: str
) -> None:
    client = api_client_for(role)
    assert client.get("/indicators").status_code == 200
    assert client.get(f"/indicators/{indicator.pk}/comparisons").status_code == 200
    assert client.get("/areas/E06000045/profile").status_code == 200


@pytest.mark.parametrize(
    "path", ["/indicators", "/indicators/1/comparisons", "/areas/E06000045/profile"]
)
def test_a_request_without_a_valid_token_is_refused(path: str) -> None:
    assert ApiClient(None).get(path).status_code == 401
    assert ApiClient("not-a-token").get(path).status_code == 401


def test_the_indicator_list_gives_each_indicators_definition(
    api: ApiClient, indicator: Indicator
) -> None:
    body = api.get("/indicators").json()
    assert body["count"] == 1
    assert body["items"][0] == {
        "id": indicator.pk,
        "external_id": "",
        "name": "Children in low income families",
        "definition": "Children under 16 in families on low income.",
        "source": "Demonstration data",
        "polarity": "low_is_good",
        "value_type": "proportion",
        "multiplier": 100,
        "unit": "%",
        "comparison_method": "Confidence intervals 95/99.8",
        "comparison_confidence": "95%",
        "priority_id": None,
    }


def test_comparisons_default_to_the_latest_period_and_judge_each_area(
    api: ApiClient, indicator: Indicator
) -> None:
    rows = api.get(f"/indicators/{indicator.pk}/comparisons").json()["items"]
    by_name = {row["area"]["name"]: row for row in rows}
    assert {row["period"] for row in rows} == {"2023/24"}
    city = by_name["Southampton"]
    assert city["value"] == pytest.approx(25.0)
    assert city["benchmark"] == {"code": "E92000001", "name": "England", "area_type": "england"}
    assert city["judgement"] == "worse"
    assert city["confidence"] == "95%"
    assert city["comparison"] == "Worse than England"
    assert by_name["Bevois"]["benchmark"]["name"] == "Southampton"
    assert by_name["Bevois"]["judgement"] == "worse"
    assert by_name["Bevois"]["comparison"] == "Worse than Southampton"
    assert by_name["Bassett"]["comparison"] == "Better than Southampton"
    assert by_name["England"]["comparison"] == "Not compared: England is the benchmark"
    words = {row["comparison"] for row in rows}
    assert not any("best" in w.lower() or "worst" in w.lower() for w in words)


def test_comparisons_for_an_earlier_period(api: ApiClient, indicator: Indicator) -> None:
    rows = api.get(f"/indicators/{indicator.pk}/comparisons", {"period": "2018/19"}).json()["items"]
    assert {row["area"]["name"] for row in rows} == {"England", "Southampton", "Central locality"}
    assert (
        api.get(f"/indicators/{indicator.pk}/comparisons", {"period": "1999"}).json()["items"] == []
    )


def test_an_unknown_indicator_or_area_is_not_found(api: ApiClient) -> None:
    response = api.get("/indicators/999/comparisons")
    assert response.status_code == 404
    assert response.json() == {"detail": "No indicator has the ID 999."}
    response = api.get("/areas/NOPE/profile")
    assert response.status_code == 404
    assert response.json() == {"detail": "No area has the code 'NOPE'."}


def test_an_areas_profile_gives_each_indicator_against_england(
    api: ApiClient, indicator: Indicator
) -> None:
    rows = api.get("/areas/E06000045/profile").json()["items"]
    assert len(rows) == 1
    row = rows[0]
    assert row["indicator"]["name"] == indicator.name
    assert row["comparison"]["judgement"] == "worse"
    assert row["comparison"]["comparison"] == "Worse than England"
    assert row["indicator"]["unit"] == "%"
    assert row["england_value"] == pytest.approx(20.0)


def test_the_endpoints_cost_the_same_few_queries_however_many_areas(
    api: ApiClient, indicator: Indicator, django_assert_max_num_queries: Callable[[int], Any]
) -> None:
    locality = Area.objects.get(name="Central locality")
    for i in range(20):
        Area.objects.create(code=f"X{i}", name=f"Extra {i}", area_type="ward", parent=locality)
    with django_assert_max_num_queries(8):
        api.get(f"/indicators/{indicator.pk}/comparisons")
    with django_assert_max_num_queries(8):
        api.get("/areas/E06000045/profile")
    with django_assert_max_num_queries(8):
        api.get("/indicators")


@pytest.mark.parametrize(
    "path", ["/indicators", "/indicators/1/comparisons", "/areas/E06000045/profile"]
)
def test_the_endpoints_ask_the_access_layer_and_answer_a_refusal_with_its_sentence(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    # Every role may read the figures today; the endpoints still ask, so a rule that one day
    # refuses someone is kept by the API as by the pages.
    monkeypatch.setattr("childtrust.outcomes.access.can_view_outcomes", lambda _user: False)

    response = api.get(path)

    assert response.status_code == 403
    assert response.json() == {"detail": "Your role does not allow you to see outcome indicators."}


@pytest.mark.parametrize(
    "path", ["/indicators", "/indicators/1/comparisons", "/areas/E06000045/profile"]
)
def test_the_indicators_are_refused_to_a_role_the_role_table_does_not_let_read_them(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    assert_refused_without(
        Capability.VIEW_PARTNERSHIP,
        api=api,
        path=path,
        sentence="see outcome indicators",
        monkeypatch=monkeypatch,
    )
