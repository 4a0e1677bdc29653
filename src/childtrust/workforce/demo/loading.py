"""What the parts of the workforce demo share: the partnership's people as loaded (in post and
former), the census years, a seeded random number generator, and checked bulk inserts counted by
model."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import TypeVar

from django.db import models
from django.utils import timezone

from childtrust.partnership.demo.loader import DemoLoadRefusedError, demo_staff
from childtrust.partnership.models import Agency, StaffMember, Team
from childtrust.partnership.selectors.registry import (
    agencies_by_name,
    localities_by_name,
    teams_by_name,
)
from childtrust.partnership.selectors.staff import staff_levels
from childtrust.workforce.definitions import census_date

SEED = 2008  # the year the demo's three multi-agency locality teams began

ModelT = TypeVar("ModelT", bound=models.Model)


class WorkforceDemoRefusedError(DemoLoadRefusedError):
    """The workforce already has records, or the partnership lacks what the demo builds on."""


def _checked(objects: list[ModelT], *, relations: tuple[str, ...]) -> list[ModelT]:
    """Field-level checks (lengths, choices, FTE ranges) before a bulk insert; relations,
    uniqueness and constraints are left to the database, which enforces them on insert."""
    for obj in objects:
        obj.full_clean(exclude=list(relations), validate_unique=False, validate_constraints=False)
    return objects


@dataclass(frozen=True)
class Person:
    """A member of staff as the workforce demo needs them: where they work, whether they are
    still in post, and their level in their agency's line management (1: its head)."""

    staff: StaffMember
    level: int

    @property
    def pk(self) -> int:
        return self.staff.pk

    @property
    def title(self) -> str:
        return self.staff.job_title

    @property
    def agency(self) -> Agency:
        return self.staff.agency

    @property
    def team(self) -> Team | None:
        return self.staff.team

    @property
    def team_name(self) -> str:
        return self.staff.team.name if self.staff.team else ""

    @property
    def in_post(self) -> bool:
        return self.staff.is_active


class WorkforceDemo:
    """The moment of loading and what every part loads with: today, the latest census passed
    (`latest`: the demo's figures are built for it and the two census years before), the people
    and the count of what has been created."""

    def __init__(self, *, today: datetime.date | None = None, seed: int = SEED) -> None:
        self.today = today or timezone.localdate()
        self.latest = (
            self.today.year if self.today >= census_date(self.today.year) else self.today.year - 1
        )
        self.rng = random.Random(seed)  # noqa: S311 (invented data, not security)
        self.created: dict[type[models.Model], int] = defaultdict(int)
        levels = staff_levels()
        self.people = [Person(staff, levels[staff.pk]) for staff in demo_staff()]
        if not self.people:
            raise WorkforceDemoRefusedError(
                "The partnership has no staff to give posts to: load the partnership's demo first."
            )
        self.agencies = {agency.slug: agency for agency in agencies_by_name()}
        self.teams = {team.name: team for team in teams_by_name()}
        self.localities = dict(localities_by_name().values_list("pk", "name"))

    @property
    def years(self) -> tuple[int, int, int]:
        """The three census years the demo's figures cover, oldest first."""
        return (self.latest - 2, self.latest - 1, self.latest)

    def on(self, years_back: int, month: int, day: int) -> datetime.date:
        """A day in the calendar year `years_back` before the latest census's (0: that year)."""
        return datetime.date(self.latest - years_back, month, day)

    def insert(
        self, model: type[ModelT], objects: list[ModelT], *, relations: tuple[str, ...] = ()
    ) -> list[ModelT]:
        created = model._default_manager.bulk_create(
            _checked(objects, relations=relations), batch_size=1000
        )
        self.created[model] += len(created)
        return created

    def insert_unchecked(self, model: type[ModelT], objects: list[ModelT]) -> list[ModelT]:
        """For many simple rows whose values the demo computes within their ranges (absence
        spells, caseloads): the database's constraints still check each on insert."""
        created = model._default_manager.bulk_create(objects, batch_size=1000)
        self.created[model] += len(created)
        return created
