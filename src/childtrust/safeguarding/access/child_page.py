"""Which of safeguarding's links the child's page offers a reader (safeguarding.child_page):
each asks the access function of the page it opens, for the child the page shows; the Team
Around the Child's page opens for those working with the child (as its page asks)."""

from __future__ import annotations

from childtrust.children import access as children_access
from childtrust.children.access import ChildView


def can_open_team_page(view: ChildView) -> bool:
    """The child's team page (safeguarding.views.team_around_child.team_page) shows its team, or
    offers to start one, to those working with the child (WORKING_RELATIONSHIPS): its lead and
    members are involved with the child in the child index too."""
    return view.relationship in children_access.WORKING_RELATIONSHIPS
