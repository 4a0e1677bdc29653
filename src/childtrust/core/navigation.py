"""The service navigation: seven sections, grouped by what people come to do, each with its own
pages. The sections are fixed here (everyone agreed them); each app adds its own pages to them
when it starts (its AppConfig's `ready`), each page with the access function that says who may
open it, so the core never needs to know the apps above it or their rules.

A section shows for a user when at least one of its pages does. From the registry and the path
alone come the three things every page shows: the sections in the header, the side navigation of
the section the page is in, and the breadcrumbs (Home > section > side-navigation page)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from childtrust.core.permissions import PermissionHolder


@dataclass(frozen=True)
class Section:
    key: str
    label: str


# At most seven, in this order (issue 14): what people come to do, not which app holds it.
SECTIONS: tuple[Section, ...] = (
    Section("home", "Home"),
    Section("partnership", "Partnership"),
    Section("people", "People"),
    Section("children", "Children"),
    Section("voice", "Voice"),
    Section("outcomes", "Outcomes"),
    Section("money", "Money"),
    Section("plan", "Plan"),
)
_SECTION_KEYS = {section.key for section in SECTIONS}


Allowed = Callable[[PermissionHolder], bool]  # an access function: may they open it?


@dataclass(frozen=True)
class SectionPage:
    """A page listed in its section's side navigation."""

    label: str
    url_name: str
    section: str  # the key of the section it is listed in
    # Where it and its subpages live: starts of the path (segments, no slashes at the ends).
    paths: tuple[str, ...]
    position: int  # where it sits in the side navigation, lowest first
    visible_to: Allowed


# A row of an app's table of its pages: label, URL name (in the app's namespace), where it lives
# (one path start, or several), and the access function that says who may open it.
PageRow = tuple[str, str, str | tuple[str, ...], Allowed]


def section_pages(
    section: str, namespace: str, rows: list[PageRow], *, first_position: int = 0
) -> list[SectionPage]:
    """An app's pages in one section, from its table, in the table's order."""
    return [
        SectionPage(
            label=label,
            url_name=f"{namespace}:{name}",
            section=section,
            paths=(paths,) if isinstance(paths, str) else paths,
            position=first_position + index,
            visible_to=allowed,
        )
        for index, (label, name, paths, allowed) in enumerate(rows)
    ]


_PAGES: dict[str, SectionPage] = {}


def navigation_register(*pages: SectionPage) -> None:
    """Adds (or, on a second start in the same process, replaces) an app's pages."""
    for page in pages:
        if page.section not in _SECTION_KEYS:
            raise ValueError(f"{page.url_name} names no section: {page.section!r}")
        _PAGES[page.url_name] = page


def signed_in(user: PermissionHolder) -> bool:
    """The home page's rule: everyone signed in has one."""
    return bool(getattr(user, "is_authenticated", False))


def _pages() -> list[SectionPage]:
    return sorted(_PAGES.values(), key=lambda page: page.position)


def registered_pages() -> list[SectionPage]:
    """Every page, in side-navigation order (for tests and checks)."""
    return _pages()


def visible_sections(user: PermissionHolder) -> set[str]:
    """The URL names of the pages the user may open (for a page that links to them)."""
    return {page.url_name for page in _pages() if page.visible_to(user)}


def page_for_path(path: str) -> SectionPage | None:
    """The page a path belongs to: the one whose path is the longest whole-segment start of it
    ('/voice/messages/sent/4/' is under Send and track messages, not My messages). The home page
    owns '/' only."""
    segments = path.strip("/")
    best: tuple[int, SectionPage] | None = None
    for page in _PAGES.values():
        for start in page.paths:
            owns = segments == start if not start else f"{segments}/".startswith(f"{start}/")
            if owns and (best is None or len(start) > best[0]):
                best = (len(start), page)
    return best[1] if best else None


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    current: str = ""  # "page" for the page itself, "true" for a page under it, "" otherwise


@dataclass(frozen=True)
class Navigation:
    sections: list[Link]  # the header's sections
    section: Section | None  # the section the page is in
    side: list[Link]  # the section's pages the user may open
    breadcrumbs: list[Link]  # from Home to the page's parent; never the page itself


def _link(label: str, href: str, path: str, *, within: bool) -> Link:
    """A link marked "page" when it is the page shown, "true" when the page is under it."""
    current = "page" if href == path else ("true" if within else "")
    return Link(label, href, current)


def _build(request: HttpRequest) -> Navigation:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Navigation(sections=[], section=None, side=[], breadcrumbs=[])
    path = request.path
    here = page_for_path(path)
    visible = [page for page in _pages() if page.visible_to(user)]
    landing: dict[str, str] = {}  # each section's href: its first page the user may open
    for page in visible:
        landing.setdefault(page.section, reverse(page.url_name))
    sections = [
        _link(section.label, landing[section.key], path, within=_in(here, section))
        for section in SECTIONS
        if section.key in landing
    ]
    section = next((s for s in SECTIONS if _in(here, s) and s.key in landing), None)
    if here is None or section is None:
        return Navigation(sections, None, [], _breadcrumbs(path, []))
    side = [
        _link(page.label, reverse(page.url_name), path, within=page == here)
        for page in visible
        if page.section == section.key
    ]
    trail = [Link(section.label, landing[section.key])]
    if here in visible:  # a page under one the reader may not open (a practitioner's referral)
        trail.append(Link(here.label, reverse(here.url_name)))
    return Navigation(
        sections=sections,
        section=section,
        side=side if len(side) > 1 else [],  # one page needs no navigation between pages
        breadcrumbs=_breadcrumbs(path, trail),
    )


def _in(page: SectionPage | None, section: Section) -> bool:
    return page is not None and page.section == section.key


def _breadcrumbs(path: str, trail: list[Link]) -> list[Link]:
    """Home, then the section and the side-navigation page: each a link, ending before the page
    itself (GOV.UK's breadcrumbs end at the current page's parent), no place named twice. None on
    the home page."""
    home = reverse("core:home")
    if path == home:
        return []
    crumbs: list[Link] = []
    for link in [Link("Home", home), *trail]:
        if link.href != path and all(link.href != crumb.href for crumb in crumbs):
            crumbs.append(link)
    return crumbs


def navigation_for(request: HttpRequest) -> Navigation:
    """The request's navigation, worked out once however many templates ask for it."""
    cached = getattr(request, "_childtrust_navigation", None)
    if isinstance(cached, Navigation):
        return cached
    navigation = _build(request)
    setattr(request, "_childtrust_navigation", navigation)  # noqa: B010  # a cache on the object
    return navigation
