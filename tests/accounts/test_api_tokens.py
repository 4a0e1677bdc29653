"""`childtrust create_api_token USERNAME`: a token that works once printed, and a clear refusal
for someone who cannot have one."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.test import Client

from childtrust.accounts.models import ApiToken
from childtrust.audit.models import AuditAction, AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def create_token(*args: str) -> str:
    out = StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue().strip()


def test_command_prints_a_token_that_then_opens_the_api() -> None:
    UserFactory(username="school-mis")

    token = create_token("school-mis")

    assert token.startswith("ct_")
    response = Client().get("/api/v1/agencies", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_command_stores_only_a_digest_and_the_name_given() -> None:
    user = UserFactory(username="school-mis")

    token = create_token("school-mis", "--name", "Hillside MIS")

    stored = ApiToken.objects.get(user=user)
    assert stored.name == "Hillside MIS"
    assert stored.prefix == token[:10]
    assert token not in stored.digest


def test_command_records_the_new_token_in_the_audit_log() -> None:
    UserFactory(username="school-mis")

    create_token("school-mis")

    assert AuditEvent.objects.filter(
        action=AuditAction.API_TOKEN_CREATED, actor_username="school-mis"
    ).exists()


def test_each_run_prints_a_different_token() -> None:
    UserFactory(username="school-mis")

    assert create_token("school-mis") != create_token("school-mis")


def test_command_refuses_an_unknown_user_with_a_clear_error() -> None:
    with pytest.raises(CommandError, match="No active user is called 'nobody'"):
        create_token("nobody")

    assert not ApiToken.objects.exists()


def test_command_refuses_an_inactive_user() -> None:
    UserFactory(username="leaver", is_active=False)

    with pytest.raises(CommandError, match="No active user is called 'leaver'"):
        create_token("leaver")

    assert not ApiToken.objects.exists()


def test_command_line_exits_non_zero_and_says_why_for_an_unknown_user(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["childtrust", "create_api_token", "nobody"])

    assert exit_info.value.code != 0
    captured = capsys.readouterr()
    assert "No active user is called 'nobody'" in captured.err
    assert captured.out == ""
