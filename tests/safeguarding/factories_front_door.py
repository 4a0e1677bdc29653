"""Factories for the front door: referrals in each stage, information requests, assessments and
clocks, and the people who work it. Every name here is invented."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.safeguarding import models as s
from tests.children.factories import ChildFactory, staff_user
from tests.factories import AgencyFactory, StaffMemberFactory


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Referral

    child = factory.SubFactory(ChildFactory)
    kind = s.ReferralKind.REFERRAL
    received_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    referrer_name = "Sam Okafor"
    referrer_email = "sam.okafor@school.example.org"
    reason = "Came to school hungry three days running, with a bruise on the arm."


class ScreenedReferralFactory(ReferralFactory):
    stage = s.ReferralStage.SCREENED
    rag = s.Rag.AMBER
    screening_note = "Several agencies know the family; needs a decision today."
    screened_at = factory.LazyFunction(timezone.now)


class DecidedReferralFactory(ScreenedReferralFactory):
    stage = s.ReferralStage.DECIDED
    decision = s.ReferralDecision.CHILD_PROTECTION
    decision_reason = "Injury with no explanation; police and health agree."
    decided_at = factory.LazyFunction(timezone.now)


class InformationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.InformationRequest

    referral = factory.SubFactory(ScreenedReferralFactory)
    agency = factory.SubFactory(AgencyFactory)
    asked_at = factory.LazyFunction(timezone.now)
    due_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Assessment

    child = factory.SubFactory(ChildFactory)
    kind = s.AssessmentKind.CHILD_IN_NEED
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))


class ClockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Clock

    child = factory.SubFactory(ChildFactory)
    kind = s.ClockKind.ASSESSMENT
    started_on = datetime.date(2026, 10, 1)
    due_on = datetime.date(2026, 12, 4)
    owner = factory.SubFactory(StaffMemberFactory)


def front_door_user(**staff: Any) -> User:
    return staff_user(Role.FRONT_DOOR, **staff)


def manager_line(depth: int = 3) -> list[User]:
    """Users in one line, each managing the next: [head, ..., the most junior]; the junior a
    practitioner, those above team managers."""
    people: list[User] = []
    for level in range(depth):
        role = Role.PRACTITIONER if level == depth - 1 else Role.TEAM_MANAGER
        manager = people[-1].staff_member if people else None
        people.append(staff_user(role, manager=manager))
    return people
