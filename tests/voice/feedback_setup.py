"""A small partnership for the feedback tests: the council (the local authority, whose head
answers feedback about the partnership as a whole), a health trust, and their staff."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.partnership import models as p
from tests.factories import AgencyFactory, StaffMemberFactory, UserFactory


@dataclass
class FeedbackPartnership:
    council: p.Agency
    health: p.Agency
    director: p.StaffMember  # heads the council: the Director of Children's Services
    health_head: p.StaffMember
    health_visitor: p.StaffMember  # reports to the health head

    def user_of(self, staff: p.StaffMember) -> User:
        assert staff.user is not None
        return staff.user


def staff_with_account(role: str = Role.PRACTITIONER, **fields: object) -> p.StaffMember:
    user = UserFactory(role=role)
    return StaffMemberFactory(user=user, **fields)


def feedback_partnership() -> FeedbackPartnership:
    council = AgencyFactory(name="City Council", kind=p.AgencyKind.LOCAL_AUTHORITY)
    health = AgencyFactory(name="Community Health", kind=p.AgencyKind.HEALTH)
    director = staff_with_account(
        Role.STRATEGIC_LEAD, agency=council, job_title="Director of Children's Services"
    )
    health_head = staff_with_account(Role.TEAM_MANAGER, agency=health, job_title="Chief nurse")
    health_visitor = staff_with_account(Role.PRACTITIONER, agency=health, manager=health_head)
    return FeedbackPartnership(council, health, director, health_head, health_visitor)


def freeze_today(monkeypatch: pytest.MonkeyPatch, day: datetime.date) -> None:
    """Makes `day` today (at ten in the morning, London time) for the code under test."""
    moment = datetime.datetime.combine(day, datetime.time(10), timezone.get_current_timezone())
    monkeypatch.setattr(timezone, "now", lambda: moment)
