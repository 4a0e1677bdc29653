"""The chronology's pages over HTTP: the page (who may open it, its filter by GET with GOV.UK's
error summary), the printable version (marked, no navigation, the reader and time at its foot),
the CSV file (redacted as the page, spreadsheet-safe), one audit event for each look; the links
on the child's page; and the audit log's names for safeguarding's records."""

from __future__ import annotations

import csv
import io

import pytest

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.audit.objects import audit_objects_named
from childtrust.children.models import Child
from tests.children.factories import (
    ChildFactory,
    InvolvementFactory,
    ShieldedChildFactory,
    signed_in,
    staff_user,
)
from tests.safeguarding.factories_chronology import ChronoConcernFactory, full_history

pytestmark = pytest.mark.django_db


def _page(child: Child, rest: str = "") -> str:
    return f"/safeguarding/children/{child.reference}/chronology/{rest}"


def _looks(user: User) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(actor=user, object_type="children.child"))


def _involved(child: Child, **staff: object) -> User:
    user = staff_user(Role.PRACTITIONER, **staff)
    InvolvementFactory(child=child, practitioner=user.staff_member)
    return user


# --- The page ----------------------------------------------------------------------------------


def test_an_involved_practitioner_reads_the_chronology_with_a_restricted_concern_redacted() -> None:
    history = full_history()
    user = _involved(history.child, agency=history.school)
    response = signed_in(user).get(_page(history.child))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Safeguarding chronology" in text
    assert "Neglect concern, medium severity" in text
    assert "Restricted by City Police: contact mash@police.example.org" in text
    assert "Disclosed in confidence" not in text
    assert '<strong class="govuk-tag govuk-tag--red">Significant</strong>' in text
    assert "Printable version" in text
    [event] = _looks(user)
    assert event.action == AuditAction.VIEW
    assert event.details["shown_as"] == "page"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PRACTITIONER, 403),  # may know the child exists, no relationship
        (Role.TEAM_MANAGER, 403),
        (Role.FINANCE_OFFICER, 403),  # may not find children at all
        (Role.AUDITOR, 403),
    ],
)
def test_those_without_a_relationship_are_refused(role: Role, status: int) -> None:
    child = full_history().child
    user = staff_user(role)
    for rest in ("", "print/", "export.csv"):
        assert signed_in(user).get(_page(child, rest)).status_code == status
    assert _looks(user) == []


def test_a_shielded_child_is_not_found_without_a_relationship() -> None:
    child = ShieldedChildFactory()
    response = signed_in(staff_user(Role.FRONT_DOOR)).get(_page(child))
    assert response.status_code == 404


def test_an_unknown_child_is_not_found() -> None:
    response = signed_in(staff_user(Role.FRONT_DOOR)).get(
        "/safeguarding/children/CT-999999/chronology/"
    )
    assert response.status_code == 404


def test_a_key_too_large_for_the_database_is_not_found() -> None:
    client = signed_in(staff_user(Role.FRONT_DOOR))
    assert client.get(f"/safeguarding/children/{'9' * 30}/chronology/").status_code == 404


def test_signing_in_comes_first() -> None:
    child = ChildFactory()
    from django.test import Client

    response = Client().get(_page(child))
    assert response.status_code == 302


def test_the_filter_by_get_narrows_the_entries_and_is_recorded() -> None:
    history = full_history()
    user = staff_user(Role.FRONT_DOOR)
    response = signed_in(user).get(
        _page(history.child), {"kind": "alert", "agency": "", "order": "oldest"}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Red alert raised" in text
    assert "Neglect concern" not in text
    assert text.index("Red alert raised") < text.index("Alert acknowledged")
    [event] = _looks(user)
    assert "kind=alert" in event.details["filter"]


def test_a_significant_only_filter_and_dates() -> None:
    history = full_history()
    user = staff_user(Role.FRONT_DOOR)
    query = {
        "significant": "on",
        "date_from_day": "3",
        "date_from_month": "11",
        "date_from_year": "2026",
        "date_to_day": "4",
        "date_to_month": "11",
        "date_to_year": "2026",
    }
    text = signed_in(user).get(_page(history.child), query).content.decode()
    assert "Screened: Red rating" in text
    assert "Dana Whitfield told the outcome" not in text  # not significant
    assert "Neglect concern" not in text  # significant, but the 2nd
    assert "2 of " in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from_day": "31", "date_from_month": "2", "date_from_year": "2026"},
         "The from date must be a real date"),
        ({"date_to_day": "3", "date_to_year": "2026"}, "The to date must include a month"),
        ({"kind": "gossip"}, "Choose a kind of entry from the list"),
        ({"agency": "999999"}, "Choose an agency from the list"),
        ({"order": "sideways"}, "Choose newest first or oldest first"),
        (
            {
                "date_from_day": "5", "date_from_month": "11", "date_from_year": "2026",
                "date_to_day": "4", "date_to_month": "11", "date_to_year": "2026",
            },
            "The to date must be the same as or after the from date",
        ),
    ],
)  # fmt: skip
def test_a_filter_with_a_mistake_says_what_is_wrong(query: dict[str, str], message: str) -> None:
    history = full_history()
    response = signed_in(staff_user(Role.FRONT_DOOR)).get(_page(history.child), query)
    text = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in text
    assert "There is a problem" in text
    assert message in text
    assert "Child protection plan started" in text  # the parts that are right still apply


# --- Print and CSV -----------------------------------------------------------------------------


def test_the_printable_version_is_marked_and_says_who_printed_it() -> None:
    history = full_history()
    user = staff_user(Role.FRONT_DOOR, given_name="Morgan", family_name="Price")
    user.first_name, user.last_name = "Morgan", "Price"
    user.save()
    response = signed_in(user).get(_page(history.child, "print/"), {"kind": "concern"})
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count("Official-sensitive") == 2
    assert "Printed by Morgan Price on " in text
    assert "govuk-service-navigation" not in text
    assert "govuk-header" not in text
    assert "chronology-print.css" in text
    assert "Neglect concern" in text
    assert "Red alert raised" not in text
    [event] = _looks(user)
    assert event.action == AuditAction.VIEW
    assert event.details["shown_as"] == "print"


def test_the_csv_file_is_redacted_spreadsheet_safe_and_recorded_as_an_export() -> None:
    history = full_history(summary='=HYPERLINK("http://evil.example","Click")')
    user = _involved(history.child, agency=history.school)
    response = signed_in(user).get(_page(history.child, "export.csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"chronology-{history.child.reference}-" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Date", "Time", "Kind", "From", "Entry", "Detail", "Significance", "Restricted",
    ]  # fmt: skip
    details = [row[5] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","Click")' in details
    assert not any("Disclosed in confidence" in cell for row in rows for cell in row)
    restricted = [row for row in rows if row[7] == "Yes"]
    assert restricted[0][4] == "Restricted by City Police: contact mash@police.example.org"
    assert ["2026-11-02", "10:00"] in [row[:2] for row in rows]  # the day and the local time
    [event] = _looks(user)
    assert event.action == AuditAction.EXPORT
    assert event.details["shown_as"] == "csv"


# --- The child's page, and the audit log --------------------------------------------------------


def test_the_childs_page_links_to_the_chronology_for_those_working_with_the_child() -> None:
    child = ChildFactory()
    user = _involved(child)
    text = signed_in(user).get(f"/children/{child.reference}/").content.decode()
    assert _page(child) in text
    assert f"/safeguarding/children/{child.reference}/concerns/new/" in text
    assert f"/safeguarding/children/{child.reference}/team/" in text
    assert f"/safeguarding/front-door/new/?child={child.reference}" in text


def test_without_a_relationship_the_childs_page_offers_no_chronology() -> None:
    child = ChildFactory()
    InvolvementFactory(child=child)
    text = signed_in(staff_user(Role.PRACTITIONER)).get(f"/children/{child.reference}/")
    page = text.content.decode()
    assert "This child is known to the partnership" in page
    assert _page(child) not in page
    assert f"/safeguarding/children/{child.reference}/team/" not in page
    assert f"/safeguarding/children/{child.reference}/concerns/new/" in page  # anyone may


def test_the_audit_log_names_a_concern_by_the_childs_reference_only() -> None:
    child = ChildFactory(given_name="Amara", family_name="Okafor")
    concern = ChronoConcernFactory(child=child)
    named = audit_objects_named([("safeguarding.concern", str(concern.pk))])
    record = named[("safeguarding.concern", str(concern.pk))]
    assert record.name == f"A concern about {child.reference}"
    assert "Amara" not in record.name
    assert record.url == f"/safeguarding/concerns/{concern.pk}/"


def test_every_safeguarding_record_has_a_name_in_the_audit_log() -> None:
    from django.apps import apps

    from childtrust.audit.objects import audit_kind

    unnamed = [
        model._meta.label_lower
        for model in apps.get_app_config("safeguarding").get_models()
        if audit_kind(model._meta.label_lower).lookup is None
    ]
    assert unnamed == []


def test_a_team_member_and_an_alert_are_named_by_the_childs_reference() -> None:
    from tests.safeguarding.factories_chronology import ChronoAlertFactory, ChronoMemberFactory

    member = ChronoMemberFactory()
    alert = ChronoAlertFactory()
    named = audit_objects_named(
        [("safeguarding.teammember", str(member.pk)), ("safeguarding.alert", str(alert.pk))]
    )
    team_child = member.team.child.reference
    assert named[("safeguarding.teammember", str(member.pk))].name == (
        f"A member of the team around {team_child}"
    )
    assert named[("safeguarding.teammember", str(member.pk))].url == (
        f"/safeguarding/children/{team_child}/team/"
    )
    assert named[("safeguarding.alert", str(alert.pk))].url == f"/safeguarding/alerts/{alert.pk}/"
