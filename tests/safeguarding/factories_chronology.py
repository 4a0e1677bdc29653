"""Factories for the chronology's tests: one record of each kind the chronology reads, at a
fixed moment so that order can be checked, and `full_history`, a child with one of everything.
Kept apart from the other parts' factories so that these tests do not move when theirs do.
Every name is invented."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import factory

from childtrust.children.models import Child
from childtrust.partnership.models import Agency, StaffMember
from childtrust.safeguarding import models as s
from tests.children.factories import ChildFactory, InvolvementFactory
from tests.factories import AgencyFactory, StaffMemberFactory


def at(day: int, hour: int = 10, month: int = 11) -> datetime.datetime:
    """A moment in November 2026 (by default), in the partnership's time."""
    return datetime.datetime(2026, month, day, hour, 0, tzinfo=datetime.UTC)


def on(day: int, month: int = 11) -> datetime.date:
    return datetime.date(2026, month, day)


class ChronoConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Concern

    child = factory.SubFactory(ChildFactory)
    agency = factory.SubFactory(AgencyFactory)
    category = s.ConcernCategory.NEGLECT
    severity = s.Severity.MEDIUM
    occurred_at = factory.LazyFunction(lambda: at(2))
    summary = "Arrived hungry for the third day running."


class ChronoReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Referral

    child = factory.SubFactory(ChildFactory)
    kind = s.ReferralKind.REFERRAL
    received_at = factory.LazyFunction(lambda: at(3))
    referrer_name = "Dana Whitfield"
    reason = "Bruising seen at swimming."


class ChronoInformationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.InformationRequest

    referral = factory.SubFactory(ChronoReferralFactory)
    agency = factory.SubFactory(AgencyFactory)
    asked_at = factory.LazyFunction(lambda: at(3, 12))
    due_at = factory.LazyFunction(lambda: at(4, 12))


class ChronoAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Assessment

    child = factory.SubFactory(ChildFactory)
    kind = s.AssessmentKind.CHILD_IN_NEED
    started_on = factory.LazyFunction(lambda: on(5))


class ChronoStrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.StrategyDiscussion

    child = factory.SubFactory(ChildFactory)
    held_on = factory.LazyFunction(lambda: on(6))
    outcome = "Section 47 enquiry to proceed."
    proceed_to_conference = True


class ChronoConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Conference

    child = factory.SubFactory(ChildFactory)
    kind = s.ConferenceKind.INITIAL
    held_on = factory.LazyFunction(lambda: on(20))
    plan_made = True


class ChronoPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.ChildProtectionPlan

    child = factory.SubFactory(ChildFactory)
    category = "Neglect"
    started_on = factory.LazyFunction(lambda: on(20))


class ChronoRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.AlertRule

    name = factory.Sequence(lambda n: f"Concerns from two agencies {n}")
    kind = s.RuleKind.CONCERNS_ACROSS_AGENCIES
    rag = s.Rag.RED


class ChronoAlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Alert

    rule = factory.SubFactory(ChronoRuleFactory)
    child = factory.SubFactory(ChildFactory)
    rag = s.Rag.RED
    raised_at = factory.LazyFunction(lambda: at(7))
    acknowledge_by = factory.LazyFunction(lambda: at(8))


class ChronoTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.TeamAroundChild

    child = factory.SubFactory(ChildFactory)
    lead_professional = factory.SubFactory(StaffMemberFactory)
    started_on = factory.LazyFunction(lambda: on(9))


class ChronoMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.TeamMember

    team = factory.SubFactory(ChronoTeamFactory)
    staff = factory.SubFactory(StaffMemberFactory)
    agency = factory.LazyAttribute(lambda m: m.staff.agency)
    role = "School nurse"
    joined_on = factory.LazyFunction(lambda: on(10))


@dataclass
class History:
    child: Child
    police: Agency
    school: Agency
    restricted: s.Concern
    social_worker: StaffMember


def full_history(child: Child | None = None, *, suffix: str = "", **concern: Any) -> History:
    """A child with one of everything the chronology reads, each on its own day of November
    2026: a concern from the school (2nd) and a restricted one from the police (2nd, 11am), a
    referral received, screened red, asked of the school and answered, decided s47 and the
    referrer told (3rd-4th), an assessment (5th-15th), a strategy discussion (6th), an alert
    raised and acknowledged (7th), a team around the child with a member, a review and a step
    up (9th-12th), a conference and a plan (20th), and an involvement (1 September 2025).
    `suffix` follows the agencies' names, for a second history in one test."""
    child = child or ChildFactory()
    police = AgencyFactory(name=f"City Police{suffix}", contact_email="mash@police.example.org")
    school = AgencyFactory(name=f"Harbour Primary School{suffix}")
    social_worker = StaffMemberFactory(given_name="Sam", family_name="Okoro")
    ChronoConcernFactory(child=child, agency=school, significant=True, **concern)
    restricted = ChronoConcernFactory(
        child=child,
        agency=police,
        occurred_at=at(2, 11),
        category=s.ConcernCategory.DOMESTIC_ABUSE,
        sensitivity=s.ConcernSensitivity.RESTRICTED,
        summary="Disclosed in confidence to the domestic abuse unit.",
    )
    referral = ChronoReferralFactory(
        child=child,
        referrer_agency=school,
        rag=s.Rag.RED,
        screened_at=at(3, 11),
        screening_note="Bruising on both arms.",
        decision=s.ReferralDecision.CHILD_PROTECTION,
        decided_at=at(4, 9),
        decision_reason="Injuries need a section 47 enquiry.",
        referrer_told_at=at(4, 15),
        referrer_told_how="By telephone",
        stage=s.ReferralStage.DECIDED,
    )
    ChronoInformationRequestFactory(
        referral=referral, agency=school, answered_at=at(3, 14), answer="Attendance 82%."
    )
    ChronoAssessmentFactory(
        child=child,
        referral=referral,
        social_worker=social_worker,
        completed_on=on(15),
        outcome="Needs met by a child protection plan.",
    )
    discussion = ChronoStrategyFactory(child=child, referral=referral)
    discussion.agencies.set([police, school])
    alert = ChronoAlertFactory(child=child, acknowledged_at=at(7, 13))
    alert.concerns.set([restricted])
    team = ChronoTeamFactory(child=child)
    ChronoMemberFactory(team=team)
    s.TeamReview.objects.create(team=team, held_on=on(11), progress="Attendance better.")
    s.StepChange.objects.create(
        team=team, direction=s.StepDirection.UP, on=on(12), reason="Injuries seen."
    )
    ChronoConferenceFactory(child=child)
    ChronoPlanFactory(child=child)
    InvolvementFactory(child=child, role="Class teacher")
    return History(
        child=child,
        police=police,
        school=school,
        restricted=restricted,
        social_worker=social_worker,
    )
