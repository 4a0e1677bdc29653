"""The demo's establishment as plain records before it is written: each post with its holders
over time, its agency cover and its job description's versions. The parts of the demo add to
it (the social workers' history, everyone else's, the 2008 restructure's old posts) and
`establishment.establishment_insert` writes it in bulk."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from childtrust.partnership.models import Agency, Team
from childtrust.workforce.demo.loading import Person
from childtrust.workforce.models import CoverReason, Post, Profession

FULL_TIME = Decimal("1.00")


@dataclass
class PlannedHolding:
    person: Person
    fte: Decimal
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    joined: bool = True  # the person joined the agency with this post
    reason: str = ""  # a LeavingReason when this post was their last

    def live_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


@dataclass
class PlannedCover:
    fte: Decimal
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    reason: str = CoverReason.VACANCY


@dataclass
class PlannedPost:
    agency: Agency
    job_title: str
    team: Team | None
    profession: Profession
    social_worker: bool
    fte: Decimal
    grade: str
    level: int  # the line-management level of those who hold it (for its job description)
    starts_on: datetime.date | None = None  # None: the first holder's first day
    ends_on: datetime.date | None = None
    locality_id: int | None = None
    holdings: list[PlannedHolding] = field(default_factory=list)
    covers: list[PlannedCover] = field(default_factory=list)
    #: Later versions of its job description: (text, why it changed, the day it changed).
    changes: list[tuple[str, str, datetime.date]] = field(default_factory=list)
    post: Post | None = None  # once written

    def __post_init__(self) -> None:
        if self.locality_id is None and self.team is not None:
            self.locality_id = self.team.locality_id

    @property
    def first_day(self) -> datetime.date:
        if self.starts_on is not None:
            return self.starts_on
        return min(holding.starts_on for holding in self.holdings)

    def holder_on(self, day: datetime.date) -> PlannedHolding | None:
        return next((h for h in self.holdings if h.live_on(day)), None)

    @property
    def written(self) -> Post:
        if self.post is None:
            raise LookupError(f"{self.job_title} has not been written yet")
        return self.post
