"""Writing costings, demand and benefits: each write checked, audited, and all or nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.resources.models import (
    EvidenceRating,
    LocalityDemand,
    ServiceBenefit,
    ServiceCosting,
    TargetGroup,
)
from childtrust.resources.services.costings import (
    locality_demand_remove,
    locality_demand_set,
    service_benefit_remove,
    service_benefit_set,
    service_costing_set,
)
from tests.factories import LocalityFactory, OutcomeFactory, ServiceFactory, UserFactory
from tests.resources.factories_costings import (
    LocalityDemandFactory,
    ServiceBenefitFactory,
    ServiceCostingFactory,
)

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 4, 1)


@pytest.fixture
def finance() -> User:
    return UserFactory(role=Role.FINANCE_OFFICER)


def _costing(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "target_group": TargetGroup.FAMILIES,
        "cost_per_child": Decimal("1680.00"),
        "cost_source": "Service accounts 2025-26",
        "cost_as_of": AS_OF,
        "capacity": 900,
        "capacity_source": "Service plan 2026-27",
        "capacity_as_of": AS_OF,
        "block_cost": Decimal("42000.00"),
        "block_children": 25,
    }
    return values | overrides


def _events(action: AuditAction, object_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, object_type=object_type))


# --- Costings ---------------------------------------------------------------------------------


def test_a_costing_is_created_with_its_sources_and_audited(finance: User) -> None:
    service = ServiceFactory()
    costing = service_costing_set(actor=finance, service=service, **_costing())
    costing.refresh_from_db()
    assert costing.cost_per_child == Decimal("1680.00")
    assert costing.funded_in_blocks
    assert costing.created_by == finance
    [event] = _events(AuditAction.CREATE, "resources.servicecosting")
    assert event.object_id == str(costing.pk)
    assert event.details["cost_per_child"] == "1680.00"
    assert event.details["block_children"] == 25


def test_setting_again_updates_the_one_costing_and_records_what_changed(finance: User) -> None:
    costing = ServiceCostingFactory()
    service_costing_set(
        actor=finance,
        service=costing.service,
        **_costing(
            target_group=costing.target_group,
            cost_per_child=Decimal("500.00"),
            block_cost=None,
            block_children=None,
            cost_source="  Accounts   2026-27 ",
        ),
    )
    assert ServiceCosting.objects.count() == 1
    costing.refresh_from_db()
    assert costing.cost_per_child == Decimal("500.00")
    assert costing.cost_source == "Accounts 2026-27"
    [event] = _events(AuditAction.UPDATE, "resources.servicecosting")
    assert event.details["from"]["cost_per_child"] == "450.00"
    assert event.details["to"]["cost_per_child"] == "500.00"
    assert "target_group" not in event.details["changed"]


def test_setting_the_same_figures_records_nothing(finance: User) -> None:
    service = ServiceFactory()
    service_costing_set(actor=finance, service=service, **_costing())
    service_costing_set(actor=finance, service=service, **_costing())
    assert AuditEvent.objects.filter(object_type="resources.servicecosting").count() == 1


def test_a_service_paid_per_child_needs_no_block(finance: User) -> None:
    costing = service_costing_set(
        actor=finance,
        service=ServiceFactory(),
        **_costing(cost_per_child=Decimal("95"), block_cost=None, block_children=None),
    )
    assert not costing.funded_in_blocks


def test_a_date_of_today_is_accepted(finance: User) -> None:
    today = timezone.localdate()
    costing = service_costing_set(
        actor=finance,
        service=ServiceFactory(),
        **_costing(cost_as_of=today, capacity_as_of=today),
    )
    assert costing.cost_as_of == today


TOMORROW = object()


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"cost_per_child": Decimal("0")}, "cost_per_child", "more than £0"),
        (
            {"cost_per_child": Decimal("-5"), "block_cost": None, "block_children": None},
            "cost_per_child",
            "more than £0",
        ),
        ({"capacity": -1}, "capacity", "0 or more"),
        ({"cost_source": "   "}, "cost_source", "where the figure comes from"),
        ({"capacity_source": ""}, "capacity_source", "where the figure comes from"),
        ({"cost_as_of": TOMORROW}, "cost_as_of", "cannot be in the future"),
        ({"capacity_as_of": TOMORROW}, "capacity_as_of", "cannot be in the future"),
        ({"block_children": None}, "block_children", "or leave the block cost blank"),
        ({"block_cost": None}, "block_cost", "or leave the children per block blank"),
        ({"block_cost": Decimal("-1")}, "block_cost", "more than £0"),
        ({"block_children": 0}, "block_children", "1 or more"),
        ({"cost_per_child": Decimal("1800")}, "cost_per_child", "is £1,680.00 a child"),
        ({"target_group": "pensioners"}, "target_group", "Choose who the service is for"),
    ],
)
def test_bad_costings_are_refused_with_a_reason_and_nothing_written(
    finance: User, overrides: dict[str, Any], field: str, words: str
) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    overrides = {k: tomorrow if v is TOMORROW else v for k, v in overrides.items()}
    with pytest.raises(ValidationError) as refused:
        service_costing_set(actor=finance, service=ServiceFactory(), **_costing(**overrides))
    assert words in " ".join(refused.value.message_dict[field])
    assert not ServiceCosting.objects.exists()
    assert not AuditEvent.objects.filter(object_type="resources.servicecosting").exists()


def test_a_cost_per_child_within_one_per_cent_of_the_block_price_is_accepted(
    finance: User,
) -> None:
    # £37,800 for 18 families is £2,100 a family; £2,111 is rounding, not a second price.
    costing = service_costing_set(
        actor=finance,
        service=ServiceFactory(),
        **_costing(cost_per_child=Decimal("2111"), block_cost=Decimal("37800"), block_children=18),
    )
    assert costing.block_children == 18


def test_a_refused_update_leaves_the_costing_as_it_was(finance: User) -> None:
    costing = ServiceCostingFactory()
    with pytest.raises(ValidationError):
        service_costing_set(
            actor=finance,
            service=costing.service,
            **_costing(cost_per_child=Decimal("0"), block_cost=None, block_children=None),
        )
    costing.refresh_from_db()
    assert costing.cost_per_child == Decimal("450.00")
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


# --- Demand -----------------------------------------------------------------------------------


def test_demand_is_set_per_service_and_locality_and_replaced_when_set_again(
    finance: User,
) -> None:
    service, locality = ServiceFactory(), LocalityFactory()
    locality_demand_set(
        actor=finance,
        service=service,
        locality=locality,
        children=120,
        source="JSNA 2026",
        as_of=AS_OF,
    )
    demand = locality_demand_set(
        actor=finance,
        service=service,
        locality=locality,
        children=150,
        source="JSNA 2026",
        as_of=AS_OF,
    )
    assert LocalityDemand.objects.get().children == 150 == demand.children
    assert len(_events(AuditAction.CREATE, "resources.localitydemand")) == 1
    [update] = _events(AuditAction.UPDATE, "resources.localitydemand")
    assert update.details["from"] == {"children": 120}
    assert update.details["to"] == {"children": 150}


@pytest.mark.parametrize(
    ("children", "source", "future", "field"),
    [
        (-1, "JSNA", False, "children"),
        (10, " ", False, "source"),
        (10, "JSNA", True, "as_of"),
    ],
)
def test_bad_demand_is_refused(
    finance: User, children: int, source: str, future: bool, field: str
) -> None:
    as_of = timezone.localdate() + datetime.timedelta(days=1) if future else AS_OF
    with pytest.raises(ValidationError) as refused:
        locality_demand_set(
            actor=finance,
            service=ServiceFactory(),
            locality=LocalityFactory(),
            children=children,
            source=source,
            as_of=as_of,
        )
    assert field in refused.value.message_dict
    assert not LocalityDemand.objects.exists()
    assert not AuditEvent.objects.filter(object_type="resources.localitydemand").exists()


def test_removing_demand_deletes_it_and_the_audit_event_keeps_the_figure(
    finance: User,
) -> None:
    demand = LocalityDemandFactory(children=77)
    pk = demand.pk
    locality_demand_remove(actor=finance, demand=demand)
    assert not LocalityDemand.objects.exists()
    [event] = _events(AuditAction.DELETE, "resources.localitydemand")
    assert event.object_id == str(pk)
    assert event.details["children"] == 77


# --- Benefits ---------------------------------------------------------------------------------


def test_a_benefit_is_set_per_service_and_outcome(finance: User) -> None:
    service, outcome = ServiceFactory(), OutcomeFactory()
    benefit = service_benefit_set(
        actor=finance,
        service=service,
        outcome=outcome,
        benefit_per_child=Decimal("0.08"),
        evidence_rating=EvidenceRating.LEVEL_3,
        source="EIF guidebook",
        as_of=AS_OF,
    )
    benefit.refresh_from_db()
    assert benefit.benefit_per_child == Decimal("0.0800")
    service_benefit_set(
        actor=finance,
        service=service,
        outcome=outcome,
        benefit_per_child=Decimal("0.05"),
        evidence_rating=EvidenceRating.LEVEL_2,
        source="EIF guidebook",
        as_of=AS_OF,
    )
    assert ServiceBenefit.objects.get().benefit_per_child == Decimal("0.0500")
    [update] = _events(AuditAction.UPDATE, "resources.servicebenefit")
    assert update.details["changed"] == ["benefit_per_child", "evidence_rating"]


@pytest.mark.parametrize(
    ("benefit", "rating", "source", "field", "words"),
    [
        (Decimal("1.01"), 3, "EIF", "benefit_per_child", "from 0 to 100"),
        (Decimal("-0.01"), 3, "EIF", "benefit_per_child", "from 0 to 100"),
        (Decimal("0.08"), 5, "EIF", "evidence_rating", "level 1 to 4"),
        (Decimal("0.08"), 0, "EIF", "evidence_rating", "level 1 to 4"),
        (Decimal("0.08"), 3, "", "source", "where the figure comes from"),
    ],
)
def test_bad_benefits_are_refused(
    finance: User, benefit: Decimal, rating: int, source: str, field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        service_benefit_set(
            actor=finance,
            service=ServiceFactory(),
            outcome=OutcomeFactory(),
            benefit_per_child=benefit,
            evidence_rating=rating,
            source=source,
            as_of=AS_OF,
        )
    assert words in " ".join(refused.value.message_dict[field])
    assert not ServiceBenefit.objects.exists()
    assert not AuditEvent.objects.filter(object_type="resources.servicebenefit").exists()


def test_a_benefit_dated_in_the_future_is_refused(finance: User) -> None:
    with pytest.raises(ValidationError) as refused:
        service_benefit_set(
            actor=finance,
            service=ServiceFactory(),
            outcome=OutcomeFactory(),
            benefit_per_child=Decimal("0.08"),
            evidence_rating=3,
            source="EIF",
            as_of=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert "as_of" in refused.value.message_dict


def test_removing_a_benefit_deletes_it_and_records_it(finance: User) -> None:
    benefit = ServiceBenefitFactory()
    service_benefit_remove(actor=finance, benefit=benefit)
    assert not ServiceBenefit.objects.exists()
    [event] = _events(AuditAction.DELETE, "resources.servicebenefit")
    assert event.details["benefit_per_child"] == "0.0800"
    assert event.actor == finance
