"""The demo's change programme as `childtrust load_demo` leaves it: an owner for each of the
eight stages, twelve risks spread across the heat map (some past review, one closed, most linked
to the demo objectives), a decision log with the founding decision linked to the founding
appraisal and the June meeting, and one draft; the board's ratings at three meetings; the pages
read with the demo accounts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.models import AuditEvent
from childtrust.resources.demo.appraisal import TITLE as FOUNDING_APPRAISAL
from childtrust.strategy.models import (
    ChangeStage,
    Decision,
    DecisionStatus,
    KotterStage,
    Risk,
    RiskStatus,
)
from childtrust.strategy.selectors import change as selectors
from childtrust.strategy.selectors import risks as risk_selectors
from childtrust.strategy.selectors.plan import plan_current

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_every_stage_has_a_senior_owner() -> None:
    stages = ChangeStage.objects.select_related("owner")
    assert sorted(s.stage for s in stages) == [stage.value for stage in KotterStage]
    assert all(s.owner is not None and s.owner.is_active for s in stages)


def test_twelve_risks_spread_across_the_heat_map_some_past_review_one_closed() -> None:
    risks = list(Risk.objects.all())
    open_risks = risk_selectors.risks_open()
    heat_map = risk_selectors.heat_map(open_risks)

    assert sorted(r.reference for r in risks) == [f"R{n:02d}" for n in range(1, 13)]
    assert [r.status for r in risks].count(RiskStatus.CLOSED) == 1
    assert len(risk_selectors.risks_past_review(TODAY)) == 3
    bands = {cell.band for row in heat_map.rows for cell in row.cells if cell.count}
    assert bands == {"low", "medium", "high", "very high"}
    assert all(r.residual_likelihood <= r.inherent_likelihood for r in risks)
    assert all(r.residual_impact <= r.inherent_impact for r in risks)
    assert all("Demonstration data" in r.cause for r in risks)
    linked = {o.title for r in risks for o in r.objectives.all()}
    assert len(linked) == 5


def test_the_founding_decision_is_linked_to_the_appraisal_and_the_june_meeting() -> None:
    founding = Decision.objects.select_related("appraisal", "meeting").get(
        appraisal__title=FOUNDING_APPRAISAL
    )

    assert founding.status == DecisionStatus.DECIDED
    assert founding.locked_at is not None
    assert founding.meeting is not None
    assert founding.meeting.held_on == founding.decided_on
    assert Decision.objects.count() == 5
    assert Decision.objects.filter(status=DecisionStatus.DRAFT).count() == 1


def test_the_board_rated_the_stages_at_three_meetings() -> None:
    plan = plan_current()
    assert plan is not None

    programme = selectors.change_programme(plan)

    assert len(programme.meetings) == 3
    assert all(row.latest is not None for row in programme.stages)


def test_the_evidence_beside_each_stage_is_worked_out_from_the_demo() -> None:
    plan = plan_current()
    assert plan is not None

    evidence = selectors.stage_evidence(plan, TODAY)

    urgency = evidence[0].pieces[0].finding
    assert "worse than England" in urgency
    assert not urgency.startswith("No indicators")
    wins = evidence[5].pieces[0].finding
    assert "milestones" in wins
    assert "are done" in wins or "is done" in wins
    measures = evidence[5].pieces[1].finding
    assert "improving on its baseline" in measures
    on_track = evidence[6].pieces[0].finding
    assert on_track.endswith("on track.")


def test_the_load_records_an_audit_event_for_each_kind_of_record() -> None:
    kinds = set(
        AuditEvent.objects.filter(
            object_type__in=["strategy.changestage", "strategy.risk", "strategy.decision"],
            actor__isnull=True,
        ).values_list("object_type", flat=True)
    )
    assert kinds == {"strategy.changestage", "strategy.risk", "strategy.decision"}


@pytest.mark.parametrize("username", ["strategiclead", "practitioner", "auditor"])
def test_the_demo_accounts_read_the_change_pages(username: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username=username))
    risk = Risk.objects.get(reference="R01")
    decision = Decision.objects.get(appraisal__title=FOUNDING_APPRAISAL)

    for url in (
        "/plan/change/",
        "/plan/change/agents/",
        "/plan/risks/",
        f"/plan/risks/{risk.pk}/",
        "/plan/decisions/",
        f"/plan/decisions/{decision.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "is locked" in client.get(f"/plan/decisions/{decision.pk}/").content.decode()
