"""The auditor's log page at /audit/: filters, clear messages, pagination, and its own record."""

from __future__ import annotations

import re
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.audit.services import audit_record
from childtrust.audit.views import PAGE_SIZE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def auditor_client() -> Client:
    client = Client()
    client.force_login(UserFactory(username="the-auditor", role=Role.AUDITOR))
    return client


def record_on(day: str, **kwargs: object) -> AuditEvent:
    when = datetime.fromisoformat(f"{day}T12:00:00").replace(tzinfo=LONDON)
    with mock.patch("childtrust.audit.services.timezone.now", return_value=when):
        return audit_record(**{"actor": None, "action": AuditAction.VIEW, **kwargs})  # type: ignore[arg-type]


def listed(response: object) -> list[int]:
    """The sequence numbers in the table, in order."""
    page = response.content.decode()  # type: ignore[attr-defined]
    return [
        int(n) for n in re.findall(r'<tr class="govuk-table__row">\s*<td[^>]*>(\d+)</td>', page)
    ]


@pytest.fixture
def history() -> dict[str, User]:
    kim = UserFactory(username="kim")
    sam = UserFactory(username="sam")
    record_on("2020-01-10", actor=kim, action=AuditAction.SIGN_IN, target=kim)  # 1
    record_on(
        "2020-01-11",
        actor=kim,
        action=AuditAction.VIEW,
        object_type="children.child",
        object_id="7",
    )  # 2
    record_on(
        "2020-01-12",
        actor=sam,
        action=AuditAction.VIEW,
        object_type="children.child",
        object_id="8",
    )  # 3
    record_on(
        "2020-01-13",
        actor=sam,
        action=AuditAction.UPDATE,
        object_type="partnership.agency",
        object_id="7",
    )  # 4
    record_on(
        "2020-01-14", actor=None, action=AuditAction.SIGN_IN_FAILED, object_type="accounts.user"
    )  # 5
    return {"kim": kim, "sam": sam}


def test_unfiltered_log_lists_every_event_newest_first_including_this_view(
    history: dict[str, User], auditor_client: Client
) -> None:
    response = auditor_client.get("/audit/")
    assert response.status_code == 200
    assert listed(response) == [6, 5, 4, 3, 2, 1]
    assert "6 events." in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("actor=kim", [2, 1]),
        ("actor=KIM", [2, 1]),
        ("actor=nobody", []),
        ("action=view", [3, 2]),
        ("object_type=children.child", [3, 2]),
        ("object_id=7", [4, 2]),
        ("object_type=children.child&object_id=7", [2]),
        ("actor=sam&action=update", [4]),
        # Open-ended: includes #6, the record of this very search.
        ("date_from=2020-01-12", [6, 5, 4, 3]),
        ("date_to=2020-01-11", [2, 1]),
        ("date_from=2020-01-11&date_to=2020-01-13", [4, 3, 2]),
        ("date_from=2020-01-12&date_to=2020-01-12", [3]),
    ],
)
def test_filters_narrow_the_list(
    history: dict[str, User], auditor_client: Client, query: str, expected: list[int]
) -> None:
    response = auditor_client.get(f"/audit/?{query}")
    assert response.status_code == 200
    assert listed(response) == expected
    if not expected:
        assert "No events match this filter." in response.content.decode()


def test_kind_of_record_offers_the_kinds_in_the_log(
    history: dict[str, User], auditor_client: Client
) -> None:
    page = auditor_client.get("/audit/").content.decode()
    options = re.findall(r'<option value="([^"]*)"', page.split('name="object_type"')[1])
    assert options[:4] == ["", "accounts.user", "children.child", "partnership.agency"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date_from=2026-13-45", "Enter the from date as a real date, like 2026-11-25"),
        ("date_to=yesterday", "Enter the to date as a real date, like 2026-11-25"),
        (
            "date_from=2020-01-13&date_to=2020-01-11",
            "The to date must be the same as or after the from date",
        ),
        ("action=rewrite", "Choose an action from the list"),
        ("object_type=secret.things", "Choose a kind of record from the list"),
        ("actor=" + "x" * 151, "Username must be 150 characters or fewer"),
        ("object_id=" + "9" * 65, "Record ID must be 64 characters or fewer"),
    ],
)
def test_bad_filters_give_a_clear_message(
    history: dict[str, User], auditor_client: Client, query: str, message: str
) -> None:
    response = auditor_client.get(f"/audit/?{query}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert "Select a valid choice" not in page


def test_the_rest_of_the_filter_still_applies_while_a_bad_date_is_explained(
    history: dict[str, User], auditor_client: Client
) -> None:
    response = auditor_client.get("/audit/?action=view&date_from=2020-02-30&actor=sam")
    assert "Enter the from date as a real date" in response.content.decode()
    assert listed(response) == [3]


def test_a_to_date_before_the_from_date_keeps_the_from_date(
    history: dict[str, User], auditor_client: Client
) -> None:
    response = auditor_client.get("/audit/?date_from=2020-01-13&date_to=2020-01-11&actor=kim")
    assert "The to date must be the same as or after the from date" in response.content.decode()
    assert listed(response) == []


def test_viewing_the_log_is_itself_audited_with_the_filter(
    history: dict[str, User], auditor_client: Client
) -> None:
    auditor_client.get("/audit/?actor=kim&action=view&date_from=2020-01-01")
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event is not None
    assert event.action == AuditAction.SEARCH
    assert event.actor_username == "the-auditor"
    assert event.object_type == "audit.auditevent"
    assert event.path == "/audit/"
    assert event.details == {"actor": "kim", "action": "view", "date_from": "2020-01-01"}


def test_log_is_shown_fifty_to_a_page_keeping_the_filter(auditor_client: Client) -> None:
    assert PAGE_SIZE == 50
    for n in range(120):
        audit_record(actor=None, action=AuditAction.EXPORT, reason=f"export {n}")
    first = auditor_client.get("/audit/?action=export")
    assert listed(first) == list(range(120, 70, -1))
    page = first.content.decode()
    assert "Page 1 of 3" in page
    assert 'href="?action=export&amp;page=2"' in page
    third = auditor_client.get("/audit/?action=export&page=3")
    assert listed(third) == list(range(20, 0, -1))
    assert 'href="?action=export&amp;page=2"' in third.content.decode()


def test_a_page_number_past_the_end_shows_the_last_page(auditor_client: Client) -> None:
    for _ in range(3):
        audit_record(actor=None, action=AuditAction.EXPORT)
    response = auditor_client.get("/audit/?action=export&page=99")
    assert listed(response) == [3, 2, 1]


def test_dates_are_days_in_london_not_in_utc(auditor_client: Client) -> None:
    """Half past midnight on 1 June in London is still 31 May in UTC."""
    when = datetime(2020, 6, 1, 0, 30, tzinfo=LONDON)
    with mock.patch("childtrust.audit.services.timezone.now", return_value=when):
        audit_record(actor=None, action=AuditAction.EXPORT)
    assert listed(auditor_client.get("/audit/?action=export&date_from=2020-06-01")) == [1]
    assert listed(auditor_client.get("/audit/?action=export&date_to=2020-05-31")) == []
