"""The vision, framework, commitments and alignment pages: who may see and change them, what
they show, and what bad input does."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.partnership.models import (
    Commitment,
    FrameworkIndicator,
    Outcome,
    Priority,
    VisionStatement,
)
from tests.factories import (
    AgencyFactory,
    CommitmentFactory,
    FrameworkIndicatorFactory,
    OutcomeFactory,
    PriorityFactory,
    VisionStatementFactory,
)
from tests.form_data import date_parts

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str], Client]
ALL_ROLES = list(Role)
MAY_MANAGE = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}
TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


@pytest.fixture
def framework() -> dict[str, Any]:
    police = AgencyFactory(name="Police", slug="police")
    health = AgencyFactory(name="Health", slug="health")
    safe = OutcomeFactory(name="Stay safe", slug="stay-safe", position=1)
    priority = PriorityFactory(outcome=safe, title="Safer roads")
    indicator = FrameworkIndicatorFactory(priority=priority, name="Road injuries")
    CommitmentFactory(agency=police, priority=priority, contribution="Speed checks.")
    VisionStatementFactory(
        version=1, text="The first vision.", adopted_on=datetime.date(2023, 5, 1)
    )
    VisionStatementFactory(
        version=2, text="The second vision.", adopted_on=datetime.date(2025, 6, 2)
    )
    return {
        "police": police,
        "health": health,
        "outcome": safe,
        "priority": priority,
        "indicator": indicator,
    }


def view_urls(f: dict[str, Any]) -> list[str]:
    return [
        reverse("partnership:vision"),
        reverse("partnership:framework"),
        reverse("partnership:framework_commitment_list"),
        reverse("partnership:framework_agency_commitments", args=[f["police"].slug]),
        reverse("partnership:alignment"),
        reverse("partnership:alignment_csv"),
    ]


def edit_urls(f: dict[str, Any]) -> list[str]:
    return [
        reverse("partnership:vision_adopt"),
        reverse("partnership:framework_outcome_create"),
        reverse("partnership:framework_outcome_update", args=[f["outcome"].slug]),
        reverse("partnership:framework_priority_create"),
        reverse("partnership:framework_priority_update", args=[f["priority"].pk]),
        reverse("partnership:framework_indicator_create"),
        reverse("partnership:framework_indicator_update", args=[f["indicator"].pk]),
        reverse("partnership:framework_agency_commitments_update", args=[f["police"].slug]),
    ]


def valid_posts(f: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    priority = f["priority"]
    return [
        (
            reverse("partnership:vision_adopt"),
            {
                "text": "New words.",
                **date_parts("adopted_on", "2026-01-05"),
                "adopted_by": "The Board",
            },
        ),
        (reverse("partnership:framework_outcome_create"), {"name": "Be healthy"}),
        (
            reverse("partnership:framework_outcome_update", args=[f["outcome"].slug]),
            {"name": "Staying safe"},
        ),
        (
            reverse("partnership:framework_priority_create"),
            {"outcome": f["outcome"].pk, "title": "Fewer missing episodes"},
        ),
        (
            reverse("partnership:framework_priority_update", args=[priority.pk]),
            {"outcome": f["outcome"].pk, "title": "Safer streets"},
        ),
        (
            reverse("partnership:framework_indicator_create"),
            {"priority": priority.pk, "name": "Children killed or seriously injured"},
        ),
        (
            reverse("partnership:framework_indicator_update", args=[f["indicator"].pk]),
            {"priority": priority.pk, "name": "Road casualties"},
        ),
        (
            reverse("partnership:framework_agency_commitments_update", args=[f["health"].slug]),
            {f"commit_{priority.pk}": "on", f"contribution_{priority.pk}": "Trauma care."},
        ),
    ]


def framework_state() -> tuple[Any, ...]:
    return (
        list(VisionStatement.objects.values_list("version", "text")),
        list(Outcome.objects.values_list("name", "description", "position")),
        list(Priority.objects.values_list("outcome_id", "title", "description", "position")),
        list(FrameworkIndicator.objects.values_list("priority_id", "name", "description")),
        list(Commitment.objects.values_list("agency_id", "priority_id", "contribution")),
    )


def error_page(response: Any) -> str:
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    return content


# --- Who may see and change what -------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_may_view_every_framework_page(
    role: str, client_for: ClientFor, framework: dict[str, Any]
) -> None:
    client = client_for(role)
    for url in view_urls(framework):
        assert client.get(url).status_code == 200, url


def test_pages_ask_someone_not_signed_in_to_sign_in(framework: dict[str, Any]) -> None:
    for url in view_urls(framework) + edit_urls(framework):
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:sign_in")), url


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_strategic_leads_and_administrators_may_open_the_edit_pages(
    role: str, client_for: ClientFor, framework: dict[str, Any]
) -> None:
    client = client_for(role)
    expected = 200 if role in MAY_MANAGE else 403
    for url in edit_urls(framework):
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_strategic_leads_and_administrators_may_change_the_framework(
    role: str, client_for: ClientFor, framework: dict[str, Any]
) -> None:
    client = client_for(role)
    for url, data in valid_posts(framework):
        before = framework_state()
        response = client.post(url, data)
        if role in MAY_MANAGE:
            assert response.status_code == 302, url
            assert framework_state() != before, url
        else:
            assert response.status_code == 403, url
            assert framework_state() == before, url
    written = AuditEvent.objects.filter(
        action__in=[AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
    )
    assert written.count() == (len(valid_posts(framework)) if role in MAY_MANAGE else 0)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_change_links_are_shown_only_to_those_who_may_change(
    role: str, client_for: ClientFor, framework: dict[str, Any]
) -> None:
    client = client_for(role)
    pages = {
        reverse("partnership:vision"): reverse("partnership:vision_adopt"),
        reverse("partnership:framework"): reverse("partnership:framework_outcome_create"),
        reverse("partnership:framework_agency_commitments", args=["police"]): reverse(
            "partnership:framework_agency_commitments_update", args=["police"]
        ),
    }
    for page, edit_url in pages.items():
        shown = f'href="{edit_url}"' in client.get(page).content.decode()
        assert shown == (role in MAY_MANAGE), page


def test_commitments_of_an_unknown_agency_are_not_found(
    client_for: ClientFor, framework: dict[str, Any]
) -> None:
    client = client_for(Role.PARTNERSHIP_ADMIN)
    assert client.get("/vision/commitments/no-such-agency/").status_code == 404
    assert client.get("/vision/commitments/no-such-agency/change/").status_code == 404


# --- What the pages show ------------------------------------------------------------------------


def test_vision_page_shows_the_current_version_and_earlier_ones(
    client_for: ClientFor, framework: dict[str, Any]
) -> None:
    content = client_for(Role.PRACTITIONER).get(reverse("partnership:vision")).content.decode()
    current, _, history = content.partition("Earlier versions")
    assert "The second vision." in current
    assert "2 June 2025" in current
    assert "Children&#x27;s Trust Board" in current
    assert "The first vision." in history
    assert "Version 1, adopted 1 May 2023" in history


def test_vision_page_says_when_no_vision_is_recorded(client_for: ClientFor) -> None:
    content = client_for(Role.AUDITOR).get(reverse("partnership:vision")).content.decode()
    assert "has not recorded a shared vision yet" in content


def test_adopting_a_vision_through_the_form_adds_a_version(client_for: ClientFor) -> None:
    client = client_for(Role.STRATEGIC_LEAD)
    response = client.post(
        reverse("partnership:vision_adopt"),
        {
            "text": "Every child safe.",
            **date_parts("adopted_on", "2026-01-05"),
            "adopted_by": "The Board",
        },
        follow=True,
    )
    assert "Version 1 of the vision is recorded." in response.content.decode()
    vision = VisionStatement.objects.get()
    assert (vision.version, vision.adopted_on) == (1, datetime.date(2026, 1, 5))


def test_adopt_form_starts_from_the_current_text(
    client_for: ClientFor, framework: dict[str, Any]
) -> None:
    content = client_for(Role.STRATEGIC_LEAD).get(reverse("partnership:vision_adopt"))
    assert "The second vision." in content.content.decode()
    assert "This will become version 3" in content.content.decode()


def test_framework_page_shows_outcomes_priorities_and_indicators(
    client_for: ClientFor, framework: dict[str, Any]
) -> None:
    content = client_for(Role.FRONT_DOOR).get(reverse("partnership:framework")).content.decode()
    assert (
        content.index("Stay safe") < content.index("Safer roads") < content.index("Road injuries")
    )


def test_agency_page_shows_commitments_and_the_outcomes_they_make(
    client_for: ClientFor, framework: dict[str, Any]
) -> None:
    OutcomeFactory(name="Be healthy", position=2)
    url = reverse("partnership:framework_agency_commitments", args=["police"])
    content = client_for(Role.TEAM_MANAGER).get(url).content.decode()
    assert "Police contributes to 1 of the 2 outcomes:" in content
    assert "Speed checks." in content
    assert "No commitment to this outcome's priorities." in content


def test_alignment_page_shows_words_in_cells_statuses_and_a_summary(
    client_for: ClientFor, framework: dict[str, Any]
) -> None:
    PriorityFactory(outcome=framework["outcome"], title="Fewer missing episodes")
    shared = PriorityFactory(outcome=framework["outcome"], title="Less domestic abuse")
    for name in ("Education", "Youth", "Voluntary"):
        CommitmentFactory(agency=AgencyFactory(name=name), priority=shared)
    content = client_for(Role.PRACTITIONER).get(reverse("partnership:alignment")).content.decode()
    assert content.count(">Committed</td>") == 4
    assert "Not committed" in content
    assert "Gap: no agency contributes" in content
    assert "One agency" in content
    assert "Shared by 3 agencies" in content
    assert "Work overlaps" in content
    summary = content[: content.index("<table")]
    assert "No agency contributes to 1 priority." in summary
    assert "Fewer missing episodes" in summary
    assert "Less domestic abuse: shared by 3 agencies" in summary


@pytest.mark.parametrize("role", ALL_ROLES)
def test_alignment_csv_downloads_the_matrix_and_records_the_export(
    role: str, client_for: ClientFor, framework: dict[str, Any]
) -> None:
    response = client_for(role).get(reverse("partnership:alignment_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="alignment-matrix-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        [
            "Outcome",
            "Priority",
            "Agencies contributing",
            "Status",
            "Agencies' work overlaps",
            "Health",
            "Police",
        ],
        ["Stay safe", "Safer roads", "1", "One agency", "No", "", "Committed"],
    ]
    [event] = AuditEvent.objects.filter(action=AuditAction.EXPORT)
    assert event.actor_username == f"{role}-user"
    assert event.details == {"format": "csv", "priorities": 1, "agencies": 2}


def test_viewing_the_alignment_page_is_not_recorded_as_an_export(
    client_for: ClientFor, framework: dict[str, Any]
) -> None:
    client_for(Role.PRACTITIONER).get(reverse("partnership:alignment"))
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


# --- Commitments form --------------------------------------------------------------------------


def test_commitments_form_adds_changes_and_withdraws(
    client_for: ClientFor, framework: dict[str, Any]
) -> None:
    safer_roads = framework["priority"]
    new = PriorityFactory(outcome=framework["outcome"], title="Fewer missing episodes")
    police = framework["police"]
    client = client_for(Role.PARTNERSHIP_ADMIN)
    url = reverse("partnership:framework_agency_commitments_update", args=["police"])

    response = client.post(url, {f"commit_{new.pk}": "on", f"contribution_{new.pk}": "Find them."})

    assert response.status_code == 302
    assert list(police.commitments.values_list("priority_id", "contribution")) == [
        (new.pk, "Find them.")
    ]
    assert AuditEvent.objects.filter(action=AuditAction.DELETE).get().details["priority"] == (
        safer_roads.title
    )
    assert AuditEvent.objects.filter(action=AuditAction.CREATE).count() == 1


def test_commitments_form_shows_existing_commitments_ticked(
    client_for: ClientFor, framework: dict[str, Any]
) -> None:
    url = reverse("partnership:framework_agency_commitments_update", args=["police"])
    content = client_for(Role.STRATEGIC_LEAD).get(url).content.decode()
    pk = framework["priority"].pk
    assert f'id="id_commit_{pk}" name="commit_{pk}" type="checkbox" checked' in content
    assert "Speed checks." in content


# --- Bad input: a clear message, nothing written ------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"text": "", **date_parts("adopted_on", "2026-01-05"), "adopted_by": "Board"},
            "Enter the text of the vision",
        ),
        (
            {"text": "Words", **date_parts("adopted_on", ""), "adopted_by": "Board"},
            "Enter the date the vision was adopted",
        ),
        (
            {"text": "Words", **date_parts("adopted_on", "2026-02-31"), "adopted_by": "Board"},
            "The date the vision was adopted must be a real date",
        ),
        (
            {
                "text": "Words",
                **date_parts("adopted_on", TOMORROW.isoformat()),
                "adopted_by": "Board",
            },
            "The date the vision was adopted must be today or in the past",
        ),
        (
            {"text": "Words", **date_parts("adopted_on", "2025-01-01"), "adopted_by": "Board"},
            "must be on or after 2 June 2025, when version 2 was adopted",
        ),
        (
            {"text": "Words", **date_parts("adopted_on", "2026-01-05"), "adopted_by": "   "},
            "Enter who adopted the vision, such as the Children&#x27;s Trust Board",
        ),
    ],
)
def test_bad_vision_input_gets_a_clear_message_and_writes_nothing(
    data: dict[str, str], message: str, client_for: ClientFor, framework: dict[str, Any]
) -> None:
    before = framework_state()
    response = client_for(Role.STRATEGIC_LEAD).post(reverse("partnership:vision_adopt"), data)
    assert message in error_page(response)
    assert framework_state() == before
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("url_name", "data", "message"),
    [
        ("framework_outcome_create", {"name": ""}, "Enter the outcome&#x27;s name"),
        ("framework_outcome_create", {"name": "   "}, "Enter the outcome&#x27;s name"),
        (
            "framework_outcome_create",
            {"name": "stay SAFE"},
            "There is already an outcome called “stay SAFE”",
        ),
        (
            "framework_outcome_create",
            {"name": "Be healthy", "position": "first"},
            "Enter the order as a whole number, like 3",
        ),
        (
            "framework_priority_create",
            {"outcome": "", "title": "Early help"},
            "Choose the outcome this priority works towards",
        ),
        (
            "framework_priority_create",
            {"outcome": "999999", "title": "Early help"},
            "Choose the outcome this priority works towards",
        ),
        (
            "framework_priority_create",
            {"outcome": "{outcome}", "title": ""},
            "Enter the priority&#x27;s title",
        ),
        (
            "framework_priority_create",
            {"outcome": "{outcome}", "title": "safer roads"},
            "“Stay safe” already has a priority called “safer roads”",
        ),
        (
            "framework_indicator_create",
            {"priority": "", "name": "Casualties"},
            "Choose the priority this indicator measures",
        ),
        (
            "framework_indicator_create",
            {"priority": "{priority}", "name": ""},
            "Enter the indicator&#x27;s name",
        ),
        (
            "framework_indicator_create",
            {"priority": "{priority}", "name": "road injuries"},
            "“Safer roads” already has an indicator called “road injuries”",
        ),
    ],
)
def test_bad_framework_input_gets_a_clear_message_and_writes_nothing(
    url_name: str,
    data: dict[str, str],
    message: str,
    client_for: ClientFor,
    framework: dict[str, Any],
) -> None:
    filled = {
        key: value.format(outcome=framework["outcome"].pk, priority=framework["priority"].pk)
        for key, value in data.items()
    }
    before = framework_state()
    response = client_for(Role.PARTNERSHIP_ADMIN).post(reverse(f"partnership:{url_name}"), filled)
    assert message in error_page(response)
    assert framework_state() == before
    assert not AuditEvent.objects.exists()


def test_renaming_an_outcome_to_another_outcomes_name_is_refused(
    client_for: ClientFor, framework: dict[str, Any]
) -> None:
    OutcomeFactory(name="Be healthy", slug="be-healthy")
    before = framework_state()
    url = reverse("partnership:framework_outcome_update", args=["stay-safe"])
    response = client_for(Role.STRATEGIC_LEAD).post(url, {"name": "Be Healthy"})
    assert "There is already an outcome called “Be Healthy”" in error_page(response)
    assert framework_state() == before


def test_changing_a_priority_or_indicator_to_an_empty_name_is_refused(
    client_for: ClientFor, framework: dict[str, Any]
) -> None:
    client = client_for(Role.STRATEGIC_LEAD)
    before = framework_state()
    response = client.post(
        reverse("partnership:framework_priority_update", args=[framework["priority"].pk]),
        {"outcome": framework["outcome"].pk, "title": " "},
    )
    assert "Enter the priority&#x27;s title" in error_page(response)
    response = client.post(
        reverse("partnership:framework_indicator_update", args=[framework["indicator"].pk]),
        {"priority": framework["priority"].pk, "name": ""},
    )
    assert "Enter the indicator&#x27;s name" in error_page(response)
    assert framework_state() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"commit_{new}": "on", "contribution_{new}": "  "},
            "Say what Health will do towards “Fewer missing episodes”",
        ),
        (
            {"contribution_{new}": "We will search."},
            "Tick “Fewer missing episodes” if Health commits to it, "
            "or clear what you wrote about it",
        ),
    ],
)
def test_bad_commitments_input_gets_a_clear_message_and_writes_nothing(
    data: dict[str, str], message: str, client_for: ClientFor, framework: dict[str, Any]
) -> None:
    new = PriorityFactory(outcome=framework["outcome"], title="Fewer missing episodes")
    safer_roads = framework["priority"].pk
    CommitmentFactory(agency=framework["health"], priority_id=safer_roads, contribution="Care.")
    filled = {key.format(new=new.pk): value for key, value in data.items()}
    # The existing commitment is kept in the submission: a bad row must not lose a good one.
    filled |= {f"commit_{safer_roads}": "on", f"contribution_{safer_roads}": "Better care."}
    before = framework_state()
    url = reverse("partnership:framework_agency_commitments_update", args=["health"])
    response = client_for(Role.STRATEGIC_LEAD).post(url, filled)
    content = error_page(response)
    assert message in content
    assert "Better care." in content  # what was typed is shown again, not lost
    assert framework_state() == before
    assert not AuditEvent.objects.exists()


def test_adopt_form_suggests_the_current_adopter(
    client_for: ClientFor, framework: dict[str, Any]
) -> None:
    content = client_for(Role.PARTNERSHIP_ADMIN).get(reverse("partnership:vision_adopt"))
    assert 'value="Children&#x27;s Trust Board"' in content.content.decode()
