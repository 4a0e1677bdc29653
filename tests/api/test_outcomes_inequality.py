"""/api/v1/indicators/{id}/inequality: an indicator's wards by deprivation decile, with the
slope and relative indices of inequality, read-only for every API user with a token."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from childtrust.accounts.models import Role
from childtrust.core.permissions import Capability
from childtrust.outcomes import methods
from childtrust.outcomes.models import Indicator
from tests.api.conftest import ApiClient
from tests.api.refusals import assert_refused_without
from tests.outcomes import inequality_support as support

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(monkeypatch: pytest.MonkeyPatch) -> Indicator:
    monkeypatch.setattr(methods, "sii", support.RecordedSii(), raising=False)
    found = support.indicator()
    support.rate_wards(found, support.GRADIENT)
    return found


def path(indicator: Indicator) -> str:
    return f"/indicators/{indicator.pk}/inequality"


@pytest.mark.parametrize("role", list(Role))
def test_every_role_with_a_token_may_read_an_indicators_inequality(
    api_client_for: Callable[[str], ApiClient], indicator: Indicator, role: str
) -> None:
    assert api_client_for(role).get(path(indicator)).status_code == 200


def test_a_request_without_a_valid_token_is_refused(indicator: Indicator) -> None:
    assert ApiClient(None).get(path(indicator)).status_code == 401
    assert ApiClient("not-a-token").get(path(indicator)).status_code == 401


def test_it_is_refused_to_a_role_the_role_table_does_not_let_read_outcomes(
    api: ApiClient, indicator: Indicator, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_refused_without(
        Capability.VIEW_PARTNERSHIP,
        api=api,
        path=path(indicator),
        sentence="see outcome indicators",
        monkeypatch=monkeypatch,
    )


def test_an_unknown_indicator_is_not_found(api: ApiClient) -> None:
    response = api.get("/indicators/999999/inequality")
    assert response.status_code == 404
    assert response.json() == {"detail": "No indicator has the ID 999999."}


def test_it_gives_each_decile_and_the_indices_with_their_limits(
    api: ApiClient, indicator: Indicator
) -> None:
    body = api.get(path(indicator)).json()
    assert body["indicator_id"] == indicator.pk
    assert body["period"] == "2023/24"
    assert body["unit"] == "per 100,000"
    assert body["calculated"] is True
    assert body["reason"] == ""
    assert (body["sii"], body["sii_lower"], body["sii_upper"]) == (-300.0, -400.0, -200.0)
    assert (body["rii"], body["rii_lower"], body["rii_upper"]) == (0.4, 0.3, 0.5)
    assert body["confidence"] == 0.95
    assert body["decile_sources"] == [support.SOURCE]
    assert [row["decile"] for row in body["deciles"]] == list(range(1, 11))
    first = body["deciles"][0]
    assert first["wards"] == ["Ward W10", "Ward W11"]
    assert first["count"] == 113
    assert first["denominator"] == 20_500
    assert first["value"] == pytest.approx(113 / 20_500 * 100_000)
    assert first["lower_95"] < first["value"] < first["upper_95"]
    assert first["rank"] == pytest.approx(0.05)
    assert first["fitted"] is not None


def test_too_few_deciles_answer_the_reason(api: ApiClient, monkeypatch: pytest.MonkeyPatch) -> None:
    found = support.indicator()
    support.rate_wards(found, [r for r in support.GRADIENT if r[1] <= 3])
    body = api.get(path(found)).json()
    assert body["calculated"] is False
    assert body["sii"] is None
    assert "needs at least 5 deprivation deciles" in body["reason"]
    assert [row["value"] is not None for row in body["deciles"]] == [True] * 3 + [False] * 7
