"""Factories for the children app: children, agencies' records of them, involvements, sharing
decisions and break glass. Every name and number here is invented."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

import factory
from django.test import Client
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.children import models as c
from tests.factories import AgencyFactory, StaffMemberFactory, UserFactory

#: A reason to break glass, long and specific enough for the service to accept it.
EMERGENCY_REASON = (
    "The police report the child missing tonight and we need the school's contact now."
)


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.Child

    reference = factory.Sequence(lambda n: f"CT-{n + 1:06d}")
    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = datetime.date(2016, 5, 14)
    postcode = "SO14 7LY"


class ShieldedChildFactory(ChildFactory):
    shielded = True
    shielded_reason = "At risk of being found by a parent the court has kept away."
    shielded_at = factory.LazyFunction(timezone.now)


class AgencyRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.AgencyRecord

    agency = factory.SubFactory(AgencyFactory)
    record_id = factory.Sequence(lambda n: f"R{n:07d}")
    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = datetime.date(2016, 5, 14)
    sex = c.Sex.FEMALE
    postcode = "SO14 7LY"
    content_hash = factory.LazyAttribute(
        lambda r: hashlib.sha256(f"{r.record_id}{r.given_name}{r.family_name}".encode()).hexdigest()
    )


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.Involvement

    child = factory.SubFactory(ChildFactory)
    practitioner = factory.SubFactory(StaffMemberFactory)
    agency = factory.LazyAttribute(lambda i: i.practitioner.agency if i.practitioner else None)
    role = "Health visitor"
    started_on = datetime.date(2025, 9, 1)
    contact = "023 8000 0000"


class SharingDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.SharingDecision

    child = factory.SubFactory(ChildFactory)
    what_shared = "That the child is seen by the service"
    shared_with = "The lead professional"
    purpose = "To plan support together"
    lawful_basis = c.LawfulBasis.CONSENT
    outcome = c.ConsentOutcome.GIVEN
    decided_on = datetime.date(2026, 11, 2)


class BreakGlassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.BreakGlass

    child = factory.SubFactory(ShieldedChildFactory)
    user = factory.SubFactory(UserFactory)
    reason = EMERGENCY_REASON
    started_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda b: b.started_at + datetime.timedelta(hours=4))


def staff_user(role: Role, **staff: Any) -> User:
    """A user of the role with an active staff record (its agency and team as given)."""
    user: User = UserFactory(role=role)
    StaffMemberFactory(user=user, email=f"{user.username}@example.org", **staff)
    return user


def involved_user(role: Role, child: c.Child | None = None) -> tuple[User, c.Child]:
    """A staff user of the role with an active involvement of their own with the child (a new
    one unless given): the relationship most of the rules start from."""
    user = staff_user(role)
    child = child if child is not None else ChildFactory()
    InvolvementFactory(child=child, practitioner=user.staff_member)
    return user, child


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
