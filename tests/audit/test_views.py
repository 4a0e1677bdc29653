"""The auditor's log page at /audit/: filters, clear messages, pagination, and its own record."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from childtrust.accounts.models import Role, User
from childtrust.audit.changes import changes_details
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.audit.services import audit_record
from childtrust.audit.views import PAGE_SIZE
from tests.factories import ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def auditor_client() -> Client:
    client = Client()
    client.force_login(
        UserFactory(
            username="the-auditor", first_name="Amelia", last_name="Mitchell", role=Role.AUDITOR
        )
    )
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
    kim = UserFactory(username="kim", first_name="Kim", last_name="Lee")
    sam = UserFactory(username="sam", first_name="Sam", last_name="Patel")
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
        object_repr="Hub South child",
    )  # 3
    record_on(
        "2020-01-13",
        actor=sam,
        action=AuditAction.UPDATE,
        object_type="partnership.agency",
        object_id="7",
        object_repr="Family Hub North",
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
        ("person=kim", [2, 1]),
        ("person=KIM", [2, 1]),
        # By name: every word given, in the first or last name.
        ("person=Kim+Lee", [2, 1]),
        ("person=lee", [2, 1]),
        ("person=sam+lee", []),
        ("person=nobody", []),
        ("action=view", [3, 2]),
        ("object_type=children.child", [3, 2]),
        ("object_name=hub", [4, 3]),
        ("object_name=HUB+north", [4]),
        ("object_type=children.child&object_name=hub", [3]),
        ("object_id=7", [4, 2]),
        ("object_type=children.child&object_id=7", [2]),
        ("person=sam&action=update", [4]),
        # Open-ended: includes #6, the record of this very search.
        ("date_from_day=12&date_from_month=1&date_from_year=2020", [6, 5, 4, 3]),
        ("date_to_day=11&date_to_month=1&date_to_year=2020", [2, 1]),
        (
            "date_from_day=11&date_from_month=1&date_from_year=2020"
            "&date_to_day=13&date_to_month=1&date_to_year=2020",
            [4, 3, 2],
        ),
        (
            "date_from_day=12&date_from_month=01&date_from_year=2020"
            "&date_to_day=12&date_to_month=01&date_to_year=2020",
            [3],
        ),
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


def test_kind_of_record_offers_the_kinds_in_the_log_by_name(
    history: dict[str, User], auditor_client: Client
) -> None:
    page = auditor_client.get("/audit/").content.decode()
    select = page.split('name="object_type"')[1].split("</select>")[0]
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
    assert options == [
        ("", "Any kind"),
        ("partnership.agency", "Agency"),
        ("children.child", "Child"),
        ("accounts.user", "User"),
    ]


def test_the_dates_are_asked_for_with_the_date_input(auditor_client: Client) -> None:
    page = auditor_client.get("/audit/").content.decode()
    for name in ("date_from", "date_to"):
        for part in ("day", "month", "year"):
            assert f'name="{name}_{part}"' in page
    assert 'type="date"' not in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "date_from_day=45&date_from_month=13&date_from_year=2026",
            "The from date must be a real date",
        ),
        ("date_to_day=1&date_to_year=2026", "The to date must include a month"),
        (
            "date_from_day=13&date_from_month=1&date_from_year=2020"
            "&date_to_day=11&date_to_month=1&date_to_year=2020",
            "The to date must be the same as or after the from date",
        ),
        ("action=rewrite", "Choose what they did from the list"),
        ("object_type=secret.things", "Choose a kind of record from the list"),
        ("person=" + "x" * 151, "Person must be 150 characters or fewer"),
        ("object_name=" + "x" * 201, "Record&#x27;s name must be 200 characters or fewer"),
    ],
)
def test_bad_filters_give_a_clear_message(
    history: dict[str, User], auditor_client: Client, query: str, message: str
) -> None:
    response = auditor_client.get(f"/audit/?{query}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "<title>Error: " in page
    assert message in page
    assert "Select a valid choice" not in page


def test_the_rest_of_the_filter_still_applies_while_a_bad_date_is_explained(
    history: dict[str, User], auditor_client: Client
) -> None:
    response = auditor_client.get(
        "/audit/?action=view&date_from_day=30&date_from_month=2&date_from_year=2020&person=sam"
    )
    assert "The from date must be a real date" in response.content.decode()
    assert listed(response) == [3]


def test_a_to_date_before_the_from_date_keeps_the_from_date(
    history: dict[str, User], auditor_client: Client
) -> None:
    response = auditor_client.get(
        "/audit/?date_from_day=13&date_from_month=1&date_from_year=2020"
        "&date_to_day=11&date_to_month=1&date_to_year=2020&person=kim"
    )
    assert "The to date must be the same as or after the from date" in response.content.decode()
    assert listed(response) == []


def test_viewing_the_log_is_itself_audited_with_the_filter(
    history: dict[str, User], auditor_client: Client
) -> None:
    auditor_client.get(
        "/audit/?person=kim&action=view&date_from_day=1&date_from_month=1&date_from_year=2020"
    )
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event is not None
    assert event.action == AuditAction.SEARCH
    assert event.actor_username == "the-auditor"
    assert event.object_type == "audit.auditevent"
    assert event.path == "/audit/"
    assert event.details == {"person": "kim", "action": "view", "date_from": "2020-01-01"}


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
    june = "date_from_day=1&date_from_month=6&date_from_year=2020"
    may = "date_to_day=31&date_to_month=5&date_to_year=2020"
    assert listed(auditor_client.get(f"/audit/?action=export&{june}")) == [1]
    assert listed(auditor_client.get(f"/audit/?action=export&{may}")) == []


# --- The log in words ------------------------------------------------------------------------


def test_each_event_reads_as_a_sentence_with_its_record_linked(auditor_client: Client) -> None:
    sam = UserFactory(username="sam", first_name="Sam", last_name="Patel")
    service = ServiceFactory(name="Family Hub North", max_age=5)
    audit_record(
        actor=sam,
        action=AuditAction.UPDATE,
        target=service,
        details=changes_details({"name": ("Old name", "Family Hub North"), "max_age": (5, 11)}),
    )

    page = auditor_client.get("/audit/").content.decode()

    assert (
        f'Sam Patel changed the service <a class="govuk-link" href="/services/{service.slug}/">'
        "Family Hub North</a>"
    ) in page
    assert re.search(
        r"Name: <span[^>]*>from </span>Old name <span aria-hidden=\"true\">→</span>", page
    )
    assert "Max age: " in page
    assert "partnership.service" not in page.split("<tbody")[1]
    assert "{&#x27;" not in page  # no raw dictionaries


def test_filters_offer_every_kind_and_the_page_says_how_to_clear_them(
    history: dict[str, User], auditor_client: Client
) -> None:
    page = auditor_client.get("/audit/?person=kim").content.decode()
    assert 'href="/audit/">Clear the filter</a>' in page
    assert 'href="/audit/download/?person=kim"' in page


# --- The CSV download -------------------------------------------------------------------------


def rows_of(response: object) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:])))


def test_the_download_has_the_filtered_events_in_words(
    history: dict[str, User], auditor_client: Client
) -> None:
    response = auditor_client.get("/audit/download/?person=sam")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    header, *rows = rows_of(response)
    assert header[:3] == ["Number", "When", "What happened"]
    assert [row[0] for row in rows] == ["4", "3"]
    assert rows[0][1] == "13 January 2020 at 12:00pm"
    assert rows[0][2] == "Sam Patel changed the agency Family Hub North"
    assert rows[1][2] == "Sam Patel viewed the child Hub South child"


def test_the_download_is_recorded_with_its_filter(
    history: dict[str, User], auditor_client: Client
) -> None:
    rows_of(auditor_client.get("/audit/download/?action=view"))
    event = AuditEvent.objects.order_by("-sequence")[0]
    assert event.action == AuditAction.EXPORT
    assert event.actor_username == "the-auditor"
    assert event.details == {"format": "csv", "action": "view"}


def test_the_download_cannot_run_a_formula_in_a_spreadsheet(auditor_client: Client) -> None:
    mallory = UserFactory(username="mallory", first_name='=HYPERLINK("x")', last_name="")
    audit_record(
        actor=mallory,
        action=AuditAction.VIEW,
        object_type="partnership.agency",
        object_id="1",
        object_repr="@SUM(1+1)",
        reason="+cmd|' /C calc'!A0",
        details={"note": "-2+3"},
    )

    _header, *rows = rows_of(auditor_client.get("/audit/download/?action=view"))

    [row] = rows
    assert row[2].startswith("'=HYPERLINK")
    assert row[4] == "note: -2+3"  # starts with a letter: safe as it is
    assert row[8] == "'+cmd|' /C calc'!A0"
    assert not any(cell[:1] in "=+-@" for cell in row if cell)


# --- Who may read it ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/audit/", "/audit/download/"])
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.AUDITOR, 200),
        (Role.PARTNERSHIP_ADMIN, 403),
        (Role.STRATEGIC_LEAD, 403),
        (Role.FINANCE_OFFICER, 403),
        (Role.PRACTITIONER, 403),
        (Role.TEAM_MANAGER, 403),
        (Role.WORKFORCE_MANAGER, 403),
    ],
)
def test_only_auditors_may_read_or_download_the_log(path: str, role: str, status: int) -> None:
    client = Client()
    client.force_login(UserFactory(role=role))
    assert client.get(path).status_code == status


@pytest.mark.parametrize("path", ["/audit/", "/audit/download/"])
def test_someone_not_signed_in_is_sent_to_sign_in_and_nothing_is_recorded(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]
    assert not AuditEvent.objects.filter(action__in=[AuditAction.SEARCH, AuditAction.EXPORT])


def test_a_refused_reader_leaves_no_search_in_the_log() -> None:
    client = Client()
    client.force_login(UserFactory(role=Role.PARTNERSHIP_ADMIN))
    client.get("/audit/download/")
    assert not AuditEvent.objects.filter(action__in=[AuditAction.SEARCH, AuditAction.EXPORT])
