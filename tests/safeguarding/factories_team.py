"""Factories for the Team Around the Child: a team (with its lead professional as a member and
as the child's lead in the child index), members, actions and reviews. Every name is invented."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.children.models import Child
from childtrust.partnership.models import StaffMember
from childtrust.safeguarding import models as s
from tests.children.factories import ChildFactory, InvolvementFactory, staff_user
from tests.factories import StaffMemberFactory


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


class TeamAroundChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.TeamAroundChild

    child = factory.SubFactory(ChildFactory)
    lead_professional = factory.SubFactory(StaffMemberFactory)
    started_on = factory.LazyFunction(lambda: days_ago(60))


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.TeamMember

    team = factory.SubFactory(TeamAroundChildFactory)
    staff = factory.SubFactory(StaffMemberFactory)
    agency = factory.LazyAttribute(lambda m: m.staff.agency)
    role = "School nurse"
    joined_on = factory.LazyFunction(lambda: days_ago(30))


class PlanActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.PlanAction

    team = factory.SubFactory(TeamAroundChildFactory)
    action = "Arrange a hearing test"
    owner = factory.SubFactory(StaffMemberFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))


class TeamReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.TeamReview

    team = factory.SubFactory(TeamAroundChildFactory)
    held_on = factory.LazyFunction(lambda: days_ago(10))
    progress = "Attendance is up to 92% this half term."
    next_review_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=30)
    )


def team_led_by(lead: StaffMember, child: Child | None = None) -> s.TeamAroundChild:
    """An open team with `lead` as its lead professional, a member, and the child's lead
    professional in the child index."""
    child = child if child is not None else ChildFactory()
    InvolvementFactory(
        child=child, practitioner=lead, role="Family support worker", is_lead_professional=True
    )
    team = TeamAroundChildFactory(child=child, lead_professional=lead)
    TeamMemberFactory(
        team=team, staff=lead, role="Family support worker", joined_on=team.started_on
    )
    return team


def lead_user(role: Role = Role.PRACTITIONER) -> tuple[User, s.TeamAroundChild]:
    """A signed-in lead professional and the open team they lead."""
    user = staff_user(role)
    return user, team_led_by(user.staff_member)


def member_of(team: s.TeamAroundChild, role: Role = Role.PRACTITIONER) -> User:
    """A user who is a current member of the team (with no involvement of their own)."""
    user = staff_user(role)
    TeamMemberFactory(team=team, staff=user.staff_member)
    return user
