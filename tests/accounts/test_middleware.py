"""Protections on every request: sign-in required, idle time-out, two-factor sign-in."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.plugins.otp_totp.models import TOTPDevice

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from tests.conftest import ALL_ROLES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The footer's pages are for everyone, signed in or not, with two-factor set up or not.
FOOTER_PAGES = ("/accessibility/", "/privacy/", "/cookies/", "/help/")
OPEN_PREFIXES = ("/sign-in", "/healthz", "/static/", "/api/", *FOOTER_PAGES)


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif "(?P" not in route and "^" not in route:
            # Every path parameter becomes "1": the middleware answers before any view runs.
            yield "/" + re.sub(r"<[^>]+>", "1", route)


ALL_PATHS = sorted(set(_routes(get_resolver().url_patterns)))
PROTECTED_PATHS = [p for p in ALL_PATHS if not p.startswith(OPEN_PREFIXES)]


def test_the_list_of_pages_covers_the_main_pages() -> None:
    assert {"/", "/account/", "/account/two-factor/", "/audit/", "/sign-out/"} <= set(
        PROTECTED_PATHS
    )


# Sign-in required ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", PROTECTED_PATHS)
def test_every_page_sends_an_anonymous_person_to_sign_in(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")


def test_a_post_from_an_anonymous_person_is_sent_to_sign_in_too() -> None:
    response = Client().post("/audit/", {})
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/audit/"


@pytest.mark.parametrize("path", ["/sign-in/", "/healthz", *FOOTER_PAGES])
def test_open_pages_answer_without_signing_in(path: str) -> None:
    assert Client().get(path).status_code == 200


def test_static_files_are_served_without_signing_in() -> None:
    assert Client().get("/static/does-not-exist.css").status_code == 404


# The interactive documentation is a page for people signed in (tests/api).
@pytest.mark.parametrize(
    "path", [p for p in ALL_PATHS if p.startswith("/api/") and p != "/api/v1/docs"]
)
def test_api_has_its_own_authentication_and_is_not_sent_to_sign_in(path: str) -> None:
    response = Client(raise_request_exception=False).get(path)
    assert not response.get("Location", "").startswith("/sign-in/")


# No caching of signed-in pages --------------------------------------------------------------


def _kept_by_no_cache(response: object) -> bool:
    cache_control = getattr(response, "headers", {}).get("Cache-Control", "")
    return "no-store" in cache_control and "private" in cache_control


def test_signed_in_pages_are_kept_by_no_cache_whatever_they_answer() -> None:
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(role=Role.PRACTITIONER))
    # A page, the account page, a refused page and one that is not there.
    for path in ("/", "/account/", "/audit/", "/no-such-page/"):
        response = client.get(path)
        assert _kept_by_no_cache(response), (path, response.status_code)


def test_api_answers_are_kept_by_no_cache_with_or_without_a_token() -> None:
    for path in ("/api/v1/agencies", "/api/v1/openapi.json"):
        assert _kept_by_no_cache(Client().get(path)), path


# Idle time-out ------------------------------------------------------------------------------


def _signed_in_client() -> Client:
    client = Client()
    client.force_login(UserFactory())
    return client


def _set_last_seen(client: Client, seconds_ago: float) -> None:
    session = client.session
    session["last_seen"] = time.time() - seconds_ago
    session.save()


def test_idle_session_is_signed_out_and_sent_to_sign_in_with_a_notice() -> None:
    client = _signed_in_client()
    _set_last_seen(client, settings.SESSION_IDLE_TIMEOUT.total_seconds() + 5)
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?timed_out=1"
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get()
    assert (event.action, event.details) == (AuditAction.SIGN_OUT, {"timed_out": True})
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out because you had not done anything for a while" in page
    assert client.get("/account/").status_code == 302


def test_session_used_within_the_idle_time_stays_signed_in_and_is_refreshed() -> None:
    client = _signed_in_client()
    idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
    _set_last_seen(client, idle - 30)
    assert client.get("/account/").status_code == 200
    assert time.time() - client.session["last_seen"] < 5
    assert not AuditEvent.objects.exists()


def test_first_request_after_sign_in_starts_the_idle_clock() -> None:
    client = _signed_in_client()
    assert "last_seen" not in client.session
    assert client.get("/account/").status_code == 200
    assert time.time() - client.session["last_seen"] < 5


def test_sign_in_page_without_a_time_out_shows_no_notice() -> None:
    assert "had not done anything" not in Client().get("/sign-in/").content.decode()


# Two-factor sign-in required by role --------------------------------------------------------

REQUIRED = frozenset({Role.PRACTITIONER, Role.AUDITOR})
TWO_FACTOR_OPEN = (
    "/sign-in",
    "/sign-out",
    "/account/two-factor",
    "/healthz",
    "/static/",
    *FOOTER_PAGES,
)


@override_settings(TWO_FACTOR_REQUIRED_ROLES=REQUIRED)
@pytest.mark.parametrize("path", [p for p in ALL_PATHS if not p.startswith(TWO_FACTOR_OPEN)])
def test_required_role_without_a_device_is_sent_to_set_up_from_every_page(path: str) -> None:
    client = Client()
    client.force_login(UserFactory(role=Role.PRACTITIONER))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor/"


@override_settings(TWO_FACTOR_REQUIRED_ROLES=REQUIRED)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_listed_roles_are_forced_to_set_up_two_factor(role: Role) -> None:
    client = Client()
    client.force_login(UserFactory(role=role))
    response = client.get("/account/")
    if role in REQUIRED:
        assert response["Location"] == "/account/two-factor/"
    else:
        assert response.status_code == 200


@override_settings(TWO_FACTOR_REQUIRED_ROLES=REQUIRED)
def test_required_role_can_still_sign_out_before_setting_up() -> None:
    client = Client()
    client.force_login(UserFactory(role=Role.AUDITOR))
    assert client.get("/account/two-factor/").status_code == 200
    assert client.post("/sign-out/")["Location"] == "/sign-in/"


@override_settings(TWO_FACTOR_REQUIRED_ROLES=frozenset())
def test_a_device_is_asked_for_even_where_no_role_requires_one() -> None:
    user = UserFactory(role=Role.STRATEGIC_LEAD)
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client = Client()
    client.force_login(user)
    response = client.get("/account/")
    assert response["Location"] == "/sign-in/code/?next=/account/"


def test_an_unconfirmed_device_does_not_lock_a_person_out() -> None:
    user = UserFactory(role=Role.STRATEGIC_LEAD)
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    client = Client()
    client.force_login(user)
    assert client.get("/account/").status_code == 200


def test_sign_in_page_stays_open_when_the_service_is_served_under_a_prefix() -> None:
    """Behind a proxy that mounts the service at /childtrust, paths are matched without it."""
    response = Client().get("/sign-in/", SCRIPT_NAME="/childtrust")
    assert response.status_code == 200
    protected = Client().get("/account/", SCRIPT_NAME="/childtrust")
    assert protected.status_code == 302
    assert protected["Location"].endswith("sign-in/?next=/childtrust/account/")


@pytest.mark.parametrize("path", [p for p in ALL_PATHS if not p.startswith(TWO_FACTOR_OPEN)])
def test_a_person_with_a_device_must_give_a_code_before_any_page(path: str) -> None:
    user = UserFactory(role=Role.PARTNERSHIP_ADMIN)
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client = Client()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/code/?next=")
