"""The footer's pages: the accessibility statement, the privacy notice, the cookies page and help.
Anyone may read them, signed in or not (accounts.middleware lists their addresses as open)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

# When the accessibility statement was written and the service last tested against it. Change
# these when the statement is reviewed (at least once a year, as the regulations ask).
STATEMENT_PREPARED = datetime.date(2026, 12, 3)
STATEMENT_REVIEWED = datetime.date(2026, 12, 3)
SERVICE_TESTED = datetime.date(2026, 12, 3)

# The tool the test suite runs on every page template (tests/browser/accessibility.py).
AXE_CORE_VERSION = "4.12.1"


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    expires: str


def _contact() -> dict[str, object]:
    return {"contact_email": settings.CONTACT_EMAIL}


def _duration(seconds: int) -> str:
    days = seconds // 86400
    if days >= 364:
        return f"{days} days (about a year)"
    if days:
        return f"{days} days"
    return f"{seconds // 3600} hours"


def essential_cookies() -> list[Cookie]:
    """Every cookie the service sets, named as the settings name them: all essential, so none
    needs consent (the Privacy and Electronic Communications Regulations' exemption for what is
    strictly necessary)."""
    idle = int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60)
    longest = _duration(settings.SESSION_COOKIE_AGE)
    session_ends = (
        "When you close your browser, after "
        if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
        else "After "
    ) + f"{idle} minutes without using the service, or after {longest}, whichever is first"
    return [
        Cookie(
            name=settings.SESSION_COOKIE_NAME,
            purpose="Keeps you signed in as you move from page to page, and remembers that you "
            "gave a code from your authenticator app. Only set once you sign in.",
            expires=session_ends,
        ),
        Cookie(
            name=settings.CSRF_COOKIE_NAME,
            purpose="Protects the forms you send from being sent by another website pretending "
            "to be you (cross-site request forgery).",
            expires=_duration(settings.CSRF_COOKIE_AGE),
        ),
        Cookie(
            name=CookieStorage.cookie_name,
            purpose="Carries a message such as 'Your password has been changed' to the next "
            "page you see, then is removed.",
            expires="When the message has been shown, or when you close your browser",
        ),
    ]


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/pages/accessibility.html",
        {
            "prepared": STATEMENT_PREPARED,
            "reviewed": STATEMENT_REVIEWED,
            "tested": SERVICE_TESTED,
            "axe_version": AXE_CORE_VERSION,
            "site_address": request.build_absolute_uri("/"),
            **_contact(),
        },
    )


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/pages/privacy.html",
        {
            "idle_minutes": int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60),
            "session_hours": settings.SESSION_COOKIE_AGE // 3600,
            "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            "survey_minimum": settings.SURVEY_MINIMUM_GROUP_SIZE,
            **_contact(),
        },
    )


@require_GET
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "core/pages/cookies.html", {"cookies": essential_cookies()})


@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/pages/help.html",
        {
            "idle_minutes": int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60),
            "attempts": settings.AXES_FAILURE_LIMIT,
            "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            **_contact(),
        },
    )
