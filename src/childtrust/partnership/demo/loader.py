"""Writing the demo partnership: in one transaction, in bulk, into an empty partnership, with
one audit event per kind of record. The demo writes directly, not through the services: it is
invented data made on no one's behalf, checked field by field before each bulk insert."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils.text import slugify

from childtrust.accounts.demo import DEMO_ACCOUNTS, DEMO_USERNAMES
from childtrust.accounts.models import User
from childtrust.accounts.selectors import usernames_taken
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.partnership.demo.people import build_demo_data
from childtrust.partnership.demo.specs import DemoData
from childtrust.partnership.models import (
    Agency,
    Commitment,
    FrameworkIndicator,
    Locality,
    Outcome,
    Priority,
    Service,
    StaffMember,
    Team,
    VisionStatement,
    Ward,
)
from childtrust.partnership.search.index import search_index_rebuild

SOURCE = "demo data"


class DemoLoadRefusedError(Exception):
    """The database already holds records the demo would collide with."""


class PartnershipNotEmptyError(DemoLoadRefusedError):
    pass


def partnership_has_agencies() -> bool:
    return Agency.objects.exists()


ModelT = TypeVar("ModelT", bound=models.Model)


def _checked(objects: list[ModelT], *, relations: Iterable[str] = ()) -> list[ModelT]:
    """Field-level checks (lengths, choices, email addresses, slugs) before a bulk insert.
    Relations, uniqueness and the models' check constraints are left to the database, which
    enforces them on insert: checking them here would cost a query per row."""
    for obj in objects:
        obj.full_clean(exclude=list(relations), validate_unique=False, validate_constraints=False)
    return objects


class _Loader:
    """Writes one DemoData in bulk, remembering what it created so that later records can point
    at earlier ones, and how many of each kind it created."""

    def __init__(self, data: DemoData) -> None:
        self.data = data
        self.created: dict[type[models.Model], int] = {}
        self.localities: dict[str, Locality] = {}
        self.agencies: dict[str, Agency] = {}
        self.teams: dict[str, Team] = {}
        self.users: dict[str, User] = {}

    def _insert(
        self, model: type[ModelT], objects: list[ModelT], *, relations: Iterable[str] = ()
    ) -> list[ModelT]:
        created = model._default_manager.bulk_create(_checked(objects, relations=relations))
        self.created[model] = self.created.get(model, 0) + len(created)
        return created

    def run(self) -> dict[type[models.Model], int]:
        self.load_places()
        self.load_agencies()
        self.load_services()
        self.load_teams()
        self.load_accounts()
        self.load_staff()
        self.load_framework()
        return self.created

    def load_places(self) -> None:
        localities = self._insert(
            Locality,
            [
                Locality(name=spec.name, slug=slugify(spec.name), description=spec.description)
                for spec in self.data.localities
            ],
        )
        self.localities = {locality.name: locality for locality in localities}
        self._insert(
            Ward,
            [
                Ward(name=ward, locality=self.localities[spec.name])
                for spec in self.data.localities
                for ward in spec.wards
            ],
            relations=["locality"],
        )

    def load_agencies(self) -> None:
        directors = {person.agency: person for person in self.data.staff if person.level == 1}
        agencies = self._insert(
            Agency,
            [
                Agency(
                    name=spec.name,
                    short_name=spec.short_name,
                    slug=spec.slug,
                    kind=spec.kind,
                    statutory_partner=spec.statutory_partner,
                    mission=spec.mission,
                    vision=spec.vision,
                    website=f"https://{spec.domain}/",
                    contact_name=f"{directors[spec.slug].given_name} "
                    f"{directors[spec.slug].family_name}, {directors[spec.slug].job_title}",
                    contact_email=f"enquiries@{spec.domain}",
                )
                for spec in self.data.agencies
            ],
        )
        self.agencies = {agency.slug: agency for agency in agencies}

    def load_services(self) -> None:
        domains = {spec.slug: spec.domain for spec in self.data.agencies}
        services = self._insert(
            Service,
            [
                Service(
                    agency=self.agencies[spec.agency],
                    name=spec.name,
                    slug=slugify(spec.name),
                    description=spec.description,
                    audience=spec.audience,
                    eligibility=spec.eligibility,
                    min_age=spec.ages[0] if spec.ages else None,
                    max_age=spec.ages[1] if spec.ages else None,
                    status=spec.status,
                    how_to_access=spec.how_to_access,
                    email=f"{slugify(spec.name)}@{domains[spec.agency]}",
                )
                for spec in self.data.services
            ],
            relations=["agency"],
        )
        every_locality = tuple(self.localities)
        link = Service.localities.through
        link.objects.bulk_create(
            [
                link(service=service, locality=self.localities[name])
                for service, spec in zip(services, self.data.services, strict=True)
                for name in spec.localities or every_locality
            ]
        )

    def load_teams(self) -> None:
        teams = self._insert(
            Team,
            [
                Team(
                    name=record.name,
                    slug=slugify(record.name),
                    kind=record.kind,
                    agency=self.agencies[record.agency] if record.agency else None,
                    locality=self.localities[record.locality] if record.locality else None,
                    purpose=record.purpose,
                )
                for record in self.data.teams
            ],
            relations=["agency", "locality"],
        )
        self.teams = {team.name: team for team in teams}

    def load_accounts(self) -> None:
        people = {person.account: person for person in self.data.staff if person.account}
        # One hash for all the accounts: the demo password is public (demo_accounts prints it), so
        # separate salts would protect nothing, and each Argon2 hash takes a quarter-second.
        password = make_password(settings.DEMO_PASSWORD)
        users = [
            User(
                username=username,
                role=role,
                email=people[username].email,
                first_name=people[username].given_name,
                last_name=people[username].family_name,
                password=password,
            )
            for username, role in DEMO_ACCOUNTS
        ]
        self.users = {user.username: user for user in self._insert(User, users)}

    def load_staff(self) -> None:
        """Level by level, so that every manager exists before the people who report to them;
        then those who have left."""
        by_email: dict[str, StaffMember] = {}
        for level in sorted({person.level for person in self.data.staff}):
            members = self._insert(
                StaffMember,
                [
                    StaffMember(
                        given_name=person.given_name,
                        family_name=person.family_name,
                        email=person.email,
                        job_title=person.job_title,
                        agency=self.agencies[person.agency],
                        team=self.teams[person.team] if person.team else None,
                        manager=by_email.get(person.manager_email),
                        user=self.users.get(person.account),
                    )
                    for person in self.data.staff
                    if person.level == level
                ],
                relations=["agency", "team", "manager", "user"],
            )
            by_email.update((member.email, member) for member in members)
        # Those who have left: kept, no longer in post, under the managers they had.
        self._insert(
            StaffMember,
            [
                StaffMember(
                    given_name=person.given_name,
                    family_name=person.family_name,
                    email=person.email,
                    job_title=person.job_title,
                    agency=self.agencies[person.agency],
                    team=self.teams[person.team] if person.team else None,
                    manager=by_email.get(person.manager_email),
                    is_active=False,
                )
                for person in self.data.former_staff
            ],
            relations=["agency", "team", "manager", "user"],
        )

    def load_framework(self) -> None:
        self._insert(
            VisionStatement,
            [
                VisionStatement(
                    version=1,
                    text=self.data.vision_text,
                    adopted_on=self.data.vision_adopted_on,
                    adopted_by=self.data.vision_adopted_by,
                )
            ],
            relations=["recorded_by"],
        )
        outcomes = self._insert(
            Outcome,
            [
                Outcome(
                    name=spec.name,
                    slug=slugify(spec.name),
                    description=spec.description,
                    position=position,
                )
                for position, spec in enumerate(self.data.outcomes, start=1)
            ],
        )
        pairs = [
            (
                Priority(
                    outcome=outcome,
                    title=priority.title,
                    description=priority.description,
                    position=position,
                ),
                priority,
            )
            for outcome, spec in zip(outcomes, self.data.outcomes, strict=True)
            for position, priority in enumerate(spec.priorities, start=1)
        ]
        priorities = self._insert(
            Priority, [priority for priority, _ in pairs], relations=["outcome"]
        )
        self._insert(
            FrameworkIndicator,
            [
                FrameworkIndicator(priority=priority, name=name, description=description)
                for priority, (_, spec) in zip(priorities, pairs, strict=True)
                for name, description in spec.indicators
            ],
            relations=["priority"],
        )
        self._insert(
            Commitment,
            [
                Commitment(priority=priority, agency=self.agencies[slug], contribution=contribution)
                for priority, (_, spec) in zip(priorities, pairs, strict=True)
                for slug, contribution in spec.commitments
            ],
            relations=["priority", "agency"],
        )


def demo_staff() -> list[StaffMember]:
    """Everyone the demo partnership holds, in post or not, with their agency, team and sign-in
    account, in the order they were made: the workforce's demo gives each of them a post."""
    return list(StaffMember.objects.select_related("agency", "team", "user").order_by("pk"))


def demo_created_record(created: Mapping[type[models.Model], int], *, source: str) -> None:
    """One audit event for each kind of record a demo loader made, on no one's behalf: the
    demo's loaders write in bulk, without a record's own event."""
    for model, count in created.items():
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            object_type=model._meta.label_lower,
            object_repr=f"{count} {model._meta.verbose_name_plural}",
            details={"count": count, "source": source},
        )


@transaction.atomic
def demo_load() -> dict[type[models.Model], int]:
    """Loads the demo partnership into an empty database, in one transaction, and records one
    audit event per kind of record created. Returns how many of each kind it created.

    Raises PartnershipNotEmptyError when the partnership already has agencies, and
    DemoLoadRefusedError when a demo account's username is taken: the demo data never mixes
    with real records."""
    if partnership_has_agencies():
        raise PartnershipNotEmptyError("The partnership already has agencies.")
    taken = usernames_taken(DEMO_USERNAMES)
    if taken:
        raise DemoLoadRefusedError(
            f"Sign-in accounts with the demo usernames already exist: {', '.join(taken)}."
        )
    created = _Loader(build_demo_data()).run()
    demo_created_record(created, source=SOURCE)
    search_index_rebuild()  # the loader writes in bulk, past the services that keep the index
    return created
