"""The service navigation: which items each role sees and which one is marked current."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from childtrust.accounts.models import Role
from childtrust.core.navigation import navigation_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _navigation(path: str, role: str = Role.PRACTITIONER) -> dict[str, bool]:
    request = RequestFactory().get(path)
    request.user = UserFactory(role=role)
    return {str(item["label"]): bool(item["active"]) for item in navigation_for(request)}


def test_the_item_whose_path_the_page_is_under_is_current_and_no_other() -> None:
    navigation = _navigation("/partnership/agencies/city-health/")

    assert navigation["Partnership"] is True
    assert [label for label, active in navigation.items() if active] == ["Partnership"]


def test_an_item_can_own_a_deeper_part_of_the_path() -> None:
    assert _navigation("/voice/messages/briefings/")["Messages"] is True
    assert _navigation("/voice/surveys/")["Messages"] is False


def test_a_path_that_only_starts_with_the_same_letters_is_not_current() -> None:
    assert _navigation("/partnerships-elsewhere/")["Partnership"] is False


def test_every_signed_in_role_sees_messages_and_only_auditors_see_the_audit_log() -> None:
    for role in Role:
        navigation = _navigation("/", role)
        assert "Messages" in navigation
        assert ("Audit log" in navigation) == (role == Role.AUDITOR)
