"""The service navigation: each app adds its own sections when it starts (its AppConfig's
`ready`), each with the access function that says who sees it, so the core never needs to know
the apps above it or their rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from childtrust.core.permissions import PermissionHolder


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    section: str  # the start of the path (one or more segments) that marks the item as current
    position: int  # where it sits in the header, lowest first
    visible_to: Callable[[PermissionHolder], bool]  # an access function: may they open it?


_ITEMS: dict[str, NavItem] = {}


def navigation_register(*items: NavItem) -> None:
    """Adds (or, on a second start in the same process, replaces) an app's sections."""
    for item in items:
        _ITEMS[item.url_name] = item


def _items() -> list[NavItem]:
    return sorted(_ITEMS.values(), key=lambda item: item.position)


def visible_sections(user: PermissionHolder) -> set[str]:
    """The URL names of the sections the user may open (for a page that links to them)."""
    return {item.url_name for item in _items() if item.visible_to(user)}


def navigation_for(request: HttpRequest) -> list[dict[str, object]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    path = request.path.strip("/") + "/"
    return [
        {
            "label": item.label,
            "href": reverse(item.url_name),
            "active": path.startswith(f"{item.section}/"),
        }
        for item in _items()
        if item.visible_to(user)
    ]
