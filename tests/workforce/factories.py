"""Factories for the workforce: posts (social worker and other), job descriptions, holdings
(starters, leavers), agency cover, absence, caseloads, remits, national statistics and
restructures with their affected people."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.workforce import models as w
from tests.factories import AgencyFactory, StaffMemberFactory, TeamFactory, UserFactory


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = w.Post

    agency = factory.SubFactory(AgencyFactory)
    reference = factory.Sequence(lambda n: f"P{n:05d}")
    job_title = "Social worker"
    grade = "Grade 8"
    fte = Decimal("1.00")
    team = factory.SubFactory(TeamFactory, agency=factory.SelfAttribute("..agency"))
    locality = None
    profession = w.Profession.SOCIAL_WORKER
    social_worker = True
    starts_on = datetime.date(2015, 4, 1)


class OtherPostFactory(PostFactory):
    job_title = "Health visitor"
    profession = w.Profession.HEALTH_VISITOR
    social_worker = False


class JobDescriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = w.JobDescription

    post = factory.SubFactory(PostFactory)
    version = factory.Sequence(lambda n: n + 1)
    text = "Holds a caseload of children in need and children subject to a plan."
    reason = "First version"
    changed_at = factory.LazyFunction(timezone.now)


class HoldingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = w.Holding

    post = factory.SubFactory(PostFactory)
    staff = factory.SubFactory(StaffMemberFactory, agency=factory.SelfAttribute("..post.agency"))
    fte = Decimal("1.00")
    starts_on = datetime.date(2018, 1, 8)
    ends_on = None
    joined_agency = True
    leaving_reason = ""


class LeaverHoldingFactory(HoldingFactory):
    ends_on = datetime.date(2023, 6, 30)
    leaving_reason = w.LeavingReason.RESIGNATION


class AgencyCoverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = w.AgencyCover

    post = factory.SubFactory(PostFactory)
    worker_name = factory.Faker("name", locale="en_GB")
    supplier = "Northgate Locums Ltd"
    fte = Decimal("1.00")
    reason = w.CoverReason.VACANCY
    starts_on = datetime.date(2023, 4, 3)
    ends_on = None


class SicknessAbsenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = w.SicknessAbsence

    staff = factory.SubFactory(StaffMemberFactory)
    starts_on = datetime.date(2023, 2, 6)
    ends_on = datetime.date(2023, 2, 10)
    working_days_lost = Decimal("5.0")


class CaseloadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = w.Caseload

    staff = factory.SubFactory(StaffMemberFactory)
    counted_on = datetime.date(2023, 9, 30)
    cases = 17


class WorkforceManagerFactory(UserFactory):
    role = Role.WORKFORCE_MANAGER


class WorkforceRemitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = w.WorkforceRemit

    user = factory.SubFactory(WorkforceManagerFactory)
    agency = factory.SubFactory(AgencyFactory)


class WorkforceStatisticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = w.WorkforceStatistic

    year = 2023
    geographic_level = w.GeographicLevel.NATIONAL
    area_code = "E92000001"
    area_name = "England"
    measure = "turnover_rate_fte"
    value = 17.1
    symbol = w.StatisticSymbol.NONE


class RestructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = w.Restructure

    title = factory.Sequence(lambda n: f"Restructure {n}")
    reason = "To build multi-agency locality teams."
    agency = factory.SubFactory(AgencyFactory)
    status = w.RestructureStatus.PROPOSED
    proposed_redundancies = 0


class AffectedPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = w.AffectedPerson

    restructure = factory.SubFactory(RestructureFactory)
    staff = factory.SubFactory(
        StaffMemberFactory, agency=factory.SelfAttribute("..restructure.agency")
    )
    proposal = "Your post moves to the North locality team with the same grade."
