"""/api/v1/budget/years and /api/v1/budget/years/{label}/lines: every token holder may list the
years; the lines follow the pages' rules (all lines, or the partner's own)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from childtrust.accounts.models import Role
from childtrust.accounts.services import api_token_create
from tests.api.conftest import ApiClient
from tests.conftest import ALL_ROLES
from tests.factories import AgencyFactory, ServiceFactory, StaffMemberFactory, UserFactory
from tests.resources.factories_budget import (
    BudgetLineFactory,
    FinancialYearFactory,
    MonthlySpendFactory,
)

pytestmark = pytest.mark.django_db

SEE_ALL = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN, Role.FINANCE_OFFICER, Role.AUDITOR}


@pytest.fixture
def lines() -> dict[str, Any]:
    year = FinancialYearFactory()
    FinancialYearFactory(starts_on=datetime.date(2025, 4, 1))
    own, other = AgencyFactory(name="Own"), AgencyFactory(name="Other")
    own_line = BudgetLineFactory(
        year=year,
        service=ServiceFactory(agency=own, name="Family support", slug="family-support"),
        budget=Decimal("120000"),
        statutory_minimum=Decimal("150000"),
        statutory_basis="Children Act 1989",
    )
    MonthlySpendFactory(line=own_line, amount=Decimal("15000"))
    other_line = BudgetLineFactory(
        year=year, service=ServiceFactory(agency=other, name="Youth work", slug="youth-work")
    )
    return {"own": own, "own_line": own_line, "other_line": other_line}


@pytest.fixture
def client_of(db: None) -> Callable[[str, Any], ApiClient]:
    """An API client with a fresh token of a fresh user of the role, working for the agency."""

    def make(role: str, agency: Any) -> ApiClient:
        user = UserFactory(role=role)
        if agency is not None:
            StaffMemberFactory(user=user, agency=agency)
        _, raw = api_token_create(user=user, name="test")
        return ApiClient(raw)

    return make


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_may_list_the_years(
    lines: dict[str, Any], client_of: Callable[[str, Any], ApiClient], role: Role
) -> None:
    response = client_of(role, None).get("/budget/years")

    assert response.status_code == 200
    assert response.json()["items"] == [
        {"label": "2026-27", "starts_on": "2026-04-01", "ends_on": "2027-03-31"},
        {"label": "2025-26", "starts_on": "2025-04-01", "ends_on": "2026-03-31"},
    ]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_lines_are_all_or_the_partners_own(
    lines: dict[str, Any], client_of: Callable[[str, Any], ApiClient], role: Role
) -> None:
    response = client_of(role, lines["own"]).get("/budget/years/2026-27/lines")

    assert response.status_code == 200
    slugs = {line["service"]["slug"] for line in response.json()["items"]}
    assert slugs == ({"family-support", "youth-work"} if role in SEE_ALL else {"family-support"})


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.FINANCE_OFFICER])
def test_without_a_staff_record_a_partner_gets_no_lines(
    lines: dict[str, Any], client_of: Callable[[str, Any], ApiClient], role: Role
) -> None:
    response = client_of(role, None).get("/budget/years/2026-27/lines")
    assert len(response.json()["items"]) == (2 if role in SEE_ALL else 0)


def test_a_line_carries_its_forecast_and_flags(
    lines: dict[str, Any], client_of: Callable[[str, Any], ApiClient]
) -> None:
    [line] = [
        line
        for line in client_of(Role.AUDITOR, None).get("/budget/years/2026-27/lines").json()["items"]
        if line["service"]["slug"] == "family-support"
    ]

    assert line["service"]["agency"]["name"] == "Own"
    assert Decimal(line["budget"]) == Decimal("120000")
    assert Decimal(line["spend_to_date"]) == Decimal("15000")
    assert line["months_recorded"] == 1
    assert Decimal(line["forecast_outturn"]) == Decimal("180000")
    assert Decimal(line["variance"]) == Decimal("60000")
    assert Decimal(line["variance_percent"]) == Decimal("50.0")
    assert line["status"] == "overspend"
    assert line["status_words"] == "Heading for overspend"
    assert line["heading_for_overspend"] is True
    assert line["below_statutory_minimum"] is True


def test_an_unknown_year_is_not_found(
    lines: dict[str, Any], client_of: Callable[[str, Any], ApiClient]
) -> None:
    response = client_of(Role.AUDITOR, None).get("/budget/years/2040-41/lines")
    assert response.status_code == 404
    assert response.json() == {"detail": "No financial year is labelled '2040-41'."}


@pytest.mark.parametrize("path", ["/budget/years", "/budget/years/2026-27/lines"])
def test_a_missing_token_is_refused(lines: dict[str, Any], path: str) -> None:
    assert ApiClient(None).get(path).status_code == 401
