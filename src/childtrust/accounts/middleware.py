"""Sign-in protections applied to every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from childtrust.accounts.services import (
    sign_out_record,
    two_factor_requires_device,
    two_factor_verified,
)
from childtrust.core.untraced import untraced_request

Handler = Callable[[HttpRequest], HttpResponse]

# Paths that work without signing in, or that are part of signing in.
# The footer's pages (accessibility, privacy, cookies, help) are for everyone, signed in or not.
FOOTER_PATH_PREFIXES = ("/accessibility/", "/privacy/", "/cookies/", "/help/")
OPEN_PATH_PREFIXES = ("/sign-in", "/static/", "/healthz", "/api/", *FOOTER_PATH_PREFIXES)
TWO_FACTOR_PATH_PREFIXES = (
    "/sign-in",
    "/sign-out",
    "/account/two-factor",
    "/static/",
    "/healthz",
    *FOOTER_PATH_PREFIXES,
)
API_PATH_PREFIX = "/api/"


class NoStoreMiddleware:
    """Signed-in pages and every API answer are kept by no cache (Cache-Control: no-store): the
    computers in schools and surgeries are shared, and the next person must not find the last
    one's pages in the browser's cache or behind its back button."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated or request.path_info.startswith(API_PATH_PREFIX):
            add_never_cache_headers(response)
        return response


class SessionIdleTimeoutMiddleware:
    """Ends a session after SESSION_IDLE_TIMEOUT without a request. The last-seen time is written
    at most once a minute, so that reading pages does not become a write on every request."""

    KEY = "last_seen"

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.idle_seconds = settings.SESSION_IDLE_TIMEOUT.total_seconds()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(self.KEY, now)
            if now - last_seen > self.idle_seconds:
                sign_out_record(user=request.user, timed_out=True)
                logout(request)
                return redirect(f"{reverse('accounts:sign_in')}?timed_out=1")
            # Sending an untraced form (anonymous feedback) must not date the session either.
            due = now - last_seen > 60 or self.KEY not in request.session
            if due and not untraced_request(request.method or "", request.path_info):
                request.session[self.KEY] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """A user with an authenticator must give a code; a role that requires one must set it up."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not request.path_info.startswith(TWO_FACTOR_PATH_PREFIXES):
            if two_factor_verified(user):
                return self.get_response(request)
            if _has_confirmed_device(user):
                return redirect_to_login(
                    request.get_full_path(), reverse("accounts:two_factor_verify")
                )
            if two_factor_requires_device(user):
                return redirect("accounts:two_factor_setup")
        return self.get_response(request)


def _has_confirmed_device(user: object) -> bool:
    from django_otp import user_has_device

    return bool(user_has_device(user, confirmed=True))


class SignInRequiredMiddleware:
    """Every page needs a signed-in user except the sign-in pages, static files, the health check
    and the API (which has its own token authentication)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated or request.path_info.startswith(OPEN_PATH_PREFIXES):
            return self.get_response(request)
        return redirect_to_login(request.get_full_path())
