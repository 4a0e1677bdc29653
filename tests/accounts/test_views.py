"""Signing in and out, the lock-out after repeated failures, and two-factor sign-in."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGN_IN = "/sign-in/"
WRONG_LOGIN = "Enter a correct username and password. Both are case-sensitive."


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))


def code_for(device: TOTPDevice, drift: int = 0) -> str:
    """The code an authenticator app shows now (or `drift` time steps away)."""
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + drift)
    return f"{token.token():06d}"


def wrong_code_for(device: TOTPDevice) -> str:
    """A well-formed code that the device does not accept at any step it tolerates."""
    near = {code_for(device, drift) for drift in range(-2, 3)}
    return next(c for c in (f"{n:06d}" for n in range(1_000_000)) if c not in near)


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


# Signing in -------------------------------------------------------------------------------


def test_sign_in_page_shows_the_form_to_anonymous_people() -> None:
    response = Client().get(SIGN_IN)
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in response.content.decode()


def test_successful_sign_in_is_audited_and_signs_the_person_in() -> None:
    user = UserFactory(username="sam")
    client = Client()
    response = client.post(SIGN_IN, {"username": "sam", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.SIGN_IN
    assert event.actor_id == user.pk
    assert event.actor_username == "sam"


def test_wrong_password_is_refused_with_a_clear_message_and_audited() -> None:
    UserFactory(username="sam")
    client = Client()
    response = client.post(SIGN_IN, {"username": "sam", "password": "not-the-password"})
    assert response.status_code == 200
    page = response.content.decode()
    assert WRONG_LOGIN in page
    assert "There is a problem" in page
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.SIGN_IN_FAILED
    assert event.actor_id is None
    assert event.details["attempted_username"] == "sam"


def test_unknown_username_is_refused_with_the_same_message_as_a_wrong_password() -> None:
    response = Client().post(SIGN_IN, {"username": "nobody", "password": "whatever-it-is"})
    assert WRONG_LOGIN in response.content.decode()
    assert actions() == [AuditAction.SIGN_IN_FAILED]


def test_empty_fields_give_a_message_for_each_field_and_write_nothing() -> None:
    response = Client().post(SIGN_IN, {"username": "", "password": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter your username" in page
    assert "Enter your password" in page
    assert "This field is required" not in page
    assert actions() == []


def test_a_page_with_errors_says_so_first_in_its_title() -> None:
    # GOV.UK's pattern: "Error: " begins the title, so a screen reader announces it first.
    page = Client().post(SIGN_IN, {"username": "", "password": ""}).content.decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith("Error: Sign in")
    assert "<title>Sign in" in Client().get(SIGN_IN).content.decode()


def test_inactive_account_cannot_sign_in() -> None:
    UserFactory(username="gone", is_active=False)
    client = Client()
    response = client.post(SIGN_IN, {"username": "gone", "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert actions() == [AuditAction.SIGN_IN_FAILED]


def test_sign_in_page_states_how_many_wrong_passwords_lock_the_account() -> None:
    with override_settings(AXES_FAILURE_LIMIT=3):
        page = Client().get(SIGN_IN).content.decode()
    assert "After 3 wrong passwords in a row" in page


# Lock-out (django-axes) -------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_even_against_the_right_password() -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    UserFactory(username="sam")
    client = Client()
    for _ in range(4):
        response = client.post(SIGN_IN, {"username": "sam", "password": "wrong-password"})
        assert response.status_code == 200
    fifth = client.post(SIGN_IN, {"username": "sam", "password": "wrong-password"})
    assert fifth.status_code == 429
    response = client.post(SIGN_IN, {"username": "sam", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "Your account is locked for now" in response.content.decode()
    assert "paused for 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditAction.SIGN_IN not in actions()
    # The first failure and the first refusal of the lock-out window; the rest are counted.
    assert actions() == [AuditAction.SIGN_IN_FAILED, AuditAction.SIGN_IN_LOCKED_OUT]


def test_lock_out_is_per_username_so_other_people_can_still_sign_in() -> None:
    UserFactory(username="sam")
    UserFactory(username="kim")
    client = Client()
    for _ in range(5):
        client.post(SIGN_IN, {"username": "sam", "password": "wrong-password"})
    response = client.post(SIGN_IN, {"username": "kim", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert actions()[-1] == AuditAction.SIGN_IN


def test_a_successful_sign_in_resets_the_count_of_failures() -> None:
    UserFactory(username="sam")
    for _ in range(4):
        Client().post(SIGN_IN, {"username": "sam", "password": "wrong-password"})
    assert Client().post(SIGN_IN, {"username": "sam", "password": TEST_PASSWORD}).status_code == 302
    for _ in range(4):
        Client().post(SIGN_IN, {"username": "sam", "password": "wrong-password"})
    assert Client().post(SIGN_IN, {"username": "sam", "password": TEST_PASSWORD}).status_code == 302


# Signing out ------------------------------------------------------------------------------


def test_sign_out_needs_a_post() -> None:
    user = UserFactory()
    client = Client()
    client.force_login(user)
    response = client.get("/sign-out/")
    assert response.status_code == 405
    assert client.session["_auth_user_id"] == str(user.pk)
    assert actions() == []


def test_sign_out_is_audited_and_ends_the_session() -> None:
    user = UserFactory()
    client = Client()
    client.force_login(user)
    response = client.post("/sign-out/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/"
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id) == (AuditAction.SIGN_OUT, user.pk)
    assert client.get("/").status_code == 302
    assert "You have signed out." in client.get(SIGN_IN).content.decode()


# Safe redirects after signing in ----------------------------------------------------------


def test_sign_in_follows_next_within_the_site() -> None:
    UserFactory(username="sam")
    response = Client().post(
        SIGN_IN, {"username": "sam", "password": TEST_PASSWORD, "next": "/account/"}
    )
    assert response["Location"] == "/account/"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "http://evil.example/account/", "/\\evil.example"],
)
def test_sign_in_never_redirects_to_another_host(next_url: str) -> None:
    UserFactory(username="sam")
    response = Client().post(
        SIGN_IN, {"username": "sam", "password": TEST_PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"],
)
def test_two_factor_code_never_redirects_to_another_host(next_url: str) -> None:
    user = UserFactory()
    device = confirmed_device(user)
    client = Client()
    client.force_login(user)
    response = client.post(f"/sign-in/code/?next={next_url}", {"code": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == "/"


# Two-factor set-up ------------------------------------------------------------------------


@override_settings(TWO_FACTOR_REQUIRED_ROLES=frozenset({Role.PRACTITIONER}))
def test_set_up_page_shows_a_qr_code_and_the_key() -> None:
    user = UserFactory()
    client = Client()
    client.force_login(user)
    response = client.get("/account/two-factor/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page
    assert "QR code for your authenticator app" in page
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    key = page.split("Key: <code")[1].split(">", 1)[1].split("</code>")[0]
    from base64 import b32encode

    assert key.replace(" ", "") == b32encode(device.bin_key).decode().rstrip("=")
    assert "Your role can see children" in page


def test_set_up_with_a_wrong_code_is_refused_and_confirms_nothing() -> None:
    user = UserFactory()
    client = Client()
    client.force_login(user)
    client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(user=user)
    response = client.post("/account/two-factor/", {"code": wrong_code_for(device)})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert actions() == []


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter the 6-digit code from your authenticator app"),
        ("12345", "The code must be 6 digits"),
        ("abcdef", "The code must be 6 digits"),
    ],
)
def test_set_up_with_a_malformed_code_says_what_is_wrong(code: str, message: str) -> None:
    user = UserFactory()
    client = Client()
    client.force_login(user)
    client.get("/account/two-factor/")
    response = client.post("/account/two-factor/", {"code": code})
    assert message in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_set_up_with_the_right_code_confirms_the_device_and_is_audited() -> None:
    user = UserFactory()
    client = Client()
    client.force_login(user)
    client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(user=user)
    response = client.post("/account/two-factor/", {"code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id) == (AuditAction.TWO_FACTOR_SET_UP, user.pk)
    # Verified in this session: pages open without asking for a code again.
    assert client.get("/account/").status_code == 200


def test_password_alone_cannot_replace_a_confirmed_authenticator() -> None:
    """Someone with only the password must not be able to enrol their own phone and so get
    round the code: the set-up page first asks for a code from the existing device."""
    user = UserFactory()
    device = confirmed_device(user)
    client = Client()
    client.post(SIGN_IN, {"username": user.username, "password": TEST_PASSWORD})
    response = client.get("/account/two-factor/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/code/")
    response = client.post("/account/two-factor/", {"code": "123456"})
    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=user)) == [device]


# Two-factor sign-in -----------------------------------------------------------------------


def test_user_with_a_device_must_enter_a_code_after_the_password() -> None:
    user = UserFactory()
    device = confirmed_device(user)
    client = Client()
    response = client.post(
        SIGN_IN, {"username": user.username, "password": TEST_PASSWORD, "next": "/account/"}
    )
    assert response["Location"] == "/account/"
    for path in ["/account/", "/", "/audit/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/code/?next=")
    page = client.get("/sign-in/code/?next=/account/")
    assert "Enter the code from your authenticator app" in page.content.decode()
    response = client.post("/sign-in/code/?next=/account/", {"code": code_for(device)})
    assert response["Location"] == "/account/"
    assert client.get("/account/").status_code == 200


def test_wrong_two_factor_code_is_refused_and_audited() -> None:
    user = UserFactory()
    device = confirmed_device(user)
    client = Client()
    client.post(SIGN_IN, {"username": user.username, "password": TEST_PASSWORD})
    response = client.post("/sign-in/code/", {"code": wrong_code_for(device)})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert actions() == [AuditAction.SIGN_IN, AuditAction.TWO_FACTOR_FAILED]
    assert client.get("/account/").status_code == 302


def test_a_code_cannot_be_used_twice() -> None:
    user = UserFactory()
    device = confirmed_device(user)
    code = code_for(device)
    first = Client()
    first.force_login(user)
    assert first.post("/sign-in/code/", {"code": code}).status_code == 302
    second = Client()
    second.force_login(user)
    assert second.post("/sign-in/code/", {"code": code}).status_code == 200


def test_code_page_sends_someone_without_a_device_to_set_up() -> None:
    client = Client()
    client.force_login(UserFactory())
    response = client.get("/sign-in/code/")
    assert response["Location"] == "/account/two-factor/"


def test_after_giving_a_code_a_person_can_replace_their_authenticator() -> None:
    user = UserFactory()
    old = confirmed_device(user)
    client = Client()
    client.post(SIGN_IN, {"username": user.username, "password": TEST_PASSWORD})
    response = client.post("/sign-in/code/?next=/account/two-factor/", {"code": code_for(old)})
    assert response["Location"] == "/account/two-factor/"
    assert client.get("/account/two-factor/").status_code == 200
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post("/account/two-factor/", {"code": code_for(new)}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=user)) == [new]
    assert actions()[-1] == AuditAction.TWO_FACTOR_SET_UP
