"""Writes to the shared vision and outcomes framework: numbering, validation and audit events."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.partnership.models import (
    Commitment,
    FrameworkIndicator,
    Outcome,
    Priority,
    VisionStatement,
)
from childtrust.partnership.services import framework as services
from tests.factories import (
    AgencyFactory,
    CommitmentFactory,
    FrameworkIndicatorFactory,
    OutcomeFactory,
    PriorityFactory,
    UserFactory,
    VisionStatementFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def lead() -> User:
    return UserFactory(username="lead", role=Role.STRATEGIC_LEAD)


def events(action: str, object_type: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action=action, object_type=object_type).order_by("sequence")
    )


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


# --- Vision ------------------------------------------------------------------------------------


def test_first_vision_is_version_1_and_each_new_one_is_one_more(lead: User) -> None:
    first = services.vision_statement_adopt(
        actor=lead, text="Safe and happy.", adopted_on=TODAY, adopted_by="The Board"
    )
    second = services.vision_statement_adopt(
        actor=lead, text="Safe, healthy and happy.", adopted_on=TODAY, adopted_by="The Board"
    )
    assert (first.version, second.version) == (1, 2)


def test_new_version_follows_the_highest_even_after_a_gap(lead: User) -> None:
    VisionStatementFactory(version=4, adopted_on=datetime.date(2024, 1, 1))
    vision = services.vision_statement_adopt(
        actor=lead, text="New words.", adopted_on=TODAY, adopted_by="The Board"
    )
    assert vision.version == 5


def test_adopting_a_new_version_leaves_earlier_versions_unchanged(lead: User) -> None:
    old = VisionStatementFactory(version=1, text="Old words.", adopted_on=datetime.date(2024, 1, 1))
    services.vision_statement_adopt(
        actor=lead, text="New words.", adopted_on=TODAY, adopted_by="The Board"
    )
    old.refresh_from_db()
    assert old.text == "Old words."
    assert VisionStatement.objects.count() == 2


def test_adopting_a_vision_records_who_recorded_it_and_one_create_event(lead: User) -> None:
    vision = services.vision_statement_adopt(
        actor=lead, text="  Safe and happy.  ", adopted_on=TODAY, adopted_by=" The  Board "
    )
    assert vision.recorded_by == lead
    assert (vision.text, vision.adopted_by) == ("Safe and happy.", "The Board")
    [event] = events(AuditAction.CREATE, "partnership.visionstatement")
    assert event.actor_id == lead.pk
    assert event.object_id == str(vision.pk)
    assert event.details == {
        "version": 1,
        "adopted_on": TODAY.isoformat(),
        "adopted_by": "The Board",
    }


def test_vision_adopted_today_is_accepted(lead: User) -> None:
    vision = services.vision_statement_adopt(
        actor=lead, text="Words.", adopted_on=TODAY, adopted_by="The Board"
    )
    assert vision.adopted_on == TODAY


def test_vision_cannot_be_adopted_in_the_future(lead: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.vision_statement_adopt(
            actor=lead,
            text="Words.",
            adopted_on=TODAY + datetime.timedelta(days=1),
            adopted_by="The Board",
        )
    assert messages_of(error.value) == {
        "adopted_on": ["The date the vision was adopted must be today or in the past"]
    }
    assert not VisionStatement.objects.exists()
    assert not AuditEvent.objects.exists()


def test_vision_cannot_be_adopted_before_the_version_it_replaces(lead: User) -> None:
    VisionStatementFactory(version=1, adopted_on=datetime.date(2025, 3, 3))
    with pytest.raises(ValidationError) as error:
        services.vision_statement_adopt(
            actor=lead,
            text="Words.",
            adopted_on=datetime.date(2025, 3, 2),
            adopted_by="The Board",
        )
    assert messages_of(error.value) == {
        "adopted_on": [
            "The date the vision was adopted must be on or after 3 March 2025, "
            "when version 1 was adopted"
        ]
    }
    assert VisionStatement.objects.count() == 1


def test_vision_without_text_or_adopter_is_refused_with_both_reasons(lead: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.vision_statement_adopt(actor=lead, text="  ", adopted_on=TODAY, adopted_by=" ")
    assert messages_of(error.value) == {
        "text": ["Enter the text of the vision"],
        "adopted_by": ["Enter who adopted the vision, such as the Children's Trust Board"],
    }
    assert not VisionStatement.objects.exists()


# --- Outcomes, priorities, indicators ---------------------------------------------------------


def test_outcome_create_makes_a_slug_puts_it_last_and_records_an_event(lead: User) -> None:
    OutcomeFactory(position=4)
    outcome = services.outcome_create(actor=lead, name="  Be   healthy ")
    assert (outcome.name, outcome.slug, outcome.position) == ("Be healthy", "be-healthy", 5)
    assert (outcome.created_by, outcome.modified_by) == (lead, lead)
    [event] = events(AuditAction.CREATE, "partnership.outcome")
    assert event.details == {"name": "Be healthy"}


def test_outcome_whose_slug_is_taken_gets_a_numbered_slug(lead: User) -> None:
    services.outcome_create(actor=lead, name="Stay safe")
    outcome = services.outcome_create(actor=lead, name="Stay safe!")
    assert outcome.slug == "stay-safe-2"


def test_outcome_name_must_be_unique_whatever_its_capitals(lead: User) -> None:
    services.outcome_create(actor=lead, name="Be healthy")
    with pytest.raises(ValidationError) as error:
        services.outcome_create(actor=lead, name="be HEALTHY")
    assert messages_of(error.value) == {"name": ["There is already an outcome called “be HEALTHY”"]}
    assert Outcome.objects.count() == 1
    assert len(events(AuditAction.CREATE, "partnership.outcome")) == 1


def test_outcome_with_an_empty_name_is_refused(lead: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.outcome_create(actor=lead, name="   ")
    assert messages_of(error.value) == {"name": ["Enter the outcome's name"]}
    assert not Outcome.objects.exists()


def test_outcome_update_records_what_changed_and_keeps_the_slug(lead: User) -> None:
    outcome = services.outcome_create(actor=lead, name="Be healthy")
    services.outcome_update(
        actor=lead, outcome=outcome, name="Being healthy", description="", position=None
    )
    outcome.refresh_from_db()
    assert (outcome.name, outcome.slug) == ("Being healthy", "be-healthy")
    [event] = events(AuditAction.UPDATE, "partnership.outcome")
    assert event.details == {
        "changed": ["name"],
        "from": {"name": "Be healthy"},
        "to": {"name": "Being healthy"},
    }


def test_outcome_update_refused_leaves_the_outcome_as_it_was(lead: User) -> None:
    OutcomeFactory(name="Stay safe")
    outcome = OutcomeFactory(name="Be healthy", description="Body and mind")
    with pytest.raises(ValidationError) as error:
        services.outcome_update(
            actor=lead, outcome=outcome, name="stay safe", description="", position=None
        )
    assert messages_of(error.value) == {"name": ["There is already an outcome called “stay safe”"]}
    assert (outcome.name, outcome.description) == ("Be healthy", "Body and mind")
    assert not events(AuditAction.UPDATE, "partnership.outcome")


def test_outcome_update_that_changes_nothing_writes_no_event(lead: User) -> None:
    outcome = services.outcome_create(actor=lead, name="Be healthy", description="Body and mind")
    services.outcome_update(
        actor=lead,
        outcome=outcome,
        name="Be healthy",
        description="Body and mind",
        position=outcome.position,
    )
    assert events(AuditAction.UPDATE, "partnership.outcome") == []


def test_outcome_cannot_be_renamed_to_another_outcomes_name(lead: User) -> None:
    services.outcome_create(actor=lead, name="Be healthy")
    outcome = services.outcome_create(actor=lead, name="Stay safe")
    with pytest.raises(ValidationError):
        services.outcome_update(
            actor=lead, outcome=outcome, name="Be Healthy", description="", position=None
        )
    outcome.refresh_from_db()
    assert outcome.name == "Stay safe"


def test_priority_title_must_be_unique_within_its_outcome(lead: User) -> None:
    outcome = OutcomeFactory(name="Be healthy")
    services.priority_create(actor=lead, outcome=outcome, title="Fewer obese children")
    with pytest.raises(ValidationError) as error:
        services.priority_create(actor=lead, outcome=outcome, title="fewer obese children")
    assert messages_of(error.value) == {
        "title": ["“Be healthy” already has a priority called “fewer obese children”"]
    }
    assert Priority.objects.count() == 1


def test_the_same_priority_title_may_serve_two_outcomes(lead: User) -> None:
    services.priority_create(actor=lead, outcome=OutcomeFactory(), title="Early help")
    services.priority_create(actor=lead, outcome=OutcomeFactory(), title="Early help")
    assert Priority.objects.filter(title="Early help").count() == 2


def test_priority_with_an_empty_title_is_refused(lead: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.priority_create(actor=lead, outcome=OutcomeFactory(), title=" ")
    assert messages_of(error.value) == {"title": ["Enter the priority's title"]}
    assert not Priority.objects.exists()


def test_priority_create_numbers_positions_within_its_outcome(lead: User) -> None:
    outcome = OutcomeFactory()
    first = services.priority_create(actor=lead, outcome=outcome, title="One")
    second = services.priority_create(actor=lead, outcome=outcome, title="Two")
    assert (first.position, second.position) == (0, 1)
    [created, _] = events(AuditAction.CREATE, "partnership.priority")
    assert created.details == {"outcome": outcome.name, "title": "One"}


def test_priority_cannot_move_to_an_outcome_that_has_its_title(lead: User) -> None:
    healthy, safe = OutcomeFactory(), OutcomeFactory()
    PriorityFactory(outcome=safe, title="Early help")
    priority = PriorityFactory(outcome=healthy, title="Early help")
    with pytest.raises(ValidationError):
        services.priority_update(
            actor=lead,
            priority=priority,
            outcome=safe,
            title="Early help",
            description="",
            position=None,
        )
    priority.refresh_from_db()
    assert priority.outcome == healthy


def test_priority_moved_to_another_outcome_records_both_names(lead: User) -> None:
    healthy = OutcomeFactory(name="Be healthy")
    safe = OutcomeFactory(name="Stay safe")
    priority = PriorityFactory(outcome=healthy, title="Early help")
    services.priority_update(
        actor=lead, priority=priority, outcome=safe, title="Early help", description="", position=0
    )
    [event] = events(AuditAction.UPDATE, "partnership.priority")
    assert event.details == {
        "changed": ["outcome"],
        "from": {"outcome": {"id": healthy.pk, "name": "Be healthy"}},
        "to": {"outcome": {"id": safe.pk, "name": "Stay safe"}},
    }


def test_indicator_name_must_be_unique_within_its_priority(lead: User) -> None:
    priority = PriorityFactory(title="Fewer obese children")
    services.framework_indicator_create(actor=lead, priority=priority, name="Obesity at 10")
    with pytest.raises(ValidationError) as error:
        services.framework_indicator_create(actor=lead, priority=priority, name="OBESITY AT 10")
    assert messages_of(error.value) == {
        "name": ["“Fewer obese children” already has an indicator called “OBESITY AT 10”"]
    }
    assert FrameworkIndicator.objects.count() == 1
    assert len(events(AuditAction.CREATE, "partnership.frameworkindicator")) == 1


def test_indicator_name_must_be_unique_across_the_framework(lead: User) -> None:
    first = PriorityFactory(title="Fewer obese children")
    services.framework_indicator_create(actor=lead, priority=first, name="Obesity at 10")
    second = PriorityFactory(title="Healthy weight")
    with pytest.raises(ValidationError) as error:
        services.framework_indicator_create(actor=lead, priority=second, name="obesity at 10")
    assert messages_of(error.value) == {
        "name": [
            "“Obesity at 10” already measures the priority “Fewer obese children”: give this "
            "indicator a name that says how it differs, or change that one instead"
        ]
    }
    moved = services.framework_indicator_create(actor=lead, priority=second, name="Obesity at 4")
    with pytest.raises(ValidationError):
        services.framework_indicator_update(
            actor=lead, indicator=moved, priority=second, name="Obesity at 10", description=""
        )
    assert FrameworkIndicator.objects.filter(priority=second).get().name == "Obesity at 4"


def test_indicator_with_an_empty_name_is_refused(lead: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.framework_indicator_create(actor=lead, priority=PriorityFactory(), name="")
    assert messages_of(error.value) == {"name": ["Enter the indicator's name"]}


def test_indicator_update_records_what_changed(lead: User) -> None:
    indicator = FrameworkIndicatorFactory(name="Obesity at 10")
    services.framework_indicator_update(
        actor=lead,
        indicator=indicator,
        priority=indicator.priority,
        name="Obesity at 11",
        description="",
    )
    [event] = events(AuditAction.UPDATE, "partnership.frameworkindicator")
    assert event.details == {
        "changed": ["name"],
        "from": {"name": "Obesity at 10"},
        "to": {"name": "Obesity at 11"},
    }


# --- Commitments -------------------------------------------------------------------------------


def test_commitment_create_update_and_delete_each_write_their_event(lead: User) -> None:
    agency = AgencyFactory(name="Police")
    priority = PriorityFactory(title="Safer streets")
    commitment = services.commitment_create(
        actor=lead, agency=agency, priority=priority, contribution="Patrols near schools."
    )
    services.commitment_update(actor=lead, commitment=commitment, contribution="More patrols.")
    services.commitment_delete(actor=lead, commitment=commitment)

    assert not Commitment.objects.exists()
    created, updated, deleted = (
        events(action, "partnership.commitment")
        for action in (AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE)
    )
    assert [e.details["contribution"] for e in created] == ["Patrols near schools."]
    assert [
        (e.details["from"]["contribution"], e.details["to"]["contribution"]) for e in updated
    ] == [("Patrols near schools.", "More patrols.")]
    assert [(e.details["agency"], e.details["contribution"]) for e in deleted] == [
        ("Police", "More patrols.")
    ]
    assert created[0].object_id == updated[0].object_id == deleted[0].object_id


def test_commitment_without_a_contribution_is_refused(lead: User) -> None:
    agency = AgencyFactory(name="Police")
    priority = PriorityFactory(title="Safer streets")
    with pytest.raises(ValidationError) as error:
        services.commitment_create(actor=lead, agency=agency, priority=priority, contribution=" ")
    assert messages_of(error.value) == {
        "contribution": ["Say what Police will do towards “Safer streets”"]
    }
    assert not Commitment.objects.exists()


def test_an_agency_cannot_commit_twice_to_one_priority(lead: User) -> None:
    existing = CommitmentFactory()
    with pytest.raises(ValidationError):
        services.commitment_create(
            actor=lead, agency=existing.agency, priority=existing.priority, contribution="Again."
        )
    assert Commitment.objects.count() == 1


def test_agency_commitments_set_creates_changes_and_withdraws_with_one_event_each(
    lead: User,
) -> None:
    agency = AgencyFactory()
    kept, changed, withdrawn, new = PriorityFactory.create_batch(4)
    CommitmentFactory(agency=agency, priority=kept, contribution="Same.")
    CommitmentFactory(agency=agency, priority=changed, contribution="Before.")
    CommitmentFactory(agency=agency, priority=withdrawn, contribution="Gone.")
    other_agency = CommitmentFactory(priority=withdrawn)

    changes = services.agency_commitments_set(
        actor=lead,
        agency=agency,
        contributions={kept: "Same.", changed: "After.", new: "Fresh."},
    )

    assert (changes.created, changes.changed, changes.removed) == (1, 1, 1)
    assert dict(
        Commitment.objects.filter(agency=agency).values_list("priority_id", "contribution")
    ) == {kept.pk: "Same.", changed.pk: "After.", new.pk: "Fresh."}
    assert Commitment.objects.filter(pk=other_agency.pk).exists()
    assert [
        len(events(action, "partnership.commitment"))
        for action in (AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE)
    ] == [1, 1, 1]


def test_agency_commitments_set_with_nothing_changed_writes_nothing(lead: User) -> None:
    commitment = CommitmentFactory(contribution="Same.")
    changes = services.agency_commitments_set(
        actor=lead, agency=commitment.agency, contributions={commitment.priority: "Same."}
    )
    assert changes.total == 0
    assert not AuditEvent.objects.exists()


def test_agency_commitments_set_writes_none_when_one_contribution_is_blank(lead: User) -> None:
    agency = AgencyFactory()
    withdrawn = CommitmentFactory(agency=agency)
    good, bad = PriorityFactory.create_batch(2)
    with pytest.raises(ValidationError):
        services.agency_commitments_set(
            actor=lead, agency=agency, contributions={good: "We will help.", bad: ""}
        )
    assert list(Commitment.objects.filter(agency=agency)) == [withdrawn]
    assert not AuditEvent.objects.exists()


def test_exporting_the_alignment_matrix_writes_an_export_event(lead: User) -> None:
    services.alignment_matrix_export_record(actor=lead, priorities=12, agencies=7)
    [event] = AuditEvent.objects.all()
    assert event.action == AuditAction.EXPORT
    assert event.actor_id == lead.pk
    assert event.details == {"format": "csv", "priorities": 12, "agencies": 7}


def test_two_versions_recorded_at_the_same_moment_are_answered_in_words(
    lead: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = VisionStatementFactory(version=1, adopted_on=datetime.date(2024, 1, 1))
    # As if another person's version 1 was committed after this request read the current one.
    monkeypatch.setattr(services, "_vision_current_locked", lambda: None)
    with pytest.raises(ValidationError) as error:
        services.vision_statement_adopt(
            actor=lead, text="Words.", adopted_on=TODAY, adopted_by="The Board"
        )
    assert "Someone else recorded a new version of the vision at the same moment" in str(
        error.value
    )
    assert list(VisionStatement.objects.all()) == [existing]
    assert not AuditEvent.objects.exists()
