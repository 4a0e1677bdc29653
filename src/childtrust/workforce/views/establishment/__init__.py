"""The establishment's pages, one module per subject: posts and job descriptions (posts),
holders and agency cover (holdings), people (my post, starters and leavers, absence,
caseloads), the multi-agency locality teams (locality) and workforce managers' remits
(remits). `urls` lists them all for workforce.urls."""

from __future__ import annotations

from django.urls import URLPattern

from childtrust.workforce.views.establishment import holdings, locality, people, posts, remits

urls: list[URLPattern] = [
    *posts.urls,
    *holdings.urls,
    *people.urls,
    *locality.urls,
    *remits.urls,
]
