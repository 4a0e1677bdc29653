"""The local authority's social worker posts over the three census years, written out post by
post so that the national measures come out where an English authority's often are: at the
latest census turnover about 16%, vacancies about 19% and agency workers about 18% (the two
census years before a little either side).

Each line is one post: who left it and why (a former member of staff, by the team they left and
their job title), the starter who replaced them, the agency workers covering it, or a post
funded and never filled. Dates are (years before the latest census's year, month, day): the
census year Y runs from 1 October of Y-1 to 30 September of Y. Every other social worker post
is held by someone who has been in it since before these three years.

Worked out by hand (latest census year Y; FTE):

=========  ========  ======  ======  =======  =========
census     in post   vacant  agency  leavers  rates
=========  ========  ======  ======  =======  =========
Y-2        30.1      6.0     5.8     4.6      turnover 15.3%, vacancy 16.6%, agency 16.2%
Y-1        29.1      7.0     6.8     5.0      turnover 17.2%, vacancy 19.4%, agency 18.9%
Y          29.1      7.0     6.4     4.7      turnover 16.2%, vacancy 19.4%, agency 18.0%
=========  ========  ======  ======  =======  =========
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from childtrust.workforce.demo.loading import Person, WorkforceDemo
from childtrust.workforce.demo.plan import FULL_TIME, PlannedCover, PlannedHolding
from childtrust.workforce.models import CoverReason
from childtrust.workforce.models import LeavingReason as R

Day = tuple[int, int, int]  # (years before the latest census's year, month, day)

ACP = "Assessment and Child Protection"
CLA = "Children Looked After"
MASH = "Multi-Agency Safeguarding Hub"
FOSTERING = "Fostering and Adoption"


@dataclass(frozen=True)
class Cover:
    starts: Day
    ends: Day | None = None
    fte: Decimal = FULL_TIME
    reason: str = CoverReason.VACANCY


@dataclass(frozen=True)
class History:
    """One social worker post's history in the three census years."""

    team: str
    title: str
    fte: Decimal = FULL_TIME
    left: tuple[int, int, int, str] | None = None  # the former holder's last day, and why
    started: Day | None = None  # the replacement's first day; None: still vacant
    covers: tuple[Cover, ...] = ()
    funded: Day | None = None  # a post funded but never held: the day it was funded
    absence_of: str = ""  # a post held throughout, covered while its holder was away


PART_TIME_6 = Decimal("0.60")
PART_TIME_7 = Decimal("0.70")
PART_TIME_8 = Decimal("0.80")

HISTORIES: tuple[History, ...] = (
    # Leavers in census year Y-2.
    History(ACP, "Social worker", left=(2, 3, 31, R.RESIGNATION), started=(1, 1, 6),
            covers=(Cover((2, 5, 1), (1, 1, 5)),)),
    History(ACP, "Senior social worker", left=(2, 7, 31, R.RESIGNATION), started=(1, 4, 7),
            covers=(Cover((2, 8, 18), (1, 4, 6)),)),
    History(ACP, "Social worker", PART_TIME_6, left=(3, 12, 19, R.END_OF_CONTRACT),
            started=(2, 4, 8)),
    History(CLA, "Social worker", left=(2, 8, 31, R.RETIREMENT), started=(1, 2, 3)),
    History(MASH, "MASH social worker", left=(2, 6, 30, R.RESIGNATION), started=(2, 11, 4),
            covers=(Cover((2, 7, 15), (2, 11, 3)),)),
    # Leavers in census year Y-1.
    History(ACP, "Social worker", left=(1, 2, 28, R.RESIGNATION), started=(0, 1, 5),
            covers=(Cover((1, 3, 17), (0, 1, 4)),)),
    History(ACP, "Advanced practitioner", left=(1, 8, 31, R.OTHER),
            covers=(Cover((1, 9, 15)),)),
    History(CLA, "Senior social worker", left=(1, 6, 30, R.RESIGNATION), started=(0, 3, 2),
            covers=(Cover((1, 7, 14), (0, 3, 1)),)),
    History(MASH, "MASH social worker", left=(1, 9, 26, R.RESIGNATION), started=(0, 2, 2)),
    History(FOSTERING, "Supervising social worker", left=(1, 4, 30, R.RETIREMENT),
            started=(1, 11, 3), covers=(Cover((1, 6, 2), (1, 11, 2)),)),
    # Leavers in census year Y.
    History(ACP, "Social worker", left=(0, 1, 30, R.RESIGNATION), covers=(Cover((0, 3, 2)),)),
    History(ACP, "Senior social worker", left=(0, 5, 29, R.RETIREMENT)),
    History(CLA, "Social worker", left=(0, 8, 28, R.DISMISSAL),
            covers=(Cover((0, 9, 14), fte=Decimal("0.40")),)),
    History(MASH, "Senior social worker", PART_TIME_7, left=(1, 12, 19, R.RESIGNATION),
            started=(0, 4, 7), covers=(Cover((0, 1, 5), (0, 4, 6), fte=PART_TIME_7),)),
    History(FOSTERING, "Supervising social worker", left=(0, 7, 31, R.RESIGNATION),
            covers=(Cover((0, 8, 11)),)),
    # Funded for the rise in child protection work three years ago, never filled: agency since.
    History(ACP, "Social worker", funded=(3, 10, 2), covers=(Cover((3, 11, 6)),)),
    History(CLA, "Social worker", funded=(3, 10, 2), covers=(Cover((3, 12, 4)),)),
    # Held throughout; covered by an agency worker while the holder was away.
    History(ACP, "Social worker", absence_of="sickness",
            covers=(Cover((2, 6, 1), (2, 11, 30), PART_TIME_8, CoverReason.ABSENCE),)),
    History(CLA, "Senior social worker", PART_TIME_8, absence_of="sickness",
            covers=(Cover((1, 7, 1), (1, 12, 19), PART_TIME_8, CoverReason.ABSENCE),)),
    History(ACP, "Advanced practitioner", absence_of="maternity leave",
            covers=(Cover((0, 6, 1), (-1, 3, 31), reason=CoverReason.ABSENCE),)),
)  # fmt: skip


@dataclass
class SocialWorkPost:
    """What the history gives one post: its holders and its cover."""

    team: str
    title: str
    fte: Decimal
    holdings: list[PlannedHolding]
    covers: list[PlannedCover]
    funded: datetime.date | None


class _People:
    """Hands out the people of one team and job title, in post or former, in a fixed order."""

    def __init__(self, people: Iterable[Person]) -> None:
        self._waiting: dict[tuple[str, str, bool], list[Person]] = {}
        for person in people:
            key = (person.team_name, person.title, person.in_post)
            self._waiting.setdefault(key, []).append(person)

    def take(self, team: str, title: str, *, in_post: bool) -> Person:
        waiting = self._waiting.get((team, title, in_post), [])
        if not waiting:
            state = "in post" if in_post else "former"
            raise LookupError(f"The demo partnership has no {state} {title} left in {team}")
        return waiting.pop(0)

    def remaining(self) -> list[Person]:
        return [person for people in self._waiting.values() for person in people]


def social_work_posts(
    demo: WorkforceDemo, people: list[Person], *, long_serving: Callable[[Person], datetime.date]
) -> list[SocialWorkPost]:
    """The local authority's social worker posts, given the people in them (in post and
    former), each history above taking the people it names and everyone left over holding their
    post throughout (from `long_serving(person)`)."""

    def day(when: Day) -> datetime.date:
        return demo.on(*when)

    pool = _People(people)
    posts: list[SocialWorkPost] = []
    for history in HISTORIES:
        holdings: list[PlannedHolding] = []
        if history.left is not None:
            *last, reason = history.left
            last_day = day((int(last[0]), int(last[1]), int(last[2])))
            former = pool.take(history.team, history.title, in_post=False)
            first = min(long_serving(former), last_day - datetime.timedelta(days=400))
            holdings.append(PlannedHolding(former, history.fte, first, last_day, reason=reason))
        if history.started is not None:
            starter = pool.take(history.team, history.title, in_post=True)
            holdings.append(PlannedHolding(starter, history.fte, day(history.started)))
        if history.absence_of:
            holder = pool.take(history.team, history.title, in_post=True)
            holdings.append(PlannedHolding(holder, history.fte, long_serving(holder)))
        covers = [
            PlannedCover(
                cover.fte, day(cover.starts), day(cover.ends) if cover.ends else None, cover.reason
            )
            for cover in history.covers
        ]
        funded = day(history.funded) if history.funded else None
        posts.append(
            SocialWorkPost(history.team, history.title, history.fte, holdings, covers, funded)
        )
    for person in pool.remaining():
        if person.in_post:
            holding = PlannedHolding(person, FULL_TIME, long_serving(person))
            posts.append(
                SocialWorkPost(person.team_name, person.title, FULL_TIME, [holding], [], None)
            )
    return posts
