"""The home page's registry (core.home) and what it shows, with factories: items grouped under
their headings in the providers' order, a count of nothing left out, "Nothing needs you today."
when nothing is due, counts in words with singular and plural right, and the two lists the home
page links to that it adds (files that did not load, account checks), each for those who may."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.core import home
from childtrust.core.home import Figure, NeedItem, home_register, needs_of
from childtrust.core.models import ImportJob, ImportStatus
from childtrust.voice.models import MessageStatus, Recipient
from tests.factories import (
    AnsweredFeedbackFactory,
    FeedbackFactory,
    MessageFactory,
    StaffMemberFactory,
    UserFactory,
)


@pytest.fixture
def registry() -> Iterator[None]:
    """Each test's own providers, the apps' put back afterwards."""
    kept = dict(home._PROVIDERS)
    home._PROVIDERS.clear()
    yield
    home._PROVIDERS.clear()
    home._PROVIDERS.update(kept)


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_items_words_say_one_and_many_right() -> None:
    one = NeedItem(1, "message to confirm", "messages to confirm", "/", "Messages")
    many = NeedItem(1234, "message to confirm", "messages to confirm", "/", "Messages")
    assert one.words == "1 message to confirm"
    assert many.words == "1,234 messages to confirm"


@pytest.mark.django_db
@pytest.mark.usefixtures("registry")
def test_items_are_grouped_in_the_providers_order_and_a_count_of_nothing_is_left_out() -> None:
    home_register(
        "later",
        lambda _user: [
            NeedItem(2, "risk", "risks", "/risks/", "The plan"),
            NeedItem(0, "action", "actions", "/actions/", "The plan"),
            Figure("Vacancy rate", "17.2%", "Above England's 15.0%"),
        ],
        position=20,
    )
    home_register(
        "first", lambda _user: [NeedItem(1, "survey", "surveys", "/s/", "Surveys")], position=10
    )
    needs = needs_of(UserFactory())
    assert [(g.heading, [i.words for i in g.items]) for g in needs.groups] == [
        ("Surveys", ["1 survey"]),
        ("The plan", ["2 risks"]),
    ]
    assert [f.value for f in needs.figures] == ["17.2%"]
    assert not needs.nothing


@pytest.mark.django_db
def test_someone_with_nothing_due_is_told_nothing_needs_them() -> None:
    # A practitioner whose account is linked to no staff record has no messages, surveys,
    # feedback, objectives or restructures.
    response = _signed_in(UserFactory(role=Role.PRACTITIONER)).get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing needs you today." in page
    assert "Your figures" not in page


@pytest.mark.django_db
def test_a_practitioner_sees_their_messages_to_confirm_feedback_and_its_answers() -> None:
    user = UserFactory(role=Role.PRACTITIONER)
    staff = StaffMemberFactory(user=user)
    for understood in (None, None, timezone.now()):
        message = MessageFactory(status=MessageStatus.PUBLISHED)
        Recipient.objects.create(
            message=message, staff=staff, level=1, agency=staff.agency, understood_at=understood
        )
    AnsweredFeedbackFactory(raised_by=staff)
    FeedbackFactory(raised_by=staff)
    page = _signed_in(user).get("/").content.decode()
    assert "2 messages to confirm" in page
    assert "1 answer to your feedback in the last 30 days" in page
    assert "1 piece of your feedback waiting for an answer" in page
    for hidden in ("briefing", "in your team", "two-factor", "audit chain", "not loaded"):
        assert hidden not in page
    assert "Nothing needs you" not in page


@pytest.mark.django_db
def test_an_owner_sees_the_feedback_to_answer_and_how_near_its_target() -> None:
    user = UserFactory(role=Role.TEAM_MANAGER)
    owner = StaffMemberFactory(user=user)
    today = timezone.localdate()
    FeedbackFactory(owner=owner, respond_by=today - timezone.timedelta(days=3))
    FeedbackFactory(owner=owner)
    page = _signed_in(user).get("/").content.decode()
    assert "2 pieces of feedback to answer" in page
    assert "1 past its target." in page


def _failed_job(user: User, *, kind: str = "outcomes.indicators") -> ImportJob:
    return ImportJob.objects.create(
        kind=kind,
        file_name=f"{user.username}.csv",
        status=ImportStatus.REFUSED,
        report={"message": "The file has 3 problems.", "problem_count": 3},
        created_by=user,
    )


@pytest.mark.django_db
def test_administrators_see_the_files_that_did_not_load_and_their_list() -> None:
    admin = UserFactory(role=Role.PARTNERSHIP_ADMIN)
    someone = UserFactory(role=Role.STRATEGIC_LEAD)
    _failed_job(someone)
    page = _signed_in(admin).get("/").content.decode()
    assert "1 file not loaded in the last 30 days" in page
    listed = _signed_in(admin).get("/imports/").content.decode()
    assert f"{someone.username}.csv" in listed
    assert "The file has 3 problems." in listed


@pytest.mark.django_db
def test_others_see_only_their_own_files_and_those_their_role_lets_them_see() -> None:
    uploader = UserFactory(role=Role.STRATEGIC_LEAD)
    finance = UserFactory(role=Role.FINANCE_OFFICER)
    practitioner = UserFactory(role=Role.PRACTITIONER)
    _failed_job(uploader)
    _failed_job(uploader, kind="resources.spend")
    assert "uploader" not in _signed_in(practitioner).get("/imports/").content.decode()
    mine = _signed_in(uploader).get("/imports/").content.decode()
    assert mine.count(f"{uploader.username}.csv") == 2
    # A year's spend is for those who see every partner's budget (resources' rule).
    spend = _signed_in(finance).get("/imports/?kind=resources.spend").content.decode()
    assert spend.count(f"{uploader.username}.csv") == 1
    assert "1 spend file not loaded" in _signed_in(finance).get("/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.FINANCE_OFFICER])
def test_account_checks_are_refused_to_those_who_do_not_see_the_audit_checks(role: str) -> None:
    response = _signed_in(UserFactory(role=role)).get("/account-checks/")
    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PARTNERSHIP_ADMIN, Role.AUDITOR])
def test_account_checks_list_accounts_without_two_factor_and_audit_the_read(role: str) -> None:
    reader = UserFactory(role=role)
    other = UserFactory(role=Role.PRACTITIONER, first_name="Priya", last_name="Shah")
    client = _signed_in(reader)
    assert "accounts without two-factor sign-in" in client.get("/").content.decode()
    page = client.get("/account-checks/?show=without-two-factor").content.decode()
    assert "Priya Shah" in page
    assert str(other.username) in page
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, actor_username=reader.username, details__page="account checks"
    ).exists()
