"""The demo's strategic plan as `childtrust load_demo` leaves it: version 1 adopted by the board,
five objectives with the titles and priorities the rest of the demo looks up, 25 milestones in
every status with histories, some overdue, owned by the demo's strategic lead and team manager
among others, and its pages read with the demo accounts."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.strategy.demo.plan import TITLES
from childtrust.strategy.models import (
    CLOSED_STATUSES,
    Milestone,
    MilestoneStatus,
    MilestoneStatusChange,
    Objective,
)
from childtrust.strategy.selectors.plan import Rag, plan_current, plan_page

pytestmark = pytest.mark.django_db

PRIORITIES = {
    "Fewer school sessions lost to tooth extraction": {"Improve children's oral health"},
    "Fewer under-18 mental health admissions": {
        "Protect children from abuse and neglect",
        "Improve children and young people's mental health",
    },
    "Every child in school and learning": {
        "Improve school attendance",
        "Improve school readiness",
    },
    "Children and young people heard in every service": {
        "Give children and young people a say in the services they use"
    },
    "Young people into education, employment or training": {
        "Reduce the number of young people not in education, employment or training",
        "Support care leavers into education, employment or training",
    },
}
OUTCOMES = ["Be healthy", "Stay safe", "Enjoy and achieve", "Make a positive contribution"]


def test_the_plan_runs_2026_27_to_2030_31_with_version_1_adopted_by_the_board() -> None:
    plan = plan_current()
    assert plan is not None
    assert plan.title == "Southampton Children and Young People's Plan"
    assert plan.period_label == "2026-27 to 2030-31"
    [version] = plan.versions.all()
    assert version.version == 1
    assert version.adopted_by == "Children's Trust Board"
    assert version.adopted_on.year == 2026
    assert 3 <= version.adopted_on.month <= 5
    assert version.text.startswith("Demonstration plan")
    assert version.recorded_by is not None
    assert version.recorded_by.username == "strategiclead"


def test_five_objectives_with_the_titles_and_priorities_the_demo_looks_up() -> None:
    plan = plan_current()
    objectives = list(Objective.objects.filter(plan=plan).order_by("position"))
    assert [o.title for o in objectives] == list(PRIORITIES) == list(TITLES)
    for objective in objectives:
        assert {p.title for p in objective.priorities.all()} == PRIORITIES[objective.title]
        assert objective.agencies.exists()
    # One objective per Every Child Matters outcome: together they cover all five.
    outcomes = {p.outcome_id for o in objectives for p in o.priorities.all()}
    assert len(outcomes) == 5


def test_the_demo_accounts_own_objectives() -> None:
    owners = {o.owner.user.username for o in Objective.objects.all() if o.owner.user}
    assert {"strategiclead", "teammanager"} <= owners


def test_milestones_are_in_every_status_some_overdue_all_in_the_plan_period() -> None:
    plan = plan_current()
    assert plan is not None
    milestones = list(Milestone.objects.filter(objective__plan=plan))
    assert 20 <= len(milestones) <= 30
    assert {m.status for m in milestones} == set(MilestoneStatus.values)
    today = timezone.localdate()
    overdue = [m for m in milestones if m.is_overdue(today)]
    assert len(overdue) >= 2
    assert all(plan.starts_on <= m.due_on <= plan.ends_on for m in milestones)
    for objective in Objective.objects.filter(plan=plan):
        assert 3 <= objective.milestones.count() <= 6
    dropped = [m for m in milestones if m.status == MilestoneStatus.DROPPED]
    assert all(m.dropped_reason for m in dropped)


def test_every_milestone_that_moved_has_its_history_by_the_strategic_lead() -> None:
    lead = User.objects.get(username="strategiclead")
    for milestone in Milestone.objects.exclude(status=MilestoneStatus.NOT_STARTED):
        changes = list(milestone.status_changes.order_by("changed_at", "pk"))
        assert changes, milestone
        assert changes[0].from_status == MilestoneStatus.NOT_STARTED
        assert changes[-1].to_status == milestone.status
        assert all(c.note for c in changes)
        assert all(c.changed_by == lead for c in changes)
        assert all(c.changed_at < timezone.now() - datetime.timedelta(days=6) for c in changes)
    assert not MilestoneStatusChange.objects.filter(
        milestone__status=MilestoneStatus.NOT_STARTED
    ).exists()


def test_the_plan_page_rates_the_objectives_in_words() -> None:
    plan = plan_current()
    assert plan is not None
    page = plan_page(plan, timezone.localdate())
    ratings = {row.objective.title: row.rag for row in page.rows}
    assert Rag.RED in ratings.values()
    assert page.overdue_count >= 2
    assert any(m.status not in CLOSED_STATUSES for row in page.rows for m in row.milestones)


def test_the_loads_audit_events_name_the_plans_records() -> None:
    types = set(
        AuditEvent.objects.filter(
            action=AuditAction.CREATE, object_type__startswith="strategy."
        ).values_list("object_type", flat=True)
    )
    assert {
        "strategy.strategicplan",
        "strategy.planversion",
        "strategy.objective",
        "strategy.milestone",
        "strategy.milestonestatuschange",
    } <= types


def test_the_demo_accounts_see_their_objectives_and_the_lead_may_change_them(
    client: Client,
) -> None:
    client.force_login(User.objects.get(username="teammanager"))
    page = client.get("/plan/mine/").content.decode()
    assert "Every child in school and learning" in page
    assert "Change status" in page
    client.force_login(User.objects.get(username="strategiclead"))
    page = client.get("/plan/").content.decode()
    assert "Add an objective" in page
    assert "Version 1, adopted on" in page
    for url in ("/plan/by-outcome/", "/plan/by-agency/", "/plan/objectives.csv"):
        assert client.get(url).status_code == 200, url
    by_outcome = client.get("/plan/by-outcome/").content.decode()
    assert all(outcome in by_outcome for outcome in OUTCOMES)
