"""The costings' write endpoints: a service's costing, its demand in a locality and its expected
benefit on an outcome, set (PUT) and removed (DELETE) by strategic leads and finance officers
only; a refusal answers 400 with the service's reasons and writes nothing. And the services
list works out only its page's figures, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.resources.models import LocalityDemand, ServiceBenefit, ServiceCosting
from tests.conftest import ALL_ROLES
from tests.factories import AgencyFactory, LocalityFactory, OutcomeFactory, ServiceFactory
from tests.resources.api_writes import MANAGERS, resources_audit_count, writer
from tests.resources.factories_costings import (
    LocalityDemandFactory,
    ServiceBenefitFactory,
    ServiceCostingFactory,
)

pytestmark = pytest.mark.django_db

COSTING = {
    "target_group": "early_years",
    "cost_per_child": "500.00",
    "cost_source": "Service accounts 2025-26",
    "cost_as_of": "2026-04-01",
    "capacity": 120,
    "capacity_source": "Service plan",
    "capacity_as_of": "2026-04-01",
}
DEMAND = {"children": 55, "source": "JSNA 2026", "as_of": "2026-04-01"}
BENEFIT = {
    "benefit_per_child": "0.05",
    "evidence_rating": 2,
    "source": "EIF guidebook",
    "as_of": "2026-04-01",
}


@pytest.fixture
def world() -> dict[str, Any]:
    agency = AgencyFactory(name="Own")
    service = ServiceFactory(agency=agency, name="Family support", slug="family-support")
    west, east = LocalityFactory(name="West"), LocalityFactory(name="East")
    OutcomeFactory(name="Be healthy")
    safe = OutcomeFactory(name="Stay safe")
    ServiceCostingFactory(service=service)
    LocalityDemandFactory(service=service, locality=east, children=30)
    ServiceBenefitFactory(service=service, outcome=safe)
    return {"agency": agency, "service": service, "west": west, "east": east, "safe": safe}


WRITES: dict[str, tuple[tuple[str, str, dict[str, Any] | None], Callable[[], bool]]] = {
    "set the costing": (
        ("put", "/resources/services/family-support/costing", COSTING),
        lambda: ServiceCosting.objects.get().cost_per_child == Decimal("500"),
    ),
    "set demand": (
        ("put", "/resources/services/family-support/demand/west", DEMAND),
        lambda: LocalityDemand.objects.filter(locality__slug="west").exists(),
    ),
    "remove demand": (
        ("delete", "/resources/services/family-support/demand/east", None),
        lambda: not LocalityDemand.objects.filter(locality__slug="east").exists(),
    ),
    "set a benefit": (
        ("put", "/resources/services/family-support/benefits/be-healthy", BENEFIT),
        lambda: ServiceBenefit.objects.filter(outcome__slug="be-healthy").exists(),
    ),
    "remove a benefit": (
        ("delete", "/resources/services/family-support/benefits/stay-safe", None),
        lambda: not ServiceBenefit.objects.filter(outcome__slug="stay-safe").exists(),
    ),
}


@pytest.mark.parametrize("write", list(WRITES))
@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_strategic_leads_and_finance_officers_may_keep_the_figures(
    world: dict[str, Any], role: Role, write: str
) -> None:
    (method, path, body), written = WRITES[write]

    response = writer(role, agency=world["agency"]).call(method, path, body)

    if role in MANAGERS:
        assert response.status_code in {200, 204}, response.content
        assert written()
    else:
        assert response.status_code == 403
        assert "Your role does not allow you to" in response.json()["detail"]
        assert not written()


def test_setting_demand_answers_with_the_figure_and_replaces_the_one_there(
    world: dict[str, Any],
) -> None:
    client = writer(Role.FINANCE_OFFICER)

    response = client.call("put", "/resources/services/family-support/demand/east", DEMAND)

    assert response.status_code == 200
    assert response.json() == {
        "locality": "east",
        "locality_name": "East",
        "children": 55,
        "source": "JSNA 2026",
        "as_of": "2026-04-01",
    }
    assert list(LocalityDemand.objects.values_list("children", flat=True)) == [55]


def test_setting_a_benefit_answers_with_its_evidence_in_words(world: dict[str, Any]) -> None:
    response = writer(Role.STRATEGIC_LEAD).call(
        "put", "/resources/services/family-support/benefits/be-healthy", BENEFIT
    )

    assert response.status_code == 200
    body = response.json()
    assert body["outcome"] == "be-healthy"
    assert Decimal(body["benefit_per_child"]) == Decimal("0.05")
    assert body["evidence_rating"] == 2
    assert body["evidence_strength"]


def test_removing_is_audited_with_the_figure_removed(world: dict[str, Any]) -> None:
    response = writer(Role.FINANCE_OFFICER).call(
        "delete", "/resources/services/family-support/demand/east"
    )

    assert response.status_code == 204
    event = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert event.details["children"] == 30


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    [
        (
            "put",
            "/resources/services/family-support/costing",
            {**COSTING, "cost_as_of": "2099-01-01"},
            "The date cannot be in the future",
        ),
        (
            "put",
            "/resources/services/family-support/costing",
            {**COSTING, "block_cost": "42000"},
            "Enter the children one block serves, or leave the block cost blank too.",
        ),
        (
            "put",
            "/resources/services/family-support/costing",
            {**COSTING, "target_group": "everyone"},
            "Choose who the service is for.",
        ),
        (
            "put",
            "/resources/services/family-support/demand/east",
            {**DEMAND, "source": "  "},
            "Enter where the figure comes from",
        ),
        (
            "put",
            "/resources/services/family-support/demand/west",
            {**DEMAND, "children": -3},
            "Enter the number of children who need the service, 0 or more.",
        ),
        (
            "put",
            "/resources/services/family-support/benefits/stay-safe",
            {**BENEFIT, "benefit_per_child": "1.5"},
            "Enter the children better off per 100 supported, from 0 to 100.",
        ),
        (
            "put",
            "/resources/services/family-support/benefits/be-healthy",
            {**BENEFIT, "evidence_rating": 7},
            "Choose how strong the evidence is, level 1 to 4.",
        ),
    ],
)
def test_bad_input_is_refused_with_the_reason_and_nothing_is_written(
    world: dict[str, Any], method: str, path: str, body: dict[str, Any], expected: str
) -> None:
    def state() -> tuple[Any, ...]:
        return (
            list(ServiceCosting.objects.values_list("cost_per_child", "cost_as_of", "block_cost")),
            list(LocalityDemand.objects.values_list("locality_id", "children", "source")),
            list(ServiceBenefit.objects.values_list("outcome_id", "benefit_per_child")),
            resources_audit_count(),
        )

    before = state()

    response = writer(Role.FINANCE_OFFICER).call(method, path, body)

    assert response.status_code == 400, response.content
    assert expected in response.json()["detail"]
    assert state() == before


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("put", "/resources/services/nothing/costing", COSTING),
        ("put", "/resources/services/family-support/demand/nowhere", DEMAND),
        ("delete", "/resources/services/family-support/demand/west", None),
        ("put", "/resources/services/family-support/benefits/nothing", BENEFIT),
        ("delete", "/resources/services/family-support/benefits/be-healthy", None),
    ],
)
def test_unknown_services_places_and_figures_are_not_found(
    world: dict[str, Any], method: str, path: str, body: dict[str, Any] | None
) -> None:
    assert writer(Role.FINANCE_OFFICER).call(method, path, body).status_code == 404


def _services(count: int) -> None:
    outcome = OutcomeFactory()
    locality = LocalityFactory()
    for _ in range(count):
        service = ServiceFactory()
        ServiceCostingFactory(service=service)
        LocalityDemandFactory(service=service, locality=locality)
        ServiceBenefitFactory(service=service, outcome=outcome)


def _list_queries(page_size: int) -> tuple[int, int]:
    client = writer(Role.FINANCE_OFFICER)
    with CaptureQueriesContext(connection) as queries:
        response = client.call("get", f"/resources/services?page_size={page_size}")
    assert response.status_code == 200
    return len(queries), len(response.json()["items"])


def test_the_services_list_reads_a_fixed_number_of_queries_whatever_the_page_size() -> None:
    _services(12)

    small, shown_small = _list_queries(3)
    large, shown_large = _list_queries(12)

    assert (shown_small, shown_large) == (3, 12)
    assert small == large
