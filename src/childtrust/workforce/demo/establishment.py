"""The demo's establishment: a post for every member of staff in post (and for those who left,
the post they left), vacancies and agency cover, with a job description for each post.

- Social worker posts follow social_work.HISTORIES, so that the national measures come out as
  planned there.
- Everyone else has been in their post since before the three census years, unless they
  replaced someone who left (a starter, most leavers being replaced within a few months; the
  rest leave a vacancy, a few of them covered) or joined in a new post. Leaving reasons are
  drawn in about the national collection's mix: mostly resignations.
- FTE is mostly 1.00, with some part-timers at 0.50 to 0.80 (a post is funded for what its
  holder works), sessional youth workers at 0.50.
- The strategic workforce manager (`workforce`) joined in a new post in January of the census
  year before last; the head of early help since the post was created in 2008.
- Nothing is recorded to have happened before the three census years (no one leaves, no agency
  worker starts, no absence or caseload is counted), so that the measures' census years held
  are those three: a year before any leaver is recorded would show only those who stayed."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from childtrust.partnership.models import AgencyKind
from childtrust.workforce.demo.loading import Person, WorkforceDemo
from childtrust.workforce.demo.plan import (
    FULL_TIME,
    PlannedCover,
    PlannedHolding,
    PlannedPost,
)
from childtrust.workforce.demo.professions import (
    grade_of,
    is_social_worker_post,
    job_description,
    profession_of,
)
from childtrust.workforce.demo.social_work import social_work_posts
from childtrust.workforce.models import (
    AgencyCover,
    Holding,
    JobDescription,
    LeavingReason,
    Post,
    Profession,
)

#: How often each leaving reason is given, roughly as the national collection finds them.
LEAVING_REASONS: tuple[tuple[str, int], ...] = (
    (LeavingReason.RESIGNATION, 62),
    (LeavingReason.RETIREMENT, 12),
    (LeavingReason.END_OF_CONTRACT, 11),
    (LeavingReason.OTHER, 9),
    (LeavingReason.DISMISSAL, 3),
    (LeavingReason.REDUNDANCY, 3),
)
PART_TIMES = (Decimal("0.50"), Decimal("0.60"), Decimal("0.80"))
SESSIONAL = Decimal("0.50")
REPLACED_SHARE = 0.75  # of leavers (other than social workers) whose post was filled again
NEW_POST_SHARE = 0.04  # of people in post (other than social workers) who joined in a new post
FIRST_START = datetime.date(1996, 9, 2)
HEAD_OF_EARLY_HELP_START = datetime.date(2008, 4, 1)  # appointed when the post was made
WORKFORCE_MANAGER = "workforce"

SUPPLIERS = ("Solent Social Work Recruitment", "Wessex Care Professionals", "Harbour Locums")
HEALTH_SUPPLIERS = ("NHS staff bank", "Wessex Care Professionals")
HEALTH_KINDS = (AgencyKind.HEALTH, AgencyKind.MENTAL_HEALTH)
COVER_WORKERS = (
    "Abena Owusu", "Bartosz Lis", "Caitlin Moran", "Dev Mistry", "Efua Boateng", "Fiona Reilly",
    "Gavin Pryce", "Hollie Vaughan", "Imran Qureshi", "Jodie Carr", "Kemi Adebayo",
    "Liam Gallagher", "Megan Pugh", "Nikhil Rao", "Orla Byrne", "Precious Moyo", "Ross Findlay",
    "Sian Powell", "Tariq Aziz", "Una Devlin",
)  # fmt: skip


class EstablishmentPlan:
    """Builds the plan: every post, its holders, cover and job description."""

    def __init__(self, demo: WorkforceDemo) -> None:
        self.demo = demo
        self.rng = demo.rng
        self.posts: list[PlannedPost] = []
        self.window_start = datetime.date(demo.latest - 3, 10, 1)
        self._starts: dict[int, datetime.date] = {}

    # --- Dates ---------------------------------------------------------------------------------

    def _day_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + datetime.timedelta(days=self.rng.randint(0, max((last - first).days, 0)))

    def long_serving(self, person: Person) -> datetime.date:
        """The first day in post of someone there since before the three census years: heads
        and managers longer on average. The same person always gets the same day."""
        if person.pk not in self._starts:
            if person.title == "Head of early help":
                start = HEAD_OF_EARLY_HELP_START
            else:
                earliest = FIRST_START if person.level <= 3 else datetime.date(1999, 1, 4)
                start = self._day_between(earliest, self.window_start - datetime.timedelta(days=40))
            self._starts[person.pk] = start
        return self._starts[person.pk]

    def _reason(self) -> str:
        reasons = [reason for reason, _ in LEAVING_REASONS]
        weights = [weight for _, weight in LEAVING_REASONS]
        return str(self.rng.choices(reasons, weights)[0])

    def _fte(self, person: Person) -> Decimal:
        if "sessional" in person.title.lower():
            return SESSIONAL
        if person.level >= 4 and person.staff.user_id is None and self.rng.random() < 0.12:
            return self.rng.choice(PART_TIMES)
        return FULL_TIME

    # --- Posts ---------------------------------------------------------------------------------

    def _post(self, person: Person, fte: Decimal, *, title: str = "") -> PlannedPost:
        kind = person.agency.kind
        title = title or person.title
        profession = profession_of(title, person.team_name, kind)
        return PlannedPost(
            agency=person.agency,
            job_title=title,
            team=person.team,
            profession=profession,
            social_worker=is_social_worker_post(title, person.team_name, kind),
            fte=fte,
            grade=grade_of(title, kind, person.level),
            level=person.level,
        )

    def build(self) -> list[PlannedPost]:
        social_work = [
            p
            for p in self.demo.people
            if is_social_worker_post(p.title, p.team_name, p.agency.kind)
        ]
        self._social_work(social_work)
        taken = {person.pk for person in social_work}
        self._everyone_else([p for p in self.demo.people if p.pk not in taken])
        return self.posts

    def _social_work(self, people: list[Person]) -> None:
        for history in social_work_posts(self.demo, people, long_serving=self.long_serving):
            someone = history.holdings[0].person if history.holdings else None
            if someone is None:
                someone = next(
                    p for p in people if (p.team_name, p.title) == (history.team, history.title)
                )
            post = self._post(someone, history.fte, title=history.title)
            post.holdings = history.holdings
            post.starts_on = history.funded
            post.covers = history.covers
            self.posts.append(post)

    def _everyone_else(self, people: list[Person]) -> None:
        in_post = [p for p in people if p.in_post]
        former = [p for p in people if not p.in_post]
        replaceable: dict[tuple[str, str], list[Person]] = defaultdict(list)
        for person in in_post:
            if person.level >= 4 and person.staff.user_id is None:
                replaceable[(person.team_name, person.title)].append(person)
        replaced: dict[int, PlannedPost] = {}
        for leaver in former:
            replaced.update(self._leaver(leaver, replaceable))
        for person in in_post:
            if person.pk in replaced:
                continue
            if person.staff.user and person.staff.user.username == WORKFORCE_MANAGER:
                self._new_post(person, self.demo.on(1, 1, 6))
            elif person.level >= 4 and self.rng.random() < NEW_POST_SHARE:
                self._new_post(person, self._day_between(self.window_start, self.demo.today))
            else:
                post = self._post(person, self._fte(person))
                post.holdings.append(PlannedHolding(person, post.fte, self.long_serving(person)))
                self.posts.append(post)

    def _new_post(self, person: Person, first_day: datetime.date) -> None:
        post = self._post(person, self._fte(person))
        post.starts_on = first_day
        post.holdings.append(PlannedHolding(person, post.fte, first_day))
        self.posts.append(post)

    def _leaver(
        self, leaver: Person, replaceable: dict[tuple[str, str], list[Person]]
    ) -> dict[int, PlannedPost]:
        """The post a leaver left: filled again by a starter, or still vacant."""
        post = self._post(leaver, self._fte(leaver))
        last_day = self._day_between(self.window_start, datetime.date(self.demo.latest, 9, 30))
        if self.rng.random() < 0.2:  # a short stay: joined within the three years too
            first_day = self._day_between(self.window_start, last_day - datetime.timedelta(60))
        else:
            first_day = min(self.long_serving(leaver), last_day - datetime.timedelta(days=365))
        post.holdings.append(
            PlannedHolding(leaver, post.fte, first_day, last_day, reason=self._reason())
        )
        self.posts.append(post)
        candidates = replaceable.get((leaver.team_name, leaver.title), [])
        starts = last_day + datetime.timedelta(days=self.rng.randint(21, 120))
        if candidates and starts <= self.demo.today and self.rng.random() < REPLACED_SHARE:
            starter = candidates.pop(self.rng.randrange(len(candidates)))
            post.holdings.append(PlannedHolding(starter, post.fte, starts))
            return {starter.pk: post}
        covered_from = last_day + datetime.timedelta(days=14)
        if covered_from <= self.demo.today and (
            post.profession in (Profession.HEALTH_VISITOR, Profession.SCHOOL_NURSE)
            or self.rng.random() < 0.3
        ):
            post.covers.append(PlannedCover(post.fte, covered_from))
        return {}


def _prefix(short_name: str) -> str:
    """The agency's initials (CS for Children's Services), or its name if it is one already."""
    words = short_name.split()
    return short_name if len(words) == 1 and short_name.isupper() else "".join(w[0] for w in words)


def establishment_insert(demo: WorkforceDemo, posts: list[PlannedPost]) -> None:
    """Writes the plan: posts, then their job descriptions, holders and agency cover."""
    numbers: dict[int, int] = defaultdict(int)
    ordered = sorted(posts, key=lambda p: (p.agency.name, p.first_day, p.job_title))
    records = []
    for planned in ordered:
        numbers[planned.agency.pk] += 1
        records.append(
            Post(
                agency=planned.agency,
                reference=f"{_prefix(planned.agency.short_name)}-{numbers[planned.agency.pk]:04d}",
                job_title=planned.job_title,
                grade=planned.grade,
                fte=planned.fte,
                team=planned.team,
                locality_id=planned.locality_id,
                profession=planned.profession,
                social_worker=planned.social_worker,
                starts_on=planned.first_day,
                ends_on=planned.ends_on,
            )
        )
    written = demo.insert(Post, records, relations=("agency", "team", "locality"))
    for planned, post in zip(ordered, written, strict=True):
        planned.post = post
    _descriptions_insert(demo, ordered)
    demo.insert(
        Holding,
        [
            Holding(
                post=planned.written,
                staff=holding.person.staff,
                fte=holding.fte,
                starts_on=holding.starts_on,
                ends_on=holding.ends_on,
                joined_agency=holding.joined,
                leaving_reason=holding.reason,
            )
            for planned in ordered
            for holding in planned.holdings
        ],
        relations=("post", "staff"),
    )
    workers = iter(COVER_WORKERS * 3)
    demo.insert(
        AgencyCover,
        [
            AgencyCover(
                post=planned.written,
                worker_name=next(workers),
                supplier=demo.rng.choice(
                    HEALTH_SUPPLIERS if planned.agency.kind in HEALTH_KINDS else SUPPLIERS
                ),
                fte=cover.fte,
                reason=cover.reason,
                starts_on=cover.starts_on,
                ends_on=cover.ends_on,
            )
            for planned in ordered
            for cover in planned.covers
        ],
        relations=("post",),
    )


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=datetime.UTC)


def _descriptions_insert(demo: WorkforceDemo, posts: list[PlannedPost]) -> None:
    records = []
    for planned in posts:
        text = job_description(planned.profession, planned.job_title, planned.level)
        records.append(
            JobDescription(
                post=planned.written,
                version=1,
                text=text,
                reason="First version",
                changed_at=_moment(planned.first_day),
            )
        )
        for version, (changed, why, day) in enumerate(planned.changes, start=2):
            records.append(
                JobDescription(
                    post=planned.written,
                    version=version,
                    text=changed,
                    reason=why,
                    changed_at=_moment(day),
                )
            )
    demo.insert(JobDescription, records, relations=("post", "changed_by"))
