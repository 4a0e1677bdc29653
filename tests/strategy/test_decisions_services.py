"""The decision log's writes: who may make them, bad input refused at once, a decided record
locked against every change with the date it was locked, and the audit events."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.strategy.models import Decision, DecisionStatus
from childtrust.strategy.services import decisions as services
from tests.conftest import ALL_ROLES
from tests.factories import UserFactory
from tests.resources.factories_appraisal import AppraisalFactory
from tests.strategy.factories_change import (
    DecidedDecisionFactory,
    DecisionFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db

KEEPERS = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}
TODAY = timezone.localdate()


@pytest.fixture
def lead() -> User:
    return UserFactory(username="lead", role=Role.STRATEGIC_LEAD)


def decision_input(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "One trust for children's services",
        "decision_text": "The partners form one trust from April.",
        "decided_by": "Children's Trust Board",
        "decided_on": TODAY - datetime.timedelta(days=2),
        "evidence": "The option appraisal and the staff consultation.",
        "appraisal": None,
        "meeting": None,
    }
    values.update(changes)
    return values


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_keepers_write_the_log(role: str) -> None:
    actor = UserFactory(role=role)
    draft = DecisionFactory()
    if role in KEEPERS:
        services.decision_create(actor=actor, **decision_input())
        services.decision_update(actor=actor, decision=draft, **decision_input(title="Changed"))
        services.decision_record_as_decided(actor=actor, decision=draft)
        assert Decision.objects.count() == 2
        assert Decision.objects.get(pk=draft.pk).status == DecisionStatus.DECIDED
    else:
        with pytest.raises(PermissionDenied):
            services.decision_create(actor=actor, **decision_input())
        with pytest.raises(PermissionDenied):
            services.decision_update(actor=actor, decision=draft, **decision_input())
        with pytest.raises(PermissionDenied):
            services.decision_record_as_decided(actor=actor, decision=draft)
        assert Decision.objects.get().status == DecisionStatus.DRAFT


def test_a_draft_is_linked_to_its_appraisal_and_meeting_and_audited(lead: User) -> None:
    appraisal = AppraisalFactory()
    meeting = MeetingFactory(held_on=TODAY - datetime.timedelta(days=2))

    made = services.decision_create(
        actor=lead, **decision_input(appraisal=appraisal, meeting=meeting)
    )

    assert (made.status, made.appraisal, made.meeting) == ("draft", appraisal, meeting)
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="strategy.decision")
    assert event.details["appraisal"] == appraisal.pk
    assert event.details["meeting"] == meeting.pk


def test_every_missing_answer_is_refused_at_once(lead: User) -> None:
    meeting = MeetingFactory(held_on=TODAY - datetime.timedelta(days=9))

    with pytest.raises(ValidationError) as refused:
        services.decision_create(
            actor=lead,
            **decision_input(
                title="", decision_text=" ", decided_by="", evidence="", meeting=meeting
            ),
        )

    assert set(refused.value.message_dict) == {
        "title",
        "decision",
        "decided_by",
        "evidence",
        "decided_on",
    }
    assert "dated the day it met" in refused.value.message_dict["decided_on"][0]
    assert not Decision.objects.exists()


def test_recording_as_decided_locks_it_and_every_later_change_is_refused(lead: User) -> None:
    draft = DecisionFactory(title="Pool the budgets")

    services.decision_record_as_decided(actor=lead, decision=draft)
    locked_on = date_format(TODAY, "j F Y")
    message = f"This decision was recorded as decided on {locked_on} and is locked"
    with pytest.raises(ValidationError) as change:
        services.decision_update(actor=lead, decision=draft, **decision_input(title="Moved"))
    with pytest.raises(ValidationError) as again:
        services.decision_record_as_decided(actor=lead, decision=draft)

    assert change.value.messages == [message]
    assert again.value.messages == [message]
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Pool the budgets", DecisionStatus.DECIDED)
    assert draft.locked_at is not None
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="strategy.decision")
    assert event.details["to"]["status"] == "decided"


def test_a_decision_locked_by_someone_else_meanwhile_is_refused(lead: User) -> None:
    """The page's copy was a draft when it was read; the database's says decided."""
    draft = DecisionFactory()
    Decision.objects.filter(pk=draft.pk).update(
        status=DecisionStatus.DECIDED, locked_at=timezone.now()
    )

    with pytest.raises(ValidationError, match="is locked"):
        services.decision_update(actor=lead, decision=draft, **decision_input())


def test_a_decision_dated_in_the_future_cannot_be_recorded_as_decided(lead: User) -> None:
    draft = DecisionFactory(decided_on=TODAY + datetime.timedelta(days=5))

    with pytest.raises(ValidationError) as refused:
        services.decision_record_as_decided(actor=lead, decision=draft)

    assert list(refused.value.message_dict) == ["decided_on"]
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.DRAFT


def test_a_decided_record_from_a_factory_is_locked_too(lead: User) -> None:
    decided = DecidedDecisionFactory()

    with pytest.raises(ValidationError, match="is locked"):
        services.decision_update(actor=lead, decision=decided, **decision_input())
