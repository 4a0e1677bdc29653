"""What of children's data needs the data protection lead, for the home page (core.home): the
break-glass events and the consent overrides not yet reviewed, and the children past their
retention date."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone

from childtrust.children import access
from childtrust.children.selectors.child_record import unreviewed_counts
from childtrust.children.selectors.retention import children_retention_due
from childtrust.core.home import Need, NeedItem
from childtrust.core.permissions import PermissionHolder

GROUP = "Children's data"


def access_review_needs(user: PermissionHolder) -> Iterator[Need]:
    yield from _review_needs(user)
    yield from _retention_needs(user)


def _review_needs(user: PermissionHolder) -> Iterator[Need]:
    if not access.can_review_child_access(user):
        return
    glass, overrides = unreviewed_counts()
    if glass:
        yield NeedItem(
            glass,
            "break-glass event to review",
            "break-glass events to review",
            reverse("children:break_glass_list"),
            GROUP,
        )
    if overrides:
        yield NeedItem(
            overrides,
            "consent override to review",
            "consent overrides to review",
            reverse("children:consent_override_list"),
            GROUP,
        )


def _retention_needs(user: PermissionHolder) -> Iterator[Need]:
    if not access.can_run_retention(user):
        return
    due = len(children_retention_due(timezone.localdate()))
    if due:
        yield NeedItem(
            due,
            "child past their retention date",
            "children past their retention date",
            reverse("children:retention"),
            GROUP,
        )
