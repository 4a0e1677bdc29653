"""The costings pages: who may open and change what, the figures shown with their sources, the
forms' bad input, and the duplication page with its audited download."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.partnership.models import Service
from childtrust.resources.models import (
    LocalityDemand,
    ServiceBenefit,
    ServiceCosting,
    TargetGroup,
)
from tests.factories import (
    AgencyFactory,
    LocalityFactory,
    OutcomeFactory,
    ServiceFactory,
    StaffMemberFactory,
    UserFactory,
)
from tests.form_data import date_parts
from tests.resources.factories_costings import (
    BlockFundedServiceCostingFactory,
    LocalityDemandFactory,
    ServiceBenefitFactory,
    ServiceCostingFactory,
)

pytestmark = pytest.mark.django_db

SEES_ALL = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN, Role.FINANCE_OFFICER, Role.AUDITOR}
MANAGES = {Role.STRATEGIC_LEAD, Role.FINANCE_OFFICER}


@pytest.fixture
def ours() -> Service:
    """A costed service of the agency the signed-in person works for, with demand and a benefit."""
    costing = BlockFundedServiceCostingFactory(
        service__name="Family Support", service__slug="family-support"
    )
    LocalityDemandFactory(
        service=costing.service,
        locality=LocalityFactory(name="Central", slug="central"),
        children=120,
        source="JSNA 2026",
    )
    ServiceBenefitFactory(
        service=costing.service,
        outcome=OutcomeFactory(name="Stay safe", slug="stay-safe"),
        benefit_per_child=Decimal("0.08"),
        evidence_rating=3,
    )
    return costing.service


@pytest.fixture
def theirs() -> Service:
    return ServiceCostingFactory(
        service__name="Other Partner's Service", service__slug="other-service"
    ).service


@pytest.fixture
def signed_in(ours: Service) -> Callable[[str], tuple[Client, User]]:
    def make(role: str) -> tuple[Client, User]:
        user = UserFactory(role=role)
        StaffMemberFactory(user=user, agency=ours.agency)
        client = Client()
        client.force_login(user)
        return client, user

    return make


def _post(client: Client, url: str, data: dict[str, object]) -> str:
    response = client.post(url, data)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- Who may open what ------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_open_the_services_page_and_sees_what_its_role_allows(
    role: Role,
    signed_in: Callable[[str], tuple[Client, User]],
    ours: Service,
    theirs: Service,
) -> None:
    client, _ = signed_in(role)
    page = client.get(reverse("resources:costings_services")).content.decode()
    assert "Family Support" in page
    assert ("Other Partner&#x27;s Service" in page) == (role in SEES_ALL)


@pytest.mark.parametrize("role", list(Role))
def test_another_partners_service_answers_404_unless_the_role_sees_all(
    role: Role,
    signed_in: Callable[[str], tuple[Client, User]],
    ours: Service,
    theirs: Service,
) -> None:
    client, _ = signed_in(role)
    own = client.get(reverse("resources:costings_service", args=[ours.slug]))
    other = client.get(reverse("resources:costings_service", args=[theirs.slug]))
    assert own.status_code == 200
    assert other.status_code == (200 if role in SEES_ALL else 404)


def test_a_partner_without_a_staff_record_sees_no_services(ours: Service, client: Client) -> None:
    client.force_login(UserFactory(role=Role.PRACTITIONER))
    page = client.get(reverse("resources:costings_services")).content.decode()
    assert "0 services" in page
    assert client.get(reverse("resources:costings_service", args=[ours.slug])).status_code == 404


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(
    "name", ["costings_costing_edit", "costings_demand_edit", "costings_benefit_edit"]
)
def test_only_those_who_keep_the_budget_may_open_the_forms(
    role: Role, name: str, signed_in: Callable[[str], tuple[Client, User]], ours: Service
) -> None:
    client, _ = signed_in(role)
    response = client.get(reverse(f"resources:{name}", args=[ours.slug]))
    assert response.status_code == (200 if role in MANAGES else 403)


@pytest.mark.parametrize("role", list(Role))
def test_only_those_who_keep_the_budget_see_the_change_links(
    role: Role, signed_in: Callable[[str], tuple[Client, User]], ours: Service
) -> None:
    client, _ = signed_in(role)
    page = client.get(reverse("resources:costings_service", args=[ours.slug])).content.decode()
    assert ("Change the cost and capacity" in page) == (role in MANAGES)
    assert ("Remove<span" in page) == (role in MANAGES)


@pytest.mark.parametrize("role", list(Role))
def test_only_roles_that_see_all_may_open_the_duplication_page(
    role: Role, signed_in: Callable[[str], tuple[Client, User]]
) -> None:
    client, _ = signed_in(role)
    response = client.get(reverse("resources:duplication"))
    assert response.status_code == (200 if role in SEES_ALL else 403)
    csv = client.get(reverse("resources:duplication") + "?format=csv")
    assert csv.status_code == (200 if role in SEES_ALL else 403)


@pytest.mark.parametrize(
    "url",
    [
        reverse("resources:costings_services"),
        reverse("resources:costings_service", args=["family-support"]),
        reverse("resources:costings_costing_edit", args=["family-support"]),
        reverse("resources:duplication"),
    ],
)
def test_visitors_are_sent_to_sign_in(client: Client, ours: Service, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_a_form_for_an_unknown_service_answers_404(ours: Service) -> None:
    client = Client()
    client.force_login(UserFactory(role=Role.FINANCE_OFFICER))
    response = client.get(reverse("resources:costings_costing_edit", args=["no-such"]))
    assert response.status_code == 404


# --- What the pages show ----------------------------------------------------------------------


def test_the_services_page_shows_each_figure_and_what_is_missing(
    signed_in: Callable[[str], tuple[Client, User]], ours: Service
) -> None:
    ServiceFactory(agency=ours.agency, name="Uncosted Service")
    client, _ = signed_in(Role.FINANCE_OFFICER)
    page = client.get(reverse("resources:costings_services")).content.decode()
    assert "£1,680" in page  # cost per child
    assert ">100<" in page  # capacity
    assert ">120<" in page  # children who need it
    # 0.08 better off per child at £1,680: 1000 / 1680 x 0.08 = 0.048 per £1,000.
    assert ">0.048<" in page
    assert "Level 3 (good)" in page
    assert "Ready" in page
    assert "cost and capacity, demand by locality, expected benefit" in page


def test_the_service_page_shows_every_figure_with_its_source_and_date(
    signed_in: Callable[[str], tuple[Client, User]], ours: Service
) -> None:
    client, _ = signed_in(Role.PRACTITIONER)
    page = client.get(reverse("resources:costings_service", args=[ours.slug])).content.decode()
    assert "£1,680.00 a year" in page
    assert "Service accounts 2025-26, as of 1 April 2026" in page
    assert "Service plan 2026-27, as of 1 April 2026" in page
    assert "£42,000 a block" in page
    assert "serving 25 children" in page
    assert "JSNA 2026" in page
    assert ">120<" in page
    assert ">8<" in page  # better off per 100
    assert "Good: at least one rigorous evaluation" in page
    assert "Early Intervention Foundation guidebook" in page


def test_the_service_page_warns_what_the_optimiser_still_needs(
    signed_in: Callable[[str], tuple[Client, User]], ours: Service
) -> None:
    ServiceBenefit.objects.all().delete()
    client, _ = signed_in(Role.PRACTITIONER)
    page = client.get(reverse("resources:costings_service", args=[ours.slug])).content.decode()
    assert "The optimiser cannot use this service yet: it needs expected benefit." in page


def test_the_filter_narrows_the_list_and_a_bad_filter_says_so(
    signed_in: Callable[[str], tuple[Client, User]], ours: Service, theirs: Service
) -> None:
    client, _ = signed_in(Role.FINANCE_OFFICER)
    url = reverse("resources:costings_services")
    page = client.get(url, {"locality": "central"}).content.decode()
    assert "Family Support" in page
    assert "Other Partner" not in page
    page = client.get(url, {"outcome": "stay-safe"}).content.decode()
    assert "1 service found" in page
    page = client.get(url, {"target_group": TargetGroup.FAMILIES}).content.decode()
    assert "0 services found" in page
    page = client.get(url, {"agency": theirs.agency.slug}).content.decode()
    assert "Other Partner" in page
    assert "Family Support" not in page
    page = client.get(url, {"locality": "atlantis"}).content.decode()
    assert "Choose a locality from the list" in page
    assert "Family Support" in page
    assert "Other Partner" in page


def test_the_services_page_is_paged(client: Client) -> None:
    agency = AgencyFactory()
    for n in range(30):
        ServiceCostingFactory(service__agency=agency, service__name=f"Service {n:02d}")
    client.force_login(UserFactory(role=Role.AUDITOR))
    first = client.get(reverse("resources:costings_services")).content.decode()
    second = client.get(reverse("resources:costings_services"), {"page": 2}).content.decode()
    assert "Service 00" in first
    assert "Service 29" not in first
    assert "Service 29" in second
    assert "Page 2 of 2" in second


# --- The costing form -------------------------------------------------------------------------


def _costing_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "target_group": TargetGroup.FAMILIES,
        "cost_per_child": "2100",
        "cost_source": "Accounts 2025-26",
        **date_parts("cost_as_of", "2026-03-31"),
        "capacity": "120",
        "capacity_source": "Service plan",
        **date_parts("capacity_as_of", "2026-04-01"),
        "block_cost": "37800",
        "block_children": "18",
    }
    return data | overrides


def test_the_costing_form_saves_and_returns_to_the_service(
    signed_in: Callable[[str], tuple[Client, User]],
) -> None:
    service = ServiceFactory(slug="new-service")
    client, user = signed_in(Role.FINANCE_OFFICER)
    response = client.post(
        reverse("resources:costings_costing_edit", args=[service.slug]), _costing_data()
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("resources:costings_service", args=[service.slug])
    costing = ServiceCosting.objects.get(service=service)
    assert (costing.block_cost, costing.block_children) == (Decimal("37800"), 18)
    assert (
        AuditEvent.objects.get(
            action=AuditAction.CREATE, object_type="resources.servicecosting"
        ).actor
        == user
    )


def test_the_costing_form_shows_the_current_figures(
    signed_in: Callable[[str], tuple[Client, User]], ours: Service
) -> None:
    client, _ = signed_in(Role.STRATEGIC_LEAD)
    page = client.get(reverse("resources:costings_costing_edit", args=[ours.slug])).content.decode()
    assert 'value="1680.00"' in page
    assert 'value="42000.00"' in page


TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"block_children": ""}, "Enter the children one block serves, or leave the block cost"),
        ({"block_cost": ""}, "Enter the cost of one block, or leave the children per block"),
        ({"cost_per_child": "-5", "block_cost": "", "block_children": ""}, "more than £0"),
        ({"cost_per_child": "0", "block_cost": "", "block_children": ""}, "more than £0"),
        ({"capacity": "-1"}, "The capacity cannot be negative"),
        ({"capacity": "lots"}, "Enter the capacity as a whole number"),
        ({"cost_source": ""}, "Enter where the cost comes from"),
        ({"capacity_source": "  "}, "Enter where the capacity comes from"),
        (date_parts("cost_as_of", TOMORROW), "The date cannot be in the future"),
        (date_parts("cost_as_of", "2026-02-30"), "The date of the cost must be a real date"),
        ({"cost_per_child": "2500"}, "is £2,100.00 a child, but the cost per child is £2,500.00"),
        ({"block_children": "0"}, "Enter the children one block serves, 1 or more"),
        ({"target_group": ""}, "Choose who the service is for"),
        ({"cost_per_child": "123456789"}, "Enter a cost per child under £100,000,000"),
    ],
)
def test_bad_costings_are_refused_with_a_clear_message_and_nothing_written(
    signed_in: Callable[[str], tuple[Client, User]], overrides: dict[str, str], message: str
) -> None:
    service = ServiceFactory(slug="new-service")
    client, _ = signed_in(Role.FINANCE_OFFICER)
    page = _post(
        client,
        reverse("resources:costings_costing_edit", args=[service.slug]),
        _costing_data(**overrides),
    )
    assert "There is a problem" in page
    assert message in page.replace("&#x27;", "'")
    assert not ServiceCosting.objects.filter(service=service).exists()
    assert not AuditEvent.objects.filter(object_type="resources.servicecosting").exists()


# --- Demand -----------------------------------------------------------------------------------


def test_the_demand_form_adds_and_replaces_a_localitys_figure(
    signed_in: Callable[[str], tuple[Client, User]], ours: Service
) -> None:
    client, _ = signed_in(Role.FINANCE_OFFICER)
    LocalityFactory(name="East", slug="east")
    url = reverse("resources:costings_demand_edit", args=[ours.slug])
    data = {
        "locality": "east",
        "children": "40",
        "source": "JSNA",
        **date_parts("as_of", "2026-09-30"),
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data | {"children": "45"}).status_code == 302
    assert LocalityDemand.objects.get(service=ours, locality__slug="east").children == 45
    page = client.get(url, {"locality": "east"}).content.decode()
    assert "Change the demand in East" in page
    assert 'value="45"' in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"children": "-3"}, "cannot be negative"),
        ({"children": ""}, "Enter the number of children who need the service"),
        ({"source": ""}, "Enter where the demand figure comes from"),
        (date_parts("as_of", TOMORROW), "The date cannot be in the future"),
        ({"locality": "atlantis"}, "Choose a locality from the list"),
    ],
)
def test_bad_demand_is_refused(
    signed_in: Callable[[str], tuple[Client, User]],
    ours: Service,
    overrides: dict[str, str],
    message: str,
) -> None:
    client, _ = signed_in(Role.FINANCE_OFFICER)
    data = {
        "locality": "central",
        "children": "40",
        "source": "JSNA",
        **date_parts("as_of", "2026-09-30"),
    }
    page = _post(
        client, reverse("resources:costings_demand_edit", args=[ours.slug]), data | overrides
    )
    assert message in page
    assert LocalityDemand.objects.get(service=ours).children == 120  # as it was


def test_removing_demand_takes_a_post_and_is_audited(
    signed_in: Callable[[str], tuple[Client, User]], ours: Service
) -> None:
    client, _ = signed_in(Role.FINANCE_OFFICER)
    demand = LocalityDemand.objects.get(service=ours)
    url = reverse("resources:costings_demand_remove", args=[ours.slug, demand.pk])
    assert client.get(url).status_code == 200  # asks "Are you sure?" (test_costings_removal)
    assert LocalityDemand.objects.exists()
    response = client.post(url, follow=True)
    assert "The demand for Family Support in Central has been removed." in (
        response.content.decode()
    )
    assert not LocalityDemand.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE).count() == 1


@pytest.mark.parametrize("role", sorted(set(Role) - MANAGES))
def test_others_may_not_remove_demand(
    role: Role, signed_in: Callable[[str], tuple[Client, User]], ours: Service
) -> None:
    client, _ = signed_in(role)
    demand = LocalityDemand.objects.get(service=ours)
    url = reverse("resources:costings_demand_remove", args=[ours.slug, demand.pk])
    assert client.post(url).status_code == 403
    assert LocalityDemand.objects.exists()


def test_removing_another_services_demand_through_this_service_answers_404(
    signed_in: Callable[[str], tuple[Client, User]], ours: Service, theirs: Service
) -> None:
    other = LocalityDemandFactory(service=theirs)
    client, _ = signed_in(Role.FINANCE_OFFICER)
    url = reverse("resources:costings_demand_remove", args=[ours.slug, other.pk])
    assert client.post(url).status_code == 404
    assert LocalityDemand.objects.filter(pk=other.pk).exists()


# --- Benefits ---------------------------------------------------------------------------------


def test_eight_better_off_per_100_is_stored_as_0_08(
    signed_in: Callable[[str], tuple[Client, User]], ours: Service
) -> None:
    OutcomeFactory(name="Enjoy and achieve", slug="enjoy-and-achieve")
    client, _ = signed_in(Role.STRATEGIC_LEAD)
    url = reverse("resources:costings_benefit_edit", args=[ours.slug])
    data = {
        "outcome": "enjoy-and-achieve",
        "better_off_per_100": "8",
        "evidence_rating": "2",
        "source": "Evaluation 2024",
        **date_parts("as_of", "2026-06-30"),
    }
    assert client.post(url, data).status_code == 302
    benefit = ServiceBenefit.objects.get(service=ours, outcome__slug="enjoy-and-achieve")
    assert benefit.benefit_per_child == Decimal("0.0800")
    assert client.post(url, data | {"better_off_per_100": "2.5"}).status_code == 302
    benefit.refresh_from_db()
    assert benefit.benefit_per_child == Decimal("0.0250")
    page = client.get(url, {"outcome": "enjoy-and-achieve"}).content.decode()
    assert 'value="2.5"' in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"better_off_per_100": "101"}, "cannot be more than 100"),
        ({"better_off_per_100": "-1"}, "cannot be negative"),
        ({"better_off_per_100": "eight"}, "as a number, like 8 or 2.5"),
        ({"better_off_per_100": "2.125"}, "at most 2 decimal places"),
        ({"evidence_rating": "5"}, "Choose how strong the evidence is from the list"),
        ({"evidence_rating": ""}, "Choose how strong the evidence is"),
        ({"source": ""}, "Enter where the benefit figure comes from"),
        (date_parts("as_of", TOMORROW), "The date cannot be in the future"),
        ({"outcome": ""}, "Choose the outcome"),
    ],
)
def test_bad_benefits_are_refused(
    signed_in: Callable[[str], tuple[Client, User]],
    ours: Service,
    overrides: dict[str, str],
    message: str,
) -> None:
    client, _ = signed_in(Role.FINANCE_OFFICER)
    data = {
        "outcome": "stay-safe",
        "better_off_per_100": "12",
        "evidence_rating": "4",
        "source": "Evaluation 2024",
        **date_parts("as_of", "2026-06-30"),
    }
    page = _post(
        client, reverse("resources:costings_benefit_edit", args=[ours.slug]), data | overrides
    )
    assert message in page
    assert ServiceBenefit.objects.get(service=ours).benefit_per_child == Decimal("0.0800")


def test_removing_a_benefit_is_audited(
    signed_in: Callable[[str], tuple[Client, User]], ours: Service
) -> None:
    client, _ = signed_in(Role.STRATEGIC_LEAD)
    benefit = ServiceBenefit.objects.get(service=ours)
    url = reverse("resources:costings_benefit_remove", args=[ours.slug, benefit.pk])
    assert client.post(url).status_code == 302
    assert not ServiceBenefit.objects.exists()
    assert AuditEvent.objects.get(action=AuditAction.DELETE).object_id == str(benefit.pk)


# --- Duplication ------------------------------------------------------------------------------


@pytest.fixture
def duplicated(ours: Service) -> Service:
    """Another agency's service for the same families, outcome and locality, cheaper."""
    other = ServiceCostingFactory(
        service__name="Key Work",
        target_group=ours.costing.target_group,
        cost_per_child=Decimal("1500"),
    ).service
    LocalityDemandFactory(service=other, locality=ours.locality_demand.get().locality)
    ServiceBenefitFactory(service=other, outcome=ours.expected_benefits.get().outcome)
    return other


def test_the_duplication_page_lists_the_pair_the_rule_and_the_total(
    duplicated: Service, client: Client
) -> None:
    client.force_login(UserFactory(role=Role.AUDITOR))
    page = client.get(reverse("resources:duplication")).content.decode()
    assert "1 candidate pair: up to £18,000 a year" in page  # 100 children x £180
    assert "Family Support" in page
    assert "Key Work" in page
    assert "the difference in cost per child times the children moved" in page
    assert "Stay safe" in page
    assert "Central" in page
    assert "Children involved with both now" in page
    assert "Fewer than 5" in page  # none yet: a count below five is never exact


def test_the_duplication_download_is_audited_as_an_export(
    duplicated: Service, client: Client
) -> None:
    user = UserFactory(role=Role.FINANCE_OFFICER)
    client.force_login(user)
    response = client.get(reverse("resources:duplication"), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert body.splitlines()[0].startswith("Dearer service,Dearer agency")
    assert "Family Support" in body
    assert "18000" in body
    assert body.splitlines()[0].endswith("Potential saving (£),Children involved with both")
    assert body.splitlines()[1].endswith(",fewer than 5")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == user
    assert event.details == {"format": "csv", "view": "duplication", "rows": 1, "year": ""}


def test_an_unknown_year_on_the_duplication_page_answers_404(client: Client) -> None:
    client.force_login(UserFactory(role=Role.FINANCE_OFFICER))
    assert client.get(reverse("resources:duplication"), {"year": "1066-67"}).status_code == 404


def test_the_resources_index_links_to_the_services_page(client: Client) -> None:
    client.force_login(UserFactory(role=Role.PRACTITIONER))
    page = client.get(reverse("resources:index")).content.decode()
    assert reverse("resources:costings_services") in page
