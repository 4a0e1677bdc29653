"""Writes to the strategic plan: who may make each one, bad input refused with a clear message
and nothing written, and the audit event of each write."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.partnership.models import StaffMember
from childtrust.strategy.models import (
    Milestone,
    MilestoneStatus,
    MilestoneStatusChange,
    Objective,
    PlanVersion,
    StrategicPlan,
)
from childtrust.strategy.services import plan as services
from tests.conftest import ALL_ROLES
from tests.factories import AgencyFactory, PriorityFactory, StaffMemberFactory, UserFactory
from tests.strategy.factories_measures import measure as measure_factory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
KEEPERS = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}


def events(action: str, object_type: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action=action, object_type=object_type).order_by("sequence")
    )


@pytest.fixture
def lead() -> User:
    return UserFactory(username="lead", role=Role.STRATEGIC_LEAD)


@pytest.fixture
def plan(lead: User) -> StrategicPlan:
    return services.strategic_plan_create(
        actor=lead, title="Children's Plan", start_year=2026, end_year=2030
    )


@pytest.fixture
def owner_user() -> User:
    return UserFactory(username="owner", role=Role.PRACTITIONER)


@pytest.fixture
def owner(owner_user: User) -> StaffMember:
    return StaffMemberFactory(user=owner_user)


@pytest.fixture
def objective(lead: User, plan: StrategicPlan, owner: StaffMember) -> Objective:
    return services.objective_create(
        actor=lead, plan=plan, title="Healthy teeth", owner=owner, priorities=[PriorityFactory()]
    )


@pytest.fixture
def milestone(lead: User, objective: Objective, owner: StaffMember) -> Milestone:
    return services.milestone_create(
        actor=lead,
        objective=objective,
        title="Supervised brushing in every school",
        due_on=datetime.date(2027, 9, 1),
        owner=owner,
    )


# --- Who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_leads_and_administrators_create_a_plan(role: Role) -> None:
    user = UserFactory(role=role)
    if role in KEEPERS:
        services.strategic_plan_create(actor=user, title="Plan", start_year=2026, end_year=2030)
        assert StrategicPlan.objects.count() == 1
    else:
        with pytest.raises(PermissionDenied, match="create a strategic plan"):
            services.strategic_plan_create(actor=user, title="Plan", start_year=2026, end_year=2030)
        assert not StrategicPlan.objects.exists()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_leads_and_administrators_write_the_plan_and_its_parts(
    role: Role, plan: StrategicPlan, objective: Objective, milestone: Milestone, owner: StaffMember
) -> None:
    user = UserFactory(role=role)
    writes = [
        lambda: services.strategic_plan_update(
            actor=user, plan=plan, title="New", start_year=2026, end_year=2030
        ),
        lambda: services.plan_version_adopt(
            actor=user, plan=plan, text="Words.", adopted_on=TODAY, adopted_by="The Board"
        ),
        lambda: services.objective_create(
            actor=user, plan=plan, title="Another", owner=owner, priorities=[PriorityFactory()]
        ),
        lambda: services.objective_update(
            actor=user,
            objective=objective,
            title="Changed",
            description="",
            owner=owner,
            priorities=[PriorityFactory()],
            agencies=[],
        ),
        lambda: services.milestone_create(
            actor=user,
            objective=objective,
            title="M",
            due_on=datetime.date(2028, 1, 1),
            owner=owner,
        ),
        lambda: services.milestone_update(
            actor=user, milestone=milestone, title="M2", due_on=milestone.due_on, owner=owner
        ),
    ]
    for write in writes:
        if role in KEEPERS:
            write()
        else:
            before = AuditEvent.objects.count()
            with pytest.raises(PermissionDenied, match="Your role does not allow you to"):
                write()
            assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("role", sorted(set(ALL_ROLES) - KEEPERS))
def test_others_may_not_change_a_milestones_status(role: Role, milestone: Milestone) -> None:
    someone = UserFactory(role=role)
    StaffMemberFactory(user=someone)
    with pytest.raises(PermissionDenied, match="change the status of this milestone"):
        services.milestone_status_change(
            actor=someone, milestone=milestone, status=MilestoneStatus.ON_TRACK
        )
    assert not MilestoneStatusChange.objects.exists()


def test_the_objectives_owner_changes_its_milestones_status(
    owner_user: User, milestone: Milestone
) -> None:
    change = services.milestone_status_change(
        actor=owner_user, milestone=milestone, status=MilestoneStatus.AT_RISK, note="Late start"
    )
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.AT_RISK
    assert (change.from_status, change.to_status, change.note) == (
        MilestoneStatus.NOT_STARTED,
        MilestoneStatus.AT_RISK,
        "Late start",
    )
    assert change.changed_by == owner_user


def test_an_owner_no_longer_in_post_may_not_change_the_status(
    owner_user: User, owner: StaffMember, milestone: Milestone
) -> None:
    StaffMember.objects.filter(pk=owner.pk).update(is_active=False)
    owner_user.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.milestone_status_change(
            actor=owner_user, milestone=milestone, status=MilestoneStatus.DONE
        )


def test_the_owner_may_not_change_the_milestone_itself(
    owner_user: User, owner: StaffMember, milestone: Milestone
) -> None:
    with pytest.raises(PermissionDenied):
        services.milestone_update(
            actor=owner_user,
            milestone=milestone,
            title="Mine",
            due_on=milestone.due_on,
            owner=owner,
        )


# --- Bad input ----------------------------------------------------------------------------------


def test_a_plan_ending_before_it_starts_is_refused(lead: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.strategic_plan_create(actor=lead, title=" ", start_year=2026, end_year=2025)
    assert error.value.message_dict == {
        "title": ["Enter the plan's title"],
        "end_year": ["The plan's last year must be the same as or after its first year"],
    }
    assert not StrategicPlan.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_database_refuses_a_plan_ending_before_it_starts() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        StrategicPlan.objects.create(title="Plan", start_year=2026, end_year=2025)


@pytest.mark.parametrize(
    "due_on", [datetime.date(2026, 3, 31), datetime.date(2031, 4, 1)], ids=["before", "after"]
)
def test_a_milestone_due_outside_the_plan_period_is_refused(
    lead: User, objective: Objective, owner: StaffMember, due_on: datetime.date
) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.milestone_create(
            actor=lead, objective=objective, title="Too early or late", due_on=due_on, owner=owner
        )
    assert error.value.message_dict == {
        "due_on": ["The due date must be within the plan's period, 1 April 2026 to 31 March 2031"]
    }
    assert not Milestone.objects.exists()
    assert AuditEvent.objects.count() == before


def test_the_plan_period_cannot_shrink_past_its_milestones(
    lead: User, plan: StrategicPlan, milestone: Milestone
) -> None:
    with pytest.raises(ValidationError, match="Some milestones are due outside this period"):
        services.strategic_plan_update(
            actor=lead, plan=plan, title=plan.title, start_year=2028, end_year=2030
        )
    plan.refresh_from_db()
    assert plan.start_year == 2026


def test_a_shorter_period_takes_the_measures_targets_for_the_years_it_no_longer_holds(
    lead: User, plan: StrategicPlan, objective: Objective
) -> None:
    measure = measure_factory(objective, targets=(3.8, 3.6, 3.4, 3.2, 3.0))
    services.strategic_plan_update(
        actor=lead, plan=plan, title=plan.title, start_year=2026, end_year=2028
    )
    assert list(measure.targets.values_list("year", flat=True)) == [2026, 2027, 2028]
    [event] = events(AuditAction.UPDATE, "strategy.strategicplan")
    assert (event.details["from"]["end_year"], event.details["to"]["end_year"]) == (2030, 2028)
    assert "measures' targets for 2029-30, 2030-31 removed" in event.details["changed"]


def test_a_refused_period_change_keeps_every_target(
    lead: User, plan: StrategicPlan, milestone: Milestone
) -> None:
    measure = measure_factory(milestone.objective, targets=(3.8, 3.6, 3.4, 3.2, 3.0))
    with pytest.raises(ValidationError):
        services.strategic_plan_update(
            actor=lead, plan=plan, title=plan.title, start_year=2028, end_year=2030
        )
    assert measure.targets.count() == 5


def test_dropping_a_milestone_without_a_reason_is_refused(lead: User, milestone: Milestone) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.milestone_status_change(
            actor=lead, milestone=milestone, status=MilestoneStatus.DROPPED, note="  "
        )
    assert error.value.message_dict == {"note": ["Enter why the milestone was dropped"]}
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.NOT_STARTED
    assert not MilestoneStatusChange.objects.exists()
    assert AuditEvent.objects.count() == before


def test_the_database_refuses_a_dropped_milestone_without_a_reason(milestone: Milestone) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Milestone.objects.filter(pk=milestone.pk).update(status=MilestoneStatus.DROPPED)


def test_the_same_status_again_is_refused(lead: User, milestone: Milestone) -> None:
    with pytest.raises(ValidationError, match="already “Not started”"):
        services.milestone_status_change(
            actor=lead, milestone=milestone, status=MilestoneStatus.NOT_STARTED
        )


def test_an_objective_needs_a_priority_and_an_owner_in_post(
    lead: User, plan: StrategicPlan
) -> None:
    gone = StaffMemberFactory(is_active=False)
    with pytest.raises(ValidationError) as error:
        services.objective_create(actor=lead, plan=plan, title="X", owner=gone, priorities=[])
    assert set(error.value.message_dict) == {"priorities", "owner"}
    assert not Objective.objects.exists()


def test_objective_titles_are_unique_in_a_plan(
    lead: User, plan: StrategicPlan, objective: Objective, owner: StaffMember
) -> None:
    with pytest.raises(ValidationError, match="already has an objective called"):
        services.objective_create(
            actor=lead,
            plan=plan,
            title="healthy  TEETH",
            owner=owner,
            priorities=[PriorityFactory()],
        )


def test_a_plan_version_cannot_be_adopted_in_the_future(lead: User, plan: StrategicPlan) -> None:
    with pytest.raises(ValidationError) as error:
        services.plan_version_adopt(
            actor=lead,
            plan=plan,
            text="Words.",
            adopted_on=TODAY + datetime.timedelta(days=1),
            adopted_by="The Board",
        )
    assert error.value.message_dict == {
        "adopted_on": ["The date the plan was adopted must be today or in the past"]
    }
    assert not PlanVersion.objects.exists()


# --- What is written and recorded ---------------------------------------------------------------


def test_creating_a_plan_records_one_event(lead: User, plan: StrategicPlan) -> None:
    [event] = events(AuditAction.CREATE, "strategy.strategicplan")
    assert event.actor_id == lead.pk
    assert event.details == {"title": "Children's Plan", "start_year": 2026, "end_year": 2030}
    assert plan.period_label == "2026-27 to 2030-31"


def test_plan_versions_are_numbered_and_kept(lead: User, plan: StrategicPlan) -> None:
    first = services.plan_version_adopt(
        actor=lead, plan=plan, text="One.", adopted_on=TODAY, adopted_by=" The  Board "
    )
    second = services.plan_version_adopt(
        actor=lead, plan=plan, text="Two.", adopted_on=TODAY, adopted_by="The Board"
    )
    assert (first.version, second.version) == (1, 2)
    assert first.recorded_by == lead
    assert first.adopted_by == "The Board"
    first.refresh_from_db()
    assert first.text == "One."
    assert [e.details["version"] for e in events(AuditAction.CREATE, "strategy.planversion")] == [
        1,
        2,
    ]


def test_changing_an_objective_records_what_changed(
    lead: User, objective: Objective, owner: StaffMember
) -> None:
    agency = AgencyFactory()
    services.objective_update(
        actor=lead,
        objective=objective,
        title="Healthier teeth",
        description="",
        owner=owner,
        priorities=list(objective.priorities.all()),
        agencies=[agency],
    )
    [event] = events(AuditAction.UPDATE, "strategy.objective")
    assert event.details["changed"] == ["agencies", "title"]
    assert event.details["to"] == {"title": "Healthier teeth"}
    assert list(objective.agencies.all()) == [agency]


def test_creating_a_milestone_records_one_event(lead: User, milestone: Milestone) -> None:
    [event] = events(AuditAction.CREATE, "strategy.milestone")
    assert event.details["due_on"] == "2027-09-01"
    assert event.actor_id == lead.pk


def test_dropping_a_milestone_keeps_the_reason_and_records_the_change(
    lead: User, milestone: Milestone
) -> None:
    services.milestone_status_change(
        actor=lead, milestone=milestone, status=MilestoneStatus.DROPPED, note="Funding ended"
    )
    milestone.refresh_from_db()
    assert (milestone.status, milestone.dropped_reason) == ("dropped", "Funding ended")
    [event] = events(AuditAction.UPDATE, "strategy.milestone")
    assert event.details["from"]["status"] == "not_started"
    assert event.details["to"]["status"] == "dropped"
    services.milestone_status_change(actor=lead, milestone=milestone, status="on_track")
    milestone.refresh_from_db()
    assert milestone.dropped_reason == ""
    assert [c.to_status for c in milestone.status_changes.all()] == ["on_track", "dropped"]
