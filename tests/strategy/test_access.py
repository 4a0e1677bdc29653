"""The strategy app's access rules that lean on other apps' rules."""

from __future__ import annotations

import pytest

from childtrust.accounts.models import Role
from childtrust.resources import access as resources_access
from childtrust.strategy import access
from childtrust.voice import access as voice_access
from tests.conftest import ALL_ROLES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN])
def test_whoever_reads_board_packs_may_already_see_everything_a_pack_shows(role: str) -> None:
    """A pack shows every partner's budget figures and the staff voice's figures whoever made
    it (access.board_pack_reader), so each role that may read packs must already hold both:
    this fails if a reader loses either while keeping packs (and the test below, if another
    role gains packs)."""
    user = UserFactory(role=role)
    assert access.can_view_board_pack(user)
    assert resources_access.can_view_every_partner(user)
    assert voice_access.can_view_message_reach(user)
    assert voice_access.can_view_survey_results(user)
    assert voice_access.can_view_feedback_response_times(user)


def test_only_the_plans_keepers_read_board_packs() -> None:
    readers = {role for role in ALL_ROLES if access.can_view_board_pack(UserFactory(role=role))}
    assert readers == {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}
