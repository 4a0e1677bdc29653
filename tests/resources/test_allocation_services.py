"""Running an allocation and proposing it: the stored run, its lines and summary on a small
partnership solved by hand, an infeasible run explained, and one audit event per write."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.resources.models import AllocationLine, AllocationRun, AllocationStatus, BudgetLine
from childtrust.resources.selectors.allocation_page import (
    alternatives_sentence,
    marginal_value_sentence,
)
from childtrust.resources.services.allocation import allocation_propose, allocation_run
from tests.factories import UserFactory
from tests.resources.factories_allocation import (
    InfeasibleAllocationRunFactory,
    SmallPartnership,
    small_partnership,
)
from tests.resources.factories_budget import budget_keeper

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> SmallPartnership:
    return small_partnership()


def _run(world: SmallPartnership, **kwargs: object) -> AllocationRun:
    settings: dict[str, object] = {
        "actor": budget_keeper(),
        "year": world.year,
        "name": "Test run",
        "locality_floor_share": Decimal("0.15"),
        "whole_blocks": True,
    }
    settings.update(kwargs)
    return allocation_run(**settings)  # type: ignore[arg-type]


def test_the_run_is_the_optimum_worked_out_by_hand(world: SmallPartnership) -> None:
    # £100,000: two Family support posts (£80,000) would leave £20,000 for 40 health visits,
    # 6 + 12 = 18 children better off; one post (20 children, 6) and every health visit that is
    # needed (90 children at £500 = £45,000, 13.5) gives 19.5.
    run = _run(world)
    assert run.status == AllocationStatus.OPTIMAL
    assert run.total_benefit == pytest.approx(19.5)
    assert run.children_reached == pytest.approx(110)
    assert run.budget == Decimal("100000.00")
    assert run.locality_floor_share == Decimal("0.15")
    assert run.whole_blocks is True
    assert run.explanation == ""
    assert run.solve_seconds >= 0
    lines = {
        (line.service_id, line.locality_id): line for line in AllocationLine.objects.filter(run=run)
    }
    hv, fs = world.health_visiting.pk, world.family_support.pk
    assert lines[(hv, world.west.pk)].children == pytest.approx(60)
    assert lines[(hv, world.west.pk)].spend == Decimal("30000.00")
    assert lines[(hv, world.west.pk)].benefit == pytest.approx(9.0)
    assert lines[(hv, world.east.pk)].children == pytest.approx(30)
    assert sum(line.children for key, line in lines.items() if key[0] == fs) == pytest.approx(20)
    assert sum(line.spend for key, line in lines.items() if key[0] == fs) == Decimal("40000.00")
    assert not any(key[1] == world.central.pk for key in lines)


def test_the_summary_holds_the_current_allocation_and_the_comparison(
    world: SmallPartnership,
) -> None:
    summary = _run(world).summary
    # Budget lines now: Health visiting £20,000 = 40 children (6), Family support £40,000 = 20
    # children (6).
    assert summary["current"]["children_reached"] == pytest.approx(60)
    assert summary["current"]["total_benefit"] == pytest.approx(12)
    assert summary["current"]["budget"] == pytest.approx(60000)
    west = summary["current"]["by_locality"][str(world.west.pk)]
    assert west["children"] == pytest.approx(40 * 60 / 90 + 20 * 10 / 50, abs=1e-3)
    services = {row["id"]: row for row in summary["services"]}
    visiting = services[world.health_visiting.pk]
    assert visiting["current_budget"] == 20000
    assert visiting["proposed_spend"] == pytest.approx(45000)
    assert visiting["proposed_children"] == pytest.approx(90)
    assert visiting["agency_id"] == world.health.pk
    assert services[world.family_support.pk]["blocks"] == 1
    healthy = summary["proposed"]["by_outcome"][str(world.healthy.pk)]
    assert healthy == pytest.approx({"children": 90, "benefit": 9.0})
    safe = summary["proposed"]["by_outcome"][str(world.safe.pk)]
    assert safe == pytest.approx({"children": 110, "benefit": 90 * 0.05 + 20 * 0.3})
    assert [o["name"] for o in summary["outcomes"]] == ["Be healthy", "Stay safe"]
    assert [loc["name"] for loc in summary["localities"]] == ["East", "West"]
    youth = next(w for w in summary["warnings"] if w["text"].startswith("Youth club"))
    assert youth["agency_ids"] == [world.council.pk]


def test_the_summary_holds_the_budget_cut_and_raised_by_ten_per_cent(
    world: SmallPartnership,
) -> None:
    sensitivity = {row["scale"]: row for row in _run(world).summary["sensitivity"]}
    # Cut to £90,000 the same allocation (£85,000) still fits; raised to £110,000 a second post
    # (£80,000) leaves £30,000 for 60 health visits: 12 + 9 = 21 children better off.
    assert sensitivity[0.9]["budget"] == pytest.approx(90000)
    assert sensitivity[0.9]["total_benefit"] == pytest.approx(19.5)
    assert sensitivity[0.9]["benefit_change"] == pytest.approx(0)
    assert sensitivity[1.1]["budget"] == pytest.approx(110000)
    assert sensitivity[1.1]["total_benefit"] == pytest.approx(21)
    assert sensitivity[1.1]["benefit_change"] == pytest.approx(1.5)
    assert sensitivity[1.1]["children_change"] == pytest.approx(-10)


def test_the_summary_holds_the_founding_alternatives(world: SmallPartnership) -> None:
    # Posts funded in part: one trust spends the £55,000 left after health visiting on 27.5
    # places of family support, 27 whole places (8.1 + 13.5 = 21.6); independently the
    # Council has only its own £50,000 for 25 children (7.5 + 13.5 = 21) and the Health
    # Trust £5,000 unspent.
    alternatives = _run(world, whole_blocks=False).summary["alternatives"]
    assert alternatives["one_trust"]["total_benefit"] == pytest.approx(21.6)
    assert alternatives["independent"]["total_benefit"] == pytest.approx(21.0)
    assert alternatives["one_trust"]["children_reached"] == 117
    assert alternatives["independent"]["children_reached"] == pytest.approx(115)
    assert set(alternatives["independent"]["by_locality"]) == {
        str(world.east.pk),
        str(world.west.pk),
    }


def test_marginal_values_name_the_agency_of_each_service_limit(world: SmallPartnership) -> None:
    values = _run(world).summary["marginal_values"]
    assert values, "some constraint binds"
    for value in values:
        assert {"constraint", "kind", "key", "agency_id", "benefit_per_pound"} <= set(value)
        if value["kind"] == "demand":
            assert value["agency_id"] == world.health.pk
            assert "the demand for Health visiting" in value["constraint"]


def test_an_infeasible_problem_is_stored_with_its_explanation(world: SmallPartnership) -> None:
    BudgetLine.objects.filter(service=world.health_visiting).update(
        statutory_minimum=Decimal("200000")
    )
    run = _run(world)
    assert run.status == AllocationStatus.INFEASIBLE
    assert run.total_benefit is None
    assert run.children_reached is None
    assert run.explanation
    assert "Health visiting" in run.explanation
    assert not run.lines.exists()
    assert run.summary["sensitivity"] == []
    assert run.summary["current"]["children_reached"] == pytest.approx(60)


def test_a_run_is_audited_with_its_settings(world: SmallPartnership) -> None:
    user = UserFactory(role=Role.FINANCE_OFFICER)
    run = _run(world, actor=user)
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(run.pk))
    assert event.actor_id == user.pk
    assert event.object_type == "resources.allocationrun"
    assert event.details["status"] == "optimal"
    assert event.details["locality_floor_share"] == "0.15"
    assert event.details["lines"] == run.lines.count()
    assert run.created_by == user


def test_a_blank_name_is_made_from_the_settings(world: SmallPartnership) -> None:
    run = _run(world, name="  ", locality_floor_share=Decimal("0.125"), whole_blocks=False)
    assert run.name == "Allocation 2026-27, 12.5% locality floor, blocks in part"


def test_a_floor_outside_0_to_100_per_cent_is_refused(world: SmallPartnership) -> None:
    with pytest.raises(ValidationError):
        _run(world, locality_floor_share=Decimal("1.5"))
    assert not AllocationRun.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


def test_proposing_withdraws_the_years_previous_proposal(world: SmallPartnership) -> None:
    user = UserFactory(role=Role.STRATEGIC_LEAD)
    first, second = _run(world), _run(world)
    allocation_propose(actor=user, run=first)
    allocation_propose(actor=user, run=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.proposed, second.proposed) == (False, True)
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE).order_by("sequence").last()
    assert event is not None
    assert event.object_id == str(second.pk)
    assert event.details == {"proposed": {"from": False, "to": True}, "withdrawn": [first.pk]}


def test_an_infeasible_run_cannot_be_proposed(db: None) -> None:
    run = InfeasibleAllocationRunFactory()
    with pytest.raises(ValidationError, match="infeasible"):
        allocation_propose(actor=budget_keeper(), run=run)
    run.refresh_from_db()
    assert run.proposed is False
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_a_proposed_run_cannot_be_proposed_again(world: SmallPartnership) -> None:
    run = allocation_propose(actor=budget_keeper(), run=_run(world))
    with pytest.raises(ValidationError, match="already"):
        allocation_propose(actor=budget_keeper(), run=run)


@pytest.mark.parametrize(
    ("kind", "constraint", "per_pound", "sentence"),
    [
        (
            "budget",
            "the budget",
            0.0019,
            "£1,000 more on the budget would help bring 1.9 more better outcomes for children.",
        ),
        (
            "statutory_minimum",
            "the statutory minimum of Youth club",
            -0.0004,
            "£1,000 more on the statutory minimum of Youth club would mean 0.4 fewer better "
            "outcomes for children.",
        ),
        (
            "capacity",
            "the capacity of Health visiting",
            0.00003,
            "Raising the capacity of Health visiting by £1,000's worth of places would help "
            "bring 0.03 more better outcomes for children.",
        ),
    ],
)
def test_marginal_values_in_words(
    kind: str, constraint: str, per_pound: float, sentence: str
) -> None:
    assert marginal_value_sentence(kind, constraint, per_pound) == sentence


def test_the_alternatives_sentence_says_which_does_more_good_and_by_how_much() -> None:
    assert alternatives_sentence(21.0, 21.75, 115.0, 117.5) == (
        "One trust does more good: it is expected to bring 1 more better outcome for children "
        "than independent agencies (4% more), 22 against 21, and reaches at most 2.5 more children."
    )
    assert alternatives_sentence(30.0, 20.0, None, None).startswith(
        "Independent agencies does more good: it is expected to bring 10 more better outcomes"
    )
    assert "less than one more better outcome" in alternatives_sentence(21.0, 21.4, None, None)
    assert "cannot meet every constraint" in alternatives_sentence(None, 20.0, None, 100.0)
