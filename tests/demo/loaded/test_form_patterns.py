"""Every form in the service follows GOV.UK's patterns (issue 14).

Each demo account's pages are visited as a person would reach them, following links from the
home page (one page of each kind per account, so that the 300 people's pages cost one visit),
and on every page:
- no date picker (`type="date"`) and no number input (`type="number"`): dates use the date
  input, numbers and money text inputs;
- every form sent empty shows every error at once: each field's message is also in the error
  summary, each of the summary's links leads to a field on the page, and the title starts
  "Error: ";
- a form with a date or an amount of money sent with a date that is not real (31 February) and
  an amount that is not one ("12.3.4") says so for each, in the summary too.
Whatever a form writes is rolled back at once, so each page is read as the demo left it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import Resolver404, resolve

from childtrust.accounts.models import User
from tests.demo.loaded.form_pages import Form, Page, followable, read_page

pytestmark = pytest.mark.django_db

ACCOUNTS = [
    "admin",
    "strategiclead",
    "finance",
    "workforce",
    "teammanager",
    "practitioner",
    "frontdoor",
    "auditor",
    "hrlead",
    "dataprotection",
]
# Forms each account must reach, so that the crawl cannot quietly stop finding them (each
# account reaches many more: about 50 kinds of form for the administrator and the strategic lead).
REACHED = {
    "admin": {"partnership:staff_create", "partnership:vision_adopt", "strategy:meeting_create"},
    "strategiclead": {
        "voice:cascade_message_create",
        "strategy:objective_create",
        "strategy:risk_create",
        "resources:costings_costing_edit",
        "resources:appraisal_create",
    },
    "finance": {"resources:budget_contribution_add", "resources:allocation_index"},
    "workforce": {"workforce:holding_add", "workforce:restructure_create", "workforce:post_create"},
    "teammanager": {"voice:cascade_briefing", "strategy:check_in_create"},
    "practitioner": {"voice:feedback_raise", "voice:survey_answer"},
    "frontdoor": {"voice:feedback_raise", "accounts:password_change"},
    "auditor": {"audit:event_list"},
    "hrlead": {"workforce:holding_add"},
    "dataprotection": {"accounts:password_change"},
}
NOT_A_DATE = {"_day": "31", "_month": "2", "_year": "2026"}
NOT_MONEY = "12.3.4"
MAX_PAGES = 400  # per account: well above the kinds of page any one account reaches


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    forms_checked: set[str] = field(default_factory=set)  # view names whose forms were sent

    def add(self, where: str, problem: str) -> None:
        self.problems.append(f"{where}: {problem}")


def _view_name(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def _pages(client: Client) -> Iterator[tuple[str, HttpResponse]]:
    """The account's pages, one of each kind, breadth first from the home page."""
    queue, seen_kinds = ["/"], set()
    visited = 0
    while queue and visited < MAX_PAGES:
        path = queue.pop(0)
        kind = _view_name(path)
        if kind is None or kind in seen_kinds:
            continue
        seen_kinds.add(kind)
        response = client.get(path)
        visited += 1
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        yield path, response
        page = read_page(response.content.decode())
        queue.extend(href.split("#")[0] for href in page.links if followable(href))


def _check_inputs(where: str, page: Page, findings: Findings) -> None:
    if page.date_pickers:
        findings.add(where, f"{page.date_pickers} date picker(s): use the date input")
    if page.number_inputs:
        findings.add(where, f"{page.number_inputs} number input(s): use a text input")


def _check_errors(where: str, page: Page, findings: Findings) -> None:
    """Every field's message in the summary, every summary link to a field, 'Error: ' title."""
    if not (page.error_messages or page.summary_links):
        return
    if not page.title.startswith("Error: "):
        findings.add(where, f"errors shown but the title is {page.title!r}")
    summary = [words for _href, words in page.summary_links]
    for message in page.error_messages:
        if message not in summary:
            findings.add(where, f"{message!r} is not in the error summary")
    for href, words in page.summary_links:
        if href.removeprefix("#") not in page.ids:
            findings.add(where, f"the summary's link for {words!r} leads nowhere ({href})")


def _send(client: Client, path: str, form: Form, data: dict[str, str]) -> HttpResponse:
    """The form sent with `data`, whatever it writes rolled back."""
    target = form.action or path
    with transaction.atomic():
        if form.method == "post":
            response = client.post(target, data)
        else:
            response = client.get(target.split("?")[0], data)
        transaction.set_rollback(True)
    return response


def _bad_input(form: Form) -> dict[str, str]:
    data = dict(form.hidden)
    for name in form.date_names:
        data |= {f"{name}{part}": value for part, value in NOT_A_DATE.items()}
    for name in form.money_names:
        data[name] = NOT_MONEY
    return data


def _check_form(
    client: Client, where: str, path: str, form: Form, findings: Findings, *, empty: bool
) -> None:
    if empty:
        response = _send(client, path, form, dict(form.hidden))
    else:
        response = _send(client, path, form, _bad_input(form))
    if response.status_code != 200:
        return  # accepted (a redirect), or refused outright (403, 404)
    page = read_page(response.content.decode())
    what = f"{where} sent {'empty' if empty else 'with a bad date or amount'}"
    _check_inputs(what, page, findings)
    _check_errors(what, page, findings)
    if empty:
        return
    linked = {href for href, _words in page.summary_links}
    wanted = [f"{name}_day" for name in form.date_names] + form.money_names
    ids = {q.name: q.id for q in form.visible}
    for name in wanted:
        if f"#{ids.get(name, '')}" not in linked:
            findings.add(what, f"no error in the summary for {name}")


def _fills_in(form: Form) -> bool:
    """A form a person fills in: not the header's search, not a button alone."""
    if any(word in form.action for word in ("sign-out", "/search/")):
        return False
    return bool(form.visible) and (form.method == "post" or bool(form.date_names))


@pytest.mark.parametrize("username", ACCOUNTS)
def test_every_form_shows_every_error_at_once_with_govuk_inputs(username: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username=username))
    findings = Findings()
    for path, response in _pages(client):
        page = read_page(response.content.decode())
        _check_inputs(path, page, findings)
        for number, form in enumerate(page.forms, start=1):
            if not _fills_in(form):
                continue
            where = f"{path} form {number}"
            findings.forms_checked.add(_view_name(path) or path)
            _check_form(client, where, path, form, findings, empty=True)
            if form.date_names or form.money_names:
                _check_form(client, where, path, form, findings, empty=False)
    assert REACHED[username] <= findings.forms_checked, REACHED[username] - findings.forms_checked
    assert not findings.problems, "\n".join(findings.problems)
