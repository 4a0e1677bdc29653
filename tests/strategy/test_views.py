"""The plan's pages: every role reads them, anonymous visitors are sent to sign in, and overdue
milestones are said in words."""

from __future__ import annotations

import pytest
from django.test import Client

from childtrust.accounts.models import Role
from childtrust.strategy.models import Objective
from tests.conftest import ALL_ROLES
from tests.factories import UserFactory
from tests.strategy.plan_setup import objective_with_overdue_milestone

pytestmark = pytest.mark.django_db


@pytest.fixture
def objective() -> Objective:
    return objective_with_overdue_milestone()


def _client(role: Role) -> Client:
    client = Client()
    client.force_login(UserFactory(role=role))
    return client


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_reads_the_plan_with_overdue_in_words(role: Role, objective: Objective) -> None:
    response = _client(role).get("/plan/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Healthy teeth" in page
    assert "Overdue by 2 days" in page
    assert 'href="/plan/"' in page  # the Plan entry in the navigation


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_reads_an_objective_with_its_history(role: Role, objective: Objective) -> None:
    response = _client(role).get(f"/plan/objectives/{objective.pk}/")
    assert response.status_code == 200
    assert "Not started to At risk: Staff short" in response.content.decode()


def test_an_objective_that_does_not_exist_is_404() -> None:
    assert _client(Role.STRATEGIC_LEAD).get("/plan/objectives/999/").status_code == 404


@pytest.mark.parametrize("url", ["/plan/", "/plan/objectives/1/"])
def test_anonymous_visitors_are_sent_to_sign_in(url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302
    assert "sign-in" in response["Location"] or "login" in response["Location"]


def test_the_plan_page_says_when_there_is_no_plan() -> None:
    response = _client(Role.PRACTITIONER).get("/plan/")
    assert "has not recorded a strategic plan yet" in response.content.decode()
