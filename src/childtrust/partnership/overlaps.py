"""Where the alignment matrix sends people to compare agencies' overlapping work: a page of an
app above this one (the resources app's duplicated provision page), registered when that app
starts (its AppConfig's `ready`), so that the partnership never imports it."""

from __future__ import annotations

from collections.abc import Callable

from childtrust.core.permissions import PermissionHolder

#: Gives the page's address for the user, or None when they may not open it.
OverlapPage = Callable[[PermissionHolder], str | None]

_pages: dict[str, OverlapPage] = {}


def overlap_page_register(name: str, page: OverlapPage) -> None:
    """Registers (or, on a second start in the same process, replaces) a page."""
    _pages[name] = page


def overlap_page_for(user: PermissionHolder) -> str | None:
    """The address of the first registered page the user may open, or None."""
    return next((url for url in (page(user) for page in _pages.values()) if url), None)
