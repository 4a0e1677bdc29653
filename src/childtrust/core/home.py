"""What needs the signed-in person, for the home page: each app registers, when it starts (its
AppConfig's `ready`), a provider that says what of its own needs them (a count with a link to
the list it counts) and, optionally, figures for a "your figures" panel. The core knows nothing
of the apps above it or their rules: each provider decides by the person's capabilities through
its own app's access functions and reads through its own app's selectors."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils.formats import date_format

from childtrust.core.access import NOT_LOADED_DAYS, can_view_every_import, import_jobs_not_loaded
from childtrust.core.permissions import PermissionHolder


@dataclass(frozen=True)
class NeedItem:
    """Something waiting for the person: "3 messages to confirm", linked to the list of them."""

    count: int
    singular: str  # what one is, after the count: "message to confirm"
    plural: str  # what several are: "messages to confirm"
    url: str  # the list that shows exactly these
    group: str  # the heading it sits under: "Messages and briefings"
    note: str = ""  # a short second line: "The soonest is due in 2 working days."
    text: str = ""  # words in place of the count's, for a thing that is not counted

    @property
    def words(self) -> str:
        if self.text:
            return self.text
        return f"{self.count:,} {self.singular if self.count == 1 else self.plural}"


@dataclass(frozen=True)
class Figure:
    """One of the person's figures: "Vacancy rate", "17.2%", "England: 20.0% (better)"."""

    label: str
    value: str  # with its unit
    comparison: str = ""  # what to read it against, in words
    url: str = ""  # where it comes from


def day_words(day: date) -> str:
    """A date as every page writes it: "2 December 2026"."""
    return date_format(day, "j F Y")


Need = NeedItem | Figure
Provider = Callable[[PermissionHolder], Iterable[Need]]


@dataclass(frozen=True)
class _Registered:
    key: str
    position: int  # the order of the groups on the page, lowest first
    provider: Provider


_PROVIDERS: dict[str, _Registered] = {}


def home_register(key: str, provider: Provider, *, position: int) -> None:
    """Adds (or, on a second start in the same process, replaces) an app's provider."""
    _PROVIDERS[key] = _Registered(key, position, provider)


@dataclass(frozen=True)
class NeedGroup:
    heading: str
    items: list[NeedItem]


@dataclass(frozen=True)
class HomeNeeds:
    groups: list[NeedGroup] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    @property
    def nothing(self) -> bool:
        return not self.groups


def needs_of(user: PermissionHolder) -> HomeNeeds:
    """Everything the providers say needs the person, grouped by heading in the providers'
    order; an item counting nothing is left out, so an empty page says nothing needs them."""
    groups: dict[str, list[NeedItem]] = {}
    figures: list[Figure] = []
    for registered in sorted(_PROVIDERS.values(), key=lambda r: (r.position, r.key)):
        for need in registered.provider(user):
            if isinstance(need, Figure):
                figures.append(need)
            elif need.count > 0:
                groups.setdefault(need.group, []).append(need)
    return HomeNeeds([NeedGroup(heading, items) for heading, items in groups.items()], figures)


# --- Core's own: imports that did not load -------------------------------------------------------


def core_needs(user: PermissionHolder) -> Iterable[Need]:
    """For those who see every import (administrators and auditors), the files that did not
    load lately, linked to their list."""
    if not can_view_every_import(user):
        return []
    return [
        NeedItem(
            import_jobs_not_loaded(user).count(),
            f"file not loaded in the last {NOT_LOADED_DAYS} days",
            f"files not loaded in the last {NOT_LOADED_DAYS} days",
            reverse("core:imports"),
            "Imports",
        )
    ]
