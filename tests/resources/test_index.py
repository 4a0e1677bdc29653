"""The resources index: every signed-in partner may open it; visitors must sign in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_open_the_resources_index(client: Client, role: Role) -> None:
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("resources:index"))
    assert response.status_code == 200
    assert "The pooled budget" in response.content.decode()


def test_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("resources:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))
