"""/api/v1/allocations: listing runs, a run with the lines the caller may see, and running one
(strategic leads and finance officers only), with the same rules as the pages."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from childtrust.accounts.models import ApiTokenScope, Role, User
from childtrust.accounts.services import api_token_create
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.resources.models import AllocationRun
from childtrust.resources.services.allocation import allocation_run
from tests.factories import StaffMemberFactory, UserFactory
from tests.resources.factories_allocation import (
    InfeasibleAllocationRunFactory,
    SmallPartnership,
    small_partnership,
)
from tests.resources.factories_budget import budget_keeper

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)
MANAGERS = {Role.STRATEGIC_LEAD, Role.FINANCE_OFFICER}


@pytest.fixture
def token_for(db: None) -> Callable[[User], str]:
    def make(user: User) -> str:
        _, raw = api_token_create(user=user, name="test", scope=ApiTokenScope.READ_WRITE)
        return raw

    return make


@pytest.fixture
def world() -> SmallPartnership:
    return small_partnership()


@pytest.fixture
def run(world: SmallPartnership) -> AllocationRun:
    return allocation_run(
        actor=budget_keeper(),
        year=world.year,
        name="Board paper",
        locality_floor_share=Decimal("0.15"),
        whole_blocks=True,
    )


def _headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _get(token: str, path: str, **params: str) -> Any:
    return Client().get(f"/api/v1{path}", params, headers=_headers(token))


def _post(token: str, body: dict[str, Any]) -> Any:
    return Client().post(
        "/api/v1/allocations",
        json.dumps(body),
        content_type="application/json",
        headers=_headers(token),
    )


def _token(token_for: Callable[[User], str], role: Role, **staff: Any) -> str:
    user = UserFactory(username=f"api-{role}", role=role)
    if staff:
        StaffMemberFactory(user=user, **staff)
    return token_for(user)


def _body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "year": "2026-27",
        "name": "From the API",
        "locality_floor_percent": "15",
        "whole_blocks": True,
    }
    body.update(changes)
    return body


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_may_list_and_read_allocations(
    role: Role, token_for: Callable[[User], str], run: AllocationRun
) -> None:
    token = _token(token_for, role)
    listed = _get(token, "/allocations")
    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["items"]] == [run.pk]
    item = listed.json()["items"][0]
    assert item["year"] == "2026-27"
    assert item["status"] == "optimal"
    assert item["total_benefit"] == pytest.approx(19.5)
    assert _get(token, f"/allocations/{run.pk}").status_code == 200


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_strategic_leads_and_finance_officers_may_run_an_allocation(
    role: Role, token_for: Callable[[User], str], world: SmallPartnership
) -> None:
    response = _post(_token(token_for, role), _body())
    if role in MANAGERS:
        assert response.status_code == 201, response.content
        created = AllocationRun.objects.get()
        assert response.json()["id"] == created.pk
        assert response.json()["total_benefit"] == pytest.approx(19.5)
        assert created.locality_floor_share == Decimal("0.15")
        event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(created.pk))
        assert event.actor_username == f"api-{role}"
    else:
        assert response.status_code == 403
        assert not AllocationRun.objects.exists()


def test_a_request_without_a_token_is_refused(run: AllocationRun) -> None:
    assert Client().get("/api/v1/allocations").status_code == 401
    assert Client().get(f"/api/v1/allocations/{run.pk}").status_code == 401
    assert (
        Client().post("/api/v1/allocations", "{}", content_type="application/json").status_code
        == 401
    )


@pytest.mark.parametrize(
    ("changes", "status", "words"),
    [
        ({"year": "1999-00"}, 400, "No financial year is labelled '1999-00'."),
        ({"locality_floor_percent": "40"}, 400, "it can be at most 33.33%"),
        ({"locality_floor_percent": "-1"}, 422, ""),
        ({"locality_floor_percent": "101"}, 422, ""),
        ({"locality_floor_percent": "lots"}, 422, ""),
        ({"name": "x" * 201}, 422, ""),
    ],
)
def test_bad_input_is_refused_and_nothing_is_run(
    token_for: Callable[[User], str],
    world: SmallPartnership,
    changes: dict[str, Any],
    status: int,
    words: str,
) -> None:
    response = _post(_token(token_for, Role.FINANCE_OFFICER), _body(**changes))
    assert response.status_code == status
    assert words in response.content.decode()
    assert not AllocationRun.objects.exists()


def test_the_detail_gives_the_figures_of_the_result_page(
    token_for: Callable[[User], str], world: SmallPartnership, run: AllocationRun
) -> None:
    body = _get(_token(token_for, Role.AUDITOR), f"/allocations/{run.pk}").json()
    assert body["lines_shown"] == "all"
    assert {line["service"] for line in body["lines"]} == {"Health visiting", "Family support"}
    assert sum(line["children"] for line in body["lines"]) == pytest.approx(110)
    assert all(float(line["children"]).is_integer() for line in body["lines"])
    assert body["places"] == 110
    assert body["children_reached"] == 110  # no child population held: places cap it
    assert body["statutory_services"] == []
    assert {row["scale"] for row in body["sensitivity"]} == {0.9, 1.1}
    assert body["alternatives"]["one_trust"]["total_benefit"] == pytest.approx(19.5)
    assert body["alternatives"]["sentence"]
    assert any(w.startswith("Youth club") for w in body["warnings"])
    assert all(m["words"].endswith(".") for m in body["marginal_values"])
    assert body["explanation"] == []


def test_a_partner_gets_only_its_own_agencys_lines(
    token_for: Callable[[User], str], world: SmallPartnership, run: AllocationRun
) -> None:
    token = _token(token_for, Role.PRACTITIONER, agency=world.council)
    body = _get(token, f"/allocations/{run.pk}").json()
    assert body["lines_shown"] == "own_agency"
    assert {line["service"] for line in body["lines"]} == {"Family support"}
    assert body["total_benefit"] == pytest.approx(19.5)  # the partnership's total
    # Health visiting's demand is the Health Trust's limit, not the Council's.
    assert not any("Health visiting" in m["constraint"] for m in body["marginal_values"])


def test_an_infeasible_run_gives_its_explanation(
    token_for: Callable[[User], str], world: SmallPartnership
) -> None:
    infeasible = InfeasibleAllocationRunFactory(year=world.year)
    body = _get(_token(token_for, Role.PRACTITIONER), f"/allocations/{infeasible.pk}").json()
    assert body["status"] == "infeasible"
    assert (
        body["explanation"][1] == "No service has demand in Central, so nothing can be spent there."
    )
    assert body["lines"] == []
    assert body["alternatives"] is None


def test_the_list_filters_by_year_and_unknown_runs_are_not_found(
    token_for: Callable[[User], str], run: AllocationRun
) -> None:
    token = _token(token_for, Role.PRACTITIONER)
    assert _get(token, "/allocations", year="2025-26").json()["count"] == 0
    assert _get(token, "/allocations", year="2026-27").json()["count"] == 1
    missing = _get(token, "/allocations/999")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "No allocation has the ID 999."}
