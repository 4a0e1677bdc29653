"""Feedback pages: raising, answering, 'You said, we did' and response times, for every role."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.partnership import models as p
from childtrust.voice.models import Feedback, FeedbackReach, FeedbackStatus
from tests.core.answers import as_seen
from tests.factories import (
    AgencyFactory,
    AnsweredFeedbackFactory,
    FeedbackFactory,
    PublishedFeedbackFactory,
    StaffMemberFactory,
    UserFactory,
)
from tests.voice.feedback_setup import (
    FeedbackPartnership,
    feedback_partnership,
    freeze_today,
    staff_with_account,
)

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)
STAFF_VOICE_ROLES = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN, Role.WORKFORCE_MANAGER}


@pytest.fixture
def town() -> FeedbackPartnership:
    return feedback_partnership()


def _client(user: User, **extra: str) -> Client:
    client = Client(**extra)
    client.force_login(user)
    return client


def _text(response: object) -> str:
    content: bytes = response.content  # type: ignore[attr-defined]
    return html.unescape(re.sub(r"\s+", " ", content.decode()))


def _valid(**changes: str) -> dict[str, str]:
    return {
        "kind": "suggestion",
        "subject": "Shared diaries for the locality team",
        "text": "We could book rooms in one diary.",
        "agency": "",
        "name": "named",
    } | changes


# --- Who may open which page -------------------------------------------------------------------

STAFF_PAGES = ["voice:feedback_home", "voice:feedback_raise", "voice:feedback_to_answer"]


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("page", STAFF_PAGES)
def test_every_role_linked_to_a_staff_record_uses_the_feedback_pages(
    town: FeedbackPartnership, role: str, page: str
) -> None:
    staff = staff_with_account(role, agency=town.health, manager=town.health_head)
    response = _client(town.user_of(staff)).get(reverse(page))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("page", STAFF_PAGES)
def test_an_account_with_no_staff_record_is_told_so_whatever_its_role(role: str, page: str) -> None:
    response = _client(UserFactory(role=role)).get(reverse(page))
    assert response.status_code == 403
    assert "Your account is not linked to a staff record" in _text(response)


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_someone_who_has_left_is_told_why_they_cannot_raise_or_answer_feedback(page: str) -> None:
    user = UserFactory()
    StaffMemberFactory(user=user, is_active=False)

    response = _client(user).get(reverse(page))

    assert response.status_code == 403
    assert "no longer working in the partnership" in _text(response)


@pytest.mark.parametrize("in_post", [None, False])
@pytest.mark.parametrize("page", STAFF_PAGES)
def test_someone_refused_the_feedback_pages_is_shown_the_way_to_you_said_we_did(
    page: str, in_post: bool | None
) -> None:
    """None: an account linked to no staff record; False: a record no longer in post."""
    user = UserFactory()
    if in_post is not None:
        StaffMemberFactory(user=user, is_active=in_post)

    response = _client(user).get(reverse(page))

    assert response.status_code == 403
    assert f'href="{reverse("voice:feedback_published_list")}"' in _text(response)
    assert "Your role" not in _text(response)


def test_an_owner_opening_feedback_routed_to_someone_else_finds_nothing_there(
    town: FeedbackPartnership,
) -> None:
    """Feedback is seen by its owner alone: another's answers as a number never used does."""
    feedback = FeedbackFactory(owner=town.director)
    client = _client(town.user_of(town.health_head))

    hidden = client.get(reverse("voice:feedback_respond", args=[feedback.pk]))
    missing = client.get(reverse("voice:feedback_respond", args=[feedback.pk + 1000]))

    assert hidden.status_code == missing.status_code == 404
    assert as_seen(hidden) == as_seen(missing)


def test_each_view_of_named_feedback_by_its_owner_is_audited_and_anonymous_is_not(
    town: FeedbackPartnership,
) -> None:
    named = FeedbackFactory(owner=town.health_head, raised_by=town.health_visitor)
    anonymous = FeedbackFactory(owner=town.health_head, raised_by=None)
    client = _client(town.user_of(town.health_head))

    for feedback in (named, anonymous):
        assert client.get(reverse("voice:feedback_respond", args=[feedback.pk])).status_code == 200

    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert (event.object_id, event.details) == (str(named.pk), {"purpose": "respond"})
    assert event.actor_id == town.user_of(town.health_head).pk


@pytest.mark.parametrize("page", [*STAFF_PAGES, "voice:feedback_published_list"])
def test_the_feedback_pages_ask_for_sign_in(page: str) -> None:
    response = Client().get(reverse(page))
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_everyone_signed_in_reads_you_said_we_did(role: str) -> None:
    PublishedFeedbackFactory(subject="Quieter rooms for supervision")
    response = _client(UserFactory(role=role)).get(reverse("voice:feedback_published_list"))
    assert response.status_code == 200
    assert "Quieter rooms for supervision" in _text(response)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_those_who_see_the_staff_side_of_the_change_see_response_times(role: str) -> None:
    response = _client(UserFactory(role=role)).get(reverse("voice:feedback_response_times"))
    assert response.status_code == (200 if role in STAFF_VOICE_ROLES else 403)


# --- Raising feedback --------------------------------------------------------------------------


def test_raising_named_feedback_sends_it_to_the_owner_and_says_when_to_expect_an_answer(
    town: FeedbackPartnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze_today(monkeypatch, datetime.date(2025, 4, 17))
    client = _client(town.user_of(town.health_visitor))
    response = client.post(
        reverse("voice:feedback_raise"), _valid(agency=str(town.health.pk)), follow=True
    )
    feedback = Feedback.objects.get()
    assert feedback.raised_by == town.health_visitor
    assert feedback.owner == town.health_head
    text = _text(response)
    assert f"has gone to {town.health_head}, Chief nurse, who will respond by 6 May 2025" in text
    assert "Shared diaries for the locality team" in text  # listed under their own feedback


def test_raising_anonymous_feedback_over_the_web_leaves_no_trace_of_the_person(
    town: FeedbackPartnership,
) -> None:
    user = town.user_of(town.health_visitor)
    client = _client(user, REMOTE_ADDR="192.0.2.44", HTTP_USER_AGENT="Firefox/140.0")
    response = client.post(reverse("voice:feedback_raise"), _valid(name="anonymous"), follow=True)
    feedback = Feedback.objects.get()
    assert (feedback.raised_by, feedback.created_by, feedback.modified_by) == (None, None, None)
    assert feedback.owner == town.director
    assert not AuditEvent.objects.filter(object_type="voice.feedback").exists()
    assert not AuditEvent.objects.filter(actor_id=user.pk).exists()
    text = _text(response)
    assert response.redirect_chain == []  # its own page: no request follows it at once
    assert "Your anonymous feedback has been sent" in text
    assert "It has gone to" in text
    home = _text(client.get(reverse("voice:feedback_home")))
    assert "You have not raised any feedback with your name on it" in home


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": ""}, "Choose whether this is a suggestion or a concern"),
        ({"kind": "complaint"}, "Choose whether this is a suggestion or a concern"),
        ({"subject": ""}, "Enter a subject"),
        ({"subject": "   "}, "Enter a subject"),
        ({"subject": "x" * 201}, "The subject must be 200 characters or fewer"),
        ({"text": ""}, "Enter your suggestion or concern"),
        ({"agency": "999999"}, "Choose an agency from the list"),
        ({"agency": "not-a-number"}, "Choose an agency from the list"),
        ({"name": ""}, "Choose whether to put your name to it"),
        ({"name": "maybe"}, "Choose whether to put your name to it"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(
    town: FeedbackPartnership, changes: dict[str, str], message: str
) -> None:
    client = _client(town.user_of(town.health_visitor))
    response = client.post(reverse("voice:feedback_raise"), _valid(**changes))
    assert response.status_code == 200
    text = _text(response)
    assert "There is a problem" in text
    assert message in text
    assert not Feedback.objects.exists()
    assert not AuditEvent.objects.filter(object_type="voice.feedback").exists()


def test_feedback_about_an_agency_with_no_head_is_refused_on_the_form(
    town: FeedbackPartnership,
) -> None:
    headless = AgencyFactory(name="Harbour Counselling")
    client = _client(town.user_of(town.health_visitor))
    response = client.post(reverse("voice:feedback_raise"), _valid(agency=str(headless.pk)))
    assert response.status_code == 200
    assert "There is no one to answer feedback about Harbour Counselling" in _text(response)
    assert not Feedback.objects.exists()


# --- Answering ---------------------------------------------------------------------------------


def test_the_owner_sees_what_is_due_with_the_overdue_marked(
    town: FeedbackPartnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze_today(monkeypatch, datetime.date(2025, 4, 17))
    FeedbackFactory(
        owner=town.health_head, subject="Late one", respond_by=datetime.date(2025, 4, 14)
    )
    FeedbackFactory(
        owner=town.health_head, subject="Soon one", respond_by=datetime.date(2025, 4, 24)
    )
    FeedbackFactory(owner=town.director, subject="Not theirs")
    response = _client(town.user_of(town.health_head)).get(reverse("voice:feedback_to_answer"))
    text = _text(response)
    assert "Late one" in text
    assert "Soon one" in text
    assert "Not theirs" not in text
    assert "Past target</strong> 3 working days over" in text
    assert "3 working days left" in text


def test_the_owner_responds_and_publishes(town: FeedbackPartnership) -> None:
    feedback = FeedbackFactory(owner=town.health_head, raised_by=None)
    client = _client(town.user_of(town.health_head))
    page = client.get(reverse("voice:feedback_respond", args=[feedback.pk]))
    assert "This feedback is anonymous" in _text(page)
    response = client.post(
        reverse("voice:feedback_respond", args=[feedback.pk]),
        {"response": "We have booked a quiet room.", "publish": "yes"},
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (feedback.status, feedback.published) == (FeedbackStatus.RESPONDED, True)
    assert feedback.response == "We have booked a quiet room."


@pytest.mark.parametrize("role", ALL_ROLES)
def test_another_member_of_staff_may_not_respond_whatever_their_role(
    town: FeedbackPartnership, role: str
) -> None:
    feedback = FeedbackFactory(owner=town.health_head)
    other = staff_with_account(role, agency=town.health, manager=town.health_head)
    client = _client(town.user_of(other))
    url = reverse("voice:feedback_respond", args=[feedback.pk])
    assert client.get(url).status_code == 404  # as if it did not exist: it is not theirs
    assert client.post(url, {"response": "Done.", "publish": "yes"}).status_code == 404
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.OPEN


def test_responding_to_feedback_that_does_not_exist_is_not_found(
    town: FeedbackPartnership,
) -> None:
    client = _client(town.user_of(town.health_head))
    assert client.get(reverse("voice:feedback_respond", args=[424242])).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"response": "", "publish": "yes"}, "Enter your response"),
        ({"response": "  ", "publish": "no"}, "Enter your response"),
        ({"response": "Done.", "publish": ""}, "Choose whether to publish your response"),
        ({"response": "Done.", "publish": "perhaps"}, "Choose whether to publish your response"),
    ],
)
def test_a_bad_response_is_explained_and_nothing_changes(
    town: FeedbackPartnership, data: dict[str, str], message: str
) -> None:
    feedback = FeedbackFactory(owner=town.health_head)
    client = _client(town.user_of(town.health_head))
    response = client.post(reverse("voice:feedback_respond", args=[feedback.pk]), data)
    assert response.status_code == 200
    assert message in _text(response)
    feedback.refresh_from_db()
    assert (feedback.status, feedback.response) == (FeedbackStatus.OPEN, "")
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_answered_feedback_shows_the_response_and_no_form(town: FeedbackPartnership) -> None:
    feedback = AnsweredFeedbackFactory(owner=town.health_head, response="We changed the rota.")
    client = _client(town.user_of(town.health_head))
    response = client.get(reverse("voice:feedback_respond", args=[feedback.pk]))
    text = _text(response)
    assert "We changed the rota." in text
    assert "Send response" not in text
    posted = client.post(
        reverse("voice:feedback_respond", args=[feedback.pk]),
        {"response": "Again", "publish": "yes"},
    )
    assert posted.status_code == 200
    feedback.refresh_from_db()
    assert feedback.response == "We changed the rota."


def test_the_raiser_sees_the_answer_to_their_named_feedback(town: FeedbackPartnership) -> None:
    AnsweredFeedbackFactory(
        raised_by=town.health_visitor, owner=town.health_head, response="Rota changed."
    )
    FeedbackFactory(raised_by=town.health_visitor, subject="Still waiting")
    response = _client(town.user_of(town.health_visitor)).get(reverse("voice:feedback_home"))
    text = _text(response)
    assert "Rota changed." in text
    assert "Still waiting" in text
    assert "Waiting for a response" in text


# --- You said, we did --------------------------------------------------------------------------


def test_reading_a_response_counts_each_member_of_staff_once(town: FeedbackPartnership) -> None:
    feedback = PublishedFeedbackFactory(raised_by=town.health_visitor, subject="Quiet rooms")
    url = reverse("voice:feedback_published_detail", args=[feedback.pk])
    reader = _client(town.user_of(town.health_head))
    first = reader.get(url)
    reader.get(url)
    assert "Read by 1 member of staff" in _text(first)
    other = _client(town.user_of(town.director)).get(url)
    assert "Read by 2 members of staff" in _text(other)
    assert FeedbackReach.objects.filter(feedback=feedback).count() == 2
    # Published without a name, even though it was raised with one.
    assert town.health_visitor.family_name not in _text(other)


def test_a_reader_without_a_staff_record_reads_without_being_counted() -> None:
    feedback = PublishedFeedbackFactory()
    response = _client(UserFactory()).get(
        reverse("voice:feedback_published_detail", args=[feedback.pk])
    )
    assert response.status_code == 200
    assert not FeedbackReach.objects.exists()


def test_an_unpublished_response_is_not_on_you_said_we_did(town: FeedbackPartnership) -> None:
    feedback = AnsweredFeedbackFactory(published=False)
    client = _client(town.user_of(town.health_visitor))
    assert (
        client.get(reverse("voice:feedback_published_detail", args=[feedback.pk])).status_code
        == 404
    )
    assert feedback.subject not in _text(client.get(reverse("voice:feedback_published_list")))


# --- Response times ----------------------------------------------------------------------------


def test_response_times_show_the_median_the_share_in_target_the_overdue_and_the_reach(
    town: FeedbackPartnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze_today(monkeypatch, datetime.date(2025, 5, 9))
    moment = datetime.datetime(2025, 4, 25, 12, tzinfo=datetime.UTC)
    published = PublishedFeedbackFactory(
        raised_on=datetime.date(2025, 4, 17),
        respond_by=datetime.date(2025, 5, 6),
        responded_at=moment,
        subject="Quiet rooms",
    )
    FeedbackReach.objects.create(feedback=published, staff=town.health_visitor, read_at=moment)
    FeedbackFactory(
        owner=town.health_head, subject="Overdue one", respond_by=datetime.date(2025, 5, 7)
    )
    response = _client(UserFactory(role=Role.STRATEGIC_LEAD)).get(
        reverse("voice:feedback_response_times")
    )
    text = _text(response)
    assert "4 working days" in text  # 17 April to 25 April, Easter skipped
    assert "100% (1 of 1)" in text
    assert "Overdue one" in text
    assert f"{town.health_head.full_name}, Chief nurse" in text
    staff = p.StaffMember.objects.filter(is_active=True).count()
    assert f"1 of {staff}" in text


def test_nothing_to_report_reads_plainly() -> None:
    StaffMemberFactory()
    response = _client(UserFactory(role=Role.PARTNERSHIP_ADMIN)).get(
        reverse("voice:feedback_response_times")
    )
    text = _text(response)
    assert "No responses yet" in text
    assert "No open feedback is past its target" in text
    assert "No responses have been published yet" in text
