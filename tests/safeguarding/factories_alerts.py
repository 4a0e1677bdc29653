"""Factories for cumulative-concern alerts: concerns (as the rules read them), alert rules of
each kind, alerts in each state, and the people who meet them. Every name here is invented."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.safeguarding import models as s
from tests.children.factories import ChildFactory, InvolvementFactory, staff_user
from tests.factories import AgencyFactory


class ConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Concern

    child = factory.SubFactory(ChildFactory)
    agency = factory.SubFactory(AgencyFactory)
    category = s.ConcernCategory.NEGLECT
    severity = s.Severity.MEDIUM
    occurred_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    summary = "Came to school hungry and in the same clothes all week."


class AlertRuleFactory(factory.django.DjangoModelFactory):
    """Three concerns from two agencies within 90 days, amber."""

    class Meta:
        model = s.AlertRule

    name = factory.Sequence(lambda n: f"Rule {n}")
    kind = s.RuleKind.CONCERNS_ACROSS_AGENCIES
    minimum_concerns = 3
    minimum_agencies = 2
    window_days = 90
    rag = s.Rag.AMBER
    acknowledge_within_hours = 24


class RepeatedRuleFactory(AlertRuleFactory):
    kind = s.RuleKind.REPEATED_CATEGORY
    categories = factory.LazyFunction(lambda: [s.ConcernCategory.MISSING.value])
    minimum_agencies = 1
    rag = s.Rag.RED


class PlanRuleFactory(AlertRuleFactory):
    kind = s.RuleKind.CHILD_PROTECTION_PLAN
    minimum_concerns = 1
    minimum_agencies = 1
    window_days = 30
    rag = s.Rag.RED


class ChildProtectionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.ChildProtectionPlan

    child = factory.SubFactory(ChildFactory)
    category = "neglect"
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))


class AlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Alert
        skip_postgeneration_save = True

    rule = factory.SubFactory(AlertRuleFactory)
    child = factory.SubFactory(ChildFactory)
    rag = s.Rag.AMBER
    raised_at = factory.LazyFunction(timezone.now)
    acknowledge_by = factory.LazyAttribute(lambda a: a.raised_at + datetime.timedelta(hours=24))

    @factory.post_generation
    def with_concerns(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.concerns.add(*(extracted or [ConcernFactory(child=self.child)]))


def concerns_about(child: Any, count: int, *, agencies: int = 1, **kw: Any) -> list[s.Concern]:
    """`count` concerns about the child from `agencies` agencies (in turn)."""
    made = [AgencyFactory() for _ in range(agencies)]
    return [ConcernFactory(child=child, agency=made[i % agencies], **kw) for i in range(count)]


def front_door_user(**staff: Any) -> User:
    return staff_user(Role.FRONT_DOOR, **staff)


def lead_professional_for(child: Any, *, manager: Any = None) -> User:
    """A practitioner who is the child's lead professional (with a line manager, if given)."""
    user = staff_user(Role.PRACTITIONER, manager=manager)
    InvolvementFactory(child=child, practitioner=user.staff_member, is_lead_professional=True)
    return user


def manager_chain(levels: int) -> list[Any]:
    """Team managers, each managed by the next: [first line, their manager, ...]."""
    chain: list[Any] = []
    above = None
    for _ in range(levels):
        user = staff_user(Role.TEAM_MANAGER, manager=above)
        chain.insert(0, user.staff_member)
        above = user.staff_member
    return chain
