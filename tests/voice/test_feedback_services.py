"""Feedback services: routing to an owner, working-day targets, anonymity, responding, reach."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.audit.integrity import verify_chain
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.audit.services import audit_record
from childtrust.core.models import TrackedModel
from childtrust.partnership import models as p
from childtrust.voice.models import Feedback, FeedbackKind, FeedbackReach, FeedbackStatus
from childtrust.voice.services.feedback import (
    feedback_anonymous_days_record,
    feedback_raise,
    feedback_reach_record,
    feedback_respond,
)
from tests.factories import AgencyFactory, PublishedFeedbackFactory, StaffMemberFactory
from tests.voice.feedback_setup import (
    FeedbackPartnership,
    feedback_partnership,
    freeze_today,
    staff_with_account,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def town() -> FeedbackPartnership:
    return feedback_partnership()


def _raise(
    town: FeedbackPartnership,
    *,
    agency: p.Agency | None = None,
    anonymous: bool = False,
    raiser: p.StaffMember | None = None,
) -> Feedback:
    return feedback_raise(
        actor=town.user_of(raiser or town.health_visitor),
        kind=FeedbackKind.CONCERN,
        subject="Locality meetings clash with the school run",
        text="  Could they start at ten?  ",
        agency=agency,
        anonymous=anonymous,
    )


# --- Routing ---------------------------------------------------------------------------------


def test_feedback_about_an_agency_goes_to_the_head_of_that_agency(
    town: FeedbackPartnership,
) -> None:
    feedback = _raise(town, agency=town.health)
    assert feedback.owner == town.health_head
    assert feedback.agency == town.health
    assert feedback.text == "Could they start at ten?"


def test_feedback_about_the_partnership_goes_to_the_head_of_the_local_authority(
    town: FeedbackPartnership,
) -> None:
    feedback = _raise(town, agency=None)
    assert feedback.owner == town.director
    assert feedback.agency is None


def test_an_inactive_head_is_passed_over_for_the_active_one(town: FeedbackPartnership) -> None:
    town.health_head.is_active = False
    town.health_head.save()
    acting = StaffMemberFactory(agency=town.health, job_title="Acting chief nurse")
    assert _raise(town, agency=town.health).owner == acting


def test_feedback_about_an_agency_with_no_head_is_refused_with_what_to_record(
    town: FeedbackPartnership,
) -> None:
    headless = AgencyFactory(name="Harbour Counselling")
    StaffMemberFactory(
        agency=headless, manager=StaffMemberFactory(agency=headless, is_active=False)
    )
    with pytest.raises(ValidationError) as refusal:
        _raise(town, agency=headless)
    message = refusal.value.message_dict["agency"][0]
    assert "no active head of the agency" in message
    assert "Harbour Counselling" in message
    assert "partnership administrator" in message
    assert not Feedback.objects.exists()
    assert not AuditEvent.objects.exists()


def test_feedback_about_the_partnership_without_a_local_authority_is_refused(
    town: FeedbackPartnership,
) -> None:
    town.council.kind = p.AgencyKind.OTHER
    town.council.save()
    with pytest.raises(ValidationError) as refusal:
        _raise(town, agency=None)
    message = refusal.value.message_dict["agency"][0]
    assert "local authority's children's services" in message
    assert "partnership administrator" in message
    assert not Feedback.objects.exists()


def test_feedback_about_the_partnership_when_the_local_authority_has_no_head_is_refused(
    town: FeedbackPartnership,
) -> None:
    town.director.manager = StaffMemberFactory(agency=town.council, is_active=False)
    town.director.save()
    with pytest.raises(ValidationError, match="City Council"):
        _raise(town, agency=None)
    assert not Feedback.objects.exists()


def test_a_user_without_a_staff_record_cannot_raise_feedback(
    town: FeedbackPartnership,
) -> None:
    user = town.user_of(town.health_visitor)
    town.health_visitor.user = None
    town.health_visitor.save()
    with pytest.raises(PermissionDenied, match="not linked to a staff record"):
        feedback_raise(
            actor=user, kind="concern", subject="S", text="T", agency=None, anonymous=False
        )
    assert not Feedback.objects.exists()


def test_a_kind_that_is_neither_suggestion_nor_concern_is_refused(
    town: FeedbackPartnership,
) -> None:
    with pytest.raises(ValidationError) as refusal:
        feedback_raise(
            actor=town.user_of(town.health_visitor),
            kind="complaint",
            subject="S",
            text="T",
            agency=None,
            anonymous=False,
        )
    assert "kind" in refusal.value.message_dict
    assert not Feedback.objects.exists()


# --- Working-day targets -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raised_on", "respond_by"),
    [
        # A plain fortnight: Monday to the Monday two weeks on.
        (datetime.date(2025, 3, 3), datetime.date(2025, 3, 17)),
        # Maundy Thursday: Good Friday, Easter Monday and the early May bank holiday are skipped.
        (datetime.date(2025, 4, 17), datetime.date(2025, 5, 6)),
        # Raised on a Saturday: counting starts on the Monday.
        (datetime.date(2025, 3, 8), datetime.date(2025, 3, 21)),
    ],
)
def test_the_response_is_due_ten_working_days_after_it_is_raised(
    town: FeedbackPartnership,
    monkeypatch: pytest.MonkeyPatch,
    raised_on: datetime.date,
    respond_by: datetime.date,
) -> None:
    freeze_today(monkeypatch, raised_on)
    feedback = _raise(town)
    assert (feedback.raised_on, feedback.respond_by) == (raised_on, respond_by)


def test_the_target_follows_the_partnerships_setting(
    town: FeedbackPartnership, monkeypatch: pytest.MonkeyPatch, settings: object
) -> None:
    settings.FEEDBACK_RESPONSE_WORKING_DAYS = 5  # type: ignore[attr-defined]
    freeze_today(monkeypatch, datetime.date(2025, 4, 17))
    assert _raise(town).respond_by == datetime.date(2025, 4, 28)


# --- Anonymity ---------------------------------------------------------------------------------


def test_named_feedback_records_who_raised_it(town: FeedbackPartnership) -> None:
    feedback = _raise(town, anonymous=False)
    user = town.user_of(town.health_visitor)
    assert feedback.raised_by == town.health_visitor
    assert feedback.created_by == user
    event = AuditEvent.objects.get(object_type="voice.feedback")
    assert event.actor_id == user.pk
    assert event.details["anonymous"] is False


def _every_value_linked_to(user_id: int, staff_id: int) -> list[str]:
    """Every foreign key or stored id in feedback, its reach and the audit log that points at
    the person: the test expects none."""
    found: list[str] = []
    for feedback in Feedback.objects.all():
        for field in ("raised_by_id", "created_by_id", "modified_by_id"):
            if getattr(feedback, field) is not None:
                found.append(f"feedback.{field}")
    linked = Q(actor_id=user_id) | Q(object_type="partnership.staffmember", object_id=staff_id)
    found += [f"audit #{e.sequence}" for e in AuditEvent.objects.filter(linked)]
    for event in AuditEvent.objects.filter(object_type="voice.feedback"):
        if staff_id in event.details.values() or user_id in event.details.values():
            found.append(f"audit #{event.sequence} details")
    raised = AuditEvent.objects.filter(object_type="voice.feedback", action=AuditAction.CREATE)
    for event in raised:
        if event.ip_address or event.user_agent or event.actor_username:
            found.append(f"audit #{event.sequence} origin")
    return found


def test_anonymous_feedback_keeps_no_link_to_the_person_in_any_table_or_the_audit_log(
    town: FeedbackPartnership,
) -> None:
    user = town.user_of(town.health_visitor)
    feedback = _raise(town, anonymous=True, agency=town.health)
    feedback_respond(
        actor=town.user_of(town.health_head),
        feedback=feedback,
        response="We will move the meetings.",
        publish=True,
    )
    feedback.refresh_from_db()
    assert feedback.raised_by is None
    assert (feedback.created_by, feedback.modified_by) == (None, None)
    assert _every_value_linked_to(user.pk, town.health_visitor.pk) == []
    # Nothing is recorded at the moment it is raised: the worker counts the day's later.
    assert not AuditEvent.objects.filter(
        object_type="voice.feedback", action=AuditAction.CREATE
    ).exists()
    assert verify_chain().ok


def test_the_link_finder_does_find_a_named_raiser(town: FeedbackPartnership) -> None:
    """The check above would pass on anything if it could not find a link: show it does."""
    user = town.user_of(town.health_visitor)
    _raise(town, anonymous=False)
    assert _every_value_linked_to(user.pk, town.health_visitor.pk) != []


def test_anonymous_feedback_made_in_a_request_records_no_event_address_or_browser(
    town: FeedbackPartnership,
) -> None:
    from childtrust.audit.context import RequestOrigin, request_origin

    origin = RequestOrigin(ip_address="192.0.2.7", user_agent="Firefox/140.0", path="/voice/")
    with request_origin(origin):
        _raise(town, anonymous=True)
        audit_record(actor=None, action=AuditAction.VIEW)  # an ordinary event still has them
    (ordinary,) = AuditEvent.objects.order_by("sequence")
    assert ordinary.ip_address == "192.0.2.7"


def test_tracked_models_still_have_the_fields_the_anonymity_test_checks() -> None:
    names = {field.name for field in TrackedModel._meta.get_fields()}
    assert {"created_by", "modified_by"} <= names


# --- Responding --------------------------------------------------------------------------------


def test_the_owner_responds_and_publishes(
    town: FeedbackPartnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze_today(monkeypatch, datetime.date(2025, 4, 17))
    feedback = _raise(town, agency=town.health)
    freeze_today(monkeypatch, datetime.date(2025, 4, 24))
    answered = feedback_respond(
        actor=town.user_of(town.health_head),
        feedback=feedback,
        response="  We have moved them to ten o'clock.  ",
        publish=True,
    )
    assert answered.status == FeedbackStatus.RESPONDED
    assert answered.response == "We have moved them to ten o'clock."
    assert answered.published is True
    assert answered.modified_by == town.user_of(town.health_head)
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    # Tuesday 22, Wednesday 23, Thursday 24 April: Good Friday and Easter Monday do not count.
    assert event.details["working_days_to_respond"] == 3
    assert event.details["within_target"] is True
    assert event.details["published"] is True


@pytest.mark.parametrize("role", list(Role))
def test_anyone_but_the_owner_is_refused_whatever_their_role(
    town: FeedbackPartnership, role: str
) -> None:
    feedback = _raise(town, agency=town.health)
    other = staff_with_account(role, agency=town.health, manager=town.health_head)
    with pytest.raises(PermissionDenied):
        feedback_respond(
            actor=town.user_of(other), feedback=feedback, response="Done.", publish=True
        )
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.OPEN
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_ownership_is_checked_on_the_feedback_as_it_stands_not_the_callers_copy(
    town: FeedbackPartnership,
) -> None:
    feedback = _raise(town, agency=town.health)  # routed to the health head
    Feedback.objects.filter(pk=feedback.pk).update(owner=town.director)  # rerouted since

    with pytest.raises(PermissionDenied, match="routed to someone else"):
        feedback_respond(
            actor=town.user_of(town.health_head), feedback=feedback, response="Done.", publish=True
        )

    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.OPEN
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_an_owner_who_has_left_is_told_why_and_nothing_changes(town: FeedbackPartnership) -> None:
    feedback = _raise(town, agency=town.health)
    town.health_head.is_active = False
    town.health_head.save()

    with pytest.raises(PermissionDenied, match="no longer working in the partnership"):
        feedback_respond(
            actor=town.user_of(town.health_head), feedback=feedback, response="Done.", publish=True
        )

    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.OPEN
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_an_empty_response_is_refused_and_nothing_changes(town: FeedbackPartnership) -> None:
    feedback = _raise(town, agency=town.health)
    with pytest.raises(ValidationError) as refusal:
        feedback_respond(
            actor=town.user_of(town.health_head), feedback=feedback, response="   ", publish=True
        )
    assert refusal.value.message_dict == {"response": ["Enter your response"]}
    feedback.refresh_from_db()
    assert (feedback.status, feedback.published) == (FeedbackStatus.OPEN, False)


def test_feedback_is_answered_once(town: FeedbackPartnership) -> None:
    feedback = _raise(town, agency=town.health)
    owner = town.user_of(town.health_head)
    feedback_respond(actor=owner, feedback=feedback, response="First.", publish=False)
    with pytest.raises(ValidationError, match="already been answered"):
        feedback_respond(actor=owner, feedback=feedback, response="Again.", publish=True)
    feedback.refresh_from_db()
    assert (feedback.response, feedback.published) == ("First.", False)


def test_a_late_response_is_recorded_as_outside_the_target(
    town: FeedbackPartnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze_today(monkeypatch, datetime.date(2025, 4, 17))
    feedback = _raise(town, agency=town.health)
    freeze_today(monkeypatch, datetime.date(2025, 5, 7))
    feedback_respond(
        actor=town.user_of(town.health_head), feedback=feedback, response="Sorry.", publish=False
    )
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.details["working_days_to_respond"] == 11
    assert event.details["within_target"] is False


# --- Reach -------------------------------------------------------------------------------------


def test_reading_a_published_response_counts_once_per_person(town: FeedbackPartnership) -> None:
    feedback = PublishedFeedbackFactory(owner=town.health_head)
    reader = town.user_of(town.health_visitor)
    assert feedback_reach_record(actor=reader, feedback=feedback) is True
    assert feedback_reach_record(actor=reader, feedback=feedback) is False
    feedback_reach_record(actor=town.user_of(town.director), feedback=feedback)
    assert FeedbackReach.objects.filter(feedback=feedback).count() == 2
    assert AuditEvent.objects.filter(object_type="voice.feedbackreach").count() == 2


def test_reading_as_someone_without_a_staff_record_is_not_counted(
    town: FeedbackPartnership,
) -> None:
    from tests.factories import UserFactory

    feedback = PublishedFeedbackFactory(owner=town.health_head)
    assert feedback_reach_record(actor=UserFactory(), feedback=feedback) is False
    assert not FeedbackReach.objects.exists()


def test_someone_signed_out_or_deactivated_is_refused_and_no_read_is_counted(
    town: FeedbackPartnership,
) -> None:
    feedback = PublishedFeedbackFactory(owner=town.health_head)
    reader = town.user_of(town.health_visitor)
    reader.is_active = False
    reader.save()

    with pytest.raises(PermissionDenied):
        feedback_reach_record(actor=reader, feedback=feedback)

    assert not FeedbackReach.objects.exists()


def test_someone_who_has_left_cannot_raise_feedback_and_nothing_is_recorded(
    town: FeedbackPartnership,
) -> None:
    town.health_visitor.is_active = False
    town.health_visitor.save()

    with pytest.raises(PermissionDenied, match="raise feedback"):
        _raise(town, anonymous=True)

    assert not Feedback.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_unpublished_response_gathers_no_reach(town: FeedbackPartnership) -> None:
    feedback = PublishedFeedbackFactory(owner=town.health_head, published=False)
    reader = town.user_of(town.health_visitor)
    assert feedback_reach_record(actor=reader, feedback=feedback) is False
    assert not FeedbackReach.objects.exists()


# --- The worker's daily count of anonymous feedback --------------------------------------------


def _daily_counts() -> list[tuple[str, int]]:
    return [
        (event.object_repr, event.details["count"])
        for event in AuditEvent.objects.filter(object_id__startswith="anonymous:").order_by(
            "sequence"
        )
    ]


def test_anonymous_feedback_keeps_only_its_day_and_is_counted_once_the_day_is_over(
    town: FeedbackPartnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = datetime.date(2026, 12, 2)
    freeze_today(monkeypatch, day)
    first, second = _raise(town, anonymous=True), _raise(town, anonymous=True)
    _raise(town, anonymous=False)  # named feedback is recorded when it is raised, not counted
    midnight = datetime.datetime.combine(day, datetime.time(), timezone.get_current_timezone())
    for item in Feedback.objects.filter(pk__in=[first.pk, second.pk]):
        assert (item.anonymous, item.created_at, item.modified_at) == (True, midnight, midnight)

    assert feedback_anonymous_days_record(today=day) == 0  # the day is not over
    assert feedback_anonymous_days_record(today=day + datetime.timedelta(days=1)) == 2
    assert feedback_anonymous_days_record(today=day + datetime.timedelta(days=1)) == 0
    assert _daily_counts() == [("2 anonymous items of feedback received on 2 December 2026", 2)]
    assert AuditEvent.objects.get(object_id="anonymous:2026-12-02").actor_id is None
    assert verify_chain().ok


def test_feedback_that_reaches_a_day_already_counted_gets_one_more_count(
    town: FeedbackPartnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A form sent just before midnight and saved after the worker ran is still counted."""
    day = datetime.date(2026, 12, 2)
    freeze_today(monkeypatch, day)
    _raise(town, anonymous=True)
    feedback_anonymous_days_record(today=day + datetime.timedelta(days=1))
    _raise(town, anonymous=True)

    assert feedback_anonymous_days_record(today=day + datetime.timedelta(days=1)) == 1
    assert _daily_counts() == [
        ("1 anonymous item of feedback received on 2 December 2026", 1),
        ("1 anonymous item of feedback received on 2 December 2026", 1),
    ]
