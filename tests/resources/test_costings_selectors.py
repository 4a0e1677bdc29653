"""Reading costings: who sees which, the figures per service, what is missing, and the
duplication finder's rule at its edges."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.http import Http404

from childtrust.accounts.models import Role
from childtrust.partnership.models import Agency, Locality, Outcome, Service, ServiceStatus
from childtrust.resources.access import costed_service_for_user, costed_services_visible_to
from childtrust.resources.models import TargetGroup
from childtrust.resources.selectors.costings import (
    MISSING_BENEFIT,
    MISSING_COSTING,
    MISSING_DEMAND,
    CostingFilter,
    benefit_per_thousand,
    costed_services_matching,
    duplication_candidates,
    duplication_total_saving,
    evidence_range_text,
    service_figures,
    service_figures_one,
)
from childtrust.resources.selectors.duplication import duplication_table
from tests.children.factories import InvolvementFactory
from tests.factories import (
    AgencyFactory,
    LocalityFactory,
    OutcomeFactory,
    ServiceFactory,
    StaffMemberFactory,
    UserFactory,
)
from tests.resources.factories_budget import BudgetLineFactory, FinancialYearFactory
from tests.resources.factories_costings import (
    LocalityDemandFactory,
    ServiceBenefitFactory,
    ServiceCostingFactory,
)

pytestmark = pytest.mark.django_db

SEES_ALL = [Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN, Role.FINANCE_OFFICER, Role.AUDITOR]
SEES_OWN = [r for r in Role if r not in SEES_ALL]


# --- Who sees what ----------------------------------------------------------------------------


@pytest.fixture
def two_agencies() -> tuple[Service, Service]:
    ours = ServiceCostingFactory().service
    theirs = ServiceCostingFactory().service
    return ours, theirs


@pytest.mark.parametrize("role", SEES_ALL)
def test_roles_that_see_all_see_every_partners_costings(
    role: Role, two_agencies: tuple[Service, Service]
) -> None:
    user = UserFactory(role=role)
    assert set(costed_services_visible_to(user)) == set(two_agencies)


@pytest.mark.parametrize("role", SEES_OWN)
def test_other_roles_see_only_their_own_agencys_costings(
    role: Role, two_agencies: tuple[Service, Service]
) -> None:
    ours, theirs = two_agencies
    user = UserFactory(role=role)
    StaffMemberFactory(user=user, agency=ours.agency)
    assert list(costed_services_visible_to(user)) == [ours]
    assert costed_service_for_user(user, ours.slug) == ours
    with pytest.raises(Http404):
        costed_service_for_user(user, theirs.slug)


def test_a_partner_without_a_staff_record_sees_no_costings(
    two_agencies: tuple[Service, Service],
) -> None:
    assert not costed_services_visible_to(UserFactory(role=Role.PRACTITIONER)).exists()


def test_a_partner_whose_staff_record_is_closed_sees_no_costings(
    two_agencies: tuple[Service, Service],
) -> None:
    user = UserFactory(role=Role.PRACTITIONER)
    StaffMemberFactory(user=user, agency=two_agencies[0].agency, is_active=False)
    assert not costed_services_visible_to(user).exists()


def test_inactive_services_without_a_costing_are_not_listed() -> None:
    closed = ServiceFactory(status=ServiceStatus.INACTIVE)
    closed_but_costed = ServiceCostingFactory(service__status=ServiceStatus.INACTIVE).service
    active = ServiceFactory()
    listed = set(costed_services_visible_to(UserFactory(role=Role.FINANCE_OFFICER)))
    assert listed == {closed_but_costed, active}
    assert closed not in listed


# --- Figures ----------------------------------------------------------------------------------


def test_benefit_per_thousand_adds_the_outcomes_and_divides_by_the_cost() -> None:
    costing = ServiceCostingFactory(cost_per_child=Decimal("500"))
    ServiceBenefitFactory(service=costing.service, benefit_per_child=Decimal("0.08"))
    ServiceBenefitFactory(service=costing.service, benefit_per_child=Decimal("0.02"))
    LocalityDemandFactory(service=costing.service, children=30)
    LocalityDemandFactory(service=costing.service, children=50)
    figures = service_figures_one(costing.service)
    # 0.10 better off per child at £500 a child: 2 children supported, 0.2 better off, per £1,000.
    assert figures.benefit_per_child == Decimal("0.10")
    assert figures.benefit_per_thousand == Decimal("0.200")
    assert figures.total_demand == 80
    assert figures.ready
    assert figures.missing == []


def test_benefit_per_thousand_worked_by_hand() -> None:
    # 8 in 100 better off at £400 a child: 1,000 / 400 = 2.5 children supported, 0.2 better off.
    assert benefit_per_thousand(Decimal("0.08"), Decimal("400")) == Decimal("0.200")
    assert benefit_per_thousand(Decimal("0.06"), Decimal("650")) == Decimal("0.092")
    # A placement in care: 18 in 100 better off at £58,500 a child.
    assert benefit_per_thousand(Decimal("0.18"), Decimal("58500")) == Decimal("0.003")


def test_the_missing_figures_are_named() -> None:
    bare = ServiceFactory()
    no_demand = ServiceCostingFactory().service
    ServiceBenefitFactory(service=no_demand)
    zero_demand = ServiceCostingFactory().service
    LocalityDemandFactory(service=zero_demand, children=0)
    ServiceBenefitFactory(service=zero_demand)
    figures = {
        f.service: f
        for f in service_figures(
            Service.objects.filter(pk__in=[bare.pk, no_demand.pk, zero_demand.pk])
        )
    }
    assert figures[bare].missing == [MISSING_COSTING, MISSING_DEMAND, MISSING_BENEFIT]
    assert figures[bare].benefit_per_thousand is None
    assert figures[no_demand].missing == [MISSING_DEMAND]
    assert figures[zero_demand].missing == [MISSING_DEMAND]
    assert not figures[zero_demand].ready


def test_evidence_in_words() -> None:
    assert evidence_range_text([]) == ""
    assert evidence_range_text([3, 3]) == "Level 3 (good)"
    assert evidence_range_text([2, 4, 3]) == "Levels 2 to 4"


def test_the_filter_by_agency_locality_target_group_and_outcome() -> None:
    west, east = LocalityFactory(name="West"), LocalityFactory(name="East")
    outcome = OutcomeFactory()
    a = ServiceCostingFactory(target_group=TargetGroup.FAMILIES).service
    LocalityDemandFactory(service=a, locality=west, children=10)
    ServiceBenefitFactory(service=a, outcome=outcome)
    b = ServiceCostingFactory(target_group=TargetGroup.PRIMARY).service
    b.localities.add(east)
    c = ServiceCostingFactory(target_group=TargetGroup.FAMILIES).service
    LocalityDemandFactory(service=c, locality=east, children=0)
    finance = UserFactory(role=Role.FINANCE_OFFICER)

    def matching(**kwargs: object) -> set[Service]:
        return set(costed_services_matching(finance, CostingFilter(**kwargs)))  # type: ignore[arg-type]

    assert matching() == {a, b, c}
    assert matching(agency=a.agency) == {a}
    assert matching(locality=west) == {a}
    assert matching(locality=east) == {b}  # c's demand there is 0
    assert matching(target_group=TargetGroup.FAMILIES) == {a, c}
    assert matching(outcome=outcome) == {a}
    assert matching(target_group=TargetGroup.FAMILIES, locality=east) == set()


# --- Duplication ------------------------------------------------------------------------------


@pytest.fixture
def place() -> Locality:
    return LocalityFactory(name="Central")


@pytest.fixture
def outcome() -> Outcome:
    return OutcomeFactory(name="Stay safe")


def _service(
    *,
    agency: Agency | None = None,
    cost: str = "500",
    capacity: int = 100,
    target_group: str = TargetGroup.FAMILIES,
    demand: dict[Locality, int] | None = None,
    outcomes: tuple[Outcome, ...] = (),
    name: str | None = None,
) -> Service:
    extra = {"name": name} if name else {}
    service = ServiceFactory(agency=agency or AgencyFactory(), **extra)
    ServiceCostingFactory(
        service=service,
        cost_per_child=Decimal(cost),
        capacity=capacity,
        target_group=target_group,
    )
    for locality, children in (demand or {}).items():
        LocalityDemandFactory(service=service, locality=locality, children=children)
    for each in outcomes:
        ServiceBenefitFactory(service=service, outcome=each)
    return service


def test_two_agencies_with_the_same_outcome_group_and_locality_are_candidates(
    place: Locality, outcome: Outcome
) -> None:
    dear = _service(cost="650", capacity=300, demand={place: 420}, outcomes=(outcome,))
    cheap = _service(cost="480", capacity=200, demand={place: 380}, outcomes=(outcome,))
    [pair] = duplication_candidates()
    assert (pair.dearer.service, pair.cheaper.service) == (dear, cheap)
    assert pair.outcomes == [outcome]
    assert pair.localities == [place]
    assert pair.target_group == TargetGroup.FAMILIES
    # The dearer serves 300 of the 420 who need it (its capacity); each costs £170 less.
    assert pair.children_moved == 300
    assert pair.saving == Decimal("51000")
    assert duplication_total_saving([pair]) == Decimal("51000")


def test_the_same_agency_is_not_duplication(place: Locality, outcome: Outcome) -> None:
    agency = AgencyFactory()
    _service(agency=agency, demand={place: 10}, outcomes=(outcome,))
    _service(agency=agency, cost="300", demand={place: 10}, outcomes=(outcome,))
    assert duplication_candidates() == []


def test_a_different_target_group_is_not_duplication(place: Locality, outcome: Outcome) -> None:
    _service(demand={place: 10}, outcomes=(outcome,))
    _service(demand={place: 10}, outcomes=(outcome,), target_group=TargetGroup.PRIMARY)
    assert duplication_candidates() == []


def test_no_shared_locality_is_not_duplication(place: Locality, outcome: Outcome) -> None:
    _service(demand={place: 10}, outcomes=(outcome,))
    _service(demand={LocalityFactory(): 10}, outcomes=(outcome,))
    assert duplication_candidates() == []


def test_demand_of_zero_is_not_a_shared_locality(place: Locality, outcome: Outcome) -> None:
    _service(demand={place: 10}, outcomes=(outcome,))
    _service(demand={place: 0}, outcomes=(outcome,))
    assert duplication_candidates() == []


def test_a_locality_in_the_directory_counts_as_shared(place: Locality, outcome: Outcome) -> None:
    _service(demand={place: 10}, outcomes=(outcome,))
    listed = _service(outcomes=(outcome,))
    listed.localities.add(place)
    [pair] = duplication_candidates()
    # Nothing is known of the directory-only service's demand; the dearer has demand, so a
    # saving can still be worked out from it.
    assert pair.localities == [place]


def test_no_outcome_in_common_is_not_duplication(place: Locality, outcome: Outcome) -> None:
    _service(demand={place: 10}, outcomes=(outcome,))
    _service(demand={place: 10}, outcomes=(OutcomeFactory(),))
    assert duplication_candidates() == []


def test_a_benefit_of_zero_is_not_an_outcome_in_common(place: Locality, outcome: Outcome) -> None:
    _service(demand={place: 10}, outcomes=(outcome,))
    other = _service(demand={place: 10})
    ServiceBenefitFactory(service=other, outcome=outcome, benefit_per_child=Decimal("0"))
    assert duplication_candidates() == []


def test_several_outcomes_and_localities_in_common_are_listed_once_per_pair(
    place: Locality, outcome: Outcome
) -> None:
    east = LocalityFactory(name="East")
    second = OutcomeFactory(name="Achieve economic well-being")
    _service(cost="2100", capacity=120, demand={place: 100, east: 70}, outcomes=(outcome, second))
    _service(cost="1680", capacity=900, demand={place: 500, east: 300}, outcomes=(second, outcome))
    [pair] = duplication_candidates()
    assert {o.name for o in pair.outcomes} == {"Stay safe", "Achieve economic well-being"}
    assert [loc.name for loc in pair.localities] == ["Central", "East"]
    # 170 need the dearer service; it can take 120: 120 x (2,100 - 1,680).
    assert pair.children_moved == 120
    assert pair.saving == Decimal("50400")


def test_the_saving_counts_only_the_shared_localities(place: Locality, outcome: Outcome) -> None:
    west = LocalityFactory(name="West")
    # The dearer service works in West and Central; only Central is shared. It can serve
    # 150 of its 200 (3 in 4), so it serves 3/4 of Central's 80: 60 children, £100 less each.
    _service(cost="600", capacity=150, demand={place: 80, west: 120}, outcomes=(outcome,))
    _service(cost="500", capacity=1000, demand={place: 50}, outcomes=(outcome,))
    [pair] = duplication_candidates()
    assert pair.localities == [place]
    assert pair.dearer.children_in_shared == 80
    assert pair.children_moved == 60
    assert pair.saving == Decimal("6000")


def test_three_services_of_three_agencies_make_three_pairs(
    place: Locality, outcome: Outcome
) -> None:
    for cost in ("500", "600", "700"):
        _service(cost=cost, demand={place: 10}, outcomes=(outcome,))
    pairs = duplication_candidates()
    assert len(pairs) == 3
    assert [p.saving for p in pairs] == [Decimal("2000"), Decimal("1000"), Decimal("1000")]
    assert duplication_total_saving(pairs) == Decimal("4000")


def test_inactive_services_are_not_compared(place: Locality, outcome: Outcome) -> None:
    _service(demand={place: 10}, outcomes=(outcome,))
    closed = _service(demand={place: 10}, outcomes=(outcome,))
    closed.status = ServiceStatus.INACTIVE
    closed.save()
    assert duplication_candidates() == []


def test_with_a_year_only_services_with_a_budget_line_that_year_are_compared(
    place: Locality, outcome: Outcome
) -> None:
    year = FinancialYearFactory()
    first = _service(demand={place: 10}, outcomes=(outcome,))
    second = _service(cost="400", demand={place: 10}, outcomes=(outcome,))
    BudgetLineFactory(year=year, service=first)
    assert len(duplication_candidates()) == 1
    assert duplication_candidates(year) == []
    BudgetLineFactory(year=year, service=second)
    assert len(duplication_candidates(year)) == 1


def test_the_same_cost_per_child_saves_nothing_and_says_so(
    place: Locality, outcome: Outcome
) -> None:
    _service(demand={place: 10}, outcomes=(outcome,), name="Alpha")
    _service(demand={place: 10}, outcomes=(outcome,), name="Beta")
    [pair] = duplication_candidates()
    assert pair.saving == 0
    assert pair.dearer.service.name == "Alpha"  # a tie goes by name
    assert "overheads" in pair.notes[0]


def test_the_download_table_has_a_header_and_a_row_per_pair(
    place: Locality, outcome: Outcome
) -> None:
    _service(cost="650", capacity=300, demand={place: 420}, outcomes=(outcome,), name="=Sum")
    hidden = AgencyFactory(name="  -2+3")  # a formula behind spaces
    _service(cost="480", demand={place: 10}, outcomes=(outcome,), agency=hidden)
    header, row = duplication_table(duplication_candidates())
    assert header[0] == "Dearer service"
    assert header[-2:] == ["Potential saving (£)", "Children involved with both"]
    assert row[0] == "'=Sum"  # never a formula in a spreadsheet
    assert row[5] == "'  -2+3"
    assert row[-2] == "51000"
    assert row[-1] == "fewer than 5"  # none, and so not exact
    assert row[9] == "Stay safe"


def _involved(service: Service, *, children: int, also: Service | None = None) -> None:
    for _ in range(children):
        involvement = InvolvementFactory(service=service, agency=service.agency)
        if also is not None:
            InvolvementFactory(child=involvement.child, service=also, agency=also.agency)


def test_children_involved_with_both_services_are_counted_never_below_five(
    place: Locality, outcome: Outcome
) -> None:
    first = _service(demand={place: 10}, outcomes=(outcome,), name="Alpha")
    second = _service(cost="400", demand={place: 10}, outcomes=(outcome,), name="Beta")
    _involved(first, children=4, also=second)
    _involved(first, children=3)  # with one service only
    [pair] = duplication_candidates()
    assert (pair.children_in_both, pair.children_in_both_words) == (4, "fewer than 5")
    _involved(second, children=2, also=first)
    [pair] = duplication_candidates()
    assert (pair.children_in_both, pair.children_in_both_words) == (6, "6")
    assert duplication_table([pair])[1][-1] == "6"
