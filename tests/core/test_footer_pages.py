"""The footer's pages: accessibility statement, privacy notice, cookies and help, open to anyone
and linked from every page's footer."""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "core:accessibility": "Accessibility statement",
    "core:privacy": "Privacy notice",
    "core:cookies": "Cookies",
    "core:help": "Help and contact",
}


@pytest.mark.parametrize(("name", "heading"), PAGES.items())
def test_each_page_is_open_without_signing_in(name: str, heading: str) -> None:
    response = Client().get(reverse(name))

    assert response.status_code == 200
    assert heading in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_each_page_is_open_to_someone_who_must_still_set_up_two_factor(
    name: str, settings: Settings
) -> None:
    settings.TWO_FACTOR_REQUIRED_ROLES = frozenset({"practitioner"})
    client = Client()
    client.force_login(UserFactory())

    assert client.get(reverse(name)).status_code == 200


def test_the_addresses_are_the_ones_agreed() -> None:
    assert [reverse(name) for name in PAGES] == [
        "/accessibility/",
        "/privacy/",
        "/cookies/",
        "/help/",
    ]


@pytest.mark.parametrize("address", ["/help/", "/"])
def test_every_page_footer_links_to_the_four_pages(address: str) -> None:
    client = Client()
    client.force_login(UserFactory())

    page = client.get(address).content.decode()
    footer = page[page.index('<footer class="govuk-footer">') :]

    for name in PAGES:
        assert f'href="{reverse(name)}"' in footer
    assert 'href="/api/v1/"' in footer


def test_the_sign_in_page_footer_links_to_them_too() -> None:
    page = Client().get("/sign-in/").content.decode()

    assert 'href="/accessibility/"' in page
    assert 'href="/privacy/"' in page


def test_accessibility_statement_has_the_model_statements_parts() -> None:
    page = Client().get("/accessibility/").content.decode()

    for part in (
        "How accessible this service is",
        "Feedback and contact information",
        "Reporting accessibility problems with this service",
        "Enforcement procedure",
        "Equality Advisory and Support Service",
        "Technical information about this service",
        "Compliance status",
        "partially compliant with the",
        "Web Content Accessibility Guidelines version 2.2",
        "Non-compliance with the accessibility regulations",
        "Disproportionate burden",
        "Preparation of this accessibility statement",
        "How we tested",
    ):
        assert part in page, part


def test_accessibility_statement_names_the_known_failures_and_the_automated_checks() -> None:
    page = Client().get("/accessibility/").content.decode()

    # The failures the browser tests now prove fixed are no longer claimed; the known one is.
    assert "4.1.2 (Name, role, value)" in page
    assert "aria-expanded" in page
    for fixed in ("1.4.10 (Reflow)", "1.4.11 (Non-text contrast)", "2.5.8 (Target size"):
        assert fixed not in page
    assert "axe-core</a> 4.12.1" in page
    assert "serious or critical" in page
    assert "320 pixels wide" in page
    assert "3 December 2026" in page


def test_accessibility_statement_names_the_axe_core_version_the_tests_run() -> None:
    script = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    header = script.read_text()[:40]
    page = Client().get("/accessibility/").content.decode()

    assert f"axe-core</a> {header.split('axe v', 1)[1].split()[0]}" in page


def test_privacy_notice_says_what_why_the_lawful_basis_and_how_long() -> None:
    page = Client().get("/privacy/").content.decode()

    for words in (
        "What personal data we hold and why",
        "The law that allows us to use it",
        "Public task",
        "Article 6(1)(e)",
        "How long it is kept",
        "after 30 minutes without using the service",
        "18th birthday (25th for care leavers)",
        "fewer than 10 answers",
        "Information Commissioner",
    ):
        assert words in page, words


def test_cookies_page_names_each_cookie_from_the_settings(settings: Settings) -> None:
    settings.SESSION_COOKIE_NAME = "childtrust_session"
    settings.CSRF_COOKIE_NAME = "childtrust_csrf"

    page = Client().get("/cookies/").content.decode()

    assert "<code>childtrust_session</code>" in page
    assert "<code>childtrust_csrf</code>" in page
    assert "<code>messages</code>" in page
    assert "only essential cookies" in page
    assert "364 days" in page  # Django's CSRF cookie age
    assert "after 8 hours" in page


def test_cookies_page_lists_every_cookie_the_service_sets_when_signing_in() -> None:
    UserFactory(username="sam")
    client = Client()
    client.get("/sign-in/")
    client.post("/sign-in/", {"username": "sam", "password": "not-right"})
    client.post("/sign-in/", {"username": "sam", "password": TEST_PASSWORD})
    set_names = set(client.cookies)

    page = Client().get("/cookies/").content.decode()

    assert set_names <= {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages"}
    for name in set_names:
        assert f"<code>{name}</code>" in page


def test_help_page_gives_the_contact_when_one_is_set(settings: Settings) -> None:
    settings.CONTACT_EMAIL = "help@partnership.example.org"

    page = Client().get("/help/").content.decode()

    assert 'href="mailto:help@partnership.example.org"' in page


def test_help_page_sends_people_to_their_administrator_without_a_contact(
    settings: Settings,
) -> None:
    settings.CONTACT_EMAIL = ""

    page = Client().get("/help/").content.decode()

    assert "your partnership administrator" in page
    assert "mailto:" not in page
