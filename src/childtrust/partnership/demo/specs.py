"""The shape of the demo's data: the tables' rows (specs) and the records built from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from childtrust.partnership.models import AgencyKind, ServiceStatus, TeamKind


@dataclass(frozen=True)
class LocalitySpec:
    name: str
    description: str
    wards: tuple[str, ...]


@dataclass(frozen=True)
class TeamSpec:
    """A team manager and the practitioners they manage. When `joins` names a multi-agency team,
    they work in that team (and are still line-managed within their own agency)."""

    name: str
    manager_title: str
    practitioner_titles: tuple[str, ...]
    size: int
    purpose: str = ""
    joins: str = ""
    manager_account: str = ""
    practitioner_account: str = ""


@dataclass(frozen=True)
class DivisionSpec:
    head_title: str
    teams: tuple[TeamSpec, ...]


@dataclass(frozen=True)
class AgencySpec:
    slug: str
    name: str
    short_name: str
    kind: AgencyKind
    statutory_partner: bool
    mission: str
    vision: str
    domain: str
    director_title: str
    divisions: tuple[DivisionSpec, ...]
    director_account: str = ""


@dataclass(frozen=True)
class ServiceSpec:
    agency: str
    name: str
    description: str
    audience: str
    eligibility: str
    ages: tuple[int, int] | None
    how_to_access: str
    localities: tuple[str, ...] = ()  # empty: the whole city
    status: ServiceStatus = ServiceStatus.ACTIVE


@dataclass(frozen=True)
class SharedTeamSpec:
    name: str
    kind: TeamKind
    locality: str
    purpose: str


@dataclass(frozen=True)
class PrioritySpec:
    title: str
    description: str
    indicators: tuple[tuple[str, str], ...]  # (name, description)
    commitments: tuple[tuple[str, str], ...]  # (agency slug, contribution)


@dataclass(frozen=True)
class OutcomeSpec:
    name: str
    description: str
    priorities: tuple[PrioritySpec, ...]


@dataclass(frozen=True)
class TeamRecord:
    name: str
    kind: TeamKind
    agency: str  # agency slug; "" for a multi-agency team
    locality: str  # locality name; "" when the team is not tied to one
    purpose: str


@dataclass(frozen=True)
class StaffRecord:
    given_name: str
    family_name: str
    email: str
    job_title: str
    agency: str  # agency slug
    team: str  # team name
    manager_email: str  # "" for the head of the agency
    level: int  # 1 for the head of the agency, 2 for those who report to them, ...
    account: str = ""  # the demo sign-in username linked to this person, if any


@dataclass(frozen=True)
class DemoData:
    localities: tuple[LocalitySpec, ...]
    agencies: tuple[AgencySpec, ...]
    services: tuple[ServiceSpec, ...]
    teams: tuple[TeamRecord, ...]
    staff: tuple[StaffRecord, ...]
    vision_text: str
    vision_adopted_on: date
    vision_adopted_by: str
    outcomes: tuple[OutcomeSpec, ...]
    #: People who have left in the last three years: kept, no longer in post (the workforce's
    #: demo gives them the posts they left and the reasons they gave).
    former_staff: tuple[StaffRecord, ...] = ()
