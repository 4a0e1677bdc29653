"""Pulse survey pages over HTTP: who may see and do what, answering once with clear messages
for bad input, and results that never show a small group."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.voice.models import (
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
    SurveyRound,
)
from tests.factories import AgencyFactory, StaffMemberFactory
from tests.voice.survey_support import add_responses, make_round, make_survey

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)
LEADING_CHANGE = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN, Role.WORKFORCE_MANAGER}


def today() -> datetime.date:
    return timezone.localdate()


def open_round(survey: Survey) -> SurveyRound:
    return make_round(survey, opens_on=today() - datetime.timedelta(days=1))


def closed_round(survey: Survey, number: int = 1) -> SurveyRound:
    return make_round(survey, number=number, opens_on=today() - datetime.timedelta(days=40))


@pytest.fixture
def staff_client(user_with_role: Callable[[str], User]) -> tuple[Client, User]:
    user = user_with_role(Role.PRACTITIONER)
    StaffMemberFactory(user=user)
    client = Client()
    client.force_login(user)
    return client, user


def answers_post(survey: Survey, score: str = "4") -> dict[str, str]:
    return {
        f"question_{q.pk}": score if q.kind == QuestionKind.LIKERT else ""
        for q in survey.questions.all()
    }


# Who may do what


@pytest.mark.parametrize("role", ALL_ROLES)
def test_everyone_signed_in_sees_the_staff_surveys_page(
    client_for: Callable[[str], Client], role: str
) -> None:
    response = client_for(role).get(reverse("voice:survey_list"))

    assert response.status_code == 200
    assert ("Create a survey" in response.content.decode()) == (role in LEADING_CHANGE)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_surveys_are_in_everyones_navigation_and_marked_current_on_their_pages(
    client_for: Callable[[str], Client], role: str
) -> None:
    page = client_for(role).get(reverse("voice:survey_list")).content.decode()

    assert f'href="{reverse("voice:survey_list")}" aria-current="page">Staff surveys</a>' in page
    assert '<strong class="govuk-service-navigation__active-fallback">Voice</strong>' in page


def test_someone_not_signed_in_is_sent_to_sign_in() -> None:
    response = Client().get(reverse("voice:survey_list"))

    assert response.status_code == 302


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_those_leading_the_change_see_surveys_results_and_trends(
    client_for: Callable[[str], Client], role: str
) -> None:
    survey = make_survey()
    closed_round(survey)
    client = client_for(role)

    for url in [
        reverse("voice:survey_detail", args=[survey.pk]),
        reverse("voice:survey_round_results", args=[survey.pk, 1]),
        reverse("voice:survey_trends", args=[survey.pk]),
    ]:
        assert client.get(url).status_code == (200 if role in LEADING_CHANGE else 403), url


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_those_leading_the_change_set_surveys_up(
    client_for: Callable[[str], Client], role: str
) -> None:
    survey = make_survey()
    question = survey.questions.first()
    assert question is not None
    client = client_for(role)

    for url in [
        reverse("voice:survey_create"),
        reverse("voice:survey_question_add", args=[survey.pk]),
        reverse("voice:survey_question_edit", args=[survey.pk, question.pk]),
        reverse("voice:survey_question_remove", args=[survey.pk, question.pk]),
        reverse("voice:survey_round_open", args=[survey.pk]),
    ]:
        assert client.get(url).status_code == (200 if role in LEADING_CHANGE else 403), url
    client.post(reverse("voice:survey_round_open", args=[survey.pk]))
    assert survey.rounds.exists() == (role in LEADING_CHANGE)


# Setting a survey up


def test_a_lead_creates_a_survey_from_a_template(client_for: Callable[[str], Client]) -> None:
    response = client_for(Role.STRATEGIC_LEAD).post(
        reverse("voice:survey_create"),
        {
            "template": "wellbeing_check",
            "title": "Wellbeing in spring",
            "round_length_days": "14",
            "repeat_every_days": "30",
        },
    )

    survey = Survey.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("voice:survey_detail", args=[survey.pk])
    assert (survey.title, survey.template, survey.repeat_every_days) == (
        "Wellbeing in spring",
        "wellbeing_check",
        30,
    )
    assert survey.questions.count() == 5


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"template": ""}, "Choose a template"),
        ({"template": "made-up"}, "Choose a template from the list"),
        ({"title": ""}, "Enter a title for the survey"),
        ({"round_length_days": ""}, "Enter how many days each round stays open"),
        ({"round_length_days": "two weeks"}, "Enter the number of days as a whole number"),
        ({"round_length_days": "0"}, "A round must stay open for between 1 and 90 days"),
        ({"repeat_every_days": "500"}, "Repeat the survey every 1 to 365 days"),
        ({"repeat_every_days": "7"}, "Repeat the survey no more often than a round lasts"),
    ],
)
def test_bad_survey_settings_are_refused_with_a_clear_message(
    client_for: Callable[[str], Client], data: dict[str, str], message: str
) -> None:
    valid = {"template": "staff_through_change", "title": "Pulse", "round_length_days": "14"}

    response = client_for(Role.STRATEGIC_LEAD).post(
        reverse("voice:survey_create"), {**valid, **data}
    )

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert message in response.content.decode()
    assert not Survey.objects.exists()


def test_a_lead_changes_a_question_before_the_first_round(
    client_for: Callable[[str], Client],
) -> None:
    survey = make_survey()
    question = survey.questions.filter(kind=QuestionKind.LIKERT).first()
    assert question is not None

    response = client_for(Role.STRATEGIC_LEAD).post(
        reverse("voice:survey_question_edit", args=[survey.pk, question.pk]),
        {"text": "I know where we are heading.", "theme": "clarity"},
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text == "I know where we are heading."


def test_an_empty_question_is_refused(client_for: Callable[[str], Client]) -> None:
    survey = make_survey()
    question = survey.questions.first()
    assert question is not None

    response = client_for(Role.STRATEGIC_LEAD).post(
        reverse("voice:survey_question_edit", args=[survey.pk, question.pk]),
        {"text": "", "theme": "clarity"},
    )

    assert "Enter the question or statement" in response.content.decode()
    question.refresh_from_db()
    assert question.text != ""


def test_a_lead_adds_a_free_text_question(client_for: Callable[[str], Client]) -> None:
    survey = make_survey()

    client_for(Role.STRATEGIC_LEAD).post(
        reverse("voice:survey_question_add", args=[survey.pk]),
        {"kind": "free_text", "text": "What worries you most?", "theme": ""},
    )

    assert survey.questions.filter(text="What worries you most?", kind="free_text").exists()


def test_a_statement_without_a_theme_is_refused(client_for: Callable[[str], Client]) -> None:
    survey = make_survey()

    response = client_for(Role.STRATEGIC_LEAD).post(
        reverse("voice:survey_question_add", args=[survey.pk]),
        {"kind": "likert", "text": "I feel fine.", "theme": ""},
    )

    assert "Choose the theme the statement measures" in response.content.decode()
    assert not SurveyQuestion.objects.filter(text="I feel fine.").exists()


def test_once_a_round_has_opened_the_question_pages_send_the_lead_back(
    client_for: Callable[[str], Client],
) -> None:
    survey = make_survey()
    question = survey.questions.first()
    assert question is not None
    open_round(survey)
    client = client_for(Role.STRATEGIC_LEAD)

    response = client.post(
        reverse("voice:survey_question_edit", args=[survey.pk, question.pk]),
        {"text": "Changed", "theme": "clarity"},
        follow=True,
    )

    assert "cannot be changed once the first round has opened" in response.content.decode()
    question.refresh_from_db()
    assert question.text != "Changed"


def test_a_lead_removes_a_question(client_for: Callable[[str], Client]) -> None:
    survey = make_survey()
    question = survey.questions.get(kind=QuestionKind.FREE_TEXT)

    client_for(Role.PARTNERSHIP_ADMIN).post(
        reverse("voice:survey_question_remove", args=[survey.pk, question.pk])
    )

    assert not SurveyQuestion.objects.filter(pk=question.pk).exists()


def test_a_lead_opens_a_round_and_cannot_open_another_while_it_is_open(
    client_for: Callable[[str], Client],
) -> None:
    StaffMemberFactory.create_batch(4)
    survey = make_survey()
    client = client_for(Role.STRATEGIC_LEAD)
    url = reverse("voice:survey_round_open", args=[survey.pk])

    assert "All 4 active staff will be invited" in client.get(url).content.decode()
    client.post(url)
    refused = client.post(url)

    assert survey.rounds.get().invited == 4
    assert refused.status_code == 200
    assert "Round 1 is open until" in refused.content.decode()
    assert survey.rounds.count() == 1


# Answering


def test_staff_see_the_rounds_waiting_for_them(staff_client: tuple[Client, User]) -> None:
    client, _ = staff_client
    survey = make_survey(title="How are you finding the changes?")
    open_round(survey)
    closed_round(make_survey(title="Last year's survey"))

    page = client.get(reverse("voice:survey_list")).content.decode()

    assert "How are you finding the changes?" in page
    assert "Last year&#x27;s survey" not in page


def test_a_member_of_staff_answers_once(staff_client: tuple[Client, User]) -> None:
    client, user = staff_client
    survey = make_survey()
    open_round(survey)
    url = reverse("voice:survey_answer", args=[survey.pk, 1])

    response = client.post(url, answers_post(survey))

    # Answered on its own page, not by a redirect whose page the browser would fetch at once.
    assert response.status_code == 200
    assert "Thank you: your answers have been recorded" in response.content.decode()
    assert SurveyParticipation.objects.get().staff == user.staff_member
    assert SurveyResponse.objects.count() == 1
    assert (
        "There are no surveys waiting for you"
        in client.get(reverse("voice:survey_list")).content.decode()
    )
    again = client.post(url, answers_post(survey, "1"))
    assert "You have already answered this round" in again.content.decode()
    assert SurveyResponse.objects.count() == 1
    assert not SurveyAnswer.objects.filter(score=1).exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Choose how far you agree with"),
        ("7", "Choose one of the five answers, from strongly disagree to strongly agree"),
        ("strongly", "Choose one of the five answers, from strongly disagree to strongly agree"),
    ],
)
def test_bad_answers_are_refused_with_a_clear_message_and_nothing_is_written(
    staff_client: tuple[Client, User], value: str, message: str
) -> None:
    client, _ = staff_client
    survey = make_survey()
    open_round(survey)
    data = answers_post(survey)
    statement = survey.questions.filter(kind=QuestionKind.LIKERT).first()
    assert statement is not None
    data[f"question_{statement.pk}"] = value

    response = client.post(reverse("voice:survey_answer", args=[survey.pk, 1]), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert not SurveyParticipation.objects.exists()
    assert not SurveyResponse.objects.exists()


def test_sending_the_survey_with_nothing_chosen_asks_for_every_statement(
    staff_client: tuple[Client, User],
) -> None:
    client, _ = staff_client
    survey = make_survey()
    open_round(survey)

    response = client.post(reverse("voice:survey_answer", args=[survey.pk, 1]), {})

    page = response.content.decode()
    assert page.count("Choose how far you agree with") == 2 * 12  # summary and field
    assert not SurveyResponse.objects.exists()


def test_creating_a_survey_with_nothing_filled_in_asks_for_each_answer(
    client_for: Callable[[str], Client],
) -> None:
    response = client_for(Role.STRATEGIC_LEAD).post(reverse("voice:survey_create"), {})

    page = response.content.decode()
    assert "Choose a template" in page
    assert "Enter a title for the survey" in page
    assert not Survey.objects.exists()


def test_a_free_text_answer_that_is_too_long_is_refused(staff_client: tuple[Client, User]) -> None:
    client, _ = staff_client
    survey = make_survey()
    open_round(survey)
    data = answers_post(survey)
    free_text = survey.questions.get(kind=QuestionKind.FREE_TEXT)
    data[f"question_{free_text.pk}"] = "x" * 2001

    response = client.post(reverse("voice:survey_answer", args=[survey.pk, 1]), data)

    assert "Your answer must be 2,000 characters or fewer" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_closed_round_cannot_be_answered(staff_client: tuple[Client, User]) -> None:
    client, _ = staff_client
    survey = make_survey()
    closed_round(survey)

    response = client.post(
        reverse("voice:survey_answer", args=[survey.pk, 1]), answers_post(survey)
    )

    assert "This round is not open" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_someone_who_has_left_is_told_why_they_cannot_answer(
    staff_client: tuple[Client, User],
) -> None:
    survey = make_survey()
    open_round(survey)
    client, user = staff_client
    user.staff_member.is_active = False
    user.staff_member.save()

    answer = client.get(reverse("voice:survey_answer", args=[survey.pk, 1]))
    listing = client.get(reverse("voice:survey_list"))

    assert answer.status_code == 403
    assert "no longer working in the partnership" in answer.content.decode()
    assert "no longer working in the partnership" in listing.content.decode()
    assert survey.title not in listing.content.decode()


def test_a_user_with_no_staff_record_is_told_plainly(client_for: Callable[[str], Client]) -> None:
    survey = make_survey()
    open_round(survey)
    client = client_for(Role.STRATEGIC_LEAD)

    answer = client.get(reverse("voice:survey_answer", args=[survey.pk, 1]))
    listing = client.get(reverse("voice:survey_list"))

    assert answer.status_code == 403
    assert "Your account is not linked to a staff record" in answer.content.decode()
    assert "not linked to a staff record" in listing.content.decode()


# Results


def test_results_wait_until_the_round_closes(client_for: Callable[[str], Client]) -> None:
    survey = make_survey()
    survey_round = open_round(survey)
    add_responses(survey_round, 25)

    page = client_for(Role.STRATEGIC_LEAD).get(
        reverse("voice:survey_round_results", args=[survey.pk, 1])
    )

    assert "Results are shown once it closes" in page.content.decode()
    assert "25 of 100 staff invited (25%)" in page.content.decode()


def test_results_hide_small_groups_and_show_free_text_for_the_whole_round(
    client_for: Callable[[str], Client],
) -> None:
    survey = make_survey()
    survey_round = closed_round(survey)
    add_responses(survey_round, 15, agency=AgencyFactory(name="Children's Social Care"))
    add_responses(survey_round, 12, agency=AgencyFactory(name="City Health"), score=2)
    add_responses(
        survey_round, 2, agency=AgencyFactory(name="Police"), free_text="More time to read."
    )

    page = (
        client_for(Role.PARTNERSHIP_ADMIN)
        .get(reverse("voice:survey_round_results", args=[survey.pk, 1]))
        .content.decode()
    )

    assert "Not shown (fewer than 10 responses, or hidden to protect a smaller group)" in page
    # Police, and City Health to protect it; these responses have no level or locality.
    assert page.count("Not shown (fewer than") == 2
    assert "More time to read." in page
    assert "29 of 100 staff invited (29%)" in page


def test_a_round_below_the_minimum_shows_no_results(client_for: Callable[[str], Client]) -> None:
    survey = make_survey()
    survey_round = closed_round(survey)
    add_responses(survey_round, 9, free_text="Something personal")

    page = (
        client_for(Role.STRATEGIC_LEAD)
        .get(reverse("voice:survey_round_results", args=[survey.pk, 1]))
        .content.decode()
    )

    assert "Fewer than 10 responses: results are not shown for this round." in page
    assert "Something personal" not in page


def test_the_trends_page_shows_the_rating_how_it_is_worked_out_a_chart_and_its_table(
    client_for: Callable[[str], Client],
) -> None:
    survey = make_survey()
    add_responses(closed_round(survey, 1), 10, score=2)
    add_responses(
        make_round(survey, number=2, opens_on=today() - datetime.timedelta(days=20)), 10, score=4
    )

    page = (
        client_for(Role.STRATEGIC_LEAD)
        .get(reverse("voice:survey_trends", args=[survey.pk]))
        .content.decode()
    )

    assert "How the rating is worked out" in page
    assert ">Ready</strong>" in page
    assert "<svg" in page
    assert "Percentage agreeing or strongly agreeing, by theme and round" in page
    assert "agreement rose from 0% in round 1 to 100% in round 2" in page
