"""Factories for the partnership board: meetings, agenda items, actions (open, done) and minutes
(draft, approved)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from childtrust.strategy.models import (
    ActionStatus,
    AgendaItem,
    BoardAction,
    BoardMeeting,
    Minutes,
    MinutesStatus,
)
from tests.factories import StaffMemberFactory


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


class BoardMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardMeeting

    title = factory.Sequence(lambda n: f"Partnership board {n}")
    held_on = factory.LazyFunction(lambda: days_ago(30))
    chair = "Councillor Ann Example, lead member for children's services"
    location = "Civic Centre"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(BoardMeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")


class BoardActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardAction

    meeting = factory.SubFactory(BoardMeetingFactory)
    description = factory.Sequence(lambda n: f"Action {n}")
    owner = factory.SubFactory(StaffMemberFactory)
    due_on = factory.LazyFunction(lambda: days_ago(-14))


class DoneBoardActionFactory(BoardActionFactory):
    status = ActionStatus.DONE
    done_on = factory.LazyFunction(lambda: days_ago(2))


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(BoardMeetingFactory)
    text = "The board met and agreed the plan."


class ApprovedMinutesFactory(MinutesFactory):
    status = MinutesStatus.APPROVED
    approved_at = factory.SubFactory(
        BoardMeetingFactory, held_on=factory.LazyFunction(lambda: days_ago(1))
    )
