"""The establishment before and after a restructure, in FTE and posts by team: before, the
agency's posts funded on the day (today, or the day before the restructure was put in place);
after, the same with its deleted posts taken away, its created posts added and its changed posts
at their new FTE in their new team.

Putting a restructure in place changes its posts, so the figures it had then cannot be worked
out from the posts afterwards: the service records them in the audit event of that change
(`establishment` in its details) and, once put in place, the page shows those."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from childtrust.audit.models import AuditAction
from childtrust.audit.selectors import AuditFilter, audit_events_matching
from childtrust.workforce.models import PostChangeKind, Restructure
from childtrust.workforce.selectors.restructures import live_posts_of

NO_TEAM = "No team"
ESTABLISHMENT_KEY = "establishment"


@dataclass(frozen=True)
class TeamFigures:
    """One team's posts and FTE before and after."""

    team: str
    posts_before: int
    fte_before: Decimal
    posts_after: int
    fte_after: Decimal

    @property
    def posts_change(self) -> int:
        return self.posts_after - self.posts_before

    @property
    def fte_change(self) -> Decimal:
        return self.fte_after - self.fte_before


@dataclass(frozen=True)
class EstablishmentChange:
    """Every team's figures (by name, "No team" last) and the agency's totals; `on` is the day
    the before figures are for, and `recorded` says they were kept when it was put in place."""

    on: datetime.date
    teams: list[TeamFigures]
    total: TeamFigures
    recorded: bool


# A post as the figures see it: its team's name (None: no team) and its FTE.
Slot = tuple[str | None, Decimal]


def _figures(before: Iterable[Slot], after: Iterable[Slot]) -> list[TeamFigures]:
    counts: dict[str | None, list[Any]] = {}
    for index, slots in enumerate((before, after)):
        for team, fte in slots:
            row = counts.setdefault(team, [0, Decimal("0"), 0, Decimal("0")])
            row[index * 2] += 1
            row[index * 2 + 1] += fte
    ordered = sorted(counts, key=lambda team: (team is None, (team or "").lower()))
    return [TeamFigures(team or NO_TEAM, *counts[team]) for team in ordered]


def _total(teams: list[TeamFigures]) -> TeamFigures:
    return TeamFigures(
        "All teams",
        sum(t.posts_before for t in teams),
        sum((t.fte_before for t in teams), Decimal("0")),
        sum(t.posts_after for t in teams),
        sum((t.fte_after for t in teams), Decimal("0")),
    )


def establishment_worked_out(restructure: Restructure, on: datetime.date) -> EstablishmentChange:
    """The figures worked out from the posts funded on the day and the restructure's post
    changes (which must not have been put in place yet)."""
    slots: dict[object, Slot] = {
        post.pk: (post.team.name if post.team else None, post.fte)
        for post in live_posts_of(restructure.agency_id, on)
    }
    before = list(slots.values())
    for change in restructure.post_changes.select_related("team", "post"):
        team = change.team.name if change.team else None
        if change.kind == PostChangeKind.DELETE:
            slots.pop(change.post_id, None)
        elif change.kind == PostChangeKind.CHANGE:
            if change.post_id in slots:
                slots[change.post_id] = (team, change.fte or slots[change.post_id][1])
        else:
            slots[("new", change.pk)] = (team, change.fte or Decimal("0"))
    teams = _figures(before, slots.values())
    return EstablishmentChange(on=on, teams=teams, total=_total(teams), recorded=False)


def establishment_for_audit(change: EstablishmentChange) -> dict[str, Any]:
    """The figures as the audit log keeps them (JSON), for the event of putting it in place."""
    return {
        "on": change.on.isoformat(),
        "teams": [
            [t.team, t.posts_before, str(t.fte_before), t.posts_after, str(t.fte_after)]
            for t in change.teams
        ],
    }


def _from_audit(details: dict[str, Any]) -> EstablishmentChange | None:
    try:
        teams = [
            TeamFigures(str(name), int(pb), Decimal(fb), int(pa), Decimal(fa))
            for name, pb, fb, pa, fa in details["teams"]
        ]
        on = datetime.date.fromisoformat(details["on"])
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return None
    return EstablishmentChange(on=on, teams=teams, total=_total(teams), recorded=True)


def _recorded(restructure: Restructure) -> EstablishmentChange | None:
    events = audit_events_matching(
        AuditFilter(
            action=AuditAction.UPDATE,
            object_type=Restructure._meta.label_lower,
            object_id=str(restructure.pk),
        )
    )
    for details in events.values_list("details", flat=True):
        if isinstance(details, dict) and ESTABLISHMENT_KEY in details:
            return _from_audit(details[ESTABLISHMENT_KEY])
    return None


def establishment_before_after(
    restructure: Restructure, today: datetime.date
) -> EstablishmentChange:
    """The establishment before and after: as recorded when the restructure was put in place,
    or worked out from today's posts before then (and, for one put in place without a record,
    from the posts funded the day before)."""
    if restructure.implemented_on is None:
        return establishment_worked_out(restructure, today)
    recorded = _recorded(restructure)
    if recorded is not None:
        return recorded
    return establishment_worked_out(
        restructure, restructure.implemented_on - datetime.timedelta(days=1)
    )
