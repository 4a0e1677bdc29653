"""The launch's pages over HTTP: the confirmation page (who will receive what, the launch, its
refusals shown on the form), the wellbeing comparison (nothing below 10 answers, figures from
10, groups hidden when they would give a hidden one away), each for every kind of reader, and
the summary the restructure's page includes."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from childtrust.accounts.models import Role, User
from childtrust.voice.models import Message, SurveyRound
from childtrust.workforce import models as w
from childtrust.workforce.selectors.launch import day, restructure_page_path
from childtrust.workforce.services.launch import restructure_launch
from tests.factories import StaffMemberFactory, UserFactory
from tests.voice.survey_support import add_responses, make_round, make_survey
from tests.workforce.factories import AffectedPersonFactory
from tests.workforce.launch_setup import BRIEF_BY, TODAY, World, build_world, remit_manager

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(response: Any) -> str:
    return str(response.content.decode())


def reader(world: World, who: str) -> User:
    """Each kind of reader, by what they are to the restructure."""
    if who == "workforce manager":
        return world.launcher
    if who == "remit inside":
        return remit_manager(world, inside=True)
    if who == "remit outside":
        return remit_manager(world, inside=False)
    if who == "affected practitioner":
        return world.account_of("Pat")
    if who == "their manager":
        return world.account_of("Mo", Role.TEAM_MANAGER)
    if who == "unrelated practitioner":
        return world.account_of("Vic")
    role = {"auditor": Role.AUDITOR, "strategic lead": Role.STRATEGIC_LEAD}[who]
    user = UserFactory(role=role)
    StaffMemberFactory(agency=world.council, user=user)
    return user


def launch_url(world: World) -> str:
    return reverse("workforce:restructure_launch", args=[world.restructure.pk])


def wellbeing_url(world: World) -> str:
    return reverse("workforce:restructure_wellbeing", args=[world.restructure.pk])


def date_fields(value: datetime.date) -> dict[str, str]:
    return {
        "brief_by_day": str(value.day),
        "brief_by_month": str(value.month),
        "brief_by_year": str(value.year),
    }


# --- The confirmation page -----------------------------------------------------------------------


LAUNCH_PAGE = [
    ("workforce manager", 200),
    ("remit inside", 200),
    ("remit outside", 404),
    ("auditor", 403),
    ("affected practitioner", 403),
    ("their manager", 403),
    ("unrelated practitioner", 404),
    ("strategic lead", 404),
]


@pytest.mark.parametrize(("who", "status"), LAUNCH_PAGE)
def test_the_launch_page_is_for_those_who_manage_the_restructure(
    world: World, who: str, status: int
) -> None:
    client = client_of(reader(world, who))

    assert client.get(launch_url(world)).status_code == status
    assert client.post(launch_url(world), date_fields(BRIEF_BY)).status_code == (
        302 if status == 200 else status
    )
    world.restructure.refresh_from_db()
    assert (world.restructure.launched_at is not None) == (status == 200)


def test_the_launch_page_says_exactly_who_will_receive_what(world: World) -> None:
    text = page(client_of(world.launcher).get(launch_url(world)))

    assert "goes to <strong>5 people</strong>: the 3 people affected and 2 of their managers" in (
        text
    )
    assert "3 managers will be asked to brief their teams" in text
    assert "1 person affected is no longer in post: nothing is sent to them" in text
    assert (
        "“Wellbeing check: Duty and family support together” opens today for the 3 people "
        "affected only, until " + day(TODAY + datetime.timedelta(days=13))
    ) in text
    assert "Duty and family support become one locality team." in text  # the message itself
    assert 'name="brief_by_day"' in text
    assert "Launch the restructure</button>" in text


def test_launching_from_the_page_goes_to_the_restructure(world: World) -> None:
    response = client_of(world.launcher).post(launch_url(world), date_fields(BRIEF_BY))

    world.restructure.refresh_from_db()
    assert response["Location"] == restructure_page_path(world.restructure)
    assert world.restructure.status == w.RestructureStatus.CONSULTATION
    assert world.restructure.message is not None
    assert world.restructure.message.brief_by == BRIEF_BY


def test_a_second_launch_is_shown_as_an_error_on_the_page(world: World) -> None:
    client = client_of(world.launcher)
    client.post(launch_url(world), date_fields(BRIEF_BY))

    text = page(client.post(launch_url(world), date_fields(BRIEF_BY)))

    assert "<title>Error: " in text
    assert f"This restructure was launched on {day(TODAY)}: a restructure is launched once" in (
        text
    )
    assert "There is a problem" in text
    assert Message.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"brief_by_day": "31", "brief_by_month": "2", "brief_by_year": "2030"}, "real date"),
        (date_fields(TODAY - datetime.timedelta(days=1)), "must be today or later"),
        ({}, "Enter the date by which managers brief their teams"),
    ],
    ids=["not a date", "in the past", "empty"],
)
def test_a_bad_date_is_refused_on_the_page_and_nothing_is_sent(
    world: World, fields: dict[str, str], error: str
) -> None:
    text = page(client_of(world.launcher).post(launch_url(world), fields))

    assert "<title>Error: " in text
    assert error in text
    assert not Message.objects.exists()
    assert not SurveyRound.objects.exists()


def test_a_restructure_that_cannot_be_launched_says_why_and_offers_no_button() -> None:
    world = build_world(affected=())

    text = page(client_of(world.launcher).get(launch_url(world)))

    assert "It cannot be launched as it stands" in text
    assert "Add the people the restructure affects before launching it" in text
    assert "Launch the restructure</button>" not in text


def test_a_manager_without_a_staff_record_is_told_before_pressing_anything(world: World) -> None:
    text = page(client_of(UserFactory(role=Role.WORKFORCE_MANAGER)).get(launch_url(world)))

    assert "The restructure&#x27;s message goes out in its launcher&#x27;s name." in text
    assert "not linked to a staff record" in text
    assert "Launch the restructure</button>" not in text


def test_a_launch_page_for_no_such_restructure_is_not_found(world: World) -> None:
    client = client_of(world.launcher)

    assert client.get(reverse("workforce:restructure_launch", args=[999999])).status_code == 404
    assert client.get(reverse("workforce:restructure_wellbeing", args=[999999])).status_code == 404


# --- The wellbeing comparison --------------------------------------------------------------------


def launched_a_month_ago(world: World) -> SurveyRound:
    """Launched 30 days ago, so its round (two weeks) has closed, with 9 more people affected
    (Mo manages them): 12 invited."""
    for _ in range(9):
        AffectedPersonFactory(
            restructure=world.restructure,
            staff=StaffMemberFactory(agency=world.council, manager=world["Mo"]),
        )
    restructure = restructure_launch(
        actor=world.launcher,
        restructure=world.restructure,
        brief_by=BRIEF_BY,
        today=TODAY - datetime.timedelta(days=30),
    )
    assert restructure.survey_round is not None
    return restructure.survey_round


def partnership_round(answers: int = 20, score: int = 4) -> SurveyRound:
    """The partnership's latest round for everyone, closed: every answer agrees."""
    survey = make_survey(template="staff_through_change", title="Pulse: staff through change")
    survey_round = make_round(survey, opens_on=TODAY - datetime.timedelta(days=40), invited=200)
    add_responses(survey_round, answers, score=score)
    return survey_round


WELLBEING_PAGE = [
    ("workforce manager", 200),
    ("remit inside", 200),
    ("remit outside", 404),  # an agency's HR lead follows only its restructures
    ("auditor", 200),
    ("strategic lead", 200),
    ("affected practitioner", 403),
    ("their manager", 403),
    ("unrelated practitioner", 404),
]


@pytest.mark.parametrize(("who", "status"), WELLBEING_PAGE)
def test_the_wellbeing_page_is_for_those_who_see_all_or_follow_staff_voice(
    world: World, who: str, status: int
) -> None:
    launched_a_month_ago(world)

    assert client_of(reader(world, who)).get(wellbeing_url(world)).status_code == status


def test_nine_answers_show_nothing_of_those_affected(world: World) -> None:
    add_responses(launched_a_month_ago(world), 9, score=2)
    partnership_round()

    text = page(client_of(world.launcher).get(wellbeing_url(world)))

    assert "Not shown: fewer than 10 answers." in text
    assert "The results of those affected are not shown: fewer than 10 answers." in text
    assert ">0% agree" not in text  # theirs: every answer disagrees
    assert "mean 2.0" not in text
    assert "100% agree (mean 4.0 of 5)" in text  # the partnership's


def test_ten_answers_show_their_figures_beside_the_partnerships(world: World) -> None:
    add_responses(launched_a_month_ago(world), 10, score=2)
    partnership_round()

    text = page(client_of(world.launcher).get(wellbeing_url(world)))

    assert "Not shown: fewer than 10 answers." not in text
    assert "0% agree (mean 2.0 of 5)" in text
    assert "100% agree (mean 4.0 of 5)" in text
    assert "10 answers from 12 people invited (83%)" in text
    assert (
        "0% of the answers from those affected agree on “wellbeing and resilience through "
        "change” (10 people answered), against 100% across the partnership in Pulse: staff "
        "through change, round 1"
    ) in text


def test_a_group_that_would_give_a_hidden_one_away_is_hidden(world: World) -> None:
    survey_round = launched_a_month_ago(world)
    add_responses(survey_round, 12, level=3)
    add_responses(survey_round, 10, level=4)
    add_responses(survey_round, 3, level=5)

    text = page(client_of(world.launcher).get(wellbeing_url(world)))

    table = text[text.index("Those affected by management level") :]
    rows = {
        row[row.index(">Level ") + 1 : row.index("</th>")]: row
        for row in table[: table.index("</tbody>")].split("<tr")
        if ">Level " in row
    }
    # Level 5 (3 answers) is below 10; level 4 (10) is hidden too, or 25 - 12 - 10 would give
    # level 5 away. Level 3 is shown.
    assert ">12<" in rows["Level 3"]
    for hidden in ("Level 4", "Level 5"):
        assert "Not shown: too few answers" in rows[hidden]
        assert "%" not in rows[hidden]


def test_before_launch_and_while_the_round_is_open_nothing_is_shown(world: World) -> None:
    client = client_of(world.launcher)

    assert "the restructure has not been launched" in page(client.get(wellbeing_url(world)))

    restructure_launch(actor=world.launcher, restructure=world.restructure, brief_by=BRIEF_BY)
    text = page(client.get(wellbeing_url(world)))
    assert (
        "Not shown yet: results appear once the round closes on "
        + day(TODAY + datetime.timedelta(days=13))
        in text
    )
    assert "no wellbeing round for everyone has closed yet" in text


# --- The summary on the restructure's page -------------------------------------------------------


def summary(world: World, user: User) -> str:
    request = RequestFactory().get("/")
    request.user = user
    world.restructure.refresh_from_db()
    return render_to_string(
        "workforce/launch/_launch_summary.html", {"restructure": world.restructure}, request
    )


def test_the_summary_offers_the_launch_to_those_who_may_launch(world: World) -> None:
    assert launch_url(world) in summary(world, world.launcher)
    assert "Not launched yet" in summary(world, world.account_of("Pat"))
    assert launch_url(world) not in summary(world, world.account_of("Pat"))
    assert launch_url(world) not in summary(world, reader(world, "auditor"))


def test_the_summary_of_a_launched_restructure_shows_its_round_and_links_by_reader(
    world: World,
) -> None:
    restructure_launch(actor=world.launcher, restructure=world.restructure, brief_by=BRIEF_BY)
    message = Message.objects.get()
    reach = reverse("voice:cascade_message_reach", args=[message.pk])

    manager = summary(world, world.launcher)
    assert f"open until {day(TODAY + datetime.timedelta(days=13))}" in manager
    assert "for the 3 people affected only" in manager
    assert reach in manager
    assert wellbeing_url(world) in manager
    assert launch_url(world) not in manager

    auditor = summary(world, reader(world, "auditor"))
    assert wellbeing_url(world) in auditor
    assert reach not in auditor

    affected = summary(world, world.account_of("Pat"))
    assert wellbeing_url(world) not in affected
    assert reach not in affected
