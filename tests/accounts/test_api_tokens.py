"""API tokens: `childtrust create_api_token USERNAME` prints a token that works, and refuses
clearly someone who cannot have one; a token reads only unless made to write, lasts at most a
year, needs two-factor set up first for a role that must use it, and is audited without its
value."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import DjangoAssertNumQueries, Settings

from childtrust.accounts.models import ApiToken, ApiTokenScope, Role
from childtrust.accounts.services import api_token_authenticate, api_token_create
from childtrust.audit.models import AuditAction, AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ONE_S = timedelta(seconds=1)


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


# --- Scope, expiry and two-factor: the command ------------------------------------------------


def test_command_makes_a_read_only_token_for_90_days_unless_told(
    capsys: pytest.CaptureFixture[str],
) -> None:
    user = UserFactory(username="school-mis")

    create_token("school-mis")

    stored = ApiToken.objects.get(user=user)
    assert stored.scope == ApiTokenScope.READ
    assert stored.expires_at - stored.created_at == pytest.approx(timedelta(days=90), abs=ONE_S)
    assert "Read only, expires" in capsys.readouterr().err


def test_command_makes_a_read_and_write_token_for_the_days_given() -> None:
    user = UserFactory(username="finance-system", role=Role.FINANCE_OFFICER)

    create_token("finance-system", "--scope", "read-write", "--days", "30")

    stored = ApiToken.objects.get(user=user)
    assert stored.scope == ApiTokenScope.READ_WRITE
    assert stored.expires_at - stored.created_at == pytest.approx(timedelta(days=30), abs=ONE_S)


@pytest.mark.parametrize("days", ["0", "366", "-5"])
def test_command_refuses_a_token_that_would_last_more_than_a_year_or_no_time(days: str) -> None:
    UserFactory(username="school-mis")

    with pytest.raises(CommandError, match="A token lasts from 1 to 365 days"):
        create_token("school-mis", "--days", days)

    assert not ApiToken.objects.exists()


def test_command_refuses_a_token_for_a_two_factor_role_without_an_authenticator(
    settings: Settings,
) -> None:
    settings.TWO_FACTOR_REQUIRED_ROLES = frozenset({Role.FINANCE_OFFICER})
    UserFactory(username="finance-system", role=Role.FINANCE_OFFICER)

    with pytest.raises(CommandError, match="must use two-factor sign-in: set up its authenticator"):
        create_token("finance-system", "--scope", "read-write")

    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.API_TOKEN_CREATED).exists()


def test_command_makes_a_token_for_a_two_factor_role_once_its_authenticator_is_set_up(
    settings: Settings,
) -> None:
    settings.TWO_FACTOR_REQUIRED_ROLES = frozenset({Role.FINANCE_OFFICER})
    user = UserFactory(username="finance-system", role=Role.FINANCE_OFFICER)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

    create_token("finance-system")

    assert ApiToken.objects.filter(user=user).exists()


# --- Scope, expiry and two-factor: the service ------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_every_role_that_must_use_two_factor_needs_a_confirmed_authenticator_first(
    role: Role, settings: Settings
) -> None:
    settings.TWO_FACTOR_REQUIRED_ROLES = frozenset(Role.values)
    user = UserFactory(role=role)
    TOTPDevice.objects.create(user=user, name="not yet confirmed", confirmed=False)

    with pytest.raises(PermissionDenied, match=f"The account {user.username} must use two-factor"):
        api_token_create(user=user, scope=ApiTokenScope.READ_WRITE)

    TOTPDevice.objects.filter(user=user).update(confirmed=True)
    token, _ = api_token_create(user=user, scope=ApiTokenScope.READ_WRITE)
    assert token.may_write


def test_a_role_that_need_not_use_two_factor_may_have_a_token_without_an_authenticator(
    settings: Settings,
) -> None:
    settings.TWO_FACTOR_REQUIRED_ROLES = frozenset({Role.FINANCE_OFFICER})

    token, _ = api_token_create(user=UserFactory(role=Role.PRACTITIONER))

    assert token.scope == ApiTokenScope.READ


@pytest.mark.parametrize(("days", "allowed"), [(0, False), (1, True), (365, True), (366, False)])
def test_a_token_lasts_at_most_a_year(days: int, *, allowed: bool) -> None:
    user = UserFactory()

    if allowed:
        token, _ = api_token_create(user=user, days=days)
        assert token.expires_at - token.created_at == pytest.approx(timedelta(days=days), abs=ONE_S)
    else:
        with pytest.raises(ValidationError):
            api_token_create(user=user, days=days)
        assert not ApiToken.objects.exists()


def test_creating_a_token_is_audited_with_its_scope_and_expiry_and_never_the_token() -> None:
    user = UserFactory(username="finance-system")

    token, raw = api_token_create(user=user, name="Ledger", scope=ApiTokenScope.READ_WRITE, days=30)

    event = AuditEvent.objects.get(action=AuditAction.API_TOKEN_CREATED)
    assert event.actor_username == "finance-system"
    assert event.details == {
        "name": "Ledger",
        "scope": "read_write",
        "expires_at": token.expires_at.isoformat(timespec="seconds"),
    }
    stored = json.dumps(
        {field.name: str(getattr(event, field.attname)) for field in AuditEvent._meta.fields}
    )
    secret = raw.removeprefix("ct_")
    assert secret[:6] not in stored
    assert token.digest not in stored


def test_an_expired_token_is_not_found_by_authentication() -> None:
    token, raw = api_token_create(user=UserFactory())
    assert api_token_authenticate(raw) == token

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert api_token_authenticate(raw) is None


def test_last_used_is_written_at_most_once_a_minute() -> None:
    token, raw = api_token_create(user=UserFactory())
    a_moment_ago = timezone.now() - timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=a_moment_ago)

    api_token_authenticate(raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == a_moment_ago

    two_minutes_ago = timezone.now() - timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=two_minutes_ago)
    api_token_authenticate(raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > two_minutes_ago


def test_the_account_page_lists_each_token_with_its_scope_expiry_and_last_use() -> None:
    user = UserFactory()
    api_token_create(user=user, name="Ledger", scope=ApiTokenScope.READ_WRITE, days=30)
    old, _ = api_token_create(user=user, name="Old MIS")
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client = Client()
    client.force_login(user)

    page = client.get("/account/").content.decode()

    # Newest first.
    old_mis = page[page.index("Old MIS") : page.index("Ledger")]
    ledger = page[page.index("Ledger") :]
    assert "Read and write" in ledger
    assert "Not yet used" in ledger
    assert "Read only" in old_mis
    assert "Expired" in old_mis


# --- Two-factor holds for as long as a token is used ----------------------------------------


def _two_factor_account_with_token(settings: Settings) -> tuple[ApiToken, str]:
    settings.TWO_FACTOR_REQUIRED_ROLES = frozenset({Role.FINANCE_OFFICER})
    user = UserFactory(username="finance-system", role=Role.FINANCE_OFFICER)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return api_token_create(user=user, scope=ApiTokenScope.READ_WRITE)


def test_a_token_stops_working_once_its_accounts_authenticator_is_removed(
    settings: Settings,
) -> None:
    token, raw = _two_factor_account_with_token(settings)
    assert api_token_authenticate(raw) == token

    TOTPDevice.objects.filter(user=token.user).delete()

    assert api_token_authenticate(raw) is None
    response = Client().get("/api/v1/agencies", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_a_token_stops_working_once_its_account_moves_to_a_role_that_must_use_two_factor(
    settings: Settings,
) -> None:
    settings.TWO_FACTOR_REQUIRED_ROLES = frozenset({Role.FINANCE_OFFICER})
    user = UserFactory(role=Role.PRACTITIONER)
    token, raw = api_token_create(user=user)
    assert api_token_authenticate(raw) == token

    user.role = Role.FINANCE_OFFICER
    user.save(update_fields=["role"])

    assert api_token_authenticate(raw) is None
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    assert api_token_authenticate(raw) == token


def test_checking_two_factor_costs_a_token_one_query_more(
    settings: Settings, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    token, raw = _two_factor_account_with_token(settings)
    _, plain_raw = api_token_create(user=UserFactory(role=Role.PRACTITIONER))
    ApiToken.objects.update(last_used_at=timezone.now())  # no write of the last use

    with django_assert_num_queries(1):
        assert api_token_authenticate(plain_raw) is not None
    with django_assert_num_queries(2):
        assert api_token_authenticate(raw) == token
