"""The resources API asks what its pages ask. Each read endpoint asks whether the caller may
open the resources pages. Each write endpoint answers someone who may not write with 403 and the
service's own sentence before it looks anything up: the same answer for a record that exists
and for one that does not, so that a refusal never tells which lines, contributions, costed
services, appraisals or runs there are. Nothing is written either way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import models

from childtrust.accounts.models import Role
from childtrust.accounts.services import api_token_create
from childtrust.core.permissions import Capability
from childtrust.resources.models import (
    AllocationRun,
    Appraisal,
    AppraisalOption,
    BudgetLine,
    Contribution,
    LocalityDemand,
    MonthlySpend,
    OptionRisk,
    ServiceBenefit,
    ServiceCosting,
)
from tests.api.conftest import ApiClient
from tests.api.refusals import assert_refused_without
from tests.factories import LocalityFactory, OutcomeFactory, UserFactory
from tests.resources.api_writes import resources_audit_count, writer
from tests.resources.factories_allocation import InfeasibleAllocationRunFactory
from tests.resources.factories_appraisal import two_option_appraisal
from tests.resources.factories_budget import BudgetLineFactory, ContributionFactory
from tests.resources.factories_costings import (
    LocalityDemandFactory,
    ServiceBenefitFactory,
    ServiceCostingFactory,
)

pytestmark = pytest.mark.django_db

MISSING = 999_999
TABLES: tuple[type[models.Model], ...] = (
    BudgetLine,
    Contribution,
    MonthlySpend,
    ServiceCosting,
    LocalityDemand,
    ServiceBenefit,
    Appraisal,
    AppraisalOption,
    OptionRisk,
    AllocationRun,
)
COSTING = {
    "target_group": "early_years",
    "cost_per_child": "500.00",
    "cost_source": "Accounts",
    "cost_as_of": "2026-04-01",
    "capacity": 10,
    "capacity_source": "Plan",
    "capacity_as_of": "2026-04-01",
}
DEMAND = {"children": 5, "source": "JSNA", "as_of": "2026-04-01"}
BENEFIT = {
    "benefit_per_child": "0.05",
    "evidence_rating": 2,
    "source": "EIF",
    "as_of": "2026-04-01",
}
OPTION = {"name": "C", "years": [{"year_index": 0, "costs": "1", "benefits": "2"}]}
RISK = {"description": "Delay", "likelihood": "0.25", "cost_if_it_happens": "400"}


@pytest.fixture
def held() -> dict[str, Any]:
    """One of everything the write endpoints look up, all of the partner's own agency."""
    line = BudgetLineFactory()
    service = line.service
    ServiceCostingFactory(service=service)
    demand = LocalityDemandFactory(service=service, locality=LocalityFactory())
    benefit = ServiceBenefitFactory(service=service, outcome=OutcomeFactory())
    appraisal = two_option_appraisal()
    option = appraisal.options.get(name="A")
    return {
        "agency": service.agency,
        "year": line.year.label,
        "line": line.pk,
        "contribution": ContributionFactory(year=line.year, agency=service.agency).pk,
        "service": service.slug,
        "locality": demand.locality.slug,
        "outcome": benefit.outcome.slug,
        "appraisal": appraisal.pk,
        "option": option.pk,
        "risk": option.risks.get().pk,
        "run": InfeasibleAllocationRunFactory(year=line.year).pk,
    }


def _missing(held: dict[str, Any]) -> dict[str, Any]:
    """The same look-ups, each naming nothing that exists."""
    return {
        **{name: MISSING for name in held},
        "year": "1999-00",
        "service": "no-such-service",
        "locality": "no-such-locality",
        "outcome": "no-such-outcome",
    }


# Each write endpoint: (method, path from the look-ups, body from them, what the refusal says
# was tried, as its service says it).
Write = tuple[str, str, Callable[[dict[str, Any]], dict[str, Any] | None], str]
BUDGET, SPEND = "change the budget", "record spend"
FIGURES, APPRAISALS = "change what services cost and achieve", "keep option appraisals"
WRITES: dict[str, Write] = {
    "add a contribution": (
        "post",
        "/budget/years/{year}/contributions",
        lambda _: {"agency": "x", "kind": "pooled", "amount": "1"},
        BUDGET,
    ),
    "change a contribution": (
        "patch",
        "/budget/contributions/{contribution}",
        lambda _: {"amount": "1"},
        BUDGET,
    ),
    "add a line": (
        "post",
        "/budget/years/{year}/lines",
        lambda h: {"service": h["service"], "budget": "1"},
        BUDGET,
    ),
    "change a line": ("patch", "/budget/lines/{line}", lambda _: {"budget": "1"}, BUDGET),
    "record spend": ("put", "/budget/lines/{line}/spend/2026-05", lambda _: {"amount": "1"}, SPEND),
    "set a costing": ("put", "/resources/services/{service}/costing", lambda _: COSTING, FIGURES),
    "set demand": (
        "put",
        "/resources/services/{service}/demand/{locality}",
        lambda _: DEMAND,
        FIGURES,
    ),
    "remove demand": (
        "delete",
        "/resources/services/{service}/demand/{locality}",
        lambda _: None,
        FIGURES,
    ),
    "set a benefit": (
        "put",
        "/resources/services/{service}/benefits/{outcome}",
        lambda _: BENEFIT,
        FIGURES,
    ),
    "remove a benefit": (
        "delete",
        "/resources/services/{service}/benefits/{outcome}",
        lambda _: None,
        FIGURES,
    ),
    "change an appraisal": (
        "patch",
        "/appraisals/{appraisal}",
        lambda _: {"title": "X"},
        APPRAISALS,
    ),
    "add an option": ("post", "/appraisals/{appraisal}/options", lambda _: OPTION, APPRAISALS),
    "replace an option": (
        "put",
        "/appraisals/{appraisal}/options/{option}",
        lambda _: OPTION,
        APPRAISALS,
    ),
    "add a risk": (
        "post",
        "/appraisals/{appraisal}/options/{option}/risks",
        lambda _: RISK,
        APPRAISALS,
    ),
    "remove a risk": ("delete", "/appraisals/{appraisal}/risks/{risk}", lambda _: None, APPRAISALS),
    "decide": (
        "post",
        "/appraisals/{appraisal}/decision",
        lambda h: {"chosen_option": h["option"], "decision": "A"},
        APPRAISALS,
    ),
    "run an allocation": (
        "post",
        "/allocations",
        lambda h: {"year": h["year"], "locality_floor_percent": "99"},
        "run allocations",
    ),
    "propose an allocation": (
        "post",
        "/allocations/{run}/propose",
        lambda _: None,
        "propose allocations",
    ),
}


def _written() -> tuple[int, ...]:
    return (resources_audit_count(), *(table._default_manager.count() for table in TABLES))


@pytest.mark.parametrize("exists", [True, False], ids=["existing", "missing"])
@pytest.mark.parametrize("write", list(WRITES))
def test_a_practitioner_is_refused_before_anything_is_looked_up(
    held: dict[str, Any], write: str, exists: bool
) -> None:
    method, path, body, tried = WRITES[write]
    names = held if exists else _missing(held)
    before = _written()

    response = writer(Role.PRACTITIONER, agency=held["agency"]).call(
        method, path.format(**names), body(names)
    )

    assert response.status_code == 403, response.content
    assert response.json() == {"detail": f"Your role does not allow you to {tried}."}
    assert _written() == before


def test_a_keeper_is_told_what_does_not_exist(held: dict[str, Any]) -> None:
    """Those who may write learn which records exist, as they see every partner's anyway."""
    client = writer(Role.FINANCE_OFFICER)
    for method, path, body, _tried in WRITES.values():
        if "{" in path:
            names = _missing(held)
            response = client.call(method, path.format(**names), body(names))
            assert response.status_code in {400, 404}, (path, response.content)


READS = {
    "/budget/years": "see the budget",
    "/budget/years/{year}/lines": "see the budget",
    "/budget/years/{year}/contributions": "see the budget",
    "/resources/services": "see what services cost and achieve",
    "/resources/services/{service}": "see what services cost and achieve",
    "/appraisals": "see option appraisals",
    "/appraisals/{appraisal}": "see option appraisals",
    "/allocations": "see allocations",
    "/allocations/{run}": "see allocations",
}


@pytest.mark.parametrize("path", list(READS))
def test_each_read_asks_what_its_page_asks(
    held: dict[str, Any], path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every role may open the resources pages (VIEW_OWN_RESOURCES), so the role table is made
    to take it away from practitioners: each endpoint then refuses, as the pages would."""
    _, token = api_token_create(user=UserFactory(role=Role.PRACTITIONER), name="test")
    assert_refused_without(
        Capability.VIEW_OWN_RESOURCES,
        api=ApiClient(token),
        path=path.format(**held),
        sentence=READS[path],
        monkeypatch=monkeypatch,
    )
