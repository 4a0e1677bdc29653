"""The service's pages as search results: those of the navigation's registry (core.navigation),
which each app fills with its pages and who may open them. Few enough to match in memory with
the same plan the index is asked; each is found by its own name and its section's.

The registry is read through its public functions, and its items by their fields (label,
url_name, visible_to, section), so that reworking it does not break the search: should a page
stop reversing or a field go missing, that page is left out, not the search."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from childtrust.core import navigation
from childtrust.core.permissions import PermissionHolder
from childtrust.partnership.search.backends import Entry
from childtrust.partnership.search.query import Plan
from childtrust.partnership.search.words import words_of

PAGE_KIND = "page"


@dataclass(frozen=True)
class Page:
    label: str
    section: str
    url: str
    words: frozenset[str]


def _registered() -> Iterable[object]:
    # The registry's list of pages: `registered_pages()` since it has sections and side pages;
    # the flat list of header items before that.
    for name in ("registered_pages", "_items"):
        listing = getattr(navigation, name, None)
        if callable(listing):
            return list(listing())
    return []


def _section_labels() -> dict[str, str]:
    sections = getattr(navigation, "SECTIONS", ())
    return {
        str(getattr(section, "key", "")): str(getattr(section, "label", "")) for section in sections
    }


def pages_visible_to(user: PermissionHolder) -> list[Page]:
    """The pages the user may open, in the registry's order."""
    sections = _section_labels()
    pages: list[Page] = []
    for item in _registered():
        label = getattr(item, "label", None)
        url_name = getattr(item, "url_name", None)
        visible_to = getattr(item, "visible_to", None)
        if not (isinstance(label, str) and isinstance(url_name, str) and callable(visible_to)):
            continue
        if not visible_to(user):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        key = str(getattr(item, "section", ""))
        section = sections.get(key, "")
        pages.append(Page(label, section, url, frozenset(words_of(f"{label} {section}"))))
    return pages


def pages_matching(plan: Plan, user: PermissionHolder) -> list[Entry]:
    if plan.is_empty():
        return []
    return [
        Entry(PAGE_KIND, 0, page.label, page.section and f"In {page.section}", page.url)
        for page in pages_visible_to(user)
        if plan.matches(set(page.words))
    ]


def page_words() -> set[str]:
    """Every word of every page's name and section, for the typo vocabulary."""
    return {word for item in _registered() for word in words_of(str(getattr(item, "label", "")))}
