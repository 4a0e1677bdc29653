"""The decision log's pages: every role reads; only the plan's keepers draft, change and record
as decided; bad input shows every message; a decided record has no edit link and a POST to
change it is refused with the date it was locked."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from childtrust.accounts.models import Role
from childtrust.strategy.models import Decision, DecisionStatus
from tests.conftest import ALL_ROLES
from tests.factories import UserFactory
from tests.resources.factories_appraisal import AppraisalFactory
from tests.strategy.factories_change import DecidedDecisionFactory, DecisionFactory

pytestmark = pytest.mark.django_db

KEEPERS = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}
READERS = [role for role in ALL_ROLES if role not in KEEPERS]
TODAY = timezone.localdate()


def _client(role: Role) -> Client:
    client = Client()
    client.force_login(UserFactory(role=role))
    return client


def form_data(**changes: Any) -> dict[str, Any]:
    day = TODAY - datetime.timedelta(days=3)
    data: dict[str, Any] = {
        "title": "One trust",
        "decision_text": "Form one trust.",
        "decided_by": "Children's Trust Board",
        "decided_on_day": str(day.day),
        "decided_on_month": str(day.month),
        "decided_on_year": str(day.year),
        "evidence": "The appraisal.",
        "appraisal": "",
        "meeting": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_reads_the_log_and_a_decision_with_its_appraisal(role: Role) -> None:
    appraisal = AppraisalFactory(title="Agencies or one trust")
    decision = DecisionFactory(title="Pool the budgets", appraisal=appraisal)
    client = _client(role)

    log = client.get("/plan/decisions/")
    page = client.get(f"/plan/decisions/{decision.pk}/")

    assert log.status_code == page.status_code == 200
    assert "Pool the budgets" in log.content.decode()
    text = page.content.decode()
    assert "Agencies or one trust" in text
    assert f"/resources/appraisals/{appraisal.pk}/" in text
    assert ("Record as decided" in text) == (role in KEEPERS)


@pytest.mark.parametrize("role", READERS)
def test_others_cannot_reach_the_decision_forms(role: Role) -> None:
    draft = DecisionFactory(title="Unchanged")
    client = _client(role)

    for url in (
        "/plan/decisions/new/",
        f"/plan/decisions/{draft.pk}/edit/",
        f"/plan/decisions/{draft.pk}/decide/",
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, form_data()).status_code == 403
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Unchanged", DecisionStatus.DRAFT)
    assert Decision.objects.count() == 1


def test_a_keeper_drafts_changes_and_records_a_decision() -> None:
    client = _client(Role.STRATEGIC_LEAD)

    created = client.post("/plan/decisions/new/", form_data())
    decision = Decision.objects.get()
    changed = client.post(f"/plan/decisions/{decision.pk}/edit/", form_data(title="Renamed"))
    decided = client.post(f"/plan/decisions/{decision.pk}/decide/")

    assert created.status_code == changed.status_code == decided.status_code == 302
    decision.refresh_from_db()
    assert (decision.title, decision.status) == ("Renamed", DecisionStatus.DECIDED)


def test_bad_input_shows_every_message_and_writes_nothing() -> None:
    response = _client(Role.STRATEGIC_LEAD).post(
        "/plan/decisions/new/",
        form_data(title="", evidence="", decided_on_day="31", decided_on_month="2"),
    )

    page = response.content.decode()
    assert "Enter the decision&#x27;s title" in page
    assert "Enter the evidence the decision rested on" in page
    assert "The date decided must be a real date" in page
    assert not Decision.objects.exists()


def test_a_decided_record_has_no_edit_link_and_a_post_to_change_it_is_refused() -> None:
    decided = DecidedDecisionFactory(title="Locked in")
    client = _client(Role.STRATEGIC_LEAD)
    message = (
        f"This decision was recorded as decided on {date_format(TODAY, 'j F Y')} and is locked"
    )

    page = client.get(f"/plan/decisions/{decided.pk}/").content.decode()
    refused = client.post(f"/plan/decisions/{decided.pk}/edit/", form_data(title="Moved"))
    again = client.post(f"/plan/decisions/{decided.pk}/decide/")

    assert message in page
    assert f"/plan/decisions/{decided.pk}/edit/" not in page
    assert refused.status_code == 200
    assert message in refused.content.decode()
    assert message in again.content.decode()
    decided.refresh_from_db()
    assert decided.title == "Locked in"


def _summary_lists(page: str, message: str) -> bool:
    summary = page[page.index("govuk-error-summary__list") :]
    return f'<a href="#non-field">{message}</a>' in summary and 'id="non-field"' in page


def test_deciding_a_future_decision_shows_the_refusal_in_the_summary_and_title() -> None:
    future = TODAY + datetime.timedelta(days=5)
    draft = DecisionFactory(title="Not yet", decided_on=future)
    response = _client(Role.STRATEGIC_LEAD).post(f"/plan/decisions/{draft.pk}/decide/")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<title>Error: ") == 1
    assert "Error: Error:" not in page
    assert _summary_lists(
        page,
        f"The decision is dated {date_format(future, 'j F Y')}, in the future: it can be "
        "recorded as decided on or after that day",
    )
    assert Decision.objects.get(pk=draft.pk).status == DecisionStatus.DRAFT


def test_deciding_a_decided_record_shows_the_lock_in_the_summary_and_title() -> None:
    decided = DecidedDecisionFactory(title="Locked in")
    client = _client(Role.STRATEGIC_LEAD)
    message = (
        f"This decision was recorded as decided on {date_format(TODAY, 'j F Y')} and is locked"
    )
    page = client.get(f"/plan/decisions/{decided.pk}/decide/").content.decode()
    assert "<title>Error: " not in page
    assert message in page
    refused = client.post(f"/plan/decisions/{decided.pk}/decide/").content.decode()
    assert refused.count("<title>Error: ") == 1
    assert _summary_lists(refused, message)
