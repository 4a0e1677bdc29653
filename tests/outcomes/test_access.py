"""Who may see and change outcome indicators: each access function against every role, and
never someone signed out or deactivated."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser

from childtrust.accounts.models import Role, User
from childtrust.outcomes import access

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)
MANAGE_OUTCOMES = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}

ACCESS_FUNCTIONS: dict[str, tuple[Callable[[User | AnonymousUser | None], bool], set[Role]]] = {
    "view outcomes": (access.can_view_outcomes, set(ALL_ROLES)),
    "upload indicator data": (access.can_upload_indicator_data, MANAGE_OUTCOMES),
    "edit an indicator": (access.can_edit_indicator, MANAGE_OUTCOMES),
}


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("what", list(ACCESS_FUNCTIONS))
def test_each_role_may_do_what_its_capabilities_allow(
    user_with_role: Callable[[str], User], what: str, role: Role
) -> None:
    allowed, roles = ACCESS_FUNCTIONS[what]

    assert allowed(user_with_role(role)) == (role in roles)


@pytest.mark.parametrize("what", list(ACCESS_FUNCTIONS))
def test_no_one_signed_out_may_do_anything(what: str) -> None:
    allowed, _ = ACCESS_FUNCTIONS[what]

    assert not allowed(AnonymousUser())
    assert not allowed(None)


@pytest.mark.parametrize("what", list(ACCESS_FUNCTIONS))
def test_a_deactivated_account_may_do_nothing_whatever_its_role(
    user_with_role: Callable[[str], User], what: str
) -> None:
    allowed, _ = ACCESS_FUNCTIONS[what]
    user = user_with_role(Role.PARTNERSHIP_ADMIN)
    user.is_active = False

    assert not allowed(user)
