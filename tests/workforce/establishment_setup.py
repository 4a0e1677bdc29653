"""The people the establishment's tests act as, each made for a post: a practitioner, the
manager of the post's team and of another team, a workforce manager with no remit, one limited
to the post's agency and one limited to another, and an auditor."""

from __future__ import annotations

from typing import Any

from childtrust.accounts.models import Role, User
from childtrust.partnership.models import StaffMember
from childtrust.workforce.models import Post
from tests.factories import StaffMemberFactory, TeamFactory, UserFactory
from tests.workforce.factories import WorkforceManagerFactory, WorkforceRemitFactory

ACTORS = (
    "practitioner",
    "team_manager",
    "other_team_manager",
    "workforce_manager",
    "remit_in",
    "remit_out",
    "auditor",
)
MANAGERS = {"workforce_manager", "remit_in"}  # who change the post's agency's workforce
READERS = {"team_manager", "workforce_manager", "remit_in", "auditor"}  # who see the post


def linked_user(role: str, staff: StaffMember, **fields: Any) -> User:
    """A user with the role, signed in as the member of staff."""
    user = UserFactory(role=role, **fields)
    staff.user = user
    staff.save()
    return user


def actor_for(kind: str, post: Post) -> User:
    """The user of that kind for the post (see ACTORS)."""
    if kind == "practitioner":
        return linked_user(Role.PRACTITIONER, StaffMemberFactory(agency=post.agency))
    if kind == "team_manager":
        return linked_user(
            Role.TEAM_MANAGER, StaffMemberFactory(agency=post.agency, team=post.team)
        )
    if kind == "other_team_manager":
        other = TeamFactory(agency=post.agency)
        return linked_user(Role.TEAM_MANAGER, StaffMemberFactory(agency=post.agency, team=other))
    if kind == "workforce_manager":
        return WorkforceManagerFactory()
    if kind == "remit_in":
        return WorkforceRemitFactory(agency=post.agency).user
    if kind == "remit_out":
        return WorkforceRemitFactory().user
    if kind == "auditor":
        return UserFactory(role=Role.AUDITOR)
    raise ValueError(kind)
