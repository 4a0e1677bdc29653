"""The risk register's writes: who may make them, bad input refused with every message at once
and nothing written, references R01, R02 ..., closing and reopening, and their audit events."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.partnership.models import StaffMember
from childtrust.strategy.models import Objective, Risk, RiskStatus
from childtrust.strategy.services import risks as services
from tests.conftest import ALL_ROLES
from tests.factories import PriorityFactory, StaffMemberFactory, UserFactory
from tests.strategy.factories_change import PlanFactory, RiskFactory

pytestmark = pytest.mark.django_db

KEEPERS = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}
TODAY = timezone.localdate()


@pytest.fixture
def lead() -> User:
    return UserFactory(username="lead", role=Role.STRATEGIC_LEAD)


@pytest.fixture
def owner() -> StaffMember:
    return StaffMemberFactory()


def risk_input(owner: StaffMember | None, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Health visitors leave",
        "cause": "Pay falls behind neighbouring areas.",
        "effect": "Fewer mandated contacts made.",
        "owner": owner,
        "inherent_likelihood": 4,
        "inherent_impact": 5,
        "residual_likelihood": 3,
        "residual_impact": 4,
        "controls": "Retention payments.",
        "actions": "Review pay.",
        "proximity": "near",
        "review_on": TODAY + datetime.timedelta(days=30),
    }
    values.update(changes)
    return values


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_keepers_add_a_risk(role: str, owner: StaffMember) -> None:
    actor = UserFactory(role=role)
    if role in KEEPERS:
        assert services.risk_create(actor=actor, **risk_input(owner)).reference == "R01"
    else:
        with pytest.raises(PermissionDenied):
            services.risk_create(actor=actor, **risk_input(owner))
        assert not Risk.objects.exists()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_keepers_change_close_and_reopen_a_risk(role: str, owner: StaffMember) -> None:
    actor = UserFactory(role=role)
    risk = RiskFactory()
    if role in KEEPERS:
        services.risk_update(actor=actor, risk=risk, **risk_input(owner), objectives=[])
        services.risk_close(actor=actor, risk=risk)
        services.risk_reopen(actor=actor, risk=risk)
        risk.refresh_from_db()
        assert (risk.title, risk.status) == ("Health visitors leave", RiskStatus.OPEN)
    else:
        with pytest.raises(PermissionDenied):
            services.risk_update(actor=actor, risk=risk, **risk_input(owner), objectives=[])
        with pytest.raises(PermissionDenied):
            services.risk_close(actor=actor, risk=risk)
        with pytest.raises(PermissionDenied):
            services.risk_reopen(actor=actor, risk=risk)
        risk.refresh_from_db()
        assert (risk.title, risk.status) != ("Health visitors leave", RiskStatus.CLOSED)


def test_references_follow_the_highest_held(lead: User, owner: StaffMember) -> None:
    RiskFactory(reference="R07")
    RiskFactory(reference="Legacy 1")

    risk = services.risk_create(actor=lead, **risk_input(owner))

    assert risk.reference == "R08"


def test_a_new_risk_is_open_linked_to_its_objectives_and_audited(
    lead: User, owner: StaffMember
) -> None:
    plan = PlanFactory()
    objective = Objective.objects.create(plan=plan, title="Teeth", owner=owner)
    objective.priorities.set([PriorityFactory()])

    risk = services.risk_create(actor=lead, **risk_input(owner), objectives=[objective])

    assert risk.status == RiskStatus.OPEN
    assert list(risk.objectives.all()) == [objective]
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="strategy.risk")
    assert event.details["reference"] == "R01"
    assert event.details["residual"] == [3, 4]
    assert event.details["objectives"] == [objective.pk]


def test_every_bad_input_is_refused_at_once_and_nothing_written(lead: User) -> None:
    with pytest.raises(ValidationError) as refused:
        services.risk_create(
            actor=lead,
            **risk_input(
                None,
                title=" ",
                cause="",
                effect="",
                inherent_likelihood=6,
                inherent_impact=0,
                residual_likelihood=2,
                residual_impact=5,
                proximity="soon",
                review_on=TODAY - datetime.timedelta(days=1),
            ),
        )

    assert refused.value.message_dict == {
        "title": ["Enter the risk's title"],
        "cause": ["Enter the risk's cause: what could make it happen"],
        "effect": ["Enter the risk's effect: what would happen to the plan"],
        "owner": ["Choose the risk's owner"],
        "inherent_likelihood": ["The inherent likelihood must be a whole number from 1 to 5"],
        "inherent_impact": ["The inherent impact must be a whole number from 1 to 5"],
        "proximity": ["Choose how soon the risk could happen"],
        "review_on": ["The review date must be today or in the future"],
    }
    assert not Risk.objects.exists()
    assert not AuditEvent.objects.filter(object_type="strategy.risk").exists()


def test_residual_above_inherent_is_refused_for_likelihood_and_impact(
    lead: User, owner: StaffMember
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.risk_create(
            actor=lead,
            **risk_input(
                owner,
                inherent_likelihood=2,
                residual_likelihood=3,
                inherent_impact=3,
                residual_impact=4,
            ),
        )

    assert refused.value.message_dict == {
        "residual_likelihood": [
            "The residual likelihood cannot be higher than the inherent likelihood: controls "
            "do not make a risk more likely"
        ],
        "residual_impact": [
            "The residual impact cannot be higher than the inherent impact: controls do not "
            "make a risk's effect worse"
        ],
    }
    assert not Risk.objects.exists()


def test_an_owner_no_longer_in_post_is_refused(lead: User) -> None:
    gone = StaffMemberFactory(is_active=False)

    with pytest.raises(ValidationError) as refused:
        services.risk_create(actor=lead, **risk_input(gone))

    assert list(refused.value.message_dict) == ["owner"]


def test_a_change_may_leave_the_review_date_past_but_not_the_scores_inverted(
    lead: User, owner: StaffMember
) -> None:
    risk = RiskFactory(owner=owner)
    past = TODAY - datetime.timedelta(days=3)

    services.risk_update(actor=lead, risk=risk, **risk_input(owner, review_on=past), objectives=[])
    with pytest.raises(ValidationError):
        services.risk_update(
            actor=lead,
            risk=risk,
            **risk_input(owner, residual_likelihood=5, inherent_likelihood=4),
            objectives=[],
        )

    risk.refresh_from_db()
    assert risk.review_on == past
    assert risk.residual_likelihood == 3
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="strategy.risk")
    assert "review_on" in event.details["changed"]


def test_close_then_reopen_each_record_an_event_and_a_second_close_is_refused(
    lead: User,
) -> None:
    risk = RiskFactory()

    services.risk_close(actor=lead, risk=risk)
    with pytest.raises(ValidationError, match="already closed"):
        services.risk_close(actor=lead, risk=risk)
    services.risk_reopen(actor=lead, risk=risk)

    statuses = [
        e.details["to"]["status"]
        for e in AuditEvent.objects.filter(object_type="strategy.risk").order_by("sequence")
    ]
    assert statuses == ["closed", "open"]
