"""The change programme's writes: a stage's owner, and the board's ratings of the eight stages
at a meeting (all eight or none, every error at once, locked once the minutes are approved),
who may make them and their audit events."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.strategy.models import ChangeStage, KotterStage, StageRating
from childtrust.strategy.services import stages as services
from tests.conftest import ALL_ROLES
from tests.factories import StaffMemberFactory, UserFactory
from tests.strategy.factories_change import (
    MeetingFactory,
    PlanFactory,
    approve_minutes,
    rate_every_stage,
)

pytestmark = pytest.mark.django_db

KEEPERS = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}


@pytest.fixture
def lead() -> User:
    return UserFactory(username="lead", role=Role.STRATEGIC_LEAD)


def every_stage(rating: int = 3) -> dict[int, tuple[int | None, str]]:
    return {stage.value: (rating, f"Evidence for {stage.label}") for stage in KotterStage}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_keepers_name_owners_and_rate_stages(role: str) -> None:
    actor = UserFactory(role=role)
    plan, meeting = PlanFactory(), MeetingFactory()
    if role in KEEPERS:
        services.change_stage_owner_set(actor=actor, plan=plan, stage=1, owner=StaffMemberFactory())
        services.stage_ratings_record(actor=actor, meeting=meeting, ratings=every_stage())
        assert StageRating.objects.count() == 8
    else:
        with pytest.raises(PermissionDenied):
            services.change_stage_owner_set(
                actor=actor, plan=plan, stage=1, owner=StaffMemberFactory()
            )
        with pytest.raises(PermissionDenied):
            services.stage_ratings_record(actor=actor, meeting=meeting, ratings=every_stage())
        assert not ChangeStage.objects.exists()
        assert not StageRating.objects.exists()


def test_a_stage_owner_is_named_changed_and_audited(lead: User) -> None:
    plan = PlanFactory()
    first, second = StaffMemberFactory(), StaffMemberFactory()

    services.change_stage_owner_set(actor=lead, plan=plan, stage=3, owner=first)
    row = services.change_stage_owner_set(actor=lead, plan=plan, stage=3, owner=second)

    assert row.owner == second
    assert ChangeStage.objects.count() == 1
    events = AuditEvent.objects.filter(object_type="strategy.changestage").order_by("sequence")
    assert [e.action for e in events] == [AuditAction.CREATE, AuditAction.UPDATE]
    assert events[1].details["to"]["owner"]["id"] == second.pk


def test_a_stage_owner_not_in_post_or_a_ninth_stage_is_refused(lead: User) -> None:
    plan = PlanFactory()

    with pytest.raises(ValidationError, match="no longer in post"):
        services.change_stage_owner_set(
            actor=lead, plan=plan, stage=2, owner=StaffMemberFactory(is_active=False)
        )
    with pytest.raises(ValidationError, match="eight stages"):
        services.change_stage_owner_set(actor=lead, plan=plan, stage=9, owner=None)
    assert not ChangeStage.objects.exists()


def test_ratings_of_all_eight_are_saved_with_one_event(lead: User) -> None:
    meeting = MeetingFactory()

    services.stage_ratings_record(actor=lead, meeting=meeting, ratings=every_stage(4))

    assert sorted(StageRating.objects.values_list("stage", "rating")) == [
        (stage, 4) for stage in range(1, 9)
    ]
    event = AuditEvent.objects.get(object_type="strategy.boardmeeting")
    assert event.action == AuditAction.CREATE
    assert event.details["stage_ratings"]["8"] == {"rating": 4}


def test_every_missing_or_bad_rating_is_refused_at_once_and_nothing_written(lead: User) -> None:
    meeting = MeetingFactory()
    ratings = every_stage()
    ratings[1] = (6, "Evidence")
    ratings[2] = (None, "Evidence")
    ratings[5] = (0, "  ")
    del ratings[8]

    with pytest.raises(ValidationError) as refused:
        services.stage_ratings_record(actor=lead, meeting=meeting, ratings=ratings)

    assert refused.value.message_dict == {
        "rating_1": [
            "The rating for “Create a sense of urgency” must be a whole number from 1 to 5"
        ],
        "rating_2": ["Choose a rating for “Build a guiding coalition”"],
        "rating_5": ["The rating for “Remove barriers” must be a whole number from 1 to 5"],
        "evidence_5": ["Enter the evidence for “Remove barriers”"],
        "rating_8": ["Choose a rating for “Institute change”"],
        "evidence_8": ["Enter the evidence for “Institute change”"],
    }
    assert not StageRating.objects.exists()


def test_ratings_change_while_the_minutes_are_a_draft_recording_what_changed(
    lead: User,
) -> None:
    meeting = MeetingFactory()
    rate_every_stage(meeting, rating=2)
    ratings = {
        stage: (rating, f"Evidence {stage}") for stage, (rating, _e) in every_stage(2).items()
    }
    ratings[6] = (3, "More wins")

    services.stage_ratings_record(actor=lead, meeting=meeting, ratings=ratings)

    assert StageRating.objects.get(meeting=meeting, stage=6).rating == 3
    event = AuditEvent.objects.get(object_type="strategy.boardmeeting")
    assert event.action == AuditAction.UPDATE
    assert event.details["stage_ratings"] == {
        "6": {"rating": 3, "was": 2, "evidence_changed": True}
    }


def test_a_change_of_evidence_alone_is_recorded_as_one(lead: User) -> None:
    meeting = MeetingFactory()
    rate_every_stage(meeting, rating=2)
    ratings = {
        stage: (rating, f"Evidence {stage}") for stage, (rating, _e) in every_stage(2).items()
    }
    ratings[4] = (2, "The reach figures were wrong: corrected")

    services.stage_ratings_record(actor=lead, meeting=meeting, ratings=ratings)

    event = AuditEvent.objects.get(object_type="strategy.boardmeeting")
    assert event.details["stage_ratings"] == {
        "4": {"rating": 2, "was": 2, "evidence_changed": True}
    }


def test_ratings_are_locked_once_the_minutes_are_approved(lead: User) -> None:
    meeting = MeetingFactory()
    rate_every_stage(meeting, rating=2)
    approve_minutes(meeting)

    with pytest.raises(ValidationError, match="locked"):
        services.stage_ratings_record(actor=lead, meeting=meeting, ratings=every_stage(5))

    assert set(StageRating.objects.values_list("rating", flat=True)) == {2}
    assert not AuditEvent.objects.filter(object_type="strategy.boardmeeting").exists()
