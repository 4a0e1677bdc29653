import pytest
from django.test import Client

from tests.factories import TEST_PASSWORD, UserFactory


@pytest.mark.django_db
def test_sign_in_then_home_page_greets_user() -> None:
    user = UserFactory(username="alex", first_name="Alex", last_name="Smith")
    client = Client()
    response = client.post("/sign-in/", {"username": "alex", "password": TEST_PASSWORD})
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert "Alex Smith" in home.content.decode()
    assert user.pk


@pytest.mark.django_db
def test_healthz_answers_ok_without_signing_in() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
