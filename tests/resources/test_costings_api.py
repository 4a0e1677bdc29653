"""/api/v1/resources/services, /api/v1/resources/services/{slug} and
/api/v1/resources/duplication: the same rules as the pages."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from childtrust.accounts.models import Role
from childtrust.accounts.services import api_token_create
from childtrust.partnership.models import Service
from tests.api.conftest import ApiClient
from tests.factories import LocalityFactory, OutcomeFactory, StaffMemberFactory, UserFactory
from tests.resources.factories_costings import (
    BlockFundedServiceCostingFactory,
    LocalityDemandFactory,
    ServiceBenefitFactory,
    ServiceCostingFactory,
)

pytestmark = pytest.mark.django_db

SEES_ALL = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN, Role.FINANCE_OFFICER, Role.AUDITOR}


@pytest.fixture
def ours() -> Service:
    costing = BlockFundedServiceCostingFactory(
        service__name="Family Support", service__slug="family-support"
    )
    LocalityDemandFactory(
        service=costing.service,
        locality=LocalityFactory(name="Central", slug="central"),
        children=120,
    )
    ServiceBenefitFactory(
        service=costing.service,
        outcome=OutcomeFactory(name="Stay safe", slug="stay-safe"),
        benefit_per_child=Decimal("0.08"),
    )
    return costing.service


@pytest.fixture
def theirs(ours: Service) -> Service:
    """Another agency's cheaper service for the same group, outcome and locality."""
    costing = ServiceCostingFactory(
        service__name="Key Work",
        service__slug="key-work",
        target_group=ours.costing.target_group,
        cost_per_child=Decimal("1500"),
    )
    LocalityDemandFactory(service=costing.service, locality=ours.locality_demand.get().locality)
    ServiceBenefitFactory(service=costing.service, outcome=ours.expected_benefits.get().outcome)
    return costing.service


@pytest.fixture
def client_in(ours: Service) -> Callable[[str], ApiClient]:
    """An API client for a fresh user of the role, on the staff of the agency that runs `ours`."""

    def make(role: str) -> ApiClient:
        user = UserFactory(role=role)
        StaffMemberFactory(user=user, agency=ours.agency)
        _, raw = api_token_create(user=user, name="test")
        return ApiClient(raw)

    return make


@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_the_services_its_role_allows(
    role: Role, client_in: Callable[[str], ApiClient], theirs: Service
) -> None:
    client = client_in(role)
    body = client.get("/resources/services").json()
    slugs = {item["slug"] for item in body["items"]}
    assert slugs == ({"family-support", "key-work"} if role in SEES_ALL else {"family-support"})
    assert client.get("/resources/services/family-support").status_code == 200
    other = client.get("/resources/services/key-work")
    assert other.status_code == (200 if role in SEES_ALL else 404)


@pytest.mark.parametrize("role", list(Role))
def test_only_roles_that_see_all_may_read_the_duplication_candidates(
    role: Role, client_in: Callable[[str], ApiClient], theirs: Service
) -> None:
    response = client_in(role).get("/resources/duplication")
    assert response.status_code == (200 if role in SEES_ALL else 403)


@pytest.mark.parametrize(
    "path", ["/resources/services", "/resources/services/x", "/resources/duplication"]
)
def test_a_request_without_a_valid_token_is_refused(path: str) -> None:
    assert ApiClient(None).get(path).status_code == 401


def test_the_list_gives_each_services_figures(
    client_in: Callable[[str], ApiClient], ours: Service
) -> None:
    [item] = client_in(Role.PRACTITIONER).get("/resources/services").json()["items"]
    assert item["costing"]["cost_per_child"] == "1680.00"
    assert item["costing"]["block_cost"] == "42000.00"
    assert item["costing"]["cost_source"] == "Service accounts 2025-26"
    assert item["costing"]["cost_as_of"] == "2026-04-01"
    assert item["total_demand"] == 120
    assert Decimal(item["benefit_per_thousand"]) == Decimal("0.048")
    assert item["evidence"] == "Level 3 (good)"
    assert item["missing"] == []


def test_the_list_filters_and_refuses_an_unknown_filter(
    client_in: Callable[[str], ApiClient], theirs: Service
) -> None:
    client = client_in(Role.FINANCE_OFFICER)
    assert client.get("/resources/services", {"agency": theirs.agency.slug}).json()["count"] == 1
    assert client.get("/resources/services", {"outcome": "stay-safe"}).json()["count"] == 2
    assert client.get("/resources/services", {"target_group": "primary"}).json()["count"] == 0
    assert client.get("/resources/services", {"locality": "atlantis"}).status_code == 404
    assert client.get("/resources/services", {"target_group": "pensioners"}).status_code == 404


def test_the_detail_gives_demand_and_benefits_with_sources(
    client_in: Callable[[str], ApiClient], ours: Service
) -> None:
    body = client_in(Role.PRACTITIONER).get("/resources/services/family-support").json()
    assert body["demand"] == [
        {
            "locality": "central",
            "locality_name": "Central",
            "children": 120,
            "source": "Joint strategic needs assessment 2026",
            "as_of": "2026-04-01",
        }
    ]
    [benefit] = body["benefits"]
    assert benefit["outcome"] == "stay-safe"
    assert benefit["benefit_per_child"] == "0.0800"
    assert benefit["evidence_rating"] == 3
    assert benefit["evidence_strength"].startswith("Good:")


def test_the_duplication_candidates_with_the_rule_and_total(
    client_in: Callable[[str], ApiClient], theirs: Service
) -> None:
    body = client_in(Role.AUDITOR).get("/resources/duplication").json()
    [pair] = body["pairs"]
    assert pair["dearer"]["slug"] == "family-support"
    assert pair["cheaper"]["slug"] == "key-work"
    assert pair["outcomes"] == ["stay-safe"]
    assert pair["localities"] == ["central"]
    assert pair["children_moved"] == 100  # capacity 100 of the 120 who need it
    assert Decimal(pair["potential_saving"]) == Decimal("18000")
    assert pair["children_involved_with_both"] == "fewer than 5"
    assert Decimal(body["total_potential_saving"]) == Decimal("18000")
    assert "different agencies" in body["rule"]


def test_an_unknown_year_for_duplication_answers_404(
    client_in: Callable[[str], ApiClient],
) -> None:
    response = client_in(Role.AUDITOR).get("/resources/duplication", {"year": "1066-67"})
    assert response.status_code == 404


def test_duplication_is_refused_with_what_was_tried(client_in: Callable[[str], ApiClient]) -> None:
    response = client_in(Role.PRACTITIONER).get("/resources/duplication")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Your role does not allow you to see the duplication candidates."
    }


# --- The services directory's cost and capacity: the costing's own rule --------------------------


@pytest.mark.parametrize("role", list(Role))
def test_the_directory_gives_a_services_cost_only_to_those_who_may_see_its_costing(
    role: Role, client_in: Callable[[str], ApiClient], theirs: Service
) -> None:
    """/api/v1/services/{slug} reads cost and capacity from the costing: the staff of the agency
    that runs the service see them, as do those who see every partner's figures; for anyone
    else they are null, as for a service with no costing."""
    client = client_in(role)  # on the staff of the agency that runs `ours`
    own = client.get("/services/family-support").json()
    other = client.get("/services/key-work").json()

    assert (own["unit_cost"], own["capacity"]) == ("1680.00", 100)
    if role in SEES_ALL:
        assert (other["unit_cost"], other["capacity"]) == ("1500.00", theirs.costing.capacity)
    else:
        assert (other["unit_cost"], other["capacity"]) == (None, None)
        assert other["name"] == "Key Work"  # the rest of the directory's entry is everyone's


@pytest.mark.parametrize("in_post", [False, None], ids=["left", "no staff record"])
def test_the_directory_gives_no_cost_to_a_partner_not_in_post(
    ours: Service, in_post: bool | None
) -> None:
    user = UserFactory(role=Role.PRACTITIONER)
    if in_post is not None:
        StaffMemberFactory(user=user, agency=ours.agency, is_active=in_post)
    _, raw = api_token_create(user=user, name="test")

    body = ApiClient(raw).get("/services/family-support").json()

    assert (body["unit_cost"], body["capacity"]) == (None, None)
