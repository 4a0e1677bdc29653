"""Apps add their own sections to the header: the order is the sections' positions, whatever
order the apps start in, and each section shows only to those its access function allows."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from childtrust.core import navigation
from childtrust.core.navigation import (
    NavItem,
    navigation_for,
    navigation_register,
    visible_sections,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def _only_test_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(navigation, "_ITEMS", {})
    navigation_register(
        NavItem("Later", "partnership:vision", "vision", 20, lambda _user: True),
        NavItem("Earlier", "core:home", "home", 10, lambda _user: True),
        NavItem("Hidden", "audit:event_list", "audit", 30, lambda _user: False),
    )


@pytest.mark.usefixtures("_only_test_sections")
def test_sections_come_in_their_positions_and_only_for_those_allowed() -> None:
    request = RequestFactory().get("/vision/")
    request.user = UserFactory()
    items = navigation_for(request)
    assert [item["label"] for item in items] == ["Earlier", "Later"]
    assert [item["active"] for item in items] == [False, True]
    assert visible_sections(request.user) == {"core:home", "partnership:vision"}


@pytest.mark.usefixtures("_only_test_sections")
def test_an_anonymous_visitor_sees_no_navigation() -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert navigation_for(request) == []


def test_every_app_registers_its_sections_when_it_starts() -> None:
    labels = [item.label for item in navigation._items()]
    assert labels == [
        "Partnership",
        "Services",
        "People",
        "Vision",
        "Plan",
        "Workforce",
        "Messages",
        "Surveys",
        "Feedback",
        "Staff voice",
        "Outcomes",
        "Resources",
        "Audit log",
        "Audit checks",
    ]
