"""What apps above the children app add to a child's page: links to their own pages about the
child (safeguarding's chronology, recording a concern), without the children app importing them
(layers point down). Each app registers, when it starts (its AppConfig's `ready`), a provider
that answers for one reader and one child (the ChildView access.child_for_user gave the page),
deciding through its own access functions which of its links the reader may follow."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from childtrust.children.access import ChildView
from childtrust.core.permissions import PermissionHolder


@dataclass(frozen=True)
class ChildPageLink:
    """A link on the child's page: "Safeguarding chronology", with a line saying what is there."""

    text: str
    url: str
    hint: str = ""


Provider = Callable[[PermissionHolder, ChildView], Iterable[ChildPageLink]]


@dataclass(frozen=True)
class _Registered:
    key: str
    position: int  # the order on the page, lowest first
    provider: Provider


_PROVIDERS: dict[str, _Registered] = {}


def child_page_links_register(key: str, provider: Provider, *, position: int) -> None:
    """Adds (or, on a second start in the same process, replaces) an app's provider."""
    _PROVIDERS[key] = _Registered(key, position, provider)


def child_page_links_for(user: PermissionHolder, view: ChildView) -> list[ChildPageLink]:
    """Every link the providers give this reader for this child, in the providers' order."""
    return [
        link
        for registered in sorted(_PROVIDERS.values(), key=lambda r: (r.position, r.key))
        for link in registered.provider(user, view)
    ]
