"""Factories for concerns, designated safeguarding leads and notifications, and the people the
tests of concerns start from: a police officer, a school with its lead. Every name is invented."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.children.models import Child
from childtrust.partnership.models import Agency, AgencyKind
from childtrust.safeguarding import models as s
from tests.children.factories import ChildFactory, InvolvementFactory, staff_user
from tests.factories import AgencyFactory, StaffMemberFactory


class ConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Concern

    child = factory.SubFactory(ChildFactory)
    agency = factory.SubFactory(AgencyFactory)
    category = s.ConcernCategory.NEGLECT
    severity = s.Severity.MEDIUM
    occurred_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    summary = "The child arrived hungry and in the same clothes for the third day."


class RestrictedConcernFactory(ConcernFactory):
    sensitivity = s.ConcernSensitivity.RESTRICTED
    summary = "Disclosed at the sexual health clinic: not to be shared outside it."


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Notification

    kind = s.NotificationKind.ALERT
    subject = factory.Sequence(lambda n: f"Alert {n} about child CT-000001")
    url = "/safeguarding/notifications/"
    key = factory.Sequence(lambda n: f"test:{n}")


def police_force() -> Agency:
    found = Agency.objects.filter(slug="city-police").first()
    agency: Agency = found or AgencyFactory(
        name="City police", slug="city-police", kind=AgencyKind.POLICE
    )
    return agency


def police_officer(agency: Agency | None = None) -> User:
    return staff_user(
        Role.PRACTITIONER, agency=agency or police_force(), job_title="Police constable"
    )


def school(name: str = "Harbour Primary School", **kw: Any) -> Agency:
    agency: Agency = AgencyFactory(name=name, kind=AgencyKind.EDUCATION, **kw)
    return agency


def school_with_lead(child: Child, name: str = "Harbour Primary School") -> tuple[Agency, User]:
    """A school working with the child, with a designated safeguarding lead who signs in (not
    the practitioner of the involvement)."""
    agency = school(name)
    teacher = StaffMemberFactory(agency=agency, job_title="Class teacher")
    InvolvementFactory(child=child, practitioner=teacher, role="Class teacher")
    lead = staff_user(Role.PRACTITIONER, agency=agency, job_title="Designated safeguarding lead")
    s.DesignatedLead.objects.create(agency=agency, staff=lead.staff_member)
    return agency, lead
