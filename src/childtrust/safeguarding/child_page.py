"""Safeguarding's links on the child's page (children.child_page_links): each shown only to a
reader its own access function lets follow it, for the child the page shows."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from childtrust.children.access import ChildView
from childtrust.children.child_page_links import ChildPageLink
from childtrust.core.permissions import PermissionHolder
from childtrust.safeguarding import access


def safeguarding_child_links(user: PermissionHolder, view: ChildView) -> list[ChildPageLink]:
    child = view.child
    links: list[ChildPageLink] = []
    if access.can_view_chronology(view):
        links.append(
            ChildPageLink(
                "Safeguarding chronology",
                reverse("safeguarding:chronology", kwargs={"child_id": child.reference}),
                "Every agency's entries about the child in time order.",
            )
        )
    if access.can_record_concern_about(user, child):
        links.append(
            ChildPageLink(
                "Record a concern",
                reverse("safeguarding:concern_record", kwargs={"child_id": child.reference}),
            )
        )
    if access.can_open_team_page(view):
        links.append(
            ChildPageLink(
                "Team around the child",
                reverse("safeguarding:team", kwargs={"child_id": child.reference}),
            )
        )
    if access.can_refer(user) and access.can_refer_child(user, child):
        query = urlencode({"child": child.reference})
        links.append(
            ChildPageLink(
                "Refer to the front door", f"{reverse('safeguarding:referral_new')}?{query}"
            )
        )
    return links
