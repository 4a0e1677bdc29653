"""A child's merged chronology: every entry about the child from every agency, in time order.

Concerns; referrals (received, screened, decided, the referrer told); the front door's requests
for information and their answers; assessments started and completed; strategy discussions;
conferences; child protection plans started and ended; alerts raised, acknowledged, actioned and
closed; the Team Around the Child (started, members, early help assessments, reviews, each step
up or down, ended); and the child index's involvements started and ended.

What each reader sees is decided in safeguarding.access.chronology: the whole chronology only
for those working with the child or by break glass, a restricted concern's detail only for its
own agency and the front door, sensitive involvements only as the child's page shows them.

Order: by day, newest first (or oldest first, as asked). Within a day an entry with a time of
day (a concern, a referral's steps, an alert) sits by its time; an entry known only by its day
(an assessment, a plan, a meeting) sits at the day's start, so before the day's timed entries
when oldest first and after them when newest first.

Speed: one query per kind of record (with its related rows selected or prefetched), whatever the
number of entries: some twenty queries for a child with five hundred entries. Filters apply to
the entries built, so the agencies offered to filter by are those of the whole chronology.

Audit: one event per look (the page, the printable page, the CSV file, the API), written by
access.chronology_child_for, which reads the child through children.access.child_for_user
without the latter's own event; so a look is counted once, naming what was looked at."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from childtrust.children.access import ChildView
from childtrust.children.models import Child
from childtrust.children.selectors.merges import child_ids_with_merged
from childtrust.core.permissions import PermissionHolder
from childtrust.safeguarding.access.chronology import chronology_reader
from childtrust.safeguarding.selectors import chronology_entries as build
from childtrust.safeguarding.selectors.chronology_entry import Entry, EntryKind

__all__ = ["Chronology", "ChronologyFilter", "Entry", "EntryKind", "chronology_for"]


@dataclass(frozen=True)
class ChronologyFilter:
    """What the reader narrowed the chronology to (every field optional)."""

    agency: int | None = None
    kind: str = ""
    significant_only: bool = False
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    oldest_first: bool = False

    def keeps(self, entry: Entry) -> bool:
        return (
            (self.agency is None or self.agency in entry.agency_ids)
            and (not self.kind or entry.kind == self.kind)
            and (not self.significant_only or entry.significant)
            and (self.date_from is None or entry.day >= self.date_from)
            and (self.date_to is None or entry.day <= self.date_to)
        )

    def audit_details(self) -> dict[str, object]:
        """The filters as the audit log keeps them (only those set)."""
        details: dict[str, object] = {}
        if self.agency is not None:
            details["agency"] = self.agency
        if self.kind:
            details["kind"] = self.kind
        if self.significant_only:
            details["significant_only"] = True
        if self.date_from is not None:
            details["date_from"] = self.date_from.isoformat()
        if self.date_to is not None:
            details["date_to"] = self.date_to.isoformat()
        if self.oldest_first:
            details["oldest_first"] = True
        return details


@dataclass(frozen=True)
class Chronology:
    child: Child
    entries: list[Entry]  # as filtered and ordered
    every_entry: list[Entry]  # before the filters, in no order
    agencies: list[tuple[int, str]]  # every agency the whole chronology names, by name
    filters: ChronologyFilter

    @property
    def total(self) -> int:
        """How many entries there are before the filters."""
        return len(self.every_entry)

    def narrowed(self, filters: ChronologyFilter) -> Chronology:
        """The same chronology with other filters, without reading it again (a page reads the
        whole chronology first to offer its agencies to filter by)."""
        kept = sorted(
            (entry for entry in self.every_entry if filters.keeps(entry)),
            key=Entry.sort_key,
            reverse=not filters.oldest_first,
        )
        return replace(self, entries=kept, filters=filters)


def chronology_for(
    user: PermissionHolder | None, child_view: ChildView, filters: ChronologyFilter | None = None
) -> Chronology:
    """The child's chronology as this reader may see it. `child_view` comes from
    access.chronology_child_for, which has decided that the reader may see it at all."""
    reader = chronology_reader(user)
    child = child_view.child
    ids = child_ids_with_merged(child)
    entries = [
        *build.concern_entries(ids, reader),
        *build.referral_entries(ids),
        *build.assessment_entries(ids),
        *build.meeting_entries(ids),
        *build.plan_entries(ids),
        *build.alert_entries(ids),
        *build.team_entries(ids),
        *build.involvement_entries(child, child_view.involvements),
    ]
    agencies = sorted(
        {agency for entry in entries for agency in entry.agencies},
        key=lambda agency: (agency[1].lower(), agency[0]),
    )
    whole = Chronology(
        child=child, entries=[], every_entry=entries, agencies=agencies, filters=ChronologyFilter()
    )
    return whole.narrowed(filters or ChronologyFilter())
