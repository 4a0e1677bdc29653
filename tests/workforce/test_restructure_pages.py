"""The restructures' pages for every role: the list, a restructure's page (the legal dates worked
out and explained, the people as each role may see them, the establishment before and after),
the affected person's own page (with their response form) and my restructures; every form page
refused (403, or 404 to those who may not see the restructure) to anyone but workforce managers
within remit; forms writing through the services with every message in the error summary and
"Error: " in the title."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.workforce import models as w
from tests.workforce.restructure_setup import (
    ACTORS,
    MANAGERS,
    SEE_ALL,
    SEE_RESTRUCTURE,
    World,
    actor,
    build_world,
    refreshed,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _client(world: World, kind: str) -> Client:
    client = Client()
    client.force_login(actor(world, kind))
    return client


def _bob(world: World) -> w.AffectedPerson:
    return w.AffectedPerson.objects.create(
        restructure=world.restructure,
        staff=world.staff["bob"],
        post=world.posts["SW2"],
        proposal="Your post moves to the locality team.",
    )


# --- Reading -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ACTORS)
def test_the_list_shows_each_role_the_restructures_it_may_see(kind: str) -> None:
    world = build_world()
    response = _client(world, kind).get(reverse("workforce:restructures"))
    assert response.status_code == 200
    assert ("Locality working" in response.content.decode()) is (kind in SEE_RESTRUCTURE)


@pytest.mark.parametrize("kind", ACTORS)
def test_a_restructures_page_for_each_role(kind: str) -> None:
    world = build_world()
    _bob(world)
    response = _client(world, kind).get(
        reverse("workforce:restructure", args=[world.restructure.pk])
    )
    if kind not in SEE_RESTRUCTURE:
        # As the API and the launch page: no one learns which restructures exist.
        assert response.status_code == 404
        return
    assert response.status_code == 200
    page = response.content.decode()
    assert "Locality working" in page
    if kind in SEE_ALL:
        assert "Ann Archer" in page
        assert "Bob Baker" in page
    elif kind == "affected":
        assert "You are affected" in page
        assert "Bob Baker" not in page
    else:
        assert "2 people are affected. Only workforce managers and auditors see who." in page
        assert "Ann Archer" not in page
        assert "Bob Baker" not in page
    assert ("Change the proposal" in page) is (kind in MANAGERS)


def test_the_page_works_out_and_explains_the_legal_dates() -> None:
    world = build_world(
        proposed_redundancies=25,
        consultation_starts_on=datetime.date(2026, 2, 2),
        hr1_notified_on=datetime.date(2026, 2, 9),
        first_dismissal_on=datetime.date(2026, 3, 5),
        status=w.RestructureStatus.FINISHED,  # judged on its recorded dates alone
    )
    page = (
        _client(world, "auditor")
        .get(reverse("workforce:restructure", args=[world.restructure.pk]))
        .content.decode()
    )
    assert "The collective duty applies: 25 redundancies are proposed at Northgate Council" in page
    assert "at least 30 days before the first dismissal takes effect" in page
    # HR1 on 9 February: the earliest is 11 March, not 4 March (2 February + 30).
    assert "The first dismissal may take effect on 11 March 2026 at the earliest" in page
    assert "30 days after the HR1 notification on 9 February 2026" in page
    assert "Form HR1 must reach the Secretary of State by 3 February 2026" in page
    assert "it was sent on 9 February 2026, 6 days late" in page
    assert (
        "The planned first dismissal on 5 March 2026 is 6 days earlier than the law allows" in page
    )


def test_the_page_shows_the_establishment_before_and_after_by_team() -> None:
    world = build_world()
    page = (
        _client(world, "workforce_manager")
        .get(reverse("workforce:restructure", args=[world.restructure.pk]))
        .content.decode()
    )
    # Before 4 posts 3.50 FTE; after, the senior social worker post is added in the locality
    # team: 5 posts 4.50 FTE, +1.00.
    assert "North locality team" in page
    assert "3.50 FTE" in page
    assert "4.50 FTE" in page
    assert "+1.00 FTE" in page


def test_a_restructure_that_does_not_exist_is_not_found() -> None:
    world = build_world()
    response = _client(world, "workforce_manager").get(reverse("workforce:restructure", args=[999]))
    assert response.status_code == 404


@pytest.mark.parametrize("kind", ACTORS)
def test_the_affected_persons_page_for_each_role_audited(kind: str) -> None:
    world = build_world()
    w.ConsultationMeeting.objects.create(
        affected=world.affected, held_on=datetime.date(2026, 2, 10), attendees="Ann, HR"
    )
    url = reverse("workforce:restructure_person", args=[world.restructure.pk, world.affected.pk])
    before = AuditEvent.objects.filter(action=AuditAction.VIEW).count()
    response = _client(world, kind).get(url)
    if kind not in SEE_ALL | {"affected"}:
        # 404 for those who may not see the restructure; 403 for their manager, who may.
        assert response.status_code == (403 if kind in SEE_RESTRUCTURE else 404)
        return
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your post is deleted; you may apply" in page
    assert "10 February 2026" in page
    assert "I would like to apply." in page
    assert "Employee assistance programme" in page
    assert ("Send your response" in page) is (kind == "affected")
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.VIEW, object_type="workforce.affectedperson"
        ).count()
        == 1
    )
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == before + 1


@pytest.mark.parametrize("name", ["restructure_person_edit", "restructure_person_remove"])
def test_the_forms_on_an_affected_persons_line_record_one_read(name: str) -> None:
    world = build_world()
    url = reverse(f"workforce:{name}", args=[world.restructure.pk, world.affected.pk])
    response = _client(world, "workforce_manager").get(url)
    assert response.status_code == 200
    events = AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="workforce.affectedperson"
    )
    assert [e.object_id for e in events] == [str(world.affected.pk)]


def test_the_person_responds_on_their_page_and_an_empty_response_is_an_error() -> None:
    world = build_world()
    client = _client(world, "affected")
    url = reverse("workforce:restructure_person", args=[world.restructure.pk, world.affected.pk])
    response = client.post(url, {"text": " "})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "Enter your response" in page
    assert world.affected.responses.count() == 1
    response = client.post(url, {"text": "Could the post be part-time?"})
    assert response.status_code == 302
    assert world.affected.responses.filter(text="Could the post be part-time?").exists()


def test_no_one_else_responds_through_the_persons_page() -> None:
    world = build_world()
    url = reverse("workforce:restructure_person", args=[world.restructure.pk, world.affected.pk])
    response = _client(world, "workforce_manager").post(url, {"text": "On her behalf"})
    assert response.status_code == 403
    assert world.affected.responses.count() == 1


def test_my_restructures_for_the_person_and_their_manager() -> None:
    world = build_world()
    page = _client(world, "affected").get(reverse("workforce:my_restructures")).content.decode()
    assert "Locality working" in page
    assert "Your post is deleted" in page
    page = (
        _client(world, "their_manager").get(reverse("workforce:my_restructures")).content.decode()
    )
    assert "No restructure affects you." in page
    assert "Affecting people you manage" in page
    assert "Locality working" in page
    page = _client(world, "practitioner").get(reverse("workforce:my_restructures")).content.decode()
    assert "No restructure affects you." in page
    assert "Locality working" not in page


def test_the_workforce_home_links_restructures_by_role() -> None:
    world = build_world()
    page = _client(world, "practitioner").get(reverse("workforce:home")).content.decode()
    assert reverse("workforce:my_restructures") in page
    assert reverse("workforce:restructure_create") not in page
    page = _client(world, "remit_in").get(reverse("workforce:home")).content.decode()
    assert reverse("workforce:restructure_create") in page
    assert "All restructures</a> at Northgate Council" in page


# --- Form pages: who may open them -----------------------------------------------------------


def _form_urls(world: World) -> list[str]:
    r, a = world.restructure.pk, world.affected.pk
    return [
        reverse("workforce:restructure_create"),
        reverse("workforce:restructure_edit", args=[r]),
        reverse("workforce:restructure_first_dismissal", args=[r]),
        reverse("workforce:restructure_hr1", args=[r]),
        reverse("workforce:restructure_implement", args=[r]),
        reverse("workforce:restructure_finish", args=[r]),
        reverse("workforce:restructure_withdraw", args=[r]),
        reverse("workforce:restructure_pool_add", args=[r]),
        reverse("workforce:restructure_pool_remove", args=[r, world.pool.pk]),
        reverse("workforce:restructure_post_change_add", args=[r, "delete"]),
        reverse("workforce:restructure_post_change_add", args=[r, "change"]),
        reverse("workforce:restructure_post_change_add", args=[r, "create"]),
        reverse("workforce:restructure_post_change_remove", args=[r, world.created.pk]),
        reverse("workforce:restructure_person_add", args=[r]),
        reverse("workforce:restructure_person_edit", args=[r, a]),
        reverse("workforce:restructure_person_remove", args=[r, a]),
        reverse("workforce:restructure_meeting_add", args=[r, a]),
        reverse("workforce:restructure_response_answer", args=[r, a, world.response.pk]),
        reverse("workforce:restructure_outcome", args=[r, a]),
    ]


@pytest.mark.parametrize("kind", ACTORS)
def test_every_form_page_is_for_workforce_managers_within_remit_only(kind: str) -> None:
    world = build_world()
    client = _client(world, kind)
    for url in _form_urls(world):
        if url == reverse("workforce:restructure_create") and kind == "remit_out":
            assert client.get(url).status_code == 200  # a manager of another agency proposes
            continue
        # A manager of another agency, who may reach the forms, is told 404 for a restructure
        # they may not see; everyone else 403 (forms not theirs, or one they may only see).
        proposing = url == reverse("workforce:restructure_create")
        refused = 404 if kind == "remit_out" and not proposing else 403
        assert client.get(url).status_code == (200 if kind in MANAGERS else refused), url
        if kind not in MANAGERS:
            assert client.post(url, {}).status_code == refused, url


def test_refused_posts_write_nothing() -> None:
    world = build_world()
    client = _client(world, "auditor")
    for url in _form_urls(world):
        assert client.post(url, {"name": "x", "text": "x", "answer": "x"}).status_code == 403
    assert refreshed(world.restructure).status == w.RestructureStatus.PROPOSED
    assert w.SelectionPool.objects.count() == 1
    assert refreshed(world.response).answer == ""


def test_an_unknown_kind_of_post_change_is_not_found() -> None:
    world = build_world()
    url = f"/workforce/restructures/{world.restructure.pk}/posts/new/merge/"
    assert _client(world, "workforce_manager").get(url).status_code == 404


# --- Form pages: writing ---------------------------------------------------------------------


def _date(name: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def test_proposing_a_restructure_through_its_form() -> None:
    world = build_world()
    client = _client(world, "remit_in")
    url = reverse("workforce:restructure_create")
    response = client.post(url, {"title": "", "proposed_redundancies": "lots"})
    page = response.content.decode()
    assert "<title>Error: " in page
    for message in (
        "Enter the restructure&#x27;s title",
        "Enter why the restructure is proposed",
        "Choose the agency whose posts it changes",
        "Enter the proposed redundancies as a whole number, such as 25",
    ):
        assert message in page
    # A manager limited to Northgate is offered no other agency.
    assert "Southmoor Health" not in page
    response = client.post(
        url,
        {
            "title": "Front door",
            "reason": "One front door.",
            "agency": world.agency.pk,
            "proposed_redundancies": "25",
            **_date("consultation_starts_on", datetime.date(2026, 1, 5)),
        },
    )
    made = w.Restructure.objects.get(title="Front door")
    assert response.status_code == 302
    assert response["Location"] == reverse("workforce:restructure", args=[made.pk])
    assert made.consultation_starts_on == datetime.date(2026, 1, 5)


def test_a_first_dismissal_too_early_is_shown_and_kept_only_when_acknowledged() -> None:
    world = build_world(proposed_redundancies=25)
    r = world.restructure
    r.consultation_starts_on = r.hr1_notified_on = world.today - 10 * DAY
    r.save()
    client = _client(world, "workforce_manager")
    url = reverse("workforce:restructure_first_dismissal", args=[r.pk])
    early = world.today + 10 * DAY
    page = client.post(url, _date("first_dismissal_on", early)).content.decode()
    assert "<title>Error: " in page
    assert "is 10 days earlier than the law allows" in page
    assert "Enter why the first dismissal must take effect earlier than the law allows" in page
    assert refreshed(r).first_dismissal_on is None
    response = client.post(
        url,
        {
            **_date("first_dismissal_on", early),
            "acknowledged": "on",
            "early_dismissal_reason": "The grant ends.",
        },
    )
    assert response.status_code == 302
    r = refreshed(r)
    assert (r.first_dismissal_on, r.early_dismissal_reason) == (early, "The grant ends.")
    page = client.get(reverse("workforce:restructure", args=[r.pk])).content.decode()
    assert "is 10 days earlier than the law allows" in page
    assert "“The grant ends.”" in page


def test_changing_a_post_starts_from_what_it_is_now() -> None:
    world = build_world()
    client = _client(world, "workforce_manager")
    url = reverse("workforce:restructure_post_change_add", args=[world.restructure.pk, "change"])
    page = client.get(url).content.decode()
    assert "Choose the post: the next page starts from what it is now" in page
    page = client.get(url, {"post": world.posts["HV1"].pk}).content.decode()
    assert 'value="Health visitor"' in page
    assert 'value="0.50"' in page
    response = client.post(
        url,
        {
            "post": world.posts["HV1"].pk,
            "job_title": "Locality health visitor",
            "fte": "0.80",
            "team": world.locality_team.pk,
            "profession": w.Profession.HEALTH_VISITOR,
        },
    )
    assert response.status_code == 302
    change = world.restructure.post_changes.get(kind=w.PostChangeKind.CHANGE)
    assert (change.post, change.fte, change.team) == (
        world.posts["HV1"],
        Decimal("0.80"),
        world.locality_team,
    )


def test_an_outcome_through_its_form_moves_the_holding() -> None:
    world = build_world(status=w.RestructureStatus.IMPLEMENTING)
    client = _client(world, "workforce_manager")
    url = reverse("workforce:restructure_outcome", args=[world.restructure.pk, world.affected.pk])
    page = client.post(url, {"outcome": "slotted_in", **_date("outcome_on", world.today)})
    assert "Choose the post Ann Archer moves to" in page.content.decode()
    response = client.post(
        url,
        {
            "outcome": "slotted_in",
            **_date("outcome_on", world.today),
            "new_post": world.posts["FS1"].pk,
        },
    )
    assert response.status_code == 302
    assert w.Holding.objects.get(post=world.posts["FS1"]).staff == world.staff["ann"]


def test_a_person_is_added_and_a_meeting_recorded_through_their_forms() -> None:
    world = build_world()
    client = _client(world, "remit_in")
    response = client.post(
        reverse("workforce:restructure_person_add", args=[world.restructure.pk]),
        {
            "staff": world.staff["bob"].pk,
            "post": world.posts["SW2"].pk,
            "proposal": "Your post moves.",
            "pool": world.pool.pk,
            "at_risk": "on",
        },
    )
    assert response.status_code == 302
    bob = w.AffectedPerson.objects.get(staff=world.staff["bob"])
    assert (bob.pool, bob.at_risk) == (world.pool, True)
    response = client.post(
        reverse("workforce:restructure_meeting_add", args=[world.restructure.pk, bob.pk]),
        {"kind": "individual", **_date("held_on", world.today), "attendees": "Bob, HR"},
    )
    assert response.status_code == 302
    assert bob.meetings.get().attendees == "Bob, HR"
