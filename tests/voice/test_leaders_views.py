"""The leaders' page: reach of recent messages, survey trends and feedback past its target."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.partnership import models as p
from childtrust.voice import models as v
from childtrust.voice.selectors.leaders import leaders_recent_messages
from tests.factories import FeedbackFactory, StaffMemberFactory, UserFactory
from tests.voice.feedback_setup import freeze_today

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)
STAFF_VOICE_ROLES = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN, Role.WORKFORCE_MANAGER}
TODAY = datetime.date(2025, 6, 2)


def _client(role: str) -> Client:
    client = Client()
    user: User = UserFactory(role=role)
    client.force_login(user)
    return client


def _text(response: object) -> str:
    content: bytes = response.content  # type: ignore[attr-defined]
    return html.unescape(re.sub(r"\s+", " ", content.decode()))


def _published_message(
    title: str, *, sender: p.StaffMember, people: list[p.StaffMember], reached: int, days_ago: int
) -> v.Message:
    published = timezone.now() - datetime.timedelta(days=days_ago)
    message = v.Message.objects.create(
        sender=sender,
        title=title,
        body="Body",
        status=v.MessageStatus.PUBLISHED,
        brief_by=TODAY,
        published_at=published,
        version_published_at=published,
    )
    v.Recipient.objects.bulk_create(
        v.Recipient(
            message=message,
            staff=person,
            level=2,
            agency=person.agency,
            briefed_at=published if n < reached else None,
        )
        for n, person in enumerate(people)
    )
    return message


def _survey_round(survey: v.Survey, number: int, scores: list[int], opens: datetime.date) -> None:
    question = survey.questions.get()
    survey_round = v.SurveyRound.objects.create(
        survey=survey, number=number, opens_on=opens, closes_on=opens + datetime.timedelta(13)
    )
    for score in scores:
        response = v.SurveyResponse.objects.create(round=survey_round)
        v.SurveyAnswer.objects.create(response=response, question=question, score=score)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_those_who_see_the_staff_side_of_the_change_open_the_leaders_page(role: str) -> None:
    response = _client(role).get(reverse("voice:leaders_page"))
    assert response.status_code == (200 if role in STAFF_VOICE_ROLES else 403)


def test_the_leaders_page_asks_for_sign_in() -> None:
    response = Client().get(reverse("voice:leaders_page"))
    assert response.status_code == 302


def test_recent_messages_show_their_reach_newest_first_and_only_the_last_five() -> None:
    sender = StaffMemberFactory()
    people = StaffMemberFactory.create_batch(4)
    for n in range(6):
        _published_message(f"Update {n}", sender=sender, people=people, reached=n % 5, days_ago=n)
    v.Message.objects.create(sender=sender, title="A draft", body="B", brief_by=TODAY)

    recent = leaders_recent_messages()

    assert [item.message.title for item in recent] == [f"Update {n}" for n in range(5)]
    assert [(item.recipients, item.reached) for item in recent][:3] == [(4, 0), (4, 1), (4, 2)]
    assert recent[2].reached_percent == 50


def test_the_page_shows_reach_with_a_chart_and_a_sentence() -> None:
    sender = StaffMemberFactory()
    people = StaffMemberFactory.create_batch(4)
    _published_message("Locality working", sender=sender, people=people, reached=4, days_ago=9)
    _published_message("New front door", sender=sender, people=people, reached=1, days_ago=2)
    text = _text(_client(Role.STRATEGIC_LEAD).get(reverse("voice:leaders_page")))
    assert "Locality working" in text
    assert "New front door" in text
    assert "Of the 2 most recent messages, 1 reached everyone they went to" in text
    assert "'New front door' has reached the fewest, 25%" in text
    assert "<svg" in text
    assert 'role="img"' in text


def test_survey_trends_hide_a_round_below_the_minimum_group_size(
    monkeypatch: pytest.MonkeyPatch, settings: object
) -> None:
    settings.SURVEY_MINIMUM_GROUP_SIZE = 10  # type: ignore[attr-defined]
    freeze_today(monkeypatch, TODAY)
    survey = v.Survey.objects.create(title="Pulse: staff through change", repeat_every_days=90)
    v.SurveyQuestion.objects.create(
        survey=survey,
        text="I feel involved in the change",
        kind=v.QuestionKind.LIKERT,
        theme=v.SurveyTheme.INVOLVEMENT,
    )
    _survey_round(survey, 1, [4] * 6 + [2] * 6, datetime.date(2025, 1, 6))  # 50% agree
    _survey_round(survey, 2, [5] * 9 + [1] * 3, datetime.date(2025, 4, 7))  # 75% agree
    _survey_round(survey, 3, [5] * 9, datetime.date(2025, 5, 5))  # 9 responses: not shown
    _survey_round(survey, 4, [5] * 20, TODAY)  # still open: not on the page

    text = _text(_client(Role.PARTNERSHIP_ADMIN).get(reverse("voice:leaders_page")))

    assert "Pulse: staff through change" in text
    assert "50%" in text
    assert '75% <span class="govuk-body-s">(+25 points)</span>' in text
    assert 'Round 3 <span class="govuk-body-s">(9 responses)</span>' in text
    assert "Not shown" in text
    assert "Round 4" not in text


def test_open_feedback_past_its_target_is_listed_with_its_owner(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    freeze_today(monkeypatch, TODAY)
    owner = StaffMemberFactory(job_title="Chief nurse")
    FeedbackFactory(owner=owner, subject="Overdue rota", respond_by=datetime.date(2025, 5, 28))
    FeedbackFactory(owner=owner, subject="Not yet due", respond_by=datetime.date(2025, 6, 3))
    text = _text(_client(Role.STRATEGIC_LEAD).get(reverse("voice:leaders_page")))
    assert "Overdue rota" in text
    assert f"{owner.full_name}, Chief nurse" in text
    assert "Not yet due" not in text


def test_an_empty_partnership_reads_plainly() -> None:
    text = _text(_client(Role.STRATEGIC_LEAD).get(reverse("voice:leaders_page")))
    assert "No message has been published yet" in text
    assert "No survey round has closed yet" in text
    assert "No open feedback is past its target" in text


@pytest.mark.parametrize("role", ALL_ROLES)
def test_staff_voice_is_in_the_navigation_for_those_who_may_open_it_and_feedback_for_all(
    role: str,
) -> None:
    text = _text(_client(role).get(reverse("voice:survey_list")))  # the Voice section's pages
    assert ('href="/voice/leaders/"' in text) == (role in STAFF_VOICE_ROLES)
    assert 'href="/voice/feedback/"' in text


def test_the_staff_voice_item_is_current_on_the_leaders_page_and_you_said_we_did_on_its() -> None:
    client = _client(Role.STRATEGIC_LEAD)
    leaders = _text(client.get(reverse("voice:leaders_page")))
    feedback = _text(client.get(reverse("voice:feedback_published_list")))
    assert 'href="/voice/leaders/" aria-current="page"' in leaders
    assert 'href="/voice/feedback/" aria-current' not in leaders
    assert 'href="/voice/feedback/you-said-we-did/" aria-current="page"' in feedback
    assert 'href="/voice/leaders/" aria-current' not in feedback
