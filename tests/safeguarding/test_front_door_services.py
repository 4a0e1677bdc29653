"""The front door's services: a referral through each step in order, each step out of order
refused, who may and who may not, and bad input refused with every message, nothing written."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditEvent
from childtrust.safeguarding import models as s
from childtrust.safeguarding.services import front_door as services
from childtrust.safeguarding.services import front_door_meetings as meetings
from tests.children.factories import (
    ChildFactory,
    InvolvementFactory,
    ShieldedChildFactory,
    involved_user,
    staff_user,
)
from tests.factories import AgencyFactory, StaffMemberFactory, UserFactory
from tests.safeguarding.factories_front_door import (
    AssessmentFactory,
    DecidedReferralFactory,
    InformationRequestFactory,
    ReferralFactory,
    ScreenedReferralFactory,
    front_door_user,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _receive(actor, child, **changes):  # type: ignore[no-untyped-def]
    fields = {
        "kind": s.ReferralKind.REFERRAL,
        "received_at": timezone.now() - datetime.timedelta(hours=1),
        "referrer_name": "Sam Okafor",
        "referrer_email": "sam@school.example.org",
        "reason": "Came to school hungry three days running.",
    } | changes
    return services.referral_receive(actor=actor, child=child, **fields)


def test_a_referral_received_on_christmas_eve_is_due_a_decision_on_29_december(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    christmas_eve = datetime.datetime(2026, 12, 24, 16, 30, tzinfo=LONDON)
    monkeypatch.setattr(timezone, "now", lambda: christmas_eve + datetime.timedelta(minutes=5))
    actor = front_door_user()
    referral = _receive(
        actor,
        ChildFactory(),
        received_at=christmas_eve,
    )
    clock = referral.clocks.get()
    assert clock.kind == s.ClockKind.DECISION
    assert clock.due_on == datetime.date(2026, 12, 29)
    assert clock.owner == actor.staff_member
    assert referral.stage == s.ReferralStage.RECEIVED


def test_a_practitioner_may_refer_a_child_they_know_exists_but_not_a_shielded_stranger() -> None:
    practitioner = staff_user(Role.PRACTITIONER)
    referral = _receive(practitioner, ChildFactory())
    assert referral.clocks.get().owner is None  # the front door's, until screened
    with pytest.raises(PermissionDenied):
        _receive(practitioner, ShieldedChildFactory())
    with pytest.raises(PermissionDenied):
        _receive(staff_user(Role.FINANCE_OFFICER), ChildFactory())


def test_a_referral_with_bad_input_is_refused_with_every_message_and_nothing_written() -> None:
    other_child_concern = s.Concern.objects.create(
        child=ChildFactory(),
        agency=AgencyFactory(),
        category=s.ConcernCategory.NEGLECT,
        severity=s.Severity.LOW,
        occurred_at=timezone.now(),
        summary="Seen alone at night.",
    )
    with pytest.raises(ValidationError) as refused:
        _receive(
            front_door_user(),
            ChildFactory(),
            kind="letter",
            received_at=timezone.now() + datetime.timedelta(days=1),
            referrer_name=" ",
            referrer_email="not an address",
            reason="",
            concerns=[other_child_concern],
        )
    assert set(refused.value.message_dict) == {
        "kind",
        "received_at",
        "referrer_name",
        "referrer_email",
        "reason",
        "concerns",
    }
    assert not s.Referral.objects.exists()
    assert not s.Clock.objects.exists()


def test_screening_rates_the_referral_and_writes_one_audit_event() -> None:
    actor = front_door_user()
    referral = _receive(staff_user(Role.PRACTITIONER), ChildFactory())
    before = AuditEvent.objects.count()
    screened = services.referral_screen(
        actor=actor, referral=referral, rag=s.Rag.RED, note="A bruise no one explains."
    )
    assert screened.stage == s.ReferralStage.SCREENED
    assert screened.rag == "red"
    assert referral.clocks.get().owner == actor.staff_member
    assert AuditEvent.objects.count() == before + 1


def test_screening_refuses_bad_input_others_and_a_second_screening() -> None:
    referral = ReferralFactory()
    with pytest.raises(ValidationError) as refused:
        services.referral_screen(actor=front_door_user(), referral=referral, rag="blue", note="")
    assert set(refused.value.message_dict) == {"rag", "note"}
    with pytest.raises(PermissionDenied):
        services.referral_screen(
            actor=staff_user(Role.TEAM_MANAGER), referral=referral, rag="red", note="x"
        )
    screened = ScreenedReferralFactory()
    with pytest.raises(ValidationError, match="cannot be screened now"):
        services.referral_screen(actor=front_door_user(), referral=screened, rag="red", note="x")


def test_information_is_asked_of_involved_agencies_and_their_lead_is_told() -> None:
    referral = ScreenedReferralFactory()
    school, health = AgencyFactory(name="Bitterne Park School"), AgencyFactory(name="City health")
    InvolvementFactory(child=referral.child, practitioner=StaffMemberFactory(agency=school))
    InvolvementFactory(child=referral.child, practitioner=StaffMemberFactory(agency=health))
    lead = staff_user(Role.PRACTITIONER, agency=school)
    s.DesignatedLead.objects.create(agency=school, staff=lead.staff_member)
    sent = services.information_request(
        actor=front_door_user(), referral=referral, agencies=[school, health]
    )
    assert [r.agency for r in sent.requests] == [school, health]
    assert sent.without_lead == [health]
    referral.refresh_from_db()
    assert referral.stage == s.ReferralStage.GATHERING
    assert s.Notification.objects.get(recipient=lead).kind == "information_request"
    assert referral.child.given_name not in s.Notification.objects.get().subject


def test_information_is_not_asked_of_an_agency_not_involved_nor_twice() -> None:
    referral = ScreenedReferralFactory()
    stranger = AgencyFactory()
    with pytest.raises(ValidationError) as refused:
        services.information_request(
            actor=front_door_user(), referral=referral, agencies=[stranger]
        )
    assert "working with the child" in str(refused.value)
    request = InformationRequestFactory(referral=referral)
    InvolvementFactory(child=referral.child, practitioner=StaffMemberFactory(agency=request.agency))
    with pytest.raises(ValidationError, match="already been asked"):
        services.information_request(
            actor=front_door_user(), referral=referral, agencies=[request.agency]
        )
    with pytest.raises(ValidationError, match="cannot be sent requests"):
        services.information_request(
            actor=front_door_user(), referral=ReferralFactory(), agencies=[stranger]
        )
    with pytest.raises(PermissionDenied):
        services.information_request(
            actor=staff_user(Role.PRACTITIONER), referral=referral, agencies=[stranger]
        )


def test_an_information_request_is_answered_once_by_its_own_agencys_staff() -> None:
    request = InformationRequestFactory()
    with pytest.raises(PermissionDenied):
        services.information_answer(
            actor=staff_user(Role.PRACTITIONER), request=request, answer="We know her."
        )
    own = staff_user(Role.PRACTITIONER, agency=request.agency)
    with pytest.raises(ValidationError, match="Enter what your agency knows"):
        services.information_answer(actor=own, request=request, answer="  ")
    answered = services.information_answer(actor=own, request=request, answer="Seen weekly.")
    assert answered.answered_by == own.staff_member
    with pytest.raises(ValidationError, match="already been answered"):
        services.information_answer(actor=own, request=request, answer="Again.")


def test_a_decision_to_assess_stops_the_decision_clock_and_starts_45_working_days() -> None:
    actor = front_door_user()
    referral = _receive(actor, ChildFactory())
    services.referral_screen(actor=actor, referral=referral, rag="amber", note="Hungry.")
    social_worker = StaffMemberFactory()
    decided = services.referral_decide(
        actor=actor,
        referral=referral,
        decision=s.ReferralDecision.CHILD_IN_NEED,
        reason="Needs support at home.",
        social_worker=social_worker,
    )
    assert decided.stage == s.ReferralStage.DECIDED
    decision_clock = referral.clocks.get(kind=s.ClockKind.DECISION)
    assert decision_clock.stopped_on == timezone.localdate()
    assessment = decided.assessments.get()
    assert assessment.kind == s.AssessmentKind.CHILD_IN_NEED
    clock = referral.clocks.get(kind=s.ClockKind.ASSESSMENT)
    assert clock.owner == social_worker
    assert clock.stopped_on is None


def test_early_help_and_no_further_action_start_no_assessment() -> None:
    for decision in (s.ReferralDecision.EARLY_HELP, s.ReferralDecision.NO_FURTHER_ACTION):
        referral = ScreenedReferralFactory()
        services.referral_decide(
            actor=front_door_user(), referral=referral, decision=decision, reason="Below s17."
        )
        assert not referral.assessments.exists()


def test_a_decision_out_of_order_or_without_a_reason_is_refused() -> None:
    with pytest.raises(ValidationError, match="cannot be decided now"):
        services.referral_decide(
            actor=front_door_user(), referral=ReferralFactory(), decision="nfa", reason="x"
        )
    with pytest.raises(ValidationError) as refused:
        services.referral_decide(
            actor=front_door_user(), referral=ScreenedReferralFactory(), decision="", reason=""
        )
    assert set(refused.value.message_dict) == {"decision", "reason"}
    with pytest.raises(PermissionDenied):
        services.referral_decide(
            actor=staff_user(Role.TEAM_MANAGER),
            referral=ScreenedReferralFactory(),
            decision="nfa",
            reason="x",
        )


@override_settings(
    SAFEGUARDING_EMAIL_NOTIFICATIONS=True, SITE_ADDRESS="https://childtrust.example.org/"
)
def test_telling_the_referrer_closes_the_referral_and_emails_the_outcome(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    # Names no other words of the email hold (a made-up "Sam" met the greeting's "Sam Okafor").
    referral = DecidedReferralFactory(child__given_name="Zephyrine", child__family_name="Quillon")
    with django_capture_on_commit_callbacks(execute=True):
        told = services.referrer_tell(actor=front_door_user(), referral=referral, how="By phone")
    assert told.stage == s.ReferralStage.CLOSED
    assert told.referrer_told_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [referral.referrer_email]
    body = mail.outbox[0].body
    # A link the referrer can follow from their mail client: absolute, to a page open to all.
    assert "Help and contact: https://childtrust.example.org/help/\n" in body
    child = referral.child
    for name in filter(None, (child.given_name, child.family_name, child.reference)):
        assert name not in body
        assert name not in mail.outbox[0].subject


def test_a_referral_is_not_closed_before_it_is_decided() -> None:
    with pytest.raises(ValidationError, match="cannot be closed"):
        services.referrer_tell(
            actor=front_door_user(), referral=ScreenedReferralFactory(), how="By phone"
        )
    with pytest.raises(ValidationError) as refused:
        services.referrer_tell(actor=front_door_user(), referral=DecidedReferralFactory(), how="")
    assert set(refused.value.message_dict) == {"how"}
    with pytest.raises(PermissionDenied):
        services.referrer_tell(
            actor=UserFactory(role=Role.PRACTITIONER),
            referral=DecidedReferralFactory(),
            how="By phone",
        )


def _s47_referral() -> s.Referral:
    return DecidedReferralFactory(decision=s.ReferralDecision.CHILD_PROTECTION)


def test_a_strategy_discussion_starts_the_initial_conference_clock_of_15_working_days() -> None:
    referral = _s47_referral()
    discussion = meetings.strategy_discussion_record(
        actor=front_door_user(),
        child=referral.child,
        referral=referral,
        held_on=datetime.date(2026, 11, 2),
        agencies=[AgencyFactory()],
        outcome="Proceed to conference.",
        proceed_to_conference=True,
    )
    clock = s.Clock.objects.get(kind=s.ClockKind.INITIAL_CONFERENCE)
    assert clock.due_on == datetime.date(2026, 11, 23)
    assert discussion.agencies.count() == 1


def test_a_strategy_discussion_out_of_order_or_incomplete_is_refused() -> None:
    referral = DecidedReferralFactory(decision=s.ReferralDecision.CHILD_IN_NEED)
    with pytest.raises(ValidationError) as refused:
        meetings.strategy_discussion_record(
            actor=front_door_user(),
            child=referral.child,
            referral=referral,
            held_on=timezone.localdate() + datetime.timedelta(days=2),
            agencies=[],
            outcome="",
            proceed_to_conference=True,
        )
    assert set(refused.value.message_dict) == {"__all__", "held_on", "agencies", "outcome"}
    assert not s.StrategyDiscussion.objects.exists()
    assert not s.Clock.objects.exists()
    with pytest.raises(PermissionDenied):
        meetings.strategy_discussion_record(
            actor=staff_user(Role.TEAM_MANAGER),
            child=referral.child,
            held_on=timezone.localdate(),
            agencies=[AgencyFactory()],
            outcome="x",
            proceed_to_conference=False,
        )


def _conference_due(child, held_on):  # type: ignore[no-untyped-def]
    s.Clock.objects.create(
        child=child,
        kind=s.ClockKind.INITIAL_CONFERENCE,
        started_on=held_on - datetime.timedelta(days=14),
        due_on=held_on,
    )


def test_an_initial_conference_makes_a_plan_with_its_first_review_in_three_months() -> None:
    child = ChildFactory()
    _conference_due(child, datetime.date(2026, 11, 30))
    meetings.conference_record(
        actor=front_door_user(),
        child=child,
        kind=s.ConferenceKind.INITIAL,
        held_on=datetime.date(2026, 11, 30),
        plan_made=True,
        category="neglect",
    )
    assert s.Clock.objects.get(kind=s.ClockKind.INITIAL_CONFERENCE).stopped_on is not None
    plan = s.ChildProtectionPlan.objects.get(child=child)
    assert plan.started_on == datetime.date(2026, 11, 30)
    review = s.Clock.objects.get(kind=s.ClockKind.FIRST_REVIEW)
    assert review.due_on == datetime.date(2027, 2, 26)  # 28 February is a Sunday


def test_review_conferences_continue_the_plan_six_months_or_end_it() -> None:
    actor = front_door_user()
    child = ChildFactory()
    _conference_due(child, datetime.date(2026, 8, 3))
    meetings.conference_record(
        actor=actor,
        child=child,
        kind="initial",
        held_on=datetime.date(2026, 8, 3),
        plan_made=True,
        category="physical",
    )
    meetings.conference_record(
        actor=actor, child=child, kind="review", held_on=datetime.date(2026, 11, 2), plan_made=True
    )
    assert s.Clock.objects.get(kind=s.ClockKind.FIRST_REVIEW).stopped_on == datetime.date(
        2026, 11, 2
    )
    assert s.Clock.objects.get(kind=s.ClockKind.REVIEW).due_on == datetime.date(2027, 4, 30)
    meetings.conference_record(
        actor=actor, child=child, kind="review", held_on=datetime.date(2026, 12, 1), plan_made=False
    )
    assert s.ChildProtectionPlan.objects.get().ended_on == datetime.date(2026, 12, 1)
    assert not s.Clock.objects.filter(stopped_on__isnull=True).exists()


def test_conferences_out_of_order_are_refused() -> None:
    actor = front_door_user()
    child = ChildFactory()
    with pytest.raises(ValidationError, match="follows a strategy discussion"):
        meetings.conference_record(
            actor=actor, child=child, kind="initial", held_on=timezone.localdate(), plan_made=False
        )
    with pytest.raises(ValidationError, match="there is none"):
        meetings.conference_record(
            actor=actor, child=child, kind="review", held_on=timezone.localdate(), plan_made=True
        )
    _conference_due(child, timezone.localdate())
    with pytest.raises(ValidationError) as refused:
        meetings.conference_record(
            actor=actor, child=child, kind="initial", held_on=timezone.localdate(), plan_made=True
        )
    assert set(refused.value.message_dict) == {"category"}
    assert not s.Conference.objects.exists()
    with pytest.raises(PermissionDenied):
        meetings.conference_record(
            actor=staff_user(Role.PRACTITIONER),
            child=child,
            kind="initial",
            held_on=timezone.localdate(),
            plan_made=False,
        )


def test_an_assessment_is_completed_by_its_social_worker_or_the_front_door_once() -> None:
    social_worker, child = involved_user(Role.PRACTITIONER)
    assessment = AssessmentFactory(child=child, social_worker=social_worker.staff_member)
    s.Clock.objects.create(
        child=child,
        kind=s.ClockKind.ASSESSMENT,
        started_on=assessment.started_on,
        due_on=timezone.localdate() + datetime.timedelta(days=40),
    )
    with pytest.raises(PermissionDenied):
        meetings.assessment_complete(
            actor=involved_user(Role.PRACTITIONER, child)[0],
            assessment=assessment,
            completed_on=timezone.localdate(),
            outcome="Support plan.",
        )
    with pytest.raises(ValidationError) as refused:
        meetings.assessment_complete(
            actor=social_worker,
            assessment=assessment,
            completed_on=timezone.localdate() + datetime.timedelta(days=1),
            outcome="",
        )
    assert set(refused.value.message_dict) == {"completed_on", "outcome"}
    meetings.assessment_complete(
        actor=social_worker,
        assessment=assessment,
        completed_on=timezone.localdate(),
        outcome="Child in need plan.",
    )
    assert s.Clock.objects.get().stopped_on == timezone.localdate()
    with pytest.raises(ValidationError, match="already complete"):
        meetings.assessment_complete(
            actor=front_door_user(),
            assessment=assessment,
            completed_on=timezone.localdate(),
            outcome="Again.",
        )
