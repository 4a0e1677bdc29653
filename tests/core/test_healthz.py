"""The health check that load balancers and monitors call."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client


@pytest.mark.django_db
def test_healthz_answers_200_ok_when_the_database_answers() -> None:
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails() -> None:
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("connection refused")
    ):
        response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


@pytest.mark.django_db
def test_healthz_is_never_cached_so_monitors_see_the_present() -> None:
    response = Client().get("/healthz")

    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_refuses_a_post() -> None:
    assert Client().post("/healthz").status_code == 405
