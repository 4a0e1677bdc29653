"""What safeguarding's demo parts share: the day and the seed, the demo's agencies, staff and
accounts, the children and the agencies that know them, and a bulk insert that counts what it
made (checked field by field first, as the partnership's loader checks its own)."""

from __future__ import annotations

import datetime
import random
from typing import TypeVar

from django.db import models
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.children.selectors.agencies import ChildAgencies, children_agencies
from childtrust.core.calendar import add_working_days, is_working_day
from childtrust.partnership.models import Agency, StaffMember
from childtrust.partnership.selectors.registry import agencies_by_name
from childtrust.partnership.selectors.staff import staff_in_post, staff_record_with_username

SEED = 17
#: The demo's agencies, by slug, that record concerns (CAMHS only on restricted ones).
POLICE = "police-ppu"
SCHOOLS = "education-partnership"
HEALTH = "community-health"
SOCIAL_CARE = "childrens-services"
YOUTH = "youth-trust"
CAMHS = "camhs"
#: The demo accounts safeguarding's records name.
PRACTITIONER = "practitioner"
TEAM_MANAGER = "teammanager"
FRONT_DOOR = "frontdoor"
SCHOOL_LEAD = "schoollead"

ModelT = TypeVar("ModelT", bound=models.Model)


class SafeguardingDemoRefusedError(Exception):
    """Safeguarding's tables already hold records, or the demo lacks what they need."""


class SafeguardingDemo:
    """The day, a seeded random source, the demo's agencies and staff, and the children (with
    the agencies that know them); `insert` writes in bulk and counts."""

    def __init__(self, *, today: datetime.date | None, seed: int) -> None:
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        if timezone.localdate(self.now) != self.today:  # a demo for another day: its noon
            self.now = self.at(self.today, 12, 0)
        self.rng = random.Random(seed)  # noqa: S311 (invented data, not security)
        self.created: dict[type[models.Model], int] = {}
        self.agencies: dict[str, Agency] = {agency.slug: agency for agency in agencies_by_name()}
        missing = [
            slug
            for slug in (POLICE, SCHOOLS, HEALTH, SOCIAL_CARE, YOUTH)
            if slug not in self.agencies
        ]
        if missing:
            raise SafeguardingDemoRefusedError(
                f"The demo partnership has no agency {', '.join(missing)}: load it first."
            )
        self.slug_of = {agency.pk: slug for slug, agency in self.agencies.items()}
        people = list(staff_in_post().select_related("agency", "team", "user").order_by("pk"))
        self.staff_by_agency: dict[str, list[StaffMember]] = {}
        for person in people:
            self.staff_by_agency.setdefault(person.agency.slug, []).append(person)
        self.staff_by_pk = {person.pk: person for person in people}
        self.accounts: dict[str, StaffMember] = {}
        for username in (PRACTITIONER, TEAM_MANAGER, FRONT_DOOR, SCHOOL_LEAD):
            account = staff_record_with_username(username)
            if account is None or account.user is None:
                raise SafeguardingDemoRefusedError(f"The demo partnership has no {username}.")
            self.accounts[username] = account
        self.children: list[ChildAgencies] = children_agencies()
        if not self.children:
            raise SafeguardingDemoRefusedError("The child index is empty: load the children.")

    def user(self, username: str) -> User:
        user = self.accounts[username].user
        assert user is not None  # checked when the demo started
        return user

    def at(self, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        """A moment on a day, in the partnership's time zone."""
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    def working_days_ago(self, days: int) -> datetime.date:
        """The working day `days` working days before today (today itself for 0, or the last
        working day when today is not one)."""
        if days == 0:
            return self.today if is_working_day(self.today) else add_working_days(self.today, -1)
        return add_working_days(self.today, -days)

    def days_ago(self, days: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days)

    def one_of(self, slug: str) -> StaffMember:
        return self.rng.choice(self.staff_by_agency[slug])

    def insert(self, model: type[ModelT], objects: list[ModelT]) -> list[ModelT]:
        """Checks each record's own fields (lengths, choices) and writes them in bulk; the
        database checks relations and constraints as it inserts them (checking them here
        would cost a query a row)."""
        relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
        for obj in objects:
            obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
        made = model._default_manager.bulk_create(objects, batch_size=1000)
        self.created[model] = self.created.get(model, 0) + len(made)
        return made

    def count(self, model: type[models.Model], made: int) -> None:
        """Counts records made by a service (the alerts the engine raises)."""
        self.created[model] = self.created.get(model, 0) + made
