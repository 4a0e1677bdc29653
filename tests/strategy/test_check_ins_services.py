"""The owner's monthly check-in: only the objective's owner in post records one (strategic leads
too are refused unless they own it), one a month for this month or the one before, bad input
refused with every message at once, and the audit event."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.strategy.models import CheckIn
from childtrust.strategy.selectors.measures import latest_check_ins, months_open
from childtrust.strategy.services.check_ins import check_in_create
from tests.conftest import ALL_ROLES
from tests.factories import UserFactory
from tests.strategy.factories_measures import Setting, plan_with_objective

pytestmark = pytest.mark.django_db

THIS_MONTH, LAST_MONTH = months_open(timezone.localdate())


@pytest.fixture
def setting() -> Setting:
    return plan_with_objective()


def record(setting: Setting, **changes: object) -> CheckIn:
    given: dict[str, object] = {
        "actor": setting.owner,
        "objective": setting.objective,
        "month": THIS_MONTH,
        "confidence": 4,
        "happened": "Brushing clubs opened in six schools.",
    }
    given.update(changes)
    return check_in_create(**given)  # type: ignore[arg-type]


def test_the_owner_records_a_check_in_and_it_is_audited(setting: Setting) -> None:
    made = record(setting, blocking="Dental nurses", help_needed="")

    assert (made.month, made.confidence, made.recorded_by) == (THIS_MONTH, 4, setting.owner)
    (event,) = AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="strategy.checkin")
    assert event.details == {
        "objective": setting.objective.pk,
        "month": THIS_MONTH.isoformat(),
        "confidence": 4,
        "blocking": True,
        "help_needed": False,
    }
    assert latest_check_ins(setting.plan) == {setting.objective.pk: made}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_no_one_but_the_owner_records_a_check_in_whatever_their_role(
    setting: Setting, role: str
) -> None:
    with pytest.raises(PermissionDenied):
        record(setting, actor=UserFactory(username=f"{role}-other", role=role))
    assert not CheckIn.objects.exists()


def test_a_strategic_lead_who_does_not_own_it_is_refused(setting: Setting) -> None:
    with pytest.raises(PermissionDenied):
        record(setting, actor=setting.lead)


def test_an_owner_no_longer_in_post_is_refused(setting: Setting) -> None:
    setting.objective.owner.is_active = False
    setting.objective.owner.save()

    with pytest.raises(PermissionDenied):
        record(setting)


def test_the_previous_month_may_be_recorded_but_not_earlier(setting: Setting) -> None:
    record(setting, month=LAST_MONTH)
    earlier = (LAST_MONTH - datetime.timedelta(days=1)).replace(day=1)

    with pytest.raises(ValidationError) as refused:
        record(setting, month=earlier)

    assert refused.value.message_dict["month"] == [
        f"Choose {THIS_MONTH:%B %Y} or {LAST_MONTH:%B %Y}: earlier months are closed"
    ]


def test_a_second_check_in_for_the_month_is_refused(setting: Setting) -> None:
    record(setting)

    with pytest.raises(ValidationError) as refused:
        record(setting, confidence=2)

    assert refused.value.message_dict["month"] == [
        f"A check-in for {THIS_MONTH:%B %Y} has already been recorded: each month has one"
    ]
    assert CheckIn.objects.get().confidence == 4


def test_bad_input_is_refused_with_every_message_and_nothing_written(setting: Setting) -> None:
    with pytest.raises(ValidationError) as refused:
        record(setting, confidence=6, happened="  ")

    assert refused.value.message_dict == {
        "confidence": ["Choose how confident you are, from 1 (very low) to 5 (very high)"],
        "happened": ["Enter what happened this month"],
    }
    assert not CheckIn.objects.exists()
    assert not AuditEvent.objects.filter(object_type="strategy.checkin").exists()


def test_a_manager_role_does_not_make_someone_the_owner(setting: Setting) -> None:
    other_manager = UserFactory(username="other", role=Role.TEAM_MANAGER)

    with pytest.raises(PermissionDenied):
        record(setting, actor=other_manager)
