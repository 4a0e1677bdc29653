"""The demo's costings: every active service costed, demand by locality, benefits with evidence,
labelled demonstration data, and three duplicated pairs on purpose: as `childtrust load_demo`
leaves them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum

from childtrust.audit.models import AuditEvent
from childtrust.partnership.models import Service, ServiceStatus
from childtrust.resources.demo.costings import (
    COSTINGS,
    CostingsDemoRefusedError,
    costings_demo_load,
)
from childtrust.resources.models import LocalityDemand, ServiceBenefit, ServiceCosting
from childtrust.resources.selectors.costings import (
    MISSING_BENEFIT,
    MISSING_DEMAND,
    duplication_candidates,
    service_figures,
)
from tests.demo.loaded.loading import LoadedDemo

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(demo_partnership: LoadedDemo) -> dict[type, int]:
    """The records the demo's loaders made, by model."""
    return demo_partnership.created


def test_every_active_service_is_costed_and_no_other(loaded: dict[type, int]) -> None:
    active = set(Service.objects.filter(status=ServiceStatus.ACTIVE).values_list("pk", flat=True))
    costed = set(ServiceCosting.objects.values_list("service_id", flat=True))
    assert costed == active
    assert len(active) == 40
    assert loaded[ServiceCosting] == 40


def test_every_figure_is_labelled_demonstration_data(loaded: dict[type, int]) -> None:
    for costing in ServiceCosting.objects.all():
        assert costing.cost_source.startswith("Demonstration figure")
        assert costing.capacity_source.startswith("Demonstration figure")
    assert all(d.source.startswith("Demonstration figure") for d in LocalityDemand.objects.all())
    assert all(b.source.startswith("Demonstration figure") for b in ServiceBenefit.objects.all())


def test_costs_run_from_universal_contacts_to_placements_in_care(loaded: dict[type, int]) -> None:
    costs = ServiceCosting.objects.values_list("cost_per_child", flat=True)
    assert min(costs) < Decimal("100")
    assert Decimal("50000") < max(costs) <= Decimal("60000")


def test_block_funded_services_cost_a_block_divided_by_its_children(
    loaded: dict[type, int],
) -> None:
    blocks = ServiceCosting.objects.filter(block_cost__isnull=False)
    assert blocks.count() >= 3
    for costing in blocks:
        assert costing.block_cost is not None
        assert costing.block_children is not None
        assert costing.cost_per_child == costing.block_cost / costing.block_children
    support = blocks.get(service__name="Early Help Family Support")
    assert (support.block_cost, support.block_children) == (Decimal("42000"), 25)


def test_central_needs_the_most_and_each_service_s_demand_adds_up(
    loaded: dict[type, int],
) -> None:
    by_locality = dict(
        LocalityDemand.objects.values_list("locality__name").annotate(Sum("children"))
    )
    assert by_locality["Central"] > by_locality["West"]
    assert by_locality["Central"] > by_locality["East"]
    for name, spec in COSTINGS.items():
        rows = LocalityDemand.objects.filter(service__name=name)
        if spec.demand is None:
            assert not rows.exists()
            continue
        assert rows.aggregate(total=Sum("children"))["total"] == spec.demand


def test_a_service_in_some_localities_has_demand_only_there(loaded: dict[type, int]) -> None:
    rows = LocalityDemand.objects.filter(service__name="Family Key Work")
    assert list(rows.values_list("locality__name", flat=True)) == ["East"]


def test_every_costed_service_but_two_has_one_to_three_benefits(
    loaded: dict[type, int],
) -> None:
    for costing in ServiceCosting.objects.select_related("service"):
        count = ServiceBenefit.objects.filter(service=costing.service).count()
        if costing.service.name in (
            "Child Abuse Investigation",
            "Designated Safeguarding Lead Network",
        ):
            assert count == 0  # on purpose: the services page shows what is missing
        else:
            assert 1 <= count <= 3


def test_the_demo_is_the_same_every_time(loaded: dict[type, int]) -> None:
    first = sorted(
        LocalityDemand.objects.values_list("service__name", "locality__name", "children")
    )
    ServiceBenefit.objects.all().delete()
    LocalityDemand.objects.all().delete()
    ServiceCosting.objects.all().delete()
    costings_demo_load()
    again = sorted(
        LocalityDemand.objects.values_list("service__name", "locality__name", "children")
    )
    assert again == first


def test_loading_twice_is_refused(loaded: dict[type, int]) -> None:
    with pytest.raises(CostingsDemoRefusedError):
        costings_demo_load()


def test_one_audit_event_per_kind_of_record(loaded: dict[type, int]) -> None:
    for label in (
        "resources.servicecosting",
        "resources.localitydemand",
        "resources.servicebenefit",
    ):
        assert AuditEvent.objects.filter(object_type=label, action="create").count() == 1


def test_the_demo_holds_exactly_the_three_duplicated_pairs_on_purpose(
    loaded: dict[type, int],
) -> None:
    pairs = duplication_candidates()
    names = {frozenset((p.dearer.service.name, p.cheaper.service.name)) for p in pairs}
    assert names == {
        frozenset(("Positive Parenting Groups", "Family Learning Parenting Courses")),
        frozenset(("Mental Health Support Teams in Schools", "School-based Counselling")),
        frozenset(("Early Help Family Support", "Family Key Work")),
    }
    key_work = next(p for p in pairs if p.dearer.service.name == "Family Key Work")
    assert [loc.name for loc in key_work.localities] == ["East"]
    assert len(key_work.outcomes) == 2
    assert all(p.saving > 0 for p in pairs)


def test_the_services_the_optimiser_cannot_use_yet_are_the_two_left_short_on_purpose(
    loaded: dict[type, int],
) -> None:
    figures = service_figures(Service.objects.filter(costing__isnull=False))
    short = {f.service.name: f.missing for f in figures if not f.ready}
    assert short == {
        "Designated Safeguarding Lead Network": [MISSING_DEMAND, MISSING_BENEFIT],
        "Child Abuse Investigation": [MISSING_BENEFIT],
    }
