"""A person's own account: changing their password (every problem at once, other sessions signed
out, audited), their API tokens (seen with scope and expiry, made once shown, revoked), and
resetting two-factor sign-in with their password. Each service refuses anyone but the holder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings

from childtrust.accounts import roles
from childtrust.accounts.models import ApiToken, ApiTokenScope, Role, User
from childtrust.accounts.services import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    own_api_token_create,
    password_change,
    two_factor_reset,
)
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.core.permissions import Capability
from tests.accounts.test_views import code_for, confirmed_device
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-longer-new-passphrase-7"
ACCOUNT = "/account/"
PASSWORD = "/account/password/"
NEW_TOKEN = "/account/api-tokens/new/"
RESET = "/account/two-factor/reset/"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def verified(user: User) -> User:
    """The user as django-otp's middleware gives it after a code from their app."""
    user.is_verified = lambda: True  # type: ignore[attr-defined]
    return user


@pytest.fixture
def without_api_for_practitioners() -> Iterator[None]:
    """No role lacks the API today; this takes it from practitioners for one test."""
    table = roles.ROLE_CAPABILITIES
    before = table[Role.PRACTITIONER]
    table[Role.PRACTITIONER] = before - {Capability.USE_API}
    yield
    table[Role.PRACTITIONER] = before


# Changing a password: the service ----------------------------------------------------------


def test_password_change_sets_the_new_password_and_records_what_changed_not_the_value() -> None:
    user = UserFactory()

    password_change(
        actor=user, user=user, current_password=TEST_PASSWORD, new_password=NEW_PASSWORD
    )

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.object_id) == (
        AuditAction.UPDATE,
        user.pk,
        str(user.pk),
    )
    assert event.details == {"changed": ["password"]}
    assert NEW_PASSWORD not in str(event.details) + event.object_repr


def test_password_change_of_someone_elses_account_is_refused() -> None:
    holder, other = UserFactory(), UserFactory(role=Role.PARTNERSHIP_ADMIN)

    with pytest.raises(PermissionDenied, match="change this account's password"):
        password_change(
            actor=other, user=holder, current_password=TEST_PASSWORD, new_password=NEW_PASSWORD
        )

    holder.refresh_from_db()
    assert holder.check_password(TEST_PASSWORD)
    assert not AuditEvent.objects.exists()


def test_password_change_by_a_deactivated_account_is_refused() -> None:
    user = UserFactory(is_active=False)

    with pytest.raises(PermissionDenied):
        password_change(
            actor=user, user=user, current_password=TEST_PASSWORD, new_password=NEW_PASSWORD
        )


def test_password_change_reports_a_wrong_current_password_and_a_weak_new_one_together() -> None:
    user = UserFactory()

    with pytest.raises(ValidationError) as refusal:
        password_change(actor=user, user=user, current_password="wrong", new_password="12345")

    errors = refusal.value.message_dict
    assert errors["current_password"] == ["Your current password is not right"]
    assert (
        "This password is too short. It must contain at least 12 characters."
        in (errors["new_password"])
    )
    assert "This password is entirely numeric." in errors["new_password"]
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_password_change_refuses_the_same_password_again() -> None:
    user = UserFactory()

    with pytest.raises(ValidationError, match="must be different"):
        password_change(
            actor=user, user=user, current_password=TEST_PASSWORD, new_password=TEST_PASSWORD
        )


# Changing a password: the page -------------------------------------------------------------


def test_password_page_shows_every_problem_at_once_with_error_in_the_title() -> None:
    client = signed_in(UserFactory(username="sam"))

    response = client.post(
        PASSWORD,
        {"current_password": "wrong", "new_password": "sam", "new_password_again": "different"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Change your password" in page
    assert "There is a problem" in page
    for message in (
        "Your current password is not right",
        "This password is too short.",
        "The password is too similar to the username.",
        "The new passwords do not match",
    ):
        assert message in page


def test_password_page_asks_for_each_empty_field() -> None:
    response = signed_in(UserFactory()).post(PASSWORD, {})

    page = response.content.decode()
    for message in (
        "Enter your current password",
        "Enter a new password",
        "Enter your new password again",
    ):
        assert message in page


def test_password_page_keeps_this_session_and_signs_out_every_other() -> None:
    user = UserFactory()
    here, elsewhere = signed_in(user), signed_in(user)
    assert elsewhere.get(ACCOUNT).status_code == 200

    response = here.post(
        PASSWORD,
        {
            "current_password": TEST_PASSWORD,
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == ACCOUNT
    assert "signed out everywhere else" in here.get(ACCOUNT).content.decode()
    assert here.get(ACCOUNT).status_code == 200
    answer = elsewhere.get(ACCOUNT)
    assert answer.status_code == 302
    assert answer["Location"].startswith("/sign-in/")


def test_password_page_needs_sign_in() -> None:
    response = Client().get(PASSWORD)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


# API tokens: the services ------------------------------------------------------------------


def test_own_token_is_made_for_the_actor_with_the_scope_and_days_asked() -> None:
    user = UserFactory()

    token, raw = own_api_token_create(
        actor=user, name="School MIS", scope=ApiTokenScope.READ_WRITE, days=30
    )

    assert token.user == user
    assert token.may_write
    assert api_token_authenticate(raw) == token
    assert token.expires_at - timezone.now() == pytest.approx(
        timedelta(days=30), abs=timedelta(minutes=1)
    )


def test_own_token_is_refused_to_a_role_that_may_not_use_the_api(
    without_api_for_practitioners: None,
) -> None:
    user = UserFactory(role=Role.PRACTITIONER)

    with pytest.raises(PermissionDenied, match="use the API"):
        own_api_token_create(actor=user, name="School MIS")

    assert not ApiToken.objects.exists()


def test_revoking_a_token_ends_it_and_is_audited() -> None:
    user = UserFactory()
    token, raw = api_token_create(user=user, name="School MIS")

    api_token_revoke(actor=user, token=token)

    assert api_token_authenticate(raw) is None
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE).get()
    assert event.object_type == "accounts.apitoken"
    assert event.object_id == str(token.pk)
    assert "revoked_at" in event.details


def test_revoking_someone_elses_token_is_refused() -> None:
    holder, other = UserFactory(), UserFactory(role=Role.PARTNERSHIP_ADMIN)
    token, raw = api_token_create(user=holder)

    with pytest.raises(PermissionDenied, match="revoke this API token"):
        api_token_revoke(actor=other, token=token)

    assert api_token_authenticate(raw) is not None


def test_revoking_a_revoked_token_again_records_nothing_more() -> None:
    user = UserFactory()
    token, _ = api_token_create(user=user)
    api_token_revoke(actor=user, token=token)
    revoked_at = token.revoked_at

    api_token_revoke(actor=user, token=token)

    assert token.revoked_at == revoked_at
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE).count() == 1


# API tokens: the pages ---------------------------------------------------------------------


def test_account_page_lists_live_and_expired_tokens_with_scope_and_expiry_not_revoked() -> None:
    user = UserFactory()
    api_token_create(user=user, name="School MIS", scope=ApiTokenScope.READ_WRITE, days=30)
    expired, _ = api_token_create(user=user, name="Old portal")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    gone, _ = api_token_create(user=user, name="Revoked system")
    api_token_revoke(actor=user, token=gone)

    page = signed_in(user).get(ACCOUNT).content.decode()

    assert "School MIS" in page
    assert "Read and write" in page
    in_30_days = timezone.localdate() + timedelta(days=30)
    assert f"{in_30_days.day} {in_30_days:%B %Y}" in page
    assert "Old portal" in page
    assert "Expired" in page
    assert "Revoked system" not in page
    assert "Create an API token" in page


def test_token_page_shows_the_new_token_once_and_keeps_only_its_digest() -> None:
    user = UserFactory()
    client = signed_in(user)

    response = client.post(NEW_TOKEN, {"name": "School MIS", "scope": "read", "days": "90"})

    assert response.status_code == 200
    page = response.content.decode()
    token = ApiToken.objects.get(user=user)
    raw = page.split('id="new-token" type="text" value="', 1)[1].split('"', 1)[0]
    assert raw.startswith("ct_")
    assert api_token_authenticate(raw) == token
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )
    assert raw not in client.get(ACCOUNT).content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.API_TOKEN_CREATED).count() == 1


def test_token_page_shows_every_problem_at_once() -> None:
    response = signed_in(UserFactory()).post(
        NEW_TOKEN, {"name": "", "scope": "everything", "days": "9999"}
    )

    page = response.content.decode()
    assert "<title>Error: Create an API token" in page
    for message in (
        "Enter what the token is for",
        "Select what the token may do",
        "Select how long the token should last",
    ):
        assert message in page
    assert not ApiToken.objects.exists()


def test_a_role_that_must_use_two_factor_sets_it_up_before_making_a_token(
    settings: Settings,
) -> None:
    settings.TWO_FACTOR_REQUIRED_ROLES = frozenset({Role.FINANCE_OFFICER})
    client = signed_in(UserFactory(role=Role.FINANCE_OFFICER))

    response = client.post(NEW_TOKEN, {"name": "Ledger", "scope": "read", "days": "30"})

    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor/"
    assert not ApiToken.objects.exists()


def test_token_page_is_refused_to_a_role_that_may_not_use_the_api(
    without_api_for_practitioners: None,
) -> None:
    client = signed_in(UserFactory(role=Role.PRACTITIONER))

    assert client.get(NEW_TOKEN).status_code == 403
    assert client.post(NEW_TOKEN, {"name": "x", "scope": "read", "days": "30"}).status_code == 403
    assert "Create an API token" not in client.get(ACCOUNT).content.decode()


def test_revoke_page_asks_first_then_revokes_on_post() -> None:
    user = UserFactory()
    token, raw = api_token_create(user=user, name="School MIS")
    client = signed_in(user)
    address = f"/account/api-tokens/{token.pk}/revoke/"

    assert "Revoke the API token \u2018School MIS\u2019?" in client.get(address).content.decode()
    assert api_token_authenticate(raw) is not None
    response = client.post(address)

    assert response.status_code == 302
    assert api_token_authenticate(raw) is None
    assert client.get(address).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_someone_elses_token_cannot_be_revoked_from_the_page(method: str) -> None:
    token, raw = api_token_create(user=UserFactory())
    client = signed_in(UserFactory(role=Role.PARTNERSHIP_ADMIN))

    response: Any = getattr(client, method)(f"/account/api-tokens/{token.pk}/revoke/")

    assert response.status_code == 404
    assert api_token_authenticate(raw) is not None


# Two-factor sign-in: reset -----------------------------------------------------------------


def test_two_factor_reset_removes_the_authenticator_and_is_audited() -> None:
    user = UserFactory()
    device = confirmed_device(user)

    two_factor_reset(actor=verified(user), user=user, password=TEST_PASSWORD)

    assert not TOTPDevice.objects.filter(user=user).exists()
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.DELETE
    assert (event.object_type, event.object_id) == ("otp_totp.totpdevice", str(device.pk))


def test_two_factor_reset_needs_the_right_password() -> None:
    user = UserFactory()
    confirmed_device(user)

    with pytest.raises(ValidationError, match="Your password is not right"):
        two_factor_reset(actor=verified(user), user=user, password="wrong")

    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_two_factor_reset_is_refused_without_a_code_this_session() -> None:
    user = UserFactory()
    confirmed_device(user)

    with pytest.raises(PermissionDenied, match="reset two-factor sign-in"):
        two_factor_reset(actor=user, user=user, password=TEST_PASSWORD)

    assert TOTPDevice.objects.filter(user=user).exists()


def test_two_factor_reset_of_someone_elses_account_is_refused() -> None:
    holder, other = UserFactory(), UserFactory(role=Role.PARTNERSHIP_ADMIN)
    confirmed_device(holder)

    with pytest.raises(PermissionDenied):
        two_factor_reset(actor=verified(other), user=holder, password=TEST_PASSWORD)

    assert TOTPDevice.objects.filter(user=holder).exists()


def test_reset_page_asks_for_a_code_before_anything_else() -> None:
    user = UserFactory()
    confirmed_device(user)

    response = signed_in(user).get(RESET)

    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/code/")


def test_reset_page_with_the_password_removes_the_app_and_leads_to_set_up_a_new_one() -> None:
    user = UserFactory()
    device = confirmed_device(user)
    client = signed_in(user)
    client.post("/sign-in/code/", {"code": code_for(device)})

    wrong = client.post(RESET, {"password": "wrong"})
    assert "<title>Error: Reset two-factor sign-in" in wrong.content.decode()
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    empty = client.post(RESET, {})
    assert "Enter your password" in empty.content.decode()

    response = client.post(RESET, {"password": TEST_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor/"
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert "Set up two-factor sign-in" in client.get(response["Location"]).content.decode()


def test_reset_page_without_an_authenticator_leads_to_setting_one_up() -> None:
    response = signed_in(UserFactory()).get(RESET)

    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor/"


def test_account_page_offers_reset_once_two_factor_is_on() -> None:
    user = UserFactory()
    client = signed_in(user)
    assert "Set up<span" in client.get(ACCOUNT).content.decode()
    device = confirmed_device(user)
    client.post("/sign-in/code/", {"code": code_for(device)})

    page = client.get(ACCOUNT).content.decode()

    assert 'href="/account/two-factor/reset/"' in page


def test_the_tokens_address_leads_to_them_on_the_account_page() -> None:
    response = signed_in(UserFactory()).get("/account/api-tokens/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/")
