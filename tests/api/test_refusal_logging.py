"""A refused request is logged on one line (method, path, status, user id, reason) without a
traceback, from a page or the API; a server error is still logged with its traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from django.test import Client

from childtrust.accounts.models import ApiTokenScope, Role
from childtrust.accounts.services import api_token_create
from childtrust.api.auth import READ_ONLY_MESSAGE
from childtrust.partnership.selectors import registry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def request_log(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "django.request"]


def assert_one_line_without_traceback(caplog: pytest.LogCaptureFixture, expected: str) -> None:
    [record] = request_log(caplog)
    assert record.getMessage() == expected
    assert record.exc_info is None
    assert "\n" not in caplog.text.strip()
    assert "Traceback" not in caplog.text


def api_call(
    method: str, path: str, *, role: str = Role.PRACTITIONER, **kwargs: object
) -> tuple[object, int]:
    user = UserFactory(role=role)
    _, token = api_token_create(user=user)
    response = Client().generic(
        method, f"/api/v1{path}", headers={"Authorization": f"Bearer {token}"}, **kwargs
    )
    return response, user.pk


def test_a_page_refused_by_role_is_one_line_with_the_reason(
    caplog: pytest.LogCaptureFixture, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.PRACTITIONER)
    user_id = client.session["_auth_user_id"]

    with caplog.at_level(logging.WARNING):
        assert client.get("/audit/").status_code == 403

    assert_one_line_without_traceback(
        caplog, f"Refused GET /audit/ 403 user={user_id}: Forbidden (Permission denied)"
    )


def test_a_missing_page_is_one_line(
    caplog: pytest.LogCaptureFixture, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.PRACTITIONER)
    user_id = client.session["_auth_user_id"]

    with caplog.at_level(logging.WARNING):
        assert client.get("/no/such/page/").status_code == 404

    assert_one_line_without_traceback(
        caplog, f"Refused GET /no/such/page/ 404 user={user_id}: Not Found"
    )


def test_a_missing_record_on_a_page_is_one_line(
    caplog: pytest.LogCaptureFixture, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.PARTNERSHIP_ADMIN)

    with caplog.at_level(logging.WARNING):
        assert client.get("/outcomes/indicators/999999/").status_code == 404

    [record] = request_log(caplog)
    assert record.getMessage().startswith("Refused GET /outcomes/indicators/999999/ 404 user=")
    assert record.exc_info is None


def test_the_api_without_a_token_is_one_line(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert Client().get("/api/v1/agencies").status_code == 401

    [record] = request_log(caplog)
    assert record.getMessage() == (
        "Refused GET /api/v1/agencies 401 user=-: "
        "No valid API token (missing, unknown, revoked or expired)."
    )
    assert record.exc_info is None


def test_a_read_only_token_asked_to_write_is_one_line(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        _, user_id = api_call(
            "POST",
            "/budget/years",
            role=Role.STRATEGIC_LEAD,
            data="{}",
            content_type="application/json",
        )

    assert_one_line_without_traceback(
        caplog, f"Refused POST /api/v1/budget/years 403 user={user_id}: {READ_ONLY_MESSAGE}"
    )


def test_an_api_refusal_by_role_is_one_line_with_the_reason(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        _, user_id = api_call("GET", "/budget/years/2026-27/lines")

    [record] = request_log(caplog)
    assert record.getMessage().startswith("Refused GET /api/v1/budget/years/2026-27/lines 40")
    assert f"user={user_id}: " in record.getMessage()
    assert record.exc_info is None


def test_an_api_record_not_found_is_one_line_with_the_reason(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        _, user_id = api_call("GET", "/agencies/nowhere")

    assert_one_line_without_traceback(
        caplog,
        f"Refused GET /api/v1/agencies/nowhere 404 user={user_id}: "
        "No agency has the slug 'nowhere'.",
    )


def test_an_api_request_that_does_not_fit_the_schema_is_one_line_without_the_values(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        _, user_id = api_call("GET", "/agencies?page=secret-value")

    assert_one_line_without_traceback(
        caplog,
        f"Refused GET /api/v1/agencies 422 user={user_id}: Invalid request: query.page: "
        "Input should be a valid integer, unable to parse string as an integer",
    )
    assert "secret-value" not in caplog.text


def test_a_line_break_sent_in_the_path_cannot_start_a_false_log_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        api_call("GET", "/agencies/x%0AERROR forged")

    [record] = request_log(caplog)
    assert "\n" not in record.getMessage()


def test_a_server_error_is_still_logged_with_its_traceback(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(registry, "agencies_for_list", broken)
    user = UserFactory()
    _, token = api_token_create(user=user, scope=ApiTokenScope.READ)
    client = Client(raise_request_exception=False)

    with caplog.at_level(logging.WARNING):
        response = client.get("/api/v1/agencies", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 500
    [record] = request_log(caplog)
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None
    assert "Traceback" in caplog.text
    assert "the database went away" in caplog.text
