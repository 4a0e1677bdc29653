"""One entry of a child's chronology, and the words entries share (who did it, which agency,
the page it links to): see selectors.chronology for the order, the filters and who sees what,
and selectors.chronology_entries for the entries of each kind of record."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from childtrust.core.dates import date_time_text, day_text
from childtrust.partnership.models import Agency, StaffMember

FRONT_DOOR = "Front door"
CONFERENCE = "Child protection conference"
SIGNIFICANT = "Significant"


class EntryKind(models.TextChoices):
    CONCERN = "concern", "Concern"
    REFERRAL = "referral", "Contact or referral"
    INFORMATION = "information", "Request for information"
    ASSESSMENT = "assessment", "Assessment"
    STRATEGY = "strategy", "Strategy discussion"
    CONFERENCE = "conference", "Child protection conference"
    PLAN = "cp_plan", "Child protection plan"
    ALERT = "alert", "Alert"
    TEAM = "team", "Team around the child"
    INVOLVEMENT = "involvement", "Involvement"


_KIND_ORDER = {kind: position for position, kind in enumerate(EntryKind)}


@dataclass(frozen=True)
class Entry:
    """One line of the chronology. `moment` is None for what is known only by its day."""

    day: datetime.date
    moment: datetime.datetime | None
    kind: EntryKind
    source: str  # who it comes from: an agency's name, or "Front door"
    title: str  # one line
    detail: str = ""
    # Why it is significant, in a word or two ("Significant", "Red", "Stepped up"); "" if not.
    significance: str = ""
    url: str = ""
    # The agencies it concerns (key, name): the agency filter keeps an entry naming the agency.
    agencies: tuple[tuple[int, str], ...] = ()
    restricted: bool = False
    # Ties within the same moment: the record's key, then the step's place in its story.
    tie: tuple[int, int] = (0, 0)

    @property
    def agency_ids(self) -> set[int]:
        return {pk for pk, _name in self.agencies}

    @property
    def significant(self) -> bool:
        return bool(self.significance)

    @property
    def has_time(self) -> bool:
        return self.moment is not None

    @property
    def when(self) -> str:
        """ "4 December 2026 at 3:04pm", or "4 December 2026" when the time is not known."""
        return date_time_text(self.moment) if self.moment is not None else day_text(self.day)

    @property
    def kind_label(self) -> str:
        return str(self.kind.label)

    def sort_key(self) -> tuple[datetime.date, int, datetime.time, int, int, int]:
        local = timezone.localtime(self.moment).time() if self.moment is not None else None
        return (
            self.day,
            0 if local is None else 1,
            local or datetime.time.min,
            _KIND_ORDER[self.kind],
            *self.tie,
        )


# The pages entries link to, by kind; a page not (yet) there leaves the entry unlinked.
PAGES = {
    EntryKind.CONCERN: "safeguarding:concern",
    EntryKind.REFERRAL: "safeguarding:referral",
    EntryKind.ALERT: "safeguarding:alert",
    EntryKind.TEAM: "safeguarding:team",
}


def page(kind: EntryKind, **kwargs: object) -> str:
    name = PAGES.get(kind)
    if name is None:
        return ""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def day_of(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()


def entry(
    when: datetime.datetime | datetime.date,
    kind: EntryKind,
    *,
    source: str,
    title: str,
    tie: tuple[int, int],
    detail: str = "",
    significance: str = "",
    url: str = "",
    agencies: tuple[tuple[int, str], ...] = (),
    restricted: bool = False,
) -> Entry:
    """An entry at a moment (a datetime) or on a day (a date)."""
    moment = when if isinstance(when, datetime.datetime) else None
    return Entry(
        day=day_of(moment) if moment is not None else when,
        moment=moment,
        kind=kind,
        source=source,
        title=title,
        detail=detail,
        significance=significance,
        url=url,
        agencies=agencies,
        restricted=restricted,
        tie=tie,
    )


def agency_of(agency: Agency | None) -> tuple[tuple[int, str], ...]:
    return ((agency.pk, agency.name),) if agency is not None else ()


def staff_agency(staff: StaffMember | None) -> tuple[tuple[int, str], ...]:
    return agency_of(staff.agency) if staff is not None else ()


def name_of(staff: StaffMember | None) -> str:
    return f"{staff.given_name} {staff.family_name}" if staff is not None else ""


def by(staff: StaffMember | None) -> str:
    return f" by {name_of(staff)}" if staff is not None else ""


def source_of(staff: StaffMember | None, otherwise: str = FRONT_DOOR) -> str:
    return staff.agency.name if staff is not None else otherwise
