"""The establishment's pages about people, for every kind of reader: "My post" for everyone
signed in (their own holdings and job description, audited), starters and leavers by census
year and agency (leaving reasons only to those who may see them; one audit event a page), a
person's sickness absence (workforce managers within remit and the person's agency head only;
each read audited) with its form, and caseload counts, with bad input shown and nothing
written."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.partnership.models import StaffMember
from childtrust.workforce.models import Caseload, SicknessAbsence
from tests.factories import StaffMemberFactory, UserFactory
from tests.workforce.establishment_setup import ACTORS, MANAGERS, actor_for, linked_user
from tests.workforce.factories import (
    CaseloadFactory,
    HoldingFactory,
    JobDescriptionFactory,
    LeaverHoldingFactory,
    PostFactory,
    SicknessAbsenceFactory,
    WorkforceManagerFactory,
)

pytestmark = pytest.mark.django_db


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response: Any) -> str:
    return str(response.content.decode())


def date_fields(name: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


# --- My post ------------------------------------------------------------------------------------


def test_my_post_shows_my_holding_and_job_description_and_is_audited() -> None:
    holding = HoldingFactory(fte=Decimal("0.60"), post__job_title="Family support worker")
    JobDescriptionFactory(post=holding.post, version=1, text="Works with families.")
    LeaverHoldingFactory(
        staff=holding.staff, post__agency=holding.post.agency, post__job_title="Old post"
    )
    user = linked_user(Role.PRACTITIONER, holding.staff)

    page = text(client_of(user).get("/workforce/my-post/"))

    assert "Family support worker" in page
    assert "0.60 FTE of the post's 1.00 FTE" in page
    assert "Works with families." in page
    assert "Posts you held before" in page
    assert "Old post" in page
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert event.details == {"page": "my post", "holdings_shown": 2}


@pytest.mark.parametrize("role", list(Role))
def test_my_post_for_everyone_signed_in_even_without_a_staff_record(role: str) -> None:
    response = client_of(UserFactory(role=role)).get("/workforce/my-post/")

    assert response.status_code == 200
    assert "Your account is not linked to a staff record" in text(response)
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


def test_my_post_needs_signing_in() -> None:
    assert Client().get("/workforce/my-post/").status_code == 302


# --- Starters and leavers -------------------------------------------------------------------------


def _year_2024(post: Any) -> None:
    # In the census year 1 October 2023 to 30 September 2024: one starter (joined 2 January
    # 2024, 0.80 FTE) and one leaver (retired 31 May 2024, 1.00 FTE); a move out on
    # 1 March 2024 (no reason) and a starter of the year before count for neither.
    HoldingFactory(post=post, fte=Decimal("0.80"), starts_on=datetime.date(2024, 1, 2))
    LeaverHoldingFactory(
        post=post,
        fte=Decimal("1.00"),
        starts_on=datetime.date(2019, 1, 7),
        ends_on=datetime.date(2024, 5, 31),
        leaving_reason="retirement",
    )
    HoldingFactory(
        post=post,
        starts_on=datetime.date(2020, 1, 6),
        ends_on=datetime.date(2024, 3, 1),
        joined_agency=False,
    )
    HoldingFactory(
        post=post, starts_on=datetime.date(2023, 9, 30), ends_on=datetime.date(2023, 12, 1)
    )


@pytest.mark.parametrize("kind", ACTORS)
def test_starters_and_leavers_by_role_with_reasons_only_for_those_allowed(kind: str) -> None:
    post = PostFactory(fte=Decimal("1.00"))
    _year_2024(post)
    actor = actor_for(kind, post)

    response = client_of(actor).get(
        f"/workforce/starters-and-leavers/?year=2024&agency={post.agency.slug}"
    )

    if kind == "practitioner":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    page = text(response)
    sees = kind not in ("other_team_manager", "remit_out")
    if kind == "remit_out":
        assert "Choose an agency from the list" in page  # not an agency they can see
    assert ("1 person, 0.80 FTE" in page) == sees
    assert ("Retirement" in page) == (kind in {"workforce_manager", "remit_in", "auditor"})
    if kind == "team_manager":
        assert "31 May 2024" in page
        assert "Leaving reasons are shown only to workforce managers and auditors" in page
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_type="workforce.holding")
    assert event.details["year"] == 2024
    assert event.details["leavers_shown"] == (1 if sees else 0)


def test_the_default_year_is_the_census_year_of_today() -> None:
    page = text(client_of(WorkforceManagerFactory()).get("/workforce/starters-and-leavers/"))

    assert "In the census year from 1 October" in page


# --- Sickness absence -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [*ACTORS, "agency_head", "line_manager"])
def test_who_sees_a_persons_sickness_absence(kind: str) -> None:
    holding = HoldingFactory()
    person = holding.staff
    SicknessAbsenceFactory(staff=person, working_days_lost=Decimal("5.0"))
    head = StaffMemberFactory(agency=person.agency)  # heads the agency: everyone reports to them
    if kind == "agency_head":
        actor = linked_user(Role.PRACTITIONER, head)
    elif kind == "line_manager":
        manager = StaffMemberFactory(agency=person.agency, team=holding.post.team)
        actor = linked_user(Role.TEAM_MANAGER, manager)
        person.manager = manager
        person.save()
    else:
        actor = actor_for(kind, holding.post)
    StaffMember.objects.filter(agency=person.agency, manager__isnull=True).exclude(
        pk=head.pk
    ).update(manager=head)

    response = client_of(actor).get(f"/workforce/people/{person.pk}/absence/")

    allowed = kind in MANAGERS or kind == "agency_head"
    assert response.status_code == (200 if allowed else 403)
    events = AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="partnership.staffmember"
    )
    if allowed:
        assert "5.0 days" in text(response)
        assert events.get().details == {"page": "sickness absence", "spells_shown": 1}
        assert ("Record a spell of absence" in text(response)) == (kind in MANAGERS)
    else:
        assert not events.exists()


def test_absence_of_no_such_person_is_404() -> None:
    assert (
        client_of(WorkforceManagerFactory()).get("/workforce/people/99999/absence/").status_code
        == 404
    )


def test_absence_recorded_on_its_page_and_bad_input_shown_with_nothing_written() -> None:
    person = StaffMemberFactory()
    client = client_of(WorkforceManagerFactory())
    url = f"/workforce/people/{person.pk}/absence/new/"

    bad = client.post(
        url,
        {
            **date_fields("starts_on", datetime.date(2024, 9, 23)),
            **date_fields("ends_on", datetime.date(2024, 10, 4)),
            "working_days_lost": "ten",
        },
    )
    across = client.post(
        url,
        {
            **date_fields("starts_on", datetime.date(2024, 9, 23)),
            **date_fields("ends_on", datetime.date(2024, 10, 4)),
            "working_days_lost": "10",
        },
    )
    good = client.post(
        url,
        {
            **date_fields("starts_on", datetime.date(2024, 9, 23)),
            **date_fields("ends_on", datetime.date(2024, 9, 27)),
            "working_days_lost": "2.5",
        },
    )

    assert "Enter the working days lost as a number, such as 5 or 2.5" in text(bad)
    assert text(bad).count("<title>Error: ") == 1
    assert "A spell of absence lies within one census year" in text(across)
    assert good.status_code == 302
    assert SicknessAbsence.objects.get().working_days_lost == Decimal("2.5")


@pytest.mark.parametrize("kind", ACTORS)
def test_only_workforce_managers_within_remit_reach_the_absence_and_caseload_forms(
    kind: str,
) -> None:
    holding = HoldingFactory()
    client = client_of(actor_for(kind, holding.post))
    person = holding.staff

    for url in (
        f"/workforce/people/{person.pk}/absence/new/",
        f"/workforce/people/{person.pk}/caseload/",
    ):
        assert client.get(url).status_code == (200 if kind in MANAGERS else 403), url
        if kind not in MANAGERS:
            assert client.post(url, {"cases": "3"}).status_code == 403
    assert not SicknessAbsence.objects.exists()
    assert not Caseload.objects.exists()


def test_a_caseload_count_recorded_and_bad_input_shown() -> None:
    person = StaffMemberFactory()
    CaseloadFactory(staff=person, counted_on=datetime.date(2023, 9, 30), cases=17)
    client = client_of(WorkforceManagerFactory())
    url = f"/workforce/people/{person.pk}/caseload/"

    page = text(client.get(url))
    bad = client.post(
        url, {"cases": "-1", "counted_on_day": "", "counted_on_month": "", "counted_on_year": ""}
    )
    good = client.post(
        url, {"cases": "19", **date_fields("counted_on", datetime.date(2024, 9, 30))}
    )

    assert "17 cases" in page
    assert "The number of cases cannot be below 0" in text(bad)
    assert "Enter the day the cases were counted" in text(bad)
    assert good.status_code == 302
    assert Caseload.objects.count() == 2
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW, details__page="caseload counts")
    assert reads.count() == 3  # each time the page was shown
