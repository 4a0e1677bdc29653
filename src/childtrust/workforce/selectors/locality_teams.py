"""Reads of the multi-agency locality teams (partnership Teams of kind LOCALITY) as the
establishment sees them: each team's posts from several agencies, its members by employing
agency with their posts, FTE and how long they have been in the team, its vacancies, and the
professions a locality team is expected to have that it has no one working in.

The expected professions are the core of the partnership's locality model (social worker,
health visitor, CAMHS worker, family support worker, education welfare officer): the
professions whose absence the workforce manager is asked to see. Someone working in the
profession means a staff holder or an agency worker in one of the team's live posts of it."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from childtrust.partnership.models import Agency, StaffMember, Team, TeamKind
from childtrust.partnership.selectors.registry import teams_by_name
from childtrust.workforce.models import Holding, Post, Profession
from childtrust.workforce.selectors.establishment.posts import (
    PostFigures,
    figures_of,
    live_on,
    with_figures,
)

ZERO = Decimal("0.00")

EXPECTED_PROFESSIONS: tuple[Profession, ...] = (
    Profession.SOCIAL_WORKER,
    Profession.HEALTH_VISITOR,
    Profession.CAMHS,
    Profession.FAMILY_SUPPORT,
    Profession.EDUCATION_WELFARE,
)


def expected_professions_words() -> str:
    """'social worker, health visitor, ... and education welfare officer'."""
    labels = [str(p.label) for p in EXPECTED_PROFESSIONS]
    # Lower case in a sentence, except an initialism such as CAMHS.
    names = [label if label[:2].isupper() else label[:1].lower() + label[1:] for label in labels]
    return ", ".join(names[:-1]) + " and " + names[-1]


def locality_teams() -> QuerySet[Team]:
    """The multi-agency locality teams, by name, with their locality."""
    return teams_by_name().filter(kind=TeamKind.LOCALITY).select_related("locality")


def time_in_words(since: datetime.date, day: datetime.date) -> str:
    """How long from one day to another, in whole years and months: '2 years 3 months',
    'less than a month'."""
    months = (day.year - since.year) * 12 + day.month - since.month - (day.day < since.day)
    years, months = divmod(max(months, 0), 12)
    words = []
    if years:
        words.append(f"{years} year{'s' if years != 1 else ''}")
    if months:
        words.append(f"{months} month{'s' if months != 1 else ''}")
    return " ".join(words) or "less than a month"


def _in_team_since(spells: list[Holding], current: Holding) -> datetime.date:
    """The first day of the unbroken run of the person's holdings in the team that reaches the
    current one (a move between the team's posts does not restart the count)."""
    since = current.starts_on
    for spell in sorted(spells, key=lambda h: h.starts_on, reverse=True):
        if spell.starts_on < since and (
            spell.ends_on is None or spell.ends_on >= since - datetime.timedelta(days=1)
        ):
            since = spell.starts_on
    return since


@dataclass(frozen=True)
class Member:
    staff: StaffMember
    post: Post
    fte: Decimal
    since: datetime.date
    time_in_team: str


@dataclass
class AgencyMembers:
    agency: Agency
    members: list[Member] = field(default_factory=list)

    @property
    def fte(self) -> Decimal:
        return sum((m.fte for m in self.members), ZERO)


@dataclass
class TeamFigures:
    team: Team
    posts: int = 0
    funded_fte: Decimal = ZERO
    in_post_fte: Decimal = ZERO
    vacant_fte: Decimal = ZERO
    cover_fte: Decimal = ZERO
    people: int = 0
    present: set[str] = field(default_factory=set)
    vacant_professions: set[str] = field(default_factory=set)

    @property
    def missing(self) -> list[Profession]:
        """The expected professions no one works in, in the expected order."""
        return [p for p in EXPECTED_PROFESSIONS if p.value not in self.present]

    def missing_words(self, profession: Profession) -> str:
        """'Health visitor (a funded post is vacant)' or 'CAMHS worker (no post)'."""
        state = "a funded post is vacant" if profession in self.vacant_professions else "no post"
        return f"{profession.label} ({state})"

    @property
    def missing_described(self) -> list[str]:
        return [self.missing_words(p) for p in self.missing]


def _team_posts(team_ids: list[int], day: datetime.date) -> QuerySet[Post]:
    return with_figures(Post.objects.filter(live_on(day), team_id__in=team_ids), day)


def _figures(teams: list[Team], day: datetime.date) -> dict[int, TeamFigures]:
    figures = {team.pk: TeamFigures(team=team) for team in teams}
    for post in _team_posts(list(figures), day):
        assert post.team_id is not None
        row, post_figures = figures[post.team_id], figures_of(post)
        row.posts += 1
        row.funded_fte += post.fte
        row.in_post_fte += post_figures.in_post_fte
        row.vacant_fte += post_figures.vacant_fte
        row.cover_fte += post_figures.cover_fte
        if post_figures.in_post_fte > 0 or post_figures.cover_fte > 0:
            row.present.add(post.profession)
        if post_figures.vacant_fte > 0:
            row.vacant_professions.add(post.profession)
    people: dict[int, set[int]] = defaultdict(set)
    held = Holding.objects.filter(
        live_on(day),
        post__team_id__in=list(figures),
        post__starts_on__lte=day,
    ).exclude(post__ends_on__lt=day)
    for team_id, staff_id in held.values_list("post__team_id", "staff_id"):
        people[team_id].add(staff_id)
    for team_id, staff in people.items():
        figures[team_id].people = len(staff)
    return figures


def locality_team_figures(day: datetime.date) -> list[TeamFigures]:
    """Every locality team's posts, FTE (funded, in post, vacant, agency cover), people and
    missing professions on the day: figures, not people, for the index."""
    teams = list(locality_teams())
    figures = _figures(teams, day)
    return [figures[team.pk] for team in teams]


@dataclass
class LocalityTeamDetail:
    figures: TeamFigures
    by_agency: list[AgencyMembers]
    vacancies: list[PostFigures]
    members_hidden: bool  # some members are outside what the reader may see


def locality_team_detail(
    team: Team, visible_posts: QuerySet[Post], day: datetime.date
) -> LocalityTeamDetail:
    """A locality team on the day: its figures and missing professions (every agency's), its
    members in the posts the reader may see, by employing agency and name, and its vacancies in
    those posts.
    Read only through access.locality_team_for_user, which checks and audits."""
    figures = _figures([team], day)[team.pk]
    visible = set(visible_posts.filter(team=team).values_list("pk", flat=True))
    spells = list(
        Holding.objects.filter(post__team=team, starts_on__lte=day).select_related(
            "staff", "staff__agency", "post"
        )
    )
    by_staff: dict[int, list[Holding]] = defaultdict(list)
    for spell in spells:
        by_staff[spell.staff_id].append(spell)
    groups: dict[int, AgencyMembers] = {}
    hidden = False
    for spell in spells:
        live = spell.ends_on is None or spell.ends_on >= day
        if not live or (spell.post.ends_on is not None and spell.post.ends_on < day):
            continue
        if spell.post_id not in visible:
            hidden = True
            continue
        since = _in_team_since(by_staff[spell.staff_id], spell)
        agency = spell.staff.agency
        groups.setdefault(agency.pk, AgencyMembers(agency=agency)).members.append(
            Member(spell.staff, spell.post, spell.fte, since, time_in_words(since, day))
        )
    for group in groups.values():
        group.members.sort(key=lambda m: (m.staff.family_name, m.staff.given_name, m.post.pk))
    vacancies = [
        figures_of(post)
        for post in _team_posts([team.pk], day).select_related("agency").order_by("reference")
        if post.pk in visible and figures_of(post).vacant_fte > 0
    ]
    return LocalityTeamDetail(
        figures=figures,
        by_agency=sorted(groups.values(), key=lambda g: g.agency.name),
        vacancies=vacancies,
        members_hidden=hidden,
    )
