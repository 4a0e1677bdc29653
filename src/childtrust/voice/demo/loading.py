"""What the parts of the demo share: the partnership they load onto, moments relative to the
moment of loading, and checked bulk inserts."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from django.db import models
from django.utils import timezone

from childtrust.core.calendar import is_working_day
from childtrust.partnership.models import StaffMember
from childtrust.partnership.selectors.registry import agencies_by_name
from childtrust.partnership.selectors.staff import staff_in_post, staff_levels
from childtrust.voice.selectors.feedback import feedback_agency_head, feedback_partnership_agency


class VoiceDemoRefusedError(Exception):
    """Staff voice already has records, or the partnership has no one to send or answer."""


ModelT = TypeVar("ModelT", bound=models.Model)


def _checked(objects: list[ModelT], *, relations: tuple[str, ...] = ()) -> list[ModelT]:
    """Field-level checks (lengths, choices) before a bulk insert; relations, uniqueness and
    constraints are left to the database, which enforces them on insert."""
    for obj in objects:
        obj.full_clean(exclude=list(relations), validate_unique=False, validate_constraints=False)
    return objects


@dataclass
class DemoPerson:
    staff: StaffMember
    level: int


class DemoLoad:
    """What every part of the demo loads with: the moment and the seed, the partnership's
    agencies and active staff (with their levels), the director who sends and answers, and the
    count of what has been created."""

    def __init__(self, *, now: datetime, seed: int) -> None:
        self.now = now.astimezone(UTC)
        self.today = timezone.localdate(now)
        self.rng = random.Random(seed)  # noqa: S311 (invented data, not security)
        self.created: dict[type[models.Model], int] = defaultdict(int)
        self.agencies = {agency.slug: agency for agency in agencies_by_name()}
        levels = staff_levels()
        self.people = [DemoPerson(staff, levels[staff.pk]) for staff in staff_in_post()]
        self.by_pk = {person.staff.pk: person for person in self.people}
        partnership = feedback_partnership_agency()
        director = feedback_agency_head(partnership) if partnership else None
        if director is None:
            raise VoiceDemoRefusedError(
                "The demo partnership has no head of the local authority's children's services "
                "to send messages and answer feedback."
            )
        self.director = director

    def insert(
        self, model: type[ModelT], objects: list[ModelT], *, relations: tuple[str, ...] = ()
    ) -> list[ModelT]:
        created = model._default_manager.bulk_create(
            _checked(objects, relations=relations), batch_size=2000
        )
        self.created[model] += len(created)
        return created

    # Moments

    def at(self, day: date, hour: float) -> datetime:
        """That day at that hour of the clock in the partnership's time zone (so 14.5 is half
        past two, summer time or not), in UTC."""
        minutes = round(hour * 60)
        local = datetime.combine(
            day, time(minutes // 60, minutes % 60), timezone.get_current_timezone()
        )
        return local.astimezone(UTC)

    def ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)

    def between(self, start: datetime, end: datetime) -> datetime:
        """A moment from `start` to `end`, never after now."""
        # In UTC: adding to a local time across a change of the clocks would be an hour out.
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        end = max(start, min(end, self.now))
        return start + (end - start) * self.rng.random()

    def working_day_at_or_before(self, day: date) -> date:
        while not is_working_day(day):
            day -= timedelta(days=1)
        return day
