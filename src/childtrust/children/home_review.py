"""What of the child index needs a reviewer, for the home page (core.home): the pairs of
records waiting for a decision that they may see."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from childtrust.children import access
from childtrust.core.home import Need, NeedItem
from childtrust.core.permissions import PermissionHolder

GROUP = "Children's data"


def link_review_needs(user: PermissionHolder) -> Iterator[Need]:
    if not access.can_review_child_links(user):
        return
    yield NeedItem(
        access.link_reviews_visible_to(user).count(),
        "pair of records to review",
        "pairs of records to review",
        reverse("children:link_review_list"),
        GROUP,
    )
